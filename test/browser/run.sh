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
specs=(examples/quickstart.sit examples/paper/baseline.sit examples/paper/high_demand.sit
       examples/paper/supply_shock.sit examples/paper/demand_explosion.sit examples/paper/basis.sit)
for spec in "${specs[@]}"; do
  name=$(basename "$spec" .sit)
  "$build/compiler/sitc" report "$src/$spec" --paths "$paths" -q -o "$out/report-$name.html"
  node "$build/report/check_report.mjs" "$out/report-$name.html" "$out/report-$name.png" --expect-charts 3
done
# Only the screenshots are kept in docs/.
case "$out" in */docs/*|docs/*) rm -f "$out"/report-*.html ;; esac
