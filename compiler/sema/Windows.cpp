// Per-window values seen whole: `monthly[3]` (one window) and sum/average/maximum/minimum/last of a per-window
// value (its windows combined: `sum(3000 Mtok * (monthly - 1.5 USD/Mtok))`). Both give one value per path.
#include <cmath>

#include "sema/Builtins.h"
#include "sema/Elaborator.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

namespace {
ExprPtr wrap(Op op, uint32_t index, ExprPtr x, Type t, const SourceRange& r) {
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(x));
  ExprPtr e = ir::makeNode(op, std::move(kids), std::move(t), r);
  e->index = index;
  return e;
}

const char* perWhat(const ir::Expr& x) {
  switch (x.var) {
    case Variability::Const:
    case Variability::Param: return "a constant";
    case Variability::Step: return "one value per step";
    case Variability::Path: break;
  }
  return "one value per path";
}
}  // namespace

// Does `e` use a value known only at the path's end (a scenario let of one, or an aggregate)? Then an aggregate
// around it combines windows rather than steps.
bool Elaborator::mentionsPathValue(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Name && e.member.name.empty()) {
    auto it = lets_.find(e.name.name);
    if (it == lets_.end() || it->second.status == LetEntry::Busy) return false;
    ExprPtr v = scenarioLet(it->second);
    return v && v->var == Variability::Path;
  }
  if (e.kind == ast::ExprKind::Call && findAggregate(e.name.name)) return true;
  for (const auto& a : e.args)
    if (a.value && mentionsPathValue(*a.value)) return true;
  for (const auto& k : e.kids)
    if (k && mentionsPathValue(*k)) return true;
  return false;
}

ExprPtr Elaborator::windowAt(const ast::Expr& e, const Scope& s) {
  ExprPtr x = expr(*e.kids[0], s);
  if (x->type.isError()) return x;
  if (x->type.windows == 0) {
    diags_.report(Diag::IndexNotPerWindow, e.kids[0]->range, {perWhat(*x)});
    return error();
  }
  ExprPtr k = constant(*e.kids[1], "a window index");
  if (k->type.isError()) return error();
  const uint32_t n = x->type.windows;
  if (!k->type.isReal() || !k->type.dim.dimensionless() || k->value != std::floor(k->value) || k->value < 1 ||
      k->value > n) {
    diags_.report(Diag::WindowIndexRange, e.kids[1]->range, {std::to_string(n)});
    return error();
  }
  Type t = x->type;
  t.windows = 0;
  return wrap(Op::At, static_cast<uint32_t>(k->value) - 1, std::move(x), std::move(t), e.range);
}

ExprPtr Elaborator::overWindows(const ast::Expr& e, ir::AggKind k, const Scope& s) {
  ExprPtr x = expr(*e.args[0].value, s);
  if (x->type.isError()) return x;
  const uint32_t n = x->type.windows;
  if (n == 0) {
    diags_.report(Diag::WindowReductionOfPathValue, e.args[0].value->range, {e.name.name});
    return error();
  }
  // A value that changes every step would be taken at the path's end here, not summed over steps: refuse it
  // rather than give `sum(TPI * monthly)` a meaning nobody wants.
  bool stepValue = false;
  ir::walk(*x, [&](const ir::Expr& leaf) { stepValue |= ir::isLeaf(leaf.op) && leaf.var == Variability::Step; });
  if (stepValue) {
    diags_.report(Diag::WindowReductionOfStepValue, e.args[0].value->range, {e.name.name});
    return error();
  }
  Type t = x->type;
  t.windows = 0;
  if (k == ir::AggKind::Last) return wrap(Op::At, n - 1, std::move(x), std::move(t), e.range);
  if (t.isBool()) t = Type::real(), x->type.kind = t.kind;  // sum counts the windows, average is their share
  return wrap(Op::OverWindows, static_cast<uint32_t>(k), std::move(x), std::move(t), e.range);
}

}  // namespace sitc::sema
