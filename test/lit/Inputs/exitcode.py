#!/usr/bin/env python3
"""usage: exitcode.py CODE COMMAND...  -- runs COMMAND (stdout/stderr passed through) and succeeds only if it
exits with CODE. lit's internal shell has no `$?`, and `not` accepts any non-zero code."""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.run(sys.argv[2:]).returncode
if got != want:
    sys.exit(f"expected exit code {want}, got {got}")
