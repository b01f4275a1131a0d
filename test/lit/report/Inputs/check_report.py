#!/usr/bin/env python3
"""usage: check_report.py REPORT.html RESULTS.json [SERIES.npy]

Reads the data a `sitc report` page embeds and checks it against a `sitc run` of the same spec, seed and paths:
every result row equal; each hedge's VaR/CVaR (hedged) and VR/HE equal the run's rows; with SERIES.npy (the first
process at --grid month for all paths) the first fan's bands equal numpy's quantiles at each month."""
import html.parser
import json
import sys

import numpy as np


class Data(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = False
        self.text = None
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
            self.inside = dict(attrs).get("id") == "sitc-data"

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, d):
        if self.inside:
            self.text = (self.text or "") + d


page = open(sys.argv[1], encoding="utf-8").read()
assert "http://" not in page.split("<script")[0] and "https://" not in page.split("<script")[0], "a link before the scripts"
p = Data()
p.feed(page)
data = json.loads(p.text)
run = json.load(open(sys.argv[2]))["results"]
rows = data["results"]
assert len(rows) == len(run), (len(rows), len(run))
for mine, theirs in zip(rows, run):
    assert mine["label"] == theirs["statistic"], (mine["label"], theirs["statistic"])
    assert mine["value"] == theirs["value"], (mine["label"], mine["value"], theirs["value"])
checked = len(rows)
for h in data["hedges"]:
    byStat = {r["stat"]: r for r in run if r["hedge"] == h["name"]}
    for key, stat in (("var", "VaR"), ("cvar", "CVaR")):
        if stat in byStat:
            assert h[key]["hedged"] == byStat[stat]["value"], (h["name"], stat, h[key]["hedged"], byStat[stat]["value"])
            assert h[key]["level"] == byStat[stat]["level"]
            checked += 1
    for key, stat in (("vr", "volatility_reduction"), ("he", "hedge_effectiveness")):
        if stat in byStat and h[key] is not None:
            assert h[key]["value"] == byStat[stat]["value"], (h["name"], stat)
            checked += 1
    assert len(h["unhedged"]) == len(h["hedged"]) == h["drawnPaths"]
fans = 0
if len(sys.argv) > 3:
    s = np.load(sys.argv[3])
    fan = data["fans"][0]
    name = s.dtype.names[2]
    assert fan["name"] == name, (fan["name"], name)
    for pt in fan["points"]:
        at = s[s["month"] == pt["t"]][name]
        assert len(at) == fan["paths"], (len(at), fan["paths"])
        for level, q in zip(fan["levels"], pt["q"]):
            assert float(np.quantile(at, level)) == q, (pt["t"], level, q, float(np.quantile(at, level)))
            fans += 1
print(f"{p.scripts} scripts; {checked} values equal the run's; {fans} fan quantiles equal numpy's of the series; "
      f"{len(data['fans'])} fans, {len(data['hedges'])} hedges, margin {[h['margin'] is not None for h in data['hedges']]}, "
      f"sweep {data['sweep'] is not None}")
