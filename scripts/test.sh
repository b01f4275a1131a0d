#!/usr/bin/env bash
# The README's second command: build everything and run every test suite (lit + FileCheck, GoogleTest,
# statistical and golden tests) under ctest, then a short run of each fuzz target (scripts/fuzz.sh, 30 s
# each) when clang 19 is installed (scripts/install-deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
(cd build && ctest --output-on-failure)
if command -v clang++-19 > /dev/null; then
  bash scripts/fuzz.sh "${SITC_FUZZ_SECONDS:-30}"
else
  echo "test: clang++-19 not found: fuzz targets skipped"
fi
