#!/usr/bin/env python3
"""usage: args-from-files.py COMMAND ARG... -- runs COMMAND with each argument '@FILE' replaced by FILE's text
(without its final newline): lit's shell has no $(...), and some tests need arguments of 100,000 characters.
Exits with COMMAND's exit code."""
import subprocess
import sys

def expand(a):
    if a.startswith("@"):
        with open(a[1:]) as f:
            return f.read().rstrip("\n")
    return a

sys.exit(subprocess.run([expand(a) for a in sys.argv[1:]]).returncode)
