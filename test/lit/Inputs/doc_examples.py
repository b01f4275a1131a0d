#!/usr/bin/env python3
"""Checks and runs every example of docs/language.md.

usage: doc_examples.py SITC DOCS_DIR PATHS

- every docs/examples/**/*.sit outside errors/ must pass `sitc check` with no output (no errors, no warnings);
- every scenario in such a file must run: `sitc run FILE --scenario NAME --paths PATHS`;
- every docs/examples/errors/*.sit must pass `sitc check --verify` (its expected-error annotations);
- every example file must be referenced from docs/language.md.
Prints one line per step (with the output of failing steps) and a summary; exits 1 if any step failed.
"""
import glob
import os
import re
import subprocess
import sys

sitc, docs, paths = sys.argv[1], sys.argv[2], sys.argv[3]
examples = os.path.join(docs, "examples")
doc = open(os.path.join(docs, "language.md"), encoding="utf-8").read()
failures = []


def run(args, what, want_quiet=False):
    p = subprocess.run([sitc] + args, capture_output=True, text=True)
    ok = p.returncode == 0 and (not want_quiet or (p.stdout == "" and p.stderr == ""))
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
        sys.stdout.write(p.stdout[-2000:] + p.stderr[-4000:])
    return p


def scenarios(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.findall(r"^\s*scenario\s+([A-Za-z_][A-Za-z_0-9]*)\s*\{", text, flags=re.M)


errors = sorted(glob.glob(os.path.join(examples, "errors", "*.sit")))
files = sorted(f for f in glob.glob(os.path.join(examples, "**", "*.sit"), recursive=True) if f not in errors)
if not files:
    sys.exit(f"no examples in {examples}")
for f in files:
    name = os.path.relpath(f, docs)
    run(["check", f], f"check {name}", want_quiet=True)
    for s in scenarios(f):
        run(["run", f, "--scenario", s, "--paths", paths], f"run {name} --scenario {s}")
for f in errors:
    run(["check", "--verify", f], f"check --verify {os.path.relpath(f, docs)}")
for f in files + errors:
    rel = os.path.relpath(f, docs)
    if rel not in doc:
        print(f"FAIL {rel} is not referenced from language.md")
        failures.append(rel)
print(f"{len(files)} examples, {len(errors)} diagnostic files, {len(failures)} failures")
sys.exit(1 if failures else 0)
