#!/usr/bin/env bash
# The README's second command: build everything and run every test suite (lit + FileCheck, GoogleTest,
# statistical and golden tests) under ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build && ctest --output-on-failure
