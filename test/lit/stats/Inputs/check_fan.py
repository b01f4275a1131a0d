#!/usr/bin/env python3
"""usage: check_fan.py RESULTS.json PATHS.npy SERIES.npy -- for test/lit/stats/fan.sit (GBM, s0 = 1.5, sigma = 0.4, mu = 0)."""
import json
import math
import sys
from statistics import NormalDist

import numpy as np

rows = [r for r in json.load(open(sys.argv[1]))["results"] if r["stat"] == "quantile"]
paths = np.load(sys.argv[2])
series = np.load(sys.argv[3])  # path, quarter, S: every path at t = 0, 1, 2, 3, 4 quarters
s0, sigma = 1.5, 0.4
within = agree = inSeries = 0
for r in rows:
    window = 0.25 if r["statistic"].startswith("fan(S, quarter)") else 0.5
    t = window * r["window"]
    exact = s0 * math.exp(-sigma * sigma * t / 2 + sigma * math.sqrt(t) * NormalDist().inv_cdf(r["level"]))
    if abs(r["value"] - exact) > 4 * r["se"]:
        sys.exit(f"{r['statistic']}: {r['value']} is {abs(r['value'] - exact) / r['se']:.1f} SE from {exact}")
    within += 1
    quarter = round(t / 0.25)
    q = float(np.quantile(paths[f"quarterly[{quarter}]"], r["level"]))
    if abs(q - r["value"]) > 1e-12 * abs(q):
        sys.exit(f"{r['statistic']}: {r['value']!r}, numpy's quantile of the paths is {q!r}")
    agree += 1
    at = series[series["quarter"] == quarter]["S"]
    assert len(at) == 20000, len(at)
    if float(np.quantile(at, r["level"])) != q:
        sys.exit(f"{r['statistic']}: the series' quantile is {float(np.quantile(at, r['level']))!r}, not {q!r}")
    inSeries += 1
print(f"{within} bands within 4 SE of the lognormal quantiles; {agree} equal numpy's quantiles of the path values; "
      f"{inSeries} equal those of the series")
