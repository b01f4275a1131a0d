#!/usr/bin/env python3
"""usage: check_progress.py FILE -- FILE is what a run wrote to a terminal's stderr: progress updates, each
'\\r' + text + erase-to-end-of-line, naming a phase and counting paths, and at the end a cleared line."""
import re
import sys

data = open(sys.argv[1], "rb").read().decode()
updates = [u for u in data.split("\r") if u]
if not updates:
    sys.exit("no progress was drawn")
if not data.endswith("\r\x1b[K"):
    sys.exit(f"the line was not cleared at the end: {data[-40:]!r}")
main = [u for u in updates if re.match(r"sitc: main [\d,]+ / 200,000 paths \(\d+%\)", u)]
if not main:
    sys.exit(f"no update of the main run: {updates[:5]!r}")
if any("\n" in u for u in updates):
    sys.exit("progress wrote a newline on a terminal")
print(f"{len(updates)} updates, {len(main)} of the main run")
