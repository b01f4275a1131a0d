// The expand-powers pass. Sema keeps `x ^ c` as written (so --emit=checked shows the spec's powers); this pass, the
// first on a plan, rewrites every power whose exponent is a constant that ir::powerExpands accepts: x ^ 0.5 is
// sqrt(x); x ^ n for a whole n with 1 <= |n| <= 8 is ((x * x) * x) ... (1 / that for n < 0), with a non-leaf x bound
// once by a let. The constant folder and sema's compile-time evaluators compute such powers by ir::constantPower,
// which is this product, so a value folded at compile time equals the one a run computes. Later passes (curves,
// lazy draws) see the products.
#include "plan/passes/Powers.h"

#include <algorithm>
#include <cmath>

namespace sitc::plan {

using ir::ExprPtr;
using ir::Op;

namespace {

ExprPtr node(Op op, ExprPtr a, ExprPtr b, const Type& t, const SourceRange& r) {
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(a));
  if (b) kids.push_back(std::move(b));
  return ir::foldConstants(ir::makeNode(op, std::move(kids), t, r));
}

class Expander {
 public:
  explicit Expander(uint32_t firstLocal) : nextLocal_(firstLocal) {}

  void rewrite(ExprPtr& e) {
    for (auto& a : e->args) rewrite(a);
    if (e->op == Op::Pow && e->args[1]->op == Op::Const && ir::powerExpands(e->args[1]->value)) e = expand(*e);
  }

 private:
  ExprPtr expand(ir::Expr& pow) {
    double c = pow.args[1]->value;
    const Type& t = pow.type;
    ExprPtr base = std::move(pow.args[0]);
    if (c == 0.5) return node(Op::Sqrt, std::move(base), nullptr, t, pow.range);
    bool leaf = ir::isLeaf(base->op);
    uint32_t id = leaf ? 0 : nextLocal_++;
    ExprPtr holder = leaf ? ir::clone(*base) : ir::makeLeaf(Op::Local, id, base->type, base->var, base->range);
    ExprPtr prod = ir::clone(*holder);
    for (int i = 1; i < static_cast<int>(std::fabs(c)); ++i)
      prod = node(Op::Mul, std::move(prod), ir::clone(*holder), t, pow.range);
    if (c < 0) prod = node(Op::Div, ir::makeConst(1, Type::real()), std::move(prod), t, pow.range);
    prod->type = t;
    if (leaf) return prod;
    ExprPtr let = node(Op::Let, std::move(base), std::move(prod), t, pow.range);
    let->index = id;
    return let;
  }

  uint32_t nextLocal_;
};

}  // namespace

bool expandPowers(Plan& p, DiagEngine&) {
  uint32_t firstLocal = 0;  // above every let sema made (inlined function calls)
  ir::forEachExpr(p.model, [&](ExprPtr& e) {
    ir::walk(*e, [&](const ir::Expr& n) {
      if (n.op == Op::Let || n.op == Op::Local) firstLocal = std::max(firstLocal, n.index + 1);
    });
  });
  Expander x(firstLocal);
  ir::forEachExpr(p.model, [&](ExprPtr& e) { x.rewrite(e); });
  return true;
}

}  // namespace sitc::plan
