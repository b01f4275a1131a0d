#!/usr/bin/env python3
"""Statistical assertion for lit tests.

usage: within.py RESULTS.json STATISTIC EXPECTED K
Passes when |estimate - EXPECTED| <= K * se, with the estimate and its Monte Carlo standard error read from a
`sitc run --format json` result file. Prints the z-score either way.
"""
import json
import sys

path, stat, expected, k = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
rows = {r["statistic"]: r for r in json.load(open(path))["results"]}
if stat not in rows:
    sys.exit(f"no statistic '{stat}' in {path}; have: {', '.join(rows)}")
value, se = float(rows[stat]["value"]), float(rows[stat]["se"])
z = (value - expected) / se if se > 0 else float("inf")
print(f"{stat}: {value:.6g} vs {expected:.6g} (se {se:.3g}, z = {z:+.2f}, bound {k})")
sys.exit(0 if abs(value - expected) <= k * se else 1)
