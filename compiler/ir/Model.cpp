#include "ir/Model.h"

#include <algorithm>

namespace sitc::ir {

uint64_t emittedCopies(const Model& m, const Expr& e) {
  if (e.op == Op::Temp && m.temps[e.index].stage == Stage::PathEnd) return emittedCopies(m, *m.temps[e.index].expr);
  if (e.op == Op::OverWindows) return e.args[0]->type.windows;
  uint64_t n = 0;
  for (const auto& a : e.args) n += emittedCopies(m, *a);
  return n;
}

uint32_t outputColumns(const OutputInfo& o) {
  if (!o.expr) return 0;
  return o.expr->op == Op::Pair ? 2 : std::max<uint32_t>(1, o.type.windows);
}

uint32_t Model::addAggregate(AggInfo a) {
  for (size_t i = 0; i < aggs.size(); ++i) {
    const AggInfo& b = aggs[i];
    if (b.kind == a.kind && b.window == a.window && b.windows == a.windows && sameExpr(*b.input, *a.input))
      return static_cast<uint32_t>(i);
  }
  aggs.push_back(std::move(a));
  return static_cast<uint32_t>(aggs.size() - 1);
}

void forEachExpr(Model& m, const std::function<void(ExprPtr&)>& f) {
  auto visit = [&](ExprPtr& e) {
    if (e) f(e);
  };
  for (auto& s : m.states) visit(s.init), visit(s.update);
  for (auto& t : m.temps) visit(t.expr);
  for (auto& a : m.aggs) visit(a.input);
  for (auto& i : m.instances) visit(i.forward);
  for (auto& h : m.hedges) visit(h.underlying), visit(h.forward);
  for (auto& o : m.outputs) visit(o.expr);
  for (auto& r : m.requirements) visit(r.cond);
  for (auto& v : m.pathValues) visit(v.expr);
  for (auto& v : m.observables) visit(v.expr);
}

}  // namespace sitc::ir
