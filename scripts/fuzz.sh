#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 19, AddressSanitizer + UndefinedBehaviorSanitizer) in ./build-asan and runs
# each one: first every input in fuzz/regressions/TARGET once (inputs that once crashed, hung or blew up; each
# must now pass), then fuzzing for SECONDS from a seed corpus of every .sit file in the repository (check, jit) or
# of the .expected files and sample --set values (inputs), with the dictionary fuzz/sit.dict.
#
# usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]      (TARGET: check jit inputs; default all, 60 s each)
#
# A crash, a timeout (-timeout), or memory beyond -rss_limit_mb stops the run with the input written to
# build-asan/artifacts/; add it to fuzz/regressions/TARGET/ with the fix. docs/design.md, "Robustness", says more.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
shift || true
TARGETS=${*:-check jit inputs}
B=build-asan
bash scripts/install-deps.sh
cmake -G Ninja -S . -B $B -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 \
      -DSITC_FUZZ=ON -DSITC_SANITIZE=address,undefined > /dev/null
ninja -C $B fuzzers

seed() {  # seed corpus of target $1 in $B/corpus/$1 (new inputs the fuzzer finds are added there too)
  local dir=$B/corpus/$1
  mkdir -p "$dir"
  case $1 in
    check|jit)
      git ls-files '*.sit' | while read -r f; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done ;;
    inputs)
      git ls-files '*.expected' | while read -r f; do { printf '\0'; cat "$f"; } > "$dir/$(echo "$f" | tr / _)"; done
      printf '\001kappa=2/yr\nvol=0.4/sqrt(yr)\nlevel=1.2USD/Mtok,1.3 USD/Mtok\nshare=40%%\n' > "$dir/set-params"
      printf '\001F.margin.initial=12%%\nF.margin.maintenance=0.09\nF.daily_limit=5%%\nF.position_limit=50contracts\n' > "$dir/set-terms"
      printf '\001fixed.ratio=0.9\nmv.pilot=500\nkappa=(2)/yr\nlevel=sqrt(4 USD^2/Mtok^2)\n' > "$dir/set-hedges" ;;
  esac
}

mkdir -p $B/artifacts
for t in $TARGETS; do
  seed "$t"
  bin=$B/fuzz/${t}_fuzzer
  opts=(-timeout=20 -rss_limit_mb=3072 -max_len=8192 -dict=fuzz/sit.dict -artifact_prefix=$B/artifacts/$t-)
  regressions=(fuzz/regressions/$t/*)
  if [ -e "${regressions[0]}" ]; then
    echo "fuzz: $t: ${#regressions[@]} regression inputs"
    "$bin" "${opts[@]}" "${regressions[@]}" > $B/fuzz-$t-regressions.log 2>&1 ||
      { tail -30 $B/fuzz-$t-regressions.log; echo "fuzz: $t: a regression input fails"; exit 1; }
  fi
  echo "fuzz: $t: fuzzing for $SECS s"
  "$bin" "${opts[@]}" -max_total_time="$SECS" -print_final_stats=1 $B/corpus/$t 2> $B/fuzz-$t.log ||
    { tail -40 $B/fuzz-$t.log; echo "fuzz: $t: failed (input in $B/artifacts/)"; exit 1; }
  grep -E '^stat::number_of_executed_units|^Done' $B/fuzz-$t.log | tr '\n' ' '; echo
done
echo "fuzz: all targets passed"
