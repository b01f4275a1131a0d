#include "plan/passes/Windows.h"

#include <cmath>

namespace sitc::plan {

bool closeWindows(Plan& p, DiagEngine&) {
  const ir::Model& m = p.model;
  for (const auto& a : m.aggs) {
    std::vector<uint64_t> ends;
    for (uint32_t w = 0; w < a.windows; ++w)
      ends.push_back(static_cast<uint64_t>(std::llround((w + 1) * a.window / m.dt)));
    if (!ends.empty()) ends.back() = m.steps;
    p.windowEnds.push_back(std::move(ends));
  }
  return true;
}

}  // namespace sitc::plan
