#include "plan/passes/PlanSize.h"

#include "sitrt/limits.h"

namespace sitc::plan {

bool checkPlanSize(Plan& p, DiagEngine& diags) {
  const ir::Model& m = p.model;
  // Code generation grows about linearly with these, and so do its time and memory: bound them (before the
  // column count, a 32-bit index, could overflow).
  uint64_t items = m.states.size() + m.temps.size() + m.draws.size();
  for (const auto& a : m.aggs) items += std::max<uint32_t>(1, a.windows);  // one accumulator per window
  for (const auto& o : m.outputs)
    if (o.expr) items += ir::outputColumns(o) * std::max<uint64_t>(1, ir::emittedCopies(m, *o.expr));
  if (items > sitrt::limits::kMaxPlanItems) {
    diags.report(Diag::PlanTooLarge, m.range, {std::to_string(items), std::to_string(sitrt::limits::kMaxPlanItems)});
    return false;
  }
  return true;
}

}  // namespace sitc::plan
