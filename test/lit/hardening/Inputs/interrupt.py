#!/usr/bin/env python3
"""usage: interrupt.py DIR COMMAND... -- runs COMMAND several times, sending SIGINT or SIGTERM after increasing
delays (from the start, through compiling and linking or simulating); fails if a run that was interrupted did not
end by that signal, or if DIR then holds a temporary file ('.tmp.' in its name). Runs that finished before the
signal are fine (their output is removed so the next run starts afresh)."""
import os
import signal
import subprocess
import sys
import time

d, cmd = sys.argv[1], sys.argv[2:]
outputs = ("sim", "out.txt")
interrupted = 0
for delay in (0.02, 0.1, 0.2, 0.35, 0.5, 0.8):
    for sig in (signal.SIGINT, signal.SIGTERM):
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(sig)
        rc = p.wait()
        if rc not in (0, -sig):
            sys.exit(f"delay {delay}: exit {rc}, expected -{int(sig)} (killed by the signal) or 0")
        interrupted += rc == -sig
        left = [f for f in os.listdir(d) if ".tmp." in f]
        if left:
            sys.exit(f"delay {delay}, signal {int(sig)}: temporaries left: {left}")
        for f in outputs:
            if os.path.exists(os.path.join(d, f)):
                os.unlink(os.path.join(d, f))
if interrupted == 0:
    sys.exit("no run was interrupted: the command finished too fast for this test")
print(f"{interrupted} runs interrupted, no temporaries left")
