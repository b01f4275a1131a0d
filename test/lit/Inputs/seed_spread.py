#!/usr/bin/env python3
"""Checks a reported standard error against the spread of the estimate over independent seeds.

usage: seed_spread.py SITC SPEC STATISTIC SEEDS K [sitc run options...]
Runs `sitc run SPEC --seed s --format json` for s = 1..SEEDS and compares the mean reported standard error of
STATISTIC with the sample standard deviation of its value over the seeds. The sample sd of SEEDS roughly normal
estimates has a relative standard error of about 1 / sqrt(2 (SEEDS - 1)); the test passes when the ratio
se / sd is within K of those from 1. Prints the figures either way.
"""
import json
import math
import statistics
import subprocess
import sys

sitc, spec, stat, seeds, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
extra = sys.argv[6:]
values, errors = [], []
for seed in range(1, seeds + 1):
    out = subprocess.run([sitc, "run", spec, "--seed", str(seed), "--format", "json", *extra],
                         check=True, capture_output=True, text=True).stdout
    rows = {r["statistic"]: r for r in json.loads(out)["results"]}
    if stat not in rows:
        sys.exit(f"no statistic '{stat}'; have: {', '.join(rows)}")
    values.append(float(rows[stat]["value"]))
    errors.append(float(rows[stat]["se"]))
spread = statistics.stdev(values)
se = statistics.fmean(errors)
rel = 1 / math.sqrt(2 * (seeds - 1))
ratio = se / spread
print(f"{stat}: mean reported se {se:.4g}, seed-to-seed sd {spread:.4g} over {seeds} seeds, "
      f"ratio {ratio:.3f} (allowed 1 +- {k} x {rel:.3f})")
sys.exit(0 if abs(ratio - 1) <= k * rel else 1)
