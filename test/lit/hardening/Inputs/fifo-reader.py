#!/usr/bin/env python3
"""usage: fifo-reader.py FIFO OUT COMMAND... -- runs COMMAND while a thread copies FIFO to OUT; exits with
COMMAND's exit code (a reader is waiting before COMMAND starts, so COMMAND finds one)."""
import os
import subprocess
import sys
import threading
import time

fifo, out, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
# Opening the read end with O_NONBLOCK does not wait for a writer; the writer then finds a reader at once.
fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
data = []

def drain():
    import select
    while True:
        select.select([fd], [], [], 0.05)
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            continue
        if chunk:
            data.append(chunk)
        elif done.is_set():
            return
        else:
            time.sleep(0.01)  # no writer yet, or between writes

done = threading.Event()
t = threading.Thread(target=drain)
t.start()
rc = subprocess.run(cmd).returncode
done.set()
t.join()
with open(out, "wb") as f:
    f.write(b"".join(data))
sys.exit(rc)
