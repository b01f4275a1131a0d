#!/usr/bin/env bash
# Compile latency: `sitc run` of W1 and of demand_explosion.sit from scratch (--no-cache) and from the kernel
# cache, and how compile time grows with the size of a spec (bench/../test/lit/Inputs/many_processes.py).
#
# usage: [CPU=znver3] bash bench/run_compile.sh [ROUNDS]      (build sitc first: bash scripts/build.sh sitc)
#
# "compile" is sitc's --timings compile (sema and plan are ~10 ms more); "ready" is from process start to the
# first simulated path. Medians of ROUNDS runs; one core.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
CPU=${CPU:-host}
SITC=./build/compiler/sitc
OUT=build/bench
mkdir -p $OUT
export SITC_CACHE_DIR=$OUT/kernel-cache
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
field() { sed -n "s/.*timings: compile \([0-9.]*\) ms.*ready \([0-9.]*\) ms.*/\\$1/p"; }
echo "Compile latency, code for $CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); LLVM host CPU $(/usr/lib/llvm-19/bin/llc --version | sed -n 's/.*Host CPU: //p'))"
for spec in bench/w1.sit examples/paper/demand_explosion.sit; do
  : > $OUT/cold; : > $OUT/warm
  for r in $(seq "$ROUNDS"); do
    $SITC run "$spec" --cpu "$CPU" --paths 16 --threads 1 --timings --no-cache 2>&1 >/dev/null | field 1 >> $OUT/cold
    $SITC run "$spec" --cpu "$CPU" --paths 16 --threads 1 --timings >/dev/null 2>&1  # fills the cache
    $SITC run "$spec" --cpu "$CPU" --paths 16 --threads 1 --timings 2>&1 >/dev/null | field 2 >> $OUT/warm
  done
  echo "$spec: compile $(median < $OUT/cold) ms; from the cache, simulation starts $(median < $OUT/warm) ms after start"
done
for n in 10 100 300 1000; do
  /usr/bin/python3 test/lit/Inputs/many_processes.py $n $OUT/many$n.sit
  t=$($SITC run $OUT/many$n.sit --cpu "$CPU" --paths 16 --threads 1 --timings --no-cache 2>&1 >/dev/null | field 1)
  echo "$n processes: compile $t ms"
done
