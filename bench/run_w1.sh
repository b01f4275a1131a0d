#!/usr/bin/env bash
# The W1 benchmark: the compiled .sit kernel (JIT) against the hand-vectorised C++ bar, timed side by side in one
# run on 1 and 2 threads, plus scalar C++ and NumPy for scale.
#
# usage: [CPU=znver3] bash bench/run_w1.sh [PATHS] [ROUNDS]      (build sitc first: bash scripts/build.sh sitc)
#
# CPU (default: this machine's) sets the instruction set of both the compiled kernel (sitc --cpu) and the C++
# (-march), e.g. CPU=znver3 for AVX2 code on an AVX-512 machine.
# The machine is shared and noisy, so each figure is the median of ROUNDS runs taken in alternation (A B A B ...)
# and the ratio is of medians. Only simulation time counts (sitc's --timings "simulate"; the C++ programs time
# their own path loop); JIT compilation is reported separately by sitc.
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS=${1:-200000}
ROUNDS=${2:-5}
CPU=${CPU:-native}
SITCPU=$([ "$CPU" = native ] && echo host || echo "$CPU")
OUT=build/bench
mkdir -p $OUT
CXX=/usr/lib/llvm-19/bin/clang++
for v in scalar simd; do
  $CXX -std=c++20 -O3 -march="$CPU" -Wno-psabi -Wno-invalid-feature-combination -Iruntime/include bench/w1_$v.cpp -o $OUT/w1_$v -lpthread
done
SITC=./build/compiler/sitc
rate() { grep -o '[0-9.]* M path-steps/s' | grep -o '^[0-9.]*'; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "W1: $PATHS paths x 1080 steps, $ROUNDS alternating rounds, on $(nproc) cores" \
     "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), LLVM host CPU $(/usr/lib/llvm-19/bin/llc --version | sed -n 's/.*Host CPU: //p');" \
     "code for $CPU)"
for T in 1 2; do
  : > $OUT/sit.$T; : > $OUT/bar.$T
  for r in $(seq "$ROUNDS"); do
    $SITC run bench/w1.sit --cpu "$SITCPU" --paths "$PATHS" --threads "$T" --timings 2>&1 >/dev/null | rate >> $OUT/sit.$T
    $OUT/w1_simd "$PATHS" "$T" | rate >> $OUT/bar.$T
  done
  s=$(median < $OUT/sit.$T); b=$(median < $OUT/bar.$T)
  echo "threads $T: compiled .sit $s M path-steps/s, hand-vectorised C++ $b M path-steps/s," \
       "ratio $(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.2f", s / b}')"
done
echo "scaling 1 -> 2 threads: compiled .sit $(awk -v a="$(median < $OUT/sit.1)" -v b="$(median < $OUT/sit.2)" 'BEGIN {printf "%.2f", b / a}')x," \
     "hand-vectorised C++ $(awk -v a="$(median < $OUT/bar.1)" -v b="$(median < $OUT/bar.2)" 'BEGIN {printf "%.2f", b / a}')x"
echo "scalar C++, 1 thread: $($OUT/w1_scalar "$((PATHS / 4))" 1 | rate) M path-steps/s"
echo "NumPy, 1 thread: $(/usr/bin/python3 bench/w1_numpy.py "$((PATHS / 8))" | rate) M path-steps/s"
echo "results (the same paths):"
$SITC run bench/w1.sit --paths "$PATHS" --threads 2 | grep -E "C_U|C_H|A\\[1\\]|A\\[36\\]"
$OUT/w1_simd "$PATHS" 2 | sed 's/.*| //'
