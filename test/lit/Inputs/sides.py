#!/usr/bin/env python3
"""usage: sides.py RESULTS.json PATHS.csv BUYER SELLER -- checks that hedge SELLER (produce(q, price = P)) mirrors
hedge BUYER (consume(q, price = P)) on the same paths, and that each side's VaR and CVaR are of its own tail:

- the book is the same with every sign turned: hedge ratios are bit-identical, positions opposite, VR and HE equal
  to rounding (both sides pay transaction costs), the unhedged revenue is the unhedged cost (the same money, earned
  instead of paid);
- the buyer's VaR(95%) is numpy's 95% quantile of its hedged cost and its CVaR the mean of the costs at or above
  it (the n - floor(0.95 n) largest); the seller's VaR(95%) is the 5% quantile of its hedged revenue and its CVaR
  the mean of the n - floor(0.95 n) smallest revenues, each to 1e-12 relative (the order of summation differs)."""
import math
import sys

import numpy as np

import pathcols

results, paths, buyer, seller = sys.argv[1:5]
rows, cols = pathcols.load(results, paths)
fails = []


def value(name):
    if name not in rows:
        sys.exit(f"no statistic '{name}'; have: {', '.join(rows)}")
    return rows[name]["value"]


def same(a, b, what):
    if a != b:
        fails.append(f"{what}: {a!r} != {b!r}")


def close(a, b, what, rel=1e-12):
    if not abs(a - b) <= rel * max(abs(a), abs(b)):
        fails.append(f"{what}: {a!r} vs {b!r}")


ratios = [k[len(buyer) + 2:] for k in rows if k.startswith(f"{buyer}: hedge_ratio")]  # one, or one per period
if not ratios:
    fails.append(f"{buyer} reports no hedge_ratio")
for stat in ratios:
    same(value(f"{buyer}: {stat}"), value(f"{seller}: {stat}"), stat)
# Transaction costs are paid on both sides, so the hedged values are not exact mirrors; a static hedge trades once,
# so they differ by a constant and the scores agree to rounding.
for stat in ("volatility_reduction", "hedge_effectiveness"):
    close(value(f"{buyer}: {stat}"), value(f"{seller}: {stat}"), stat)
same(value(f"{buyer}: mean(cost_unhedged)"), value(f"{seller}: mean(revenue_unhedged)"), "mean unhedged")
same(value(f"{buyer}: sd(cost_unhedged)"), value(f"{seller}: sd(revenue_unhedged)"), "sd unhedged")
positions = [k for k in rows if k.startswith(f"{buyer}: per_period[") and k.endswith("] position")]
if not positions:
    fails.append(f"{buyer} reports no per_period positions")
for k in positions:
    b = value(k)
    s = value(k.replace(f"{buyer}:", f"{seller}:", 1))
    if not (b > 0 and s == -b):
        fails.append(f"{k}: buyer {b!r}, seller {s!r} (expected long and the opposite short)")

level = 0.95
cost = np.array(cols[f"{buyer}.cost_hedged"])
revenue = np.array(cols[f"{seller}.revenue_hedged"])
n = len(cost)
tail = n - math.floor(level * n)
close(value(f"{buyer}: VaR(95%)"), float(np.quantile(cost, level)), "buyer VaR")
close(value(f"{buyer}: CVaR(95%)"), float(np.sort(cost)[-tail:].mean()), "buyer CVaR")
close(value(f"{seller}: VaR(95%)"), float(np.quantile(revenue, 1 - level)), "seller VaR")
close(value(f"{seller}: CVaR(95%)"), float(np.sort(revenue)[:tail].mean()), "seller CVaR")
if not value(f"{seller}: CVaR(95%)") < value(f"{seller}: VaR(95%)") < value(f"{seller}: mean(revenue_hedged)"):
    fails.append("the seller's CVaR, VaR and mean revenue are not in rising order")
if fails:
    sys.exit("\n".join(fails))
print(f"{seller} mirrors {buyer}; VaR and CVaR of both tails agree with numpy on {n} paths")
