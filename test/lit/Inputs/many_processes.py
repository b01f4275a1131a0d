#!/usr/bin/env python3
"""Writes a scenario with N processes (mrjd, ou and growth in turn) and a report over them: a large spec.

usage: many_processes.py N OUT.sit [fragile]   (fragile: one more process that breaks on a few paths)
"""
import sys

n, out = int(sys.argv[1]), sys.argv[2]
fragile = len(sys.argv) > 3
lines = ["import std.processes;"]
if fragile:
    lines += ["process fragile(s0) {", "  state s = s0;",
              "  update { s = if normal() > 4 then log(s - 2) else s; }   // NaN after a 4-sigma shock", "}"]
lines += ["scenario big {", "  horizon = 2 month;"]
if fragile:
    lines.append("  Y ~ fragile(s0 = 1);")
for i in range(n):
    if i % 3 == 0:
        lines.append(f"  P{i} ~ mrjd(s0 = 1.5 USD/Mtok, kappa = {2 + i % 5}/yr, level = 1.5 USD/Mtok, "
                     "sigma = 0.5/sqrt(yr), lambda = 3/yr, muJ = 0.2, sigmaJ = 0.1);")
    elif i % 3 == 1:
        lines.append(f"  P{i} ~ ou(x0 = 0, kappa = 2/yr, theta = 0, sigma = 0.3/sqrt(yr));")
    else:
        lines.append(f"  P{i} ~ growth(x0 = 1, rate = 0.1/yr, sigma = 0.2/sqrt(yr));")
lines.append("  let total = " + " + ".join(f"P{i}" for i in range(0, n, 3)) + ";")
lines.append("  let spread = " + " + ".join(f"P{i}" for i in range(1, n, 3)) + ";")
lines.append("  report { mean(total); sd(total); quantile(spread, 90%); mean(average(P0, month)); }")
lines.append("}")
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
