#!/usr/bin/env bash
# The README's first command: build sitc and run the quick-start example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh sitc
./build/compiler/sitc run examples/quickstart.sit --paths 20000 "$@"
