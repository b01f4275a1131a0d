#include "plan/passes/Windows.h"

#include "sitrt/series.h"

namespace sitc::plan {

// The same rule as --grid (sitrt::gridSteps), so a series at a grid of a window's length is sampled where the
// window closes. Sema made the horizon a whole number of windows, each at least a step.
bool closeWindows(Plan& p, DiagEngine&) {
  const ir::Model& m = p.model;
  for (const auto& a : m.aggs) {
    std::vector<uint64_t> ends;
    if (a.windows) ends = sitrt::gridSteps(a.window, m.dt, m.steps);
    ends.resize(a.windows, m.steps);
    if (!ends.empty()) ends.back() = m.steps;
    p.windowEnds.push_back(std::move(ends));
  }
  return true;
}

}  // namespace sitc::plan
