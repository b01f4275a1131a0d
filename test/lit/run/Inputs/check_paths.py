#!/usr/bin/env python3
"""usage: check_paths.py PATHS RESULTS.json [ROWS] -- loads a --paths-out file (.csv or .npy) into pandas, as an
analyst would, and checks it against the run's summary statistics: ROWS rows (one per path), a `path` column
0..ROWS-1, and for every reported mean(NAME) (per window: mean(NAME)[k] against column NAME[k]) and every hedge's
mean cost, the mean of the column equals the reported mean to rounding (1e-12 relative)."""
import json
import sys

import numpy as np
import pandas as pd

paths, results = sys.argv[1], sys.argv[2]
df = pd.read_csv(paths) if paths.endswith(".csv") else pd.DataFrame(np.load(paths))
if len(sys.argv) > 3 and len(df) != int(sys.argv[3]):
    sys.exit(f"{len(df)} rows, expected {sys.argv[3]}")
if list(df["path"]) != list(range(len(df))):
    sys.exit("the path column is not 0, 1, ...")
rows = json.load(open(results))["results"]
checked = 0
for r in rows:
    name = None
    if r["stat"] == "mean" and r["statistic"].startswith("mean(") and r["hedge"] is None:
        name = r["statistic"][5:r["statistic"].rindex(")")]
        if r["window"] is not None:
            name += f"[{r['window']}]"
    elif r["hedge"] is not None and r["statistic"].endswith("mean(cost_hedged)"):
        name = r["hedge"] + ".cost_hedged"
    elif r["hedge"] is not None and r["statistic"].endswith("mean(cost_unhedged)"):
        name = r["hedge"] + ".cost_unhedged"
    if name is None or name not in df.columns:
        continue
    mean = df[name].mean()
    if abs(mean - r["value"]) > 1e-12 * max(1.0, abs(r["value"])):
        sys.exit(f"mean of column {name} is {mean!r}, the run reported {r['value']!r}")
    checked += 1
if checked == 0:
    sys.exit(f"no reported mean matched a column of {list(df.columns)[:10]}")
print(f"{len(df)} paths, {len(df.columns)} columns, {checked} means agree")
