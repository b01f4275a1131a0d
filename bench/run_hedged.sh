#!/usr/bin/env bash
# W2, the hedged workload: examples/paper/demand_explosion.sit as shipped (six processes, two hedges with the
# daily futures book, margin, limits, pilot paths), and docs/examples/10-hedge.sit, each timed with and without
# its hedges, so that the book's share of the cost is visible.
#
# usage: [CPU=znver3] bash bench/run_hedged.sh [PATHS] [ROUNDS]      (build sitc first: bash scripts/build.sh sitc)
#
# Throughput counts the whole run after compilation, pilot paths included: main paths x steps / seconds
# (sitc's --timings "simulate"). Each figure is the median of ROUNDS alternating runs (A B A B ...) on 1 thread.
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS=${1:-10000}
ROUNDS=${2:-5}
CPU=${CPU:-host}
SITC=./build/compiler/sitc
OUT=build/bench
mkdir -p $OUT
rate() { grep -o '[0-9.]* M path-steps/s' | grep -o '^[0-9.]*'; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "W2: $PATHS paths, $ROUNDS alternating rounds, 1 thread, code for $CPU" \
     "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); LLVM host CPU $(/usr/lib/llvm-19/bin/llc --version | sed -n 's/.*Host CPU: //p'))"
for spec in examples/paper/demand_explosion.sit docs/examples/10-hedge.sit; do
  name=$(basename "$spec" .sit)
  bare=$OUT/$name.nohedges.sit
  /usr/bin/python3 bench/strip_hedges.py "$spec" "$bare"
  : > $OUT/$name.with; : > $OUT/$name.without
  for r in $(seq "$ROUNDS"); do
    $SITC run "$spec" --cpu "$CPU" --paths "$PATHS" --threads 1 --timings 2>&1 >/dev/null | rate >> $OUT/$name.with
    $SITC run "$bare" -I "$(dirname "$spec")" --cpu "$CPU" --paths "$PATHS" --threads 1 --timings 2>&1 >/dev/null |
      rate >> $OUT/$name.without
  done
  w=$(median < $OUT/$name.with); wo=$(median < $OUT/$name.without)
  awk -v n="$name" -v w="$w" -v wo="$wo" 'BEGIN {
    printf "%s: with hedges %.2f M path-steps/s (%.0f ns per path-step), without %.2f M (%.0f ns): the hedges cost %.0f ns per path-step (%.0f%%)\n",
           n, w, 1e3 / w, wo, 1e3 / wo, 1e3 / w - 1e3 / wo, 100 * (1 - w / wo) }'
done
# What an analyst would write instead: 10-hedge.sit in NumPy with the same daily book (bench/hedge_numpy.py).
NP=$((PATHS < 4000 ? PATHS : 4000))
np=$(/usr/bin/python3 bench/hedge_numpy.py "$NP" | tee $OUT/hedge_numpy.txt | rate)
sit=$(median < $OUT/10-hedge.with)
echo "10-hedge in NumPy ($NP paths, its own pilot of 4000): $np M path-steps/s; compiled .sit is $(awk -v s="$sit" -v n="$np" 'BEGIN {printf "%.0f", s / n}')x faster"
sed 's/^/  NumPy: /' $OUT/hedge_numpy.txt | tail -3
$SITC run docs/examples/10-hedge.sit --paths "$NP" | grep -E "hedge_ratio|volatility_reduction|margin_calls|peak_variation|locked_days" | sed 's/^/  sitc:  /'
