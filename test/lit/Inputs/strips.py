#!/usr/bin/env python3
"""usage: strips.py RESULTS.json PATHS.csv -- the strip checks of test/lit/hedge/strips.sit:

- flat: the naive strip's mean hedged cost is sum over its books' periods of expected quantity x entry price plus
  its trading costs (1e-9 relative), its hedged cost the same on every path;
- mono / plain: every row of the one-contract strip equals the contract hedge's, value and standard error, bit for
  bit (labels differ only in the hedge's name);
- mv: an independent least-squares fit of the main run's unhedged cost on each book's gain per unit of ratio
  (the book's gain / its ratio: positions are ratio x expected quantity / size, unrounded and uncapped, and a
  gain is linear in the position), with HC3 standard errors, agrees with each pilot ratio within 3 combined
  standard errors: the pilot (stream 1) and main (stream 0) paths are independent samples of one regression;
- mv_seller: the seller's ratios are the buyer's, bit for bit."""
import math
import sys

import numpy as np

import pathcols

rows, cols = pathcols.load(sys.argv[1], sys.argv[2])
fails = []


def value(name):
    if name not in rows:
        sys.exit(f"no statistic '{name}'; have: {', '.join(rows)}")
    return rows[name]["value"]


# flat
total, n = 0.0, 0
for label, r in rows.items():
    if label.startswith("flat: per_period[") and label.endswith(" expected quantity"):
        stem = label[: -len(" expected quantity")]
        total += r["value"] * 1e6 * value(stem + " entry price") / 1e6  # Mtok x USD/Mtok
        n += 1
if n != 7:
    fails.append(f"flat: {n} covered periods in per_period, not 7 (3 months, 3 quarters, 1 year)")
expected = total + value("flat: transaction_costs")
if not abs(value("flat: mean(cost_hedged)") - expected) <= 1e-9 * expected:
    fails.append(f"flat: mean hedged cost {value('flat: mean(cost_hedged)')!r}, expected {expected!r}")
hedged = np.array(cols["flat.cost_hedged"])
if not np.ptp(hedged) <= 1e-9 * expected:
    fails.append(f"flat: hedged cost varies by {np.ptp(hedged)!r} across paths")

# mono / plain
for label, r in rows.items():
    if label.startswith("mono: "):
        twin = rows.get("plain: " + label[len("mono: "):])
        if twin is None or twin["value"] != r["value"] or twin.get("se") != r.get("se"):
            fails.append(f"{label}: {r!r} differs from plain's {twin!r}")

# mv: OLS on the main run
books = ["SITM", "SITQ", "SITA"]
ratio = {b: value(f"mv: hedge_ratio[{b}]") for b in books}
se = {b: rows[f"mv: hedge_ratio[{b}]"]["se"] for b in books}
y = np.array(cols["mv.cost_unhedged"])
x = np.column_stack([np.array(cols[f"mv.hedge_gain[{b}]"]) / ratio[b] for b in books])
z = x - x.mean(axis=0)
e = y - y.mean()
a_inv = np.linalg.inv(z.T @ z)
beta = a_inv @ z.T @ e
resid = e - z @ beta
leverage = 1 / len(y) + np.einsum("ij,jk,ik->i", z, a_inv, z)
u = resid / (1 - leverage)
cov = a_inv @ (z.T * u**2) @ z @ a_inv
for i, b in enumerate(books):
    bound = 3 * math.hypot(se[b], math.sqrt(cov[i, i]))
    print(f"mv {b}: pilot {ratio[b]:.4f} +- {se[b]:.4f}, main-run OLS {beta[i]:.4f} +- {math.sqrt(cov[i, i]):.4f}")
    if not abs(ratio[b] - beta[i]) <= bound:
        fails.append(f"mv {b}: pilot ratio {ratio[b]!r} vs main-run OLS {beta[i]!r}, beyond 3 SE ({bound!r})")

# mv_seller
for b in books:
    if value(f"mv_seller: hedge_ratio[{b}]") != ratio[b]:
        fails.append(f"mv_seller {b}: {value(f'mv_seller: hedge_ratio[{b}]')!r} != buyer's {ratio[b]!r}")

for f in fails:
    print("FAILED:", f)
sys.exit(1 if fails else 0)
