// The lazy-draws pass. A normal() whose only use is one factor of a product whose other factor depends on a
// Poisson draw, such as a jump size sqrt(n) * sigmaJ * normal() with n ~ Poisson(lambda dt), is needed only where
// that factor is not zero: on 1% of the path-steps of a typical jump process. Kernels evaluate such a draw only
// for blocks of paths where some lane needs it, and elsewhere use a zero with the normal's sign (normIcdf(u) has
// the sign of u - 1/2), so the product, a signed zero either way, is bit-identical to the eager one. Other
// normals are cheaper made eagerly, all together (draws.h). Correlated normals are mixed before use and are
// never lazy.
#include <map>

#include "plan/passes/LazyDraws.h"


namespace sitc::plan {

using ir::Op;

namespace {

class Scan {
 public:
  explicit Scan(const ir::Model& m) : m_(m), uses_(m.draws.size(), 0), guarded_(m.draws.size(), 0) {}

  void expr(const ir::Expr& e) {
    if (e.op == Op::Normal) ++uses_[e.index];
    if (e.op == Op::Mul)
      for (int i = 0; i < 2; ++i)
        if (e.args[i]->op == Op::Normal && poissonIn(*e.args[1 - i])) ++guarded_[e.args[i]->index];
    if (e.op == Op::Let) {  // the binding is in scope in the body only
      expr(*e.args[0]);
      auto saved = lets_.count(e.index) ? lets_[e.index] : nullptr;
      lets_[e.index] = e.args[0].get();
      expr(*e.args[1]);
      if (saved) lets_[e.index] = saved;
      else lets_.erase(e.index);
      return;
    }
    for (const auto& a : e.args) expr(*a);
  }

  bool lazy(size_t d) const { return uses_[d] == 1 && guarded_[d] == 1; }

 private:
  // Whether a Poisson draw feeds e (through lets and temporaries too).
  bool poissonIn(const ir::Expr& e) {
    switch (e.op) {
      case Op::Poisson: return true;
      case Op::Local: {
        auto it = lets_.find(e.index);
        return it != lets_.end() && poissonIn(*it->second);
      }
      case Op::Temp: {
        auto [it, fresh] = temps_.emplace(e.index, false);
        if (fresh) it->second = poissonIn(*m_.temps[e.index].expr);
        return it->second;
      }
      default:
        for (const auto& a : e.args)
          if (poissonIn(*a)) return true;
        return false;
    }
  }

  const ir::Model& m_;
  std::vector<uint32_t> uses_, guarded_;
  std::map<uint32_t, const ir::Expr*> lets_;
  std::map<uint32_t, bool> temps_;
};

}  // namespace

bool markLazyDraws(Plan& p, DiagEngine&) {
  const ir::Model& m = p.model;
  Scan scan(m);
  auto visit = [&](const ir::ExprPtr& e) {
    if (e) scan.expr(*e);
  };
  for (const auto& s : m.states) visit(s.init), visit(s.update);
  for (const auto& t : m.temps) visit(t.expr);
  for (const auto& a : m.aggs) visit(a.input);
  for (const auto& o : m.outputs) visit(o.expr);
  for (const auto& h : m.hedges) visit(h.underlying), visit(h.forward);
  p.lazyNormal.assign(m.draws.size(), false);
  for (size_t d = 0; d < m.draws.size(); ++d)
    p.lazyNormal[d] = m.draws[d].kind == ir::DrawKind::Normal && scan.lazy(d);
  for (uint32_t c : p.correlated) p.lazyNormal[c] = false;
  return true;
}

}  // namespace sitc::plan
