#!/usr/bin/env python3
"""Writes a copy of a .sit spec without its hedge declarations: the same scenario, for measuring what the
hedges' daily books cost (bench/run_hedged.sh).

usage: strip_hedges.py IN.sit OUT.sit
"""
import re
import sys


def strip(text):
    out, i = [], 0
    pattern = re.compile(r"^hedge\s+\w+\s+for\s+\w+\s*\{", re.M)
    while True:
        m = pattern.search(text, i)
        if not m:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:m.start()])
        depth, j = 0, m.end() - 1
        while j < len(text):  # to the matching brace, skipping comments
            if text.startswith("//", j):
                j = text.find("\n", j)
                if j < 0:
                    j = len(text)
                continue
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1


src, dst = sys.argv[1], sys.argv[2]
with open(src) as f:
    text = f.read()
with open(dst, "w") as f:
    f.write(strip(text))
