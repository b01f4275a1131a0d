#!/usr/bin/env python3
"""Deterministic bound for lit tests: usage: bound.py RESULTS.json STATISTIC (<=|>=|abs<=|~=) VALUE

Reads a `sitc run --format json` result file; `abs<=` bounds the absolute value; `~=` is equality up to rounding
(1e-9 relative, for exact answers computed in floating point). Prints the value either way."""
import json
import sys

path, stat, op, bound = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
rows = {r["statistic"]: r for r in json.load(open(path))["results"]}
if stat not in rows:
    sys.exit(f"no statistic '{stat}' in {path}; have: {', '.join(rows)}")
value = float(rows[stat]["value"])
ok = {"<=": value <= bound, ">=": value >= bound, "abs<=": abs(value) <= bound,
      "~=": abs(value - bound) <= 1e-9 * abs(bound)}[op]
print(f"{stat}: {value!r} {op} {bound!r}: {'ok' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
