// The curves pass. Hedges price every live contract period every day from the underlying's forward(tau), summed
// over each period's remaining delivery days: hundreds of forward evaluations per step if done directly. This
// pass writes each forward in the separable form the runtime's curve evaluates cheaply (runtime curve.h),
//   F(tau) = sum_i P_i T_i(tau) + Pc Tc(tau) exp(Q U(tau)),
// with P_i, Pc and Q expressions of the path (evaluated each day) and T_i, Tc and U of tau and run constants
// (tabulated once per run, per lag). Sums, differences, products, quotients by a factor of one kind, and exp of
// a sum with at most one mixed product are separable; so are the stdlib's forwards (gbm, ou, ou_log, mrjd,
// growth) and the usual closed forms. A forward that is not is a compile error that says so.
//
// Hedges on the same underlying with the same contract periods and settlement share one curve.
#include <map>
#include <optional>
#include <tuple>

#include "plan/passes/Curves.h"

#include "sitrt/curve.h"
#include "sitrt/limits.h"

namespace sitc::plan {

using ir::ExprPtr;
using ir::Op;

namespace {

// What an expression depends on: nothing that changes (constants, params, dt), tau, the path, or both.
enum class Dep { None, Tau, Path, Mixed };

Dep depOf(const ir::Expr& e) {
  switch (e.op) {
    case Op::Tau: return Dep::Tau;
    case Op::Const: case Op::Param: case Op::Dt: return Dep::None;
    default:
      if (ir::isLeaf(e.op)) return Dep::Path;
      Dep d = Dep::None;
      for (const auto& a : e.args) {
        Dep x = depOf(*a);
        if (x == Dep::None) continue;
        if (d == Dep::None) d = x;
        else if (d != x) return Dep::Mixed;
      }
      return d;
  }
}

ExprPtr node(Op op, ExprPtr a, ExprPtr b = nullptr) {
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(a));
  if (b) kids.push_back(std::move(b));
  return ir::foldConstants(ir::makeNode(op, std::move(kids), Type::real()));
}
ExprPtr one() { return ir::makeConst(1, Type::real()); }
ExprPtr times(ExprPtr a, ExprPtr b) {  // null stands for 1
  if (!a) return b;
  if (!b) return a;
  return node(Op::Mul, std::move(a), std::move(b));
}
ExprPtr plus(ExprPtr a, ExprPtr b) {  // null stands for 0
  if (!a) return b;
  if (!b) return a;
  return node(Op::Add, std::move(a), std::move(b));
}
ExprPtr cloneOr(const ExprPtr& e) { return e ? ir::clone(*e) : nullptr; }

// p * t * exp(q * u); null p / t stand for 1, null q for no exponential factor.
struct Term {
  ExprPtr p, t, q, u;
  Term copy() const { return {cloneOr(p), cloneOr(t), cloneOr(q), cloneOr(u)}; }
};
using Sum = std::vector<Term>;
constexpr size_t kMaxTerms = 16;

// A factor of one kind joins the path side or the tau side (constants: the tau side, where they cost nothing).
void scale(Term& term, const ir::Expr& f, Dep d) {
  if (d == Dep::Path) term.p = times(std::move(term.p), ir::clone(f));
  else term.t = times(std::move(term.t), ir::clone(f));
}

std::optional<Sum> decompose(const ir::Expr& e);

std::optional<Sum> product(Sum a, Sum b) {
  Sum out;
  for (const Term& x : a)
    for (const Term& y : b) {
      if (x.q && y.q) return std::nullopt;  // two exponential couplings in one term
      out.push_back({times(cloneOr(x.p), cloneOr(y.p)), times(cloneOr(x.t), cloneOr(y.t)),
                     cloneOr(x.q ? x.q : y.q), cloneOr(x.q ? x.u : y.u)});
      if (out.size() > kMaxTerms) return std::nullopt;
    }
  return out;
}

std::optional<Sum> decompose(const ir::Expr& e) {
  Dep d = depOf(e);
  if (d != Dep::Mixed) {
    Term t;
    scale(t, e, d);
    Sum s;
    s.push_back(std::move(t));
    return s;
  }
  switch (e.op) {
    case Op::Add:
    case Op::Sub: {
      auto a = decompose(*e.args[0]), b = decompose(*e.args[1]);
      if (!a || !b || a->size() + b->size() > kMaxTerms) return std::nullopt;
      for (Term& t : *b) {
        if (e.op == Op::Sub) t.t = times(std::move(t.t), ir::makeConst(-1, Type::real()));
        a->push_back(std::move(t));
      }
      return a;
    }
    case Op::Neg: {
      auto a = decompose(*e.args[0]);
      if (a)
        for (Term& t : *a) t.t = times(std::move(t.t), ir::makeConst(-1, Type::real()));
      return a;
    }
    case Op::Mul: {
      auto a = decompose(*e.args[0]), b = decompose(*e.args[1]);
      if (!a || !b) return std::nullopt;
      return product(std::move(*a), std::move(*b));
    }
    case Op::Div: {
      Dep db = depOf(*e.args[1]);
      if (db == Dep::Mixed) return std::nullopt;
      auto a = decompose(*e.args[0]);
      if (!a) return std::nullopt;
      ExprPtr inv = node(Op::Div, one(), ir::clone(*e.args[1]));
      for (Term& t : *a) scale(t, *inv, db);
      return a;
    }
    case Op::Exp: {
      auto a = decompose(*e.args[0]);
      if (!a) return std::nullopt;
      ExprPtr pathSum, tauSum;
      Term out;
      for (Term& t : *a) {
        if (t.q) return std::nullopt;  // exp of an exp coupling
        // A constant factor belongs to whichever side the term depends on.
        if (t.t && t.p && depOf(*t.t) == Dep::None) t.p = times(std::move(t.p), std::move(t.t));
        if (t.t && t.p && depOf(*t.p) == Dep::None) t.t = times(std::move(t.t), std::move(t.p));
        if (!t.t) pathSum = plus(std::move(pathSum), t.p ? std::move(t.p) : one());
        else if (!t.p) tauSum = plus(std::move(tauSum), std::move(t.t));
        else if (out.q) return std::nullopt;  // two mixed products in one exponent
        else out.q = std::move(t.p), out.u = std::move(t.t);
      }
      if (pathSum) out.p = node(Op::Exp, std::move(pathSum));
      if (tauSum) out.t = node(Op::Exp, std::move(tauSum));
      Sum s;
      s.push_back(std::move(out));
      return s;
    }
    default: return std::nullopt;  // sqrt, log, pow, ... of a mix of tau and the path
  }
}

// The forward with every let substituted, so that its parts can be moved apart. Substitution can grow a
// forward exponentially (nested calls of a function that uses its argument twice), so it stops, returning null,
// once it has produced `budget` nodes.
ExprPtr inlineLets(const ir::Expr& e, std::map<uint32_t, const ir::Expr*>& env, uint64_t& budget) {
  if (budget == 0) return nullptr;
  --budget;
  if (e.op == Op::Local) {
    auto it = env.find(e.index);
    return it != env.end() ? inlineLets(*it->second, env, budget) : ir::clone(e);
  }
  if (e.op == Op::Let) {
    auto saved = env.count(e.index) ? env[e.index] : nullptr;
    env[e.index] = e.args[0].get();
    ExprPtr body = inlineLets(*e.args[1], env, budget);
    if (saved) env[e.index] = saved;
    else env.erase(e.index);
    return body;
  }
  auto c = std::make_unique<ir::Expr>();
  c->op = e.op, c->value = e.value, c->index = e.index, c->type = e.type, c->var = e.var, c->range = e.range;
  for (const auto& a : e.args) {
    c->args.push_back(inlineLets(*a, env, budget));
    if (!c->args.back()) return nullptr;
  }
  return c;
}

}  // namespace

