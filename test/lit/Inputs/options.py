#!/usr/bin/env python3
"""usage: options.py RESULTS.json PATHS.csv -- the option identities of test/lit/hedge/options.sit, path by path.

Hedges on one exposure, all naive (the same positions n_m in every period), on a contract without market maker:
fut (futures, entry = pilot), cap0 (calls at strike 0), call and put (strike K) and atk (a collar with both strikes
at K). With A_m a period's settlement and Abar_m its pilot mean:
- a call at strike 0 pays A_m and costs Abar_m, the calibrated entry price: cap0 is the future without its
  trading costs;
- put-call parity: (A - K)+ - (K - A)+ = A - K, so call + put (the buyer's book is short the puts) is the future at
  K: cost_hedged(call) + cost_hedged(put) = cost_hedged(fut) - costs(fut) + cost_unhedged, and the collar at K,K is
  the future minus its costs; the premiums obey premium(call) + premium(put) = premium(cap0) - sum n_m size K.
Each to 1e-9 of the costs' size (the order of summation differs)."""
import sys

import pathcols

results, paths, strike = sys.argv[1], sys.argv[2], float(sys.argv[3])
rows, cols = pathcols.load(results, paths)
rows = {k: r["value"] for k, r in rows.items()}
fails = []


def close(what, a, b, scale):
    if abs(a - b) > 1e-9 * scale:
        fails.append(f"{what}: {a!r} != {b!r}")


costs = rows["fut: transaction_costs"]
lots = sum(v for k, v in rows.items() if k.startswith("fut: per_period[") and k.endswith("] position"))
size = 1000  # Mtok per contract
close("premium parity", rows["call: premium"] + rows["put: premium"], rows["cap0: premium"] - lots * size * strike,
      rows["cap0: premium"])
for j, unhedged in enumerate(cols["fut.cost_unhedged"]):
    fut = cols["fut.cost_hedged"][j]
    close(f"path {j}: cap at 0", cols["cap0.cost_hedged"][j], fut - costs, unhedged)
    close(f"path {j}: parity", cols["call.cost_hedged"][j] + cols["put.cost_hedged"][j], fut - costs + unhedged, unhedged)
    close(f"path {j}: collar at K, K", cols["atk.cost_hedged"][j], fut - costs, unhedged)
    close(f"path {j}: payoffs", cols["call.hedge_gain"][j] + cols["put.hedge_gain"][j],
          cols["cap0.hedge_gain"][j] - lots * size * strike, unhedged)
if fails:
    sys.exit("\n".join(fails[:10]))
print(f"ok: {len(cols['fut.cost_unhedged'])} paths")
