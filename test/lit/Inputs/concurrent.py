#!/usr/bin/env python3
"""usage: concurrent.py N OUTPREFIX COMMAND...  -- runs COMMAND N times at once; run i writes its stdout to
OUTPREFIX.i; succeeds if every run exits 0."""
import subprocess
import sys

n, prefix, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
procs = [subprocess.Popen(cmd, stdout=open(f"{prefix}.{i}", "w")) for i in range(n)]
codes = [p.wait() for p in procs]
if any(codes):
    sys.exit(f"exit codes {codes}")
