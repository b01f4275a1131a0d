#!/usr/bin/env python3
"""Every file a comment or a document of the project names exists in the project.

usage: file_references.py SOURCE_ROOT
Scans the sources, scripts, tests and docs for names ending in .md, .cpp, .h, .py or .def (not in
#include lines: those are the compiler's business) and fails on any that no file of the project has, by path
or by file name. Generated and illustrative names are listed below.
"""
import os
import re
import sys

root = sys.argv[1]
SKIP_DIRS = {".git", "build", "build-asan", "Output", "node_modules"}
# Generated at build time, an outside tool, or a stand-in in an example.
GENERATED = {"lit.py", "SitLexer.h", "SitParser.h", "SitLexer.cpp", "SitParser.cpp", "SitVisitor.cpp", "SitBaseVisitor.cpp",
             "lit.site.cfg.py", "spec.sit", "x.sit", "NAME.sh", "v.cpp"}
paths, names = set(), set()
texts = []
for d, dirs, files in os.walk(root):
    dirs[:] = [x for x in dirs if x not in SKIP_DIRS and not x.startswith("build")]
    for f in files:
        p = os.path.relpath(os.path.join(d, f), root)
        paths.add(p)
        names.add(f)
        if re.search(r"\.(cpp|h|md|py|sit|txt|cmake|sh|def|g4|test|cfg)$", f) or p == ".ci/run":
            texts.append(p)
bad = []
for p in texts:
    try:
        lines = open(os.path.join(root, p), encoding="utf-8").read().splitlines()
    except (UnicodeDecodeError, OSError):
        continue
    for n, line in enumerate(lines, 1):
        if line.lstrip().startswith("#include"):
            continue
        for m in re.finditer(r"(?<![\w/.$}-])([\w./-]*\w\.(?:md|cpp|h|py|def))\b", line):
            name = m.group(1).lstrip("./")
            if name.startswith("http") or name in paths or os.path.basename(name) in names:
                continue
            if os.path.basename(name) in GENERATED:
                continue
            bad.append(f"{p}:{n}: names '{name}', which is not in the project")
for b in bad:
    print(b)
print(f"{len(texts)} files scanned, {len(bad)} references to missing files")
sys.exit(1 if bad else 0)