bool buildCurves(Plan& p, DiagEngine& diags) {
  const ir::Model& m = p.model;
  for (const auto& h : m.hedges)
    if (!h.forward) {
      diags.report(Diag::InternalHedgeWithoutForward, h.range, {h.name});
      return false;
    }
  std::map<std::tuple<uint32_t, bool, std::vector<int64_t>>, uint32_t> byKey;
  uint64_t n = m.steps + 1;
  bool ok = true;
  for (size_t h = 0; h < m.hedges.size(); ++h) {
    const ir::HedgeInfo& info = m.hedges[h];
    HedgePlan& hp = p.hedges[h];
    auto key = std::make_tuple(info.instance, info.contract.averageSettlement, hp.ends);
    if (auto it = byKey.find(key); it != byKey.end()) {
      hp.curve = it->second;
      continue;
    }
    if (!info.forward) continue;
    std::map<uint32_t, const ir::Expr*> env;
    uint64_t budget = sitrt::limits::kMaxForwardExpansion;
    ExprPtr fwd = inlineLets(*info.forward, env, budget);
    if (!fwd) {
      diags.report(Diag::ForwardTooLarge, info.forward->range, {std::to_string(sitrt::limits::kMaxForwardExpansion)});
      ok = false;
      continue;
    }
    auto sum = decompose(*fwd);
    CurvePlan c;
    c.instance = info.instance;
    c.average = info.contract.averageSettlement;
    c.ends = hp.ends;
    c.underlying = ir::clone(*info.underlying);
    Sum none;
    for (Term& t : sum ? *sum : none) {
      if (!t.q) {
        c.terms.push_back({std::move(t.p), t.t ? std::move(t.t) : one()});
      } else if (!c.coupledQ) {
        c.coupledPath = std::move(t.p), c.coupledTau = t.t ? std::move(t.t) : one();
        c.coupledQ = std::move(t.q), c.coupledU = std::move(t.u);
      } else {
        sum.reset();  // two coupled terms
        break;
      }
    }
    if (!sum || c.terms.size() > sitrt::kMaxCurveTerms) {
      auto* d = diags.report(Diag::ForwardNotSeparable, info.forward->range, {std::to_string(sitrt::kMaxCurveTerms)});
      DiagEngine::note(d, Diag::HedgeNeedsIt, info.range, {info.name});
      ok = false;
      continue;
    }
    c.lagOffset = p.lagSize;
    p.lagSize += static_cast<uint32_t>((c.terms.size() + (c.coupledQ ? 2 : 0)) * n);
    hp.curve = static_cast<uint32_t>(p.curves.size());
    byKey.emplace(key, hp.curve);
    p.curves.push_back(std::move(c));
  }
  return ok;
}

}  // namespace sitc::plan
