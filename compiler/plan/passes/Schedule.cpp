#include "plan/passes/Schedule.h"

#include <set>
#include <utility>

namespace sitc::plan {

using ir::Op;

namespace {

// Depth-first topological order over nodes (isState, index), following the leaves their expressions reference.
class Orderer {
 public:
  Orderer(const ir::Model& m, DiagEngine& d, bool includeStates) : m_(m), diags_(d), states_(includeStates) {}

  bool visit(InitItem n, std::vector<InitItem>& order) {
    auto key = std::make_pair(n.isState, n.index);
    if (done_.count(key)) return true;
    if (busy_.count(key)) {
      std::string name = n.isState ? m_.states[n.index].name : m_.temps[n.index].name;
      diags_.report(Diag::CircularDefinition, n.isState ? m_.states[n.index].range : m_.temps[n.index].range, {name});
      return false;
    }
    busy_.insert(key);
    const ir::Expr& e = n.isState ? *m_.states[n.index].init : *m_.temps[n.index].expr;
    bool ok = true;
    ir::walk(e, [&](const ir::Expr& x) {
      if (!ok) return;
      if (x.op == Op::Temp && m_.temps[x.index].stage == ir::Stage::Observed) ok = visit({false, x.index}, order);
      if (x.op == Op::State && states_) ok = visit({true, x.index}, order);
    });
    busy_.erase(key);
    done_.insert(key);
    order.push_back(n);
    return ok;
  }

 private:
  const ir::Model& m_;
  DiagEngine& diags_;
  bool states_;
  std::set<std::pair<bool, uint32_t>> busy_, done_;
};

}  // namespace

bool scheduleEvaluation(Plan& p, DiagEngine& diags) {
  const ir::Model& m = p.model;
  // t = 0: states and observed temporaries together (an initial value may use another instance's value).
  {
    Orderer o(m, diags, true);
    for (uint32_t i = 0; i < m.states.size(); ++i) o.visit({true, i}, p.init);
    for (uint32_t i = 0; i < m.temps.size(); ++i)
      if (m.temps[i].stage == ir::Stage::Observed) o.visit({false, i}, p.init);
  }
  // After each step the states are known; only observed temporaries are ordered.
  {
    Orderer o(m, diags, false);
    std::vector<InitItem> order;
    for (uint32_t i = 0; i < m.temps.size(); ++i)
      if (m.temps[i].stage == ir::Stage::Observed) o.visit({false, i}, order);
    for (const auto& it : order) p.observed.push_back(it.index);
  }
  for (uint32_t i = 0; i < m.temps.size(); ++i)
    if (m.temps[i].stage == ir::Stage::StepStart) p.stepTemps.push_back(i);
  return true;  // its errors do not stop the later passes
}

}  // namespace sitc::plan
