"""Shared by the lit checks that read a run's results and its --paths-out file: load(RESULTS.json, PATHS.csv)
gives the result rows by statistic and the per-path columns by name (floats, in path order)."""
import csv
import json


def load(results, paths):
    rows = {r["statistic"]: r for r in json.load(open(results))["results"]}
    cols = {}
    with open(paths) as f:
        for rec in csv.DictReader(f):
            for k, v in rec.items():
                cols.setdefault(k, []).append(float(v))
    return rows, cols
