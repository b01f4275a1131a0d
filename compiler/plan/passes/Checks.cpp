#include "plan/passes/Checks.h"

namespace sitc::plan {

bool addChecks(Plan& p, DiagEngine&) {
  const ir::Model& m = p.model;
  auto addCheck = [&](SourceRange r, std::string what) {
    p.checks.push_back({r, std::move(what)});
    return static_cast<int32_t>(p.checks.size() - 1);
  };
  // When several checks fail at once the lowest wins, so causes come first: a bad Poisson mean before the state
  // it then turns into NaN.
  for (const auto& d : m.draws)
    p.drawCheck.push_back(d.kind == ir::DrawKind::Poisson
                                ? addCheck(d.range, "the mean of poisson() is negative, NaN or above 700")
                                : -1);
  for (const auto& s : m.states)
    p.stateCheck.push_back(s.update ? addCheck(s.updateRange, "'" + s.name + "' became NaN or infinite") : -1);
  p.firstOutputCheck = static_cast<uint32_t>(p.checks.size());
  for (const auto& o : m.outputs) p.checks.push_back({o.range, "'" + o.label + "' is NaN or infinite on a path"});
  return true;
}

}  // namespace sitc::plan
