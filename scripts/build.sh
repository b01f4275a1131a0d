#!/usr/bin/env bash
# Configures and builds sitc in ./build (installing Debian packages first if any are missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
ninja -C build "$@"
