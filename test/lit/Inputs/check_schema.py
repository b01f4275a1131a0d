#!/usr/bin/env python3
"""Checks sitc's machine-readable results against docs/output.md (schema sitc-results/1).

usage: check_schema.py RESULTS.json RESULTS.csv
Every row of the JSON (results or sweep points) has exactly the documented fields with the documented types;
the CSV has the same rows, in the same order, with the same values.
"""
import csv
import io
import json
import math
import sys

FIELDS = {"statistic": str, "value": (int, float, type(None)), "se": (int, float, type(None)), "unit": str,
          "stat": str, "level": (int, float, type(None)), "hedge": (str, type(None)), "window": (int, type(None))}
STATS = {"mean", "sd", "variance", "quantile", "prob", "skewness", "VaR", "CVaR", "volatility_reduction",
         "hedge_effectiveness", "hedge_ratio", "capped_periods", "per_period.position",
         "per_period.expected_quantity", "per_period.entry_price", "per_period.settlement", "per_period.futures_gain"}

def fail(msg):
    sys.exit("schema: " + msg)

j = json.load(open(sys.argv[1]))
if j.get("schema") != "sitc-results/1":
    fail(f"schema is {j.get('schema')!r}")
for key in ("seed", "paths", "steps"):
    if not isinstance(j["manifest"][key], int):
        fail(f"manifest {key} is not a number: {j['manifest'][key]!r}")
points = [(p["set"], p["results"]) for p in j["sweep"]] if "sweep" in j else [(None, j["results"])]
rows = []
for point, results in points:
    for r in results:
        extra = set(r) - set(FIELDS) - {"note"}
        if extra or set(FIELDS) - set(r):
            fail(f"row {r.get('statistic')!r} has fields {sorted(r)}")
        for k, t in FIELDS.items():
            if not isinstance(r[k], t) or isinstance(r[k], bool):
                fail(f"row {r['statistic']!r}: {k} = {r[k]!r}")
        if r["stat"] not in STATS:
            fail(f"row {r['statistic']!r}: unknown stat {r['stat']!r}")
        if (r["value"] is None) != ("note" in r):
            fail(f"row {r['statistic']!r}: a null value needs a note, and only it")
        if (r["level"] is None) == (r["stat"] in ("quantile", "VaR", "CVaR")):
            fail(f"row {r['statistic']!r}: level {r['level']!r} for {r['stat']}")
        if r["hedge"] is not None and not r["statistic"].startswith(r["hedge"] + ": "):
            fail(f"row {r['statistic']!r}: hedge {r['hedge']!r}")
        if r["window"] is not None and f"[{r['window']}]" not in r["statistic"]:
            fail(f"row {r['statistic']!r}: window {r['window']!r}")
        rows.append((point, r))
    # Every row of a hedge's report names its hedge, statistics of its costs included ("h: mean(cost_hedged)").
    hedges = {r["hedge"] for _, r in rows if r["hedge"] is not None}
    for _, r in rows:
        if r["hedge"] is None and any(r["statistic"].startswith(h + ": ") for h in hedges):
            fail(f"row {r['statistic']!r} belongs to a hedge but its hedge is null")

text = open(sys.argv[2]).read()
lines = text.splitlines()
if lines[0] != "# schema: sitc-results/1":
    fail(f"CSV starts with {lines[0]!r}")
body = "\n".join(l for l in lines if not l.startswith("#"))
table = list(csv.DictReader(io.StringIO(body)))
if len(table) != len(rows):
    fail(f"CSV has {len(table)} rows, JSON {len(rows)}")
num = lambda s: None if s == "" else float(s)
for c, (point, r) in zip(table, rows):
    if point is not None and c["set"] != point:
        fail(f"CSV set {c['set']!r} vs {point!r}")
    for k in ("statistic", "unit", "stat"):
        if c[k] != r[k]:
            fail(f"CSV {k} {c[k]!r} vs JSON {r[k]!r}")
    for k in ("value", "se", "level"):
        if num(c[k]) != r[k]:
            fail(f"{r['statistic']!r}: CSV {k} {c[k]!r} vs JSON {r[k]!r}")
    if (c["hedge"] or None) != r["hedge"] or (int(c["window"]) if c["window"] else None) != r["window"]:
        fail(f"{r['statistic']!r}: CSV hedge/window differ")
print(f"schema: {len(rows)} rows agree")
