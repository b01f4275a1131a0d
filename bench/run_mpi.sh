#!/usr/bin/env bash
# Scale-out on MPI ranks (docs/mpi.md): strong scaling on this machine, weak scaling by oversubscribed ranks, and
# the communication volume per rank, for examples/caps.sit (three hedges: a future, a cap and a collar, with pilot
# runs, quantiles, VaR and CVaR).
#
# usage: bash bench/run_mpi.sh [PATHS] [ROUNDS] [WEAK_PATHS] [MEMORY_PATHS]   (build sitc first: bash scripts/build.sh sitc)
#
# Strong scaling: PATHS paths as one process on 1 and 2 threads, and as 2 ranks of 1 thread, timed in alternation
# (A B C A B C ...), medians of ROUNDS: the whole run's wall time (mpirun's start-up included) and sitc's
# --timings phases (simulate: the pilot and main paths; statistics: every rank over its block, reduced across
# ranks). Weak scaling: R = 1, 2, 4, 8 ranks of 1 thread, WEAK_PATHS paths each, on this machine's cores
# (oversubscribed past 2): the simulate phase against the ideal R / min(R, cores) x the 1-rank one, the statistics
# phase, the wall time, and the bytes each rank moved. Memory: the peak resident memory of each rank of 1, 2 and 4
# ranks running MEMORY_PATHS paths. Every run's results are compared with the 1-process run's.
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS=${1:-200000}
ROUNDS=${2:-5}
WEAK=${3:-50000}
MEMORY=${4:-1000000}
SITC=./build/compiler/sitc
SPEC=examples/caps.sit
OUT=build/bench/mpi
mkdir -p $OUT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # mpirun as root (CI machines)
MPIRUN="mpirun --oversubscribe --bind-to none"
CORES=$(nproc)
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# run NAME PATHS THREADS [LAUNCHER...]: one timed run of sitc; appends "wall simulate statistics" (ms) to $OUT/NAME,
# keeps the bytes each rank moved in $OUT/NAME.bytes, and checks the results against the first run of PATHS paths.
run() {
  local name=$1 paths=$2 threads=$3
  shift 3
  local t0 t1 sim stat
  t0=$(date +%s%N)
  "$@" $SITC run $SPEC --paths "$paths" --threads "$threads" --timings -o $OUT/$name.out 2> $OUT/$name.err
  t1=$(date +%s%N)
  sim=$(sed -n 's/.*simulate \([0-9.]*\) ms.*/\1/p' $OUT/$name.err)
  stat=$(sed -n 's/.*statistics \([0-9.]*\) ms.*/\1/p' $OUT/$name.err)
  echo "$(( (t1 - t0) / 1000000 )) $sim $stat" >> $OUT/$name
  sed -n 's/.*bytes sent and received by each: //p' $OUT/$name.err > $OUT/$name.bytes
  [ -f $OUT/ref.$paths ] || cp $OUT/$name.out $OUT/ref.$paths
  cmp -s $OUT/$name.out $OUT/ref.$paths || { echo "run_mpi: $name: results differ from the 1-process run" >&2; exit 1; }
}
med() { awk -v c="$1" '{print $c}' "$OUT/$2" | median; }

echo "MPI scaling of $SPEC: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(mpirun --version | head -1)"
rm -f $OUT/*
$SITC run $SPEC --paths 100 > /dev/null  # the kernel into the cache: no run below compiles

echo "Strong scaling: $PATHS paths, medians of $ROUNDS alternating rounds (ms: wall, simulate, statistics)"
for r in $(seq "$ROUNDS"); do
  run one-t1 "$PATHS" 1
  run one-t2 "$PATHS" 2
  run mpi2-t1 "$PATHS" 1 $MPIRUN -n 2
done
for c in one-t1 one-t2 mpi2-t1; do
  printf "  %-8s wall %6.0f  simulate %6.0f  statistics %5.0f\n" $c "$(med 1 $c)" "$(med 2 $c)" "$(med 3 $c)"
done
awk -v a="$(med 2 one-t1)" -v b="$(med 2 one-t2)" -v c="$(med 2 mpi2-t1)" -v wa="$(med 1 one-t1)" -v wc="$(med 1 mpi2-t1)" 'BEGIN {
  printf "  simulate speed-up: 2 threads %.2fx, 2 ranks %.2fx (2 ranks / 2 threads %.2f); wall speed-up of 2 ranks %.2fx\n",
         a / b, a / c, b / c, wa / wc }'
echo "  bytes moved by each rank (2 ranks): $(cat $OUT/mpi2-t1.bytes)"

echo "Weak scaling: $WEAK paths per rank, 1 thread per rank, $CORES cores (oversubscribed past $CORES ranks), medians of $ROUNDS"
for r in $(seq "$ROUNDS"); do
  for R in 1 2 4 8; do run weak$R $((WEAK * R)) 1 $MPIRUN -n $R; done
done
base=$(med 2 weak1)
for R in 1 2 4 8; do
  awk -v R=$R -v n=$CORES -v b="$base" -v w="$(med 1 weak$R)" -v s="$(med 2 weak$R)" -v st="$(med 3 weak$R)" -v by="$(cat $OUT/weak$R.bytes)" 'BEGIN {
    ideal = b * R / (R < n ? R : n)
    printf "  %d ranks, %7d paths: simulate %6.0f ms (ideal %6.0f, efficiency %3.0f%%), statistics %5.0f, wall %6.0f; bytes per rank: %s\n",
           R, R * '"$WEAK"', s, ideal, 100 * ideal / s, st, w, (by == "" ? "none" : by) }'
done

echo "Memory: $MEMORY paths, peak resident memory of each rank (GNU time's %M)"
for R in 1 2 4; do
  # Each rank under GNU time, its figure in a file of its own (mem R.RANK).
  $MPIRUN -n $R sh -c '/usr/bin/time -f %M -o "$0.$OMPI_COMM_WORLD_RANK" "$@"' $OUT/mem$R \
    $SITC run $SPEC --paths "$MEMORY" --threads 1 -o $OUT/mem$R.out 2> /dev/null
  [ -f $OUT/ref.$MEMORY ] || cp $OUT/mem$R.out $OUT/ref.$MEMORY
  cmp -s $OUT/mem$R.out $OUT/ref.$MEMORY || { echo "run_mpi: mem$R: results differ from the 1-rank run" >&2; exit 1; }
  echo "  $R ranks: $(for r in $(seq 0 $((R - 1))); do printf "%.0f MB " "$(($(tail -1 $OUT/mem$R.$r) / 1024))"; done)"
done
