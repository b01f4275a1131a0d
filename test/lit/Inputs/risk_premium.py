#!/usr/bin/env python3
"""usage: risk_premium.py RESULTS.json PATHS.csv -- the checks of test/lit/hedge/risk-premium.sit: prem's entry
prices are plain's times 1 + 0.06 m/12; each path's hedged cost moves by sum_m position x size x the entry
difference (SITM: 1000 Mtok a contract); the call at strike 0 costs what the future with entry = pilot costs
less its trading costs, path by path."""
import sys

import pathcols

rows, cols = pathcols.load(sys.argv[1], sys.argv[2])
fails = []


def value(name):
    if name not in rows:
        sys.exit(f"no statistic '{name}'; have: {', '.join(rows)}")
    return rows[name]["value"]


shift = 0.0
for m in range(1, 7):
    plain, prem = value(f"plain: per_period[{m}] entry price"), value(f"prem: per_period[{m}] entry price")
    want = plain * (1 + 0.06 * m / 12)
    if not abs(prem - want) <= 1e-12 * want:
        fails.append(f"period {m}: entry {prem!r}, expected {want!r}")
    shift += value(f"prem: per_period[{m}] position") * 1000 * (prem - plain)
costs = value("fut: transaction_costs")
for j, (a, b, f, c) in enumerate(zip(cols["plain.cost_hedged"], cols["prem.cost_hedged"], cols["fut.cost_hedged"],
                                     cols["cap0.cost_hedged"])):
    if not abs(b - (a + shift)) <= 1e-9 * abs(a):
        fails.append(f"path {j}: prem's hedged cost {b!r}, expected plain's plus {shift!r}: {a + shift!r}")
    if not abs(c - (f - costs)) <= 1e-9 * abs(f):
        fails.append(f"path {j}: cap at 0 {c!r}, expected the future less its costs {f - costs!r}")
print(f"premium shifts every hedged cost by {shift:.6f} USD")
for f in fails[:20]:
    print("FAILED:", f)
sys.exit(1 if fails else 0)
