#!/usr/bin/env bash
# The W1 benchmark: compiled .sit (JIT) against hand-written scalar and SIMD C++ and NumPy, 1 and 2 threads.
# usage: bash bench/run_w1.sh [PATHS]      (build sitc first: bash scripts/build.sh sitc)
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS=${1:-200000}
OUT=build/bench
mkdir -p $OUT
CXX=/usr/lib/llvm-19/bin/clang++
for v in scalar simd; do
  $CXX -std=c++20 -O3 -march=native -Wno-psabi -Iruntime/include bench/w1_$v.cpp -o $OUT/w1_$v -lpthread
done
echo "W1: $PATHS paths x 1080 steps on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
for T in 1 2; do
  ./build/compiler/sitc run bench/w1.sit --paths $PATHS --threads $T --timings 2>&1 >/dev/null |
    sed "s/^timings:/compiled .sit, $T threads:/"
  $OUT/w1_scalar $PATHS $T
  $OUT/w1_simd $PATHS $T
done
./build/compiler/sitc run bench/w1.sit --paths $PATHS --threads 2 | grep -E "C_U|C_H"
/usr/bin/python3 bench/w1_numpy.py $((PATHS / 4))
