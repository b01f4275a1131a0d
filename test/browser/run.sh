#!/usr/bin/env bash
# The browser test: `sitc report` on the quickstart and on each paper example, each page opened in headless
# Chromium (tools/report/check_report.mjs, playwright-core vendored in build/report): every chart must render
# (an SVG with marks), with no console error and no network request; a full-page screenshot of each goes to OUTDIR.
#   test/browser/run.sh BUILD_DIR OUTDIR [PATHS]
# ctest runs it when Chromium is installed (test/CMakeLists.txt); `test/browser/run.sh build docs/examples 10000`
# remakes the screenshots in docs/report.md.
set -euo pipefail
build=$(cd "$1" && pwd)
out=$2
paths=${3:-2000}
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
# Each spec with the fewest charts its page may have: a fan per process, per hedge a cost histogram (and more).
specs=(examples/quickstart.sit:2 examples/paper/baseline.sit:15 examples/paper/high_demand.sit:15
       examples/paper/supply_shock.sit:15 examples/paper/demand_explosion.sit:15 examples/paper/basis.sit:16
       examples/provider.sit:17)
for entry in "${specs[@]}"; do
  spec=${entry%:*}
  name=$(basename "$spec" .sit)
  "$build/compiler/sitc" report "$src/$spec" --paths "$paths" -q -o "$out/report-$name.html"
  node "$build/report/check_report.mjs" "$out/report-$name.html" "$out/report-$name.png" --expect-charts "${entry##*:}"
done
# A sweep: its lines against the swept parameter too.
"$build/compiler/sitc" report "$src/test/lit/Inputs/specs/params.sit" --paths "$paths" -q --set kappa=1/yr,2/yr,4/yr \
  -o "$out/report-sweep.html"
node "$build/report/check_report.mjs" "$out/report-sweep.html" "$out/report-sweep.png" --expect-charts 12
# Only the screenshots are kept in docs/.
case "$out" in */docs/*|docs/*) rm -f "$out"/report-*.html ;; esac
