#!/usr/bin/env python3
"""usage: engines.py SITC TMPDIR SPEC...  -- runs each spec (small path counts) with 1, 2 and 7 threads, the
reference evaluator, a built simulator and --cpu x86-64-v3 / x86-64, and fails unless all print the same bytes
(apart from the manifest's cpu line)."""
import os
import subprocess
import sys

sitc, tmp, specs = sys.argv[1], sys.argv[2], sys.argv[3:]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    return "\n".join(line for line in r.stdout.splitlines() if not line.strip().startswith('"cpu"'))


for spec in specs:
    name = os.path.splitext(os.path.basename(spec))[0]
    common = ["--paths", "300", "--seed", "7", "--format", "json"]
    want = run([sitc, "run", spec, "--threads", "1"] + common)
    sim = os.path.join(tmp, name)
    subprocess.run([sitc, "build", spec, "-o", sim], check=True)
    variants = {
        "threads 2": [sitc, "run", spec, "--threads", "2"] + common,
        "threads 7": [sitc, "run", spec, "--threads", "7"] + common,
        "engine ref": [sitc, "run", spec, "--engine", "ref", "--threads", "2"] + common,
        "cpu x86-64-v3": [sitc, "run", spec, "--cpu", "x86-64-v3"] + common,
        "cpu x86-64": [sitc, "run", spec, "--cpu", "x86-64"] + common,
        "simulator": [sim, "--threads", "3"] + common,
    }
    for what, cmd in variants.items():
        got = run(cmd)
        if got != want:
            sys.exit(f"{spec}: {what} differs from --threads 1")
    print(f"{name}: identical across {', '.join(variants)}")
