#!/usr/bin/env python3
"""Runs every sitc command the README and docs/ show, so none of them can rot.

usage: doc_commands.py SITC SOURCE_ROOT WORK_DIR MAX_PATHS

Commands are the lines of code blocks (indented or fenced) and the inline `code` spans that start with `sitc `.
- Every option a command names must be one sitc has (a synopsis line such as `sitc run FILE [--paths N]` too).
- A concrete command (no FILE, DIR, NAME, [..], | or ... placeholders) must be valid shell (bash -n) and must
  succeed when run from the source root, with its --paths capped at MAX_PATHS and any -o/--out/--junit file
  moved into WORK_DIR. Commands that would rewrite the project's files (--bless) are only syntax-checked.
- `bash scripts/NAME.sh` lines must name scripts that exist and parse.
Prints one line per command and exits 1 if any failed.
"""
import glob
import os
import re
import shlex
import subprocess
import sys

sitc, root, work, max_paths = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
os.makedirs(work, exist_ok=True)
docs = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md"))) + \
       [os.path.join(root, "bench", "README.md")]
help_text = subprocess.run([sitc, "--help"], capture_output=True, text=True).stdout
known = set(re.findall(r"--([a-z][a-z-]*)", help_text)) | {"help", "version", "emit"}
short = set(re.findall(r"-([a-zA-Z]) \[ --", help_text))
failures = []
ILLUSTRATIVE = {"spec.sit"}  # a stand-in for the reader's own spec
ELSEWHERE = {"sitc test examples": "ctest's golden test runs it"}


def commands(path):
    text = open(path, encoding="utf-8").read()
    fenced = False
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        code = line.strip()
        if (fenced or line.startswith("    ")) and (code.startswith("sitc ") or code.startswith("$ sitc ")
                                                  or code.startswith("bash scripts/")):
            yield n, code.removeprefix("$ ").split("  #")[0].strip()
        elif not fenced:
            for span in re.findall(r"`(sitc [^`]+)`", line):
                yield n, span.strip()


def placeholder(cmd):
    return re.search(r"\bFILE\b|\bDIR\b|\bSIM\b|\bNAME\b|\bSTAGE\b|\bSPEC\b|\bSCENARIO\b|\.\.\.|\[|\||PATTERN", cmd)


for path in docs:
    rel = os.path.relpath(path, root)
    for n, cmd in commands(path):
        where = f"{rel}:{n}: {cmd}"
        problems = []
        if cmd.startswith("bash scripts/"):
            script = os.path.join(root, cmd.split()[1])
            if not os.path.isfile(script):
                problems.append("no such script")
            elif subprocess.run(["bash", "-n", script]).returncode != 0:
                problems.append("the script does not parse")
        else:
            for opt in re.findall(r"(?:^|\s|\[)--([a-zA-Z][a-zA-Z-]*)", cmd):
                if opt not in known:
                    problems.append(f"no option --{opt}")
            for opt in re.findall(r"(?:^|\s|\[)-([a-zA-Z])(?=[\s\]=]|$)", cmd):
                if opt not in short and opt != "W":
                    problems.append(f"no option -{opt}")
            if re.search(r"(?:^|\s)--W\b", cmd):
                problems.append("'--W' is not an option (-W or --warnings)")
            words = shlex.split(cmd) if subprocess.run(["bash", "-n", "-c", cmd], capture_output=True).returncode == 0 \
                else cmd.split()
            args = words[2:] if len(words) > 1 and words[1] in ("run", "build", "test", "check") else words[1:]
            files = [w for w in args if not w.startswith("-") and os.path.exists(os.path.join(root, w))]
            for w in words[1:]:
                if w.endswith(".sit") and w not in ILLUSTRATIVE and not os.path.exists(os.path.join(root, w)):
                    problems.append(f"no file {w} (give its path from the source root)")
            # A mention of a command ("`sitc run` prints ...") names no file: only its options are checked.
            if cmd in ELSEWHERE:
                pass
            elif not placeholder(cmd) and (files or "--emit" in cmd and len(words) > 2):
                if subprocess.run(["bash", "-n", "-c", cmd], capture_output=True).returncode != 0:
                    problems.append("not valid shell (quote arguments with parentheses)")
                elif "--bless" not in cmd:
                    args = shlex.split(cmd)[1:]
                    for i, a in enumerate(args):
                        if a in ("--paths", "-n") and i + 1 < len(args) and int(args[i + 1]) > max_paths:
                            args[i + 1] = str(max_paths)
                        if a in ("-o", "--out", "--junit") and i + 1 < len(args):
                            args[i + 1] = os.path.join(work, os.path.basename(args[i + 1]))
                    p = subprocess.run([sitc] + args, cwd=root, capture_output=True, text=True)
                    if p.returncode != 0:
                        problems.append(f"exit {p.returncode}: {(p.stderr or p.stdout)[-600:]}")
        print(("FAIL " if problems else "ok   ") + where + "".join("\n     " + p for p in problems))
        if problems:
            failures.append(where)
print(f"{len(failures)} failing commands")
sys.exit(1 if failures else 0)
