// A hedge evaluates its underlying's forward(tau) for every remaining day of every live contract period, every
// day: hundreds of evaluations per step. Most of a closed-form forward depends only on tau and run-time constants
// (exp(-kappa tau), the variance term, ...). This pass lifts each such maximal subtree into a table indexed by
// the lag j (tau = j dt), filled once per kernel call, so a forward evaluation costs little more than its final
// exp. Tables hold exactly the values the subtree computes, so results do not change.
#include "plan/Plan.h"

namespace sitc::plan {

using ir::Op;

namespace {

constexpr uint64_t kMaxTabulatedSteps = 1 << 16;  // tables live on the kernel's stack: steps+1 doubles each
constexpr size_t kMaxTables = 16;

// True when `e` depends only on tau and values that are constant over a run.
bool tauOnly(const ir::Expr& e, bool& usesTau) {
  switch (e.op) {
    case Op::Tau: usesTau = true; return true;
    case Op::Const: case Op::Param: case Op::Dt: return true;
    case Op::Let: case Op::Local: case Op::Poisson: case Op::Normal: case Op::Uniform: return false;
    default:
      if (ir::isLeaf(e.op)) return false;
      for (const auto& a : e.args)
        if (!tauOnly(*a, usesTau)) return false;
      return true;
  }
}

void lift(ir::ExprPtr& e, Plan& p) {
  bool usesTau = false;
  if (!ir::isLeaf(e->op) && tauOnly(*e, usesTau) && usesTau && p.tauTables.size() < kMaxTables) {
    auto leaf = ir::makeLeaf(Op::TauTable, static_cast<uint32_t>(p.tauTables.size()), e->type, e->var, e->range);
    p.tauTables.push_back(std::move(e));
    e = std::move(leaf);
    return;
  }
  for (auto& a : e->args) lift(a, p);
}

}  // namespace

void tabulateForwards(Plan& p) {
  if (p.model.steps > kMaxTabulatedSteps) return;
  for (auto& h : p.model.hedges)
    if (h.forward) lift(h.forward, p);
}

}  // namespace sitc::plan
