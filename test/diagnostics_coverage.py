#!/usr/bin/env python3
"""Fails when a diagnostic kind is produced by no test.

usage: diagnostics_coverage.py DEF_DIR LOG UNIT_TEST_DIR

DEF_DIR holds the kinds (compiler/support/diagnostics/*.def, SITC_DIAG(Kind, ...) and SITC_WARN(Kind, ...)).
LOG is the file the lit suite's sitc processes appended each reported kind to (SITC_DIAG_LOG, set by
test/lit/lit.cfg.py, emptied when lit starts). A kind no spec can produce (a check on hand-made compiler state) is
covered when a unit test under UNIT_TEST_DIR names it as Diag::Kind. Kinds named Internal... report compiler bugs
and are not expected to be reachable.
"""
import glob
import os
import re
import sys

def_dir, log, unit_dir = sys.argv[1:4]
kinds = []
for path in sorted(glob.glob(os.path.join(def_dir, "*.def"))):
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*SITC_(?:DIAG|WARN)\((\w+),", line)
        if m:
            kinds.append(m.group(1))
if not kinds:
    sys.exit(f"diagnostics coverage: no kinds found in {def_dir}")
if not os.path.exists(log):
    sys.exit(f"diagnostics coverage: {log} is missing (run the lit suite first: ctest runs it before this test)")
seen = set(open(log, encoding="utf-8").read().split())
for path in glob.glob(os.path.join(unit_dir, "**", "*.cpp"), recursive=True):
    seen |= set(re.findall(r"Diag::(\w+)", open(path, encoding="utf-8").read()))
missing = [k for k in kinds if k not in seen and not k.startswith("Internal")]
print(f"diagnostics coverage: {len(kinds) - len(missing)} of {len(kinds)} kinds produced by a test")
if missing:
    print("no test produces: " + ", ".join(missing))
    sys.exit(1)
