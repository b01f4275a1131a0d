#!/usr/bin/env bash
# The sanitizer build: everything compiled by clang 19 with AddressSanitizer and UndefinedBehaviorSanitizer in
# ./build-asan (the tree scripts/fuzz.sh uses too), then the unit and lit suites run there; any report fails them
# (-fno-sanitize-recover). Slower than the normal build: a few minutes more on 2 cores.
#
# usage: bash scripts/sanitize.sh [CTEST ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
B=build-asan
bash scripts/install-deps.sh
cmake -G Ninja -S . -B $B -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 \
      -DSITC_FUZZ=ON -DSITC_SANITIZE=address,undefined > /dev/null
ninja -C $B
# LLVM's own libraries are not instrumented and keep some allocations for the process's life: leak reports would be
# theirs, not ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd $B && ctest --output-on-failure -E '^golden$' "$@"
