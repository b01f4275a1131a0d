"""Kills one MPI rank of a running `mpirun ... -o OUT` and checks that the job ends: mpirun exits non-zero within
a minute, no rank is left running, and OUT is not written (no partial results).

usage: mpi_kill.py RANK OUT MPIRUN-COMMAND...
"""
import os
import signal
import subprocess
import sys
import time

rank, out, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
job = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def rank_pids():
    """The processes mpirun started for this job, by their OMPI_COMM_WORLD_RANK."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                env = dict(kv.split(b"=", 1) for kv in f.read().split(b"\0") if b"=" in kv)
            if os.getsid(int(pid)) == job.pid and b"OMPI_COMM_WORLD_RANK" in env:
                found[env[b"OMPI_COMM_WORLD_RANK"].decode()] = int(pid)
        except (OSError, ValueError):
            pass
    return found


deadline = time.time() + 60
while rank not in rank_pids():
    if job.poll() is not None or time.time() > deadline:
        sys.exit(f"mpi_kill: rank {rank} never started (mpirun exited {job.returncode})")
    time.sleep(0.05)
time.sleep(1.0)  # let the ranks get into their paths
if job.poll() is not None:
    sys.exit(f"mpi_kill: the job ended before rank {rank} was killed; give it more paths")
os.kill(rank_pids()[rank], signal.SIGKILL)
try:
    text, _ = job.communicate(timeout=60)
except subprocess.TimeoutExpired:
    os.killpg(job.pid, signal.SIGKILL)
    sys.exit("mpi_kill: the job hung after a rank was killed")
left = rank_pids()
if left:
    sys.exit(f"mpi_kill: ranks still running after mpirun exited: {left}")
if job.returncode == 0:
    sys.exit("mpi_kill: mpirun exited 0 after a rank was killed")
if os.path.exists(out):
    sys.exit(f"mpi_kill: {out} was written")
print(f"killed rank {rank}: mpirun exited {job.returncode}, no output written")
print(text.decode(errors="replace"))
