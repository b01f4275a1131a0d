#!/usr/bin/env python3
"""usage: discount.py RESULTS.json -- test/lit/hedge/discount.sit: the discounted call premium of each month is
exp(-0.04 m/12) times the undiscounted one (the same pilot paths; 1e-12 relative)."""
import json
import math
import sys

rows = {r["statistic"]: r["value"] for r in json.load(open(sys.argv[1]))["results"]}
fails = []
for m in range(1, 7):
    plain, disc = rows[f"cap: per_period[{m}] call premium"], rows[f"capd: per_period[{m}] call premium"]
    want = plain * math.exp(-0.04 * m / 12)
    print(f"month {m}: {disc!r} vs {want!r}")
    if not abs(disc - want) <= 1e-12 * want:
        fails.append(f"month {m}: discounted premium {disc!r}, expected {want!r}")
for f in fails:
    print("FAILED:", f)
sys.exit(1 if fails else 0)
