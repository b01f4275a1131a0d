#!/usr/bin/env python3
"""usage: as-unprivileged.py COMMAND... -- runs COMMAND as user/group 65534 (nobody) when run as root, so
file permissions apply; otherwise runs it as is. Exits with COMMAND's exit code."""
import os
import subprocess
import sys

def drop():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)

preexec = drop if os.geteuid() == 0 else None
sys.exit(subprocess.run(sys.argv[1:], preexec_fn=preexec).returncode)
