#include "ir/Expr.h"

#include <cmath>
#include <cstring>

#include "sitrt/format.h"
#include "sitrt/math.h"

namespace sitc {

const char* variabilityName(Variability v) {
  switch (v) {
    case Variability::Const: return "const";
    case Variability::Param: return "param";
    case Variability::Step: return "step";
    case Variability::Path: return "path";
  }
  return "?";
}

namespace ir {

const char* opName(Op op) {
  static const char* names[] = {"const", "param", "state", "temp", "local", "t", "dt", "normal", "uniform", "agg",
                                "tau", "hedge",
                                "poisson", "neg", "not", "+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==", "!=",
                                "and", "or", "select", "exp", "log", "sqrt", "abs", "min", "max", "floor", "ceil",
                                "let", "at", "over_windows", "pair"};
  return names[static_cast<int>(op)];
}

bool isLeaf(Op op) { return op <= Op::Hedge; }

Op windowCombiner(uint32_t aggKind) {
  switch (aggKind) {
    case 2: return Op::Max;  // AggKind::Maximum
    case 3: return Op::Min;  // AggKind::Minimum
    default: return Op::Add;  // Sum, and Average before its division by the count
  }
}

const char* hedgeValueName(HedgeValue v, bool seller) {
  static const char* names[] = {"cost_unhedged", "cost_hedged", "hedge_gain", "margin_calls",
                                "peak_variation_margin", "locked_days", "transaction_costs", "capped_days",
                                "funding_cost", "premium_paid"};
  if (seller && v == HedgeValue::Unhedged) return "revenue_unhedged";
  if (seller && v == HedgeValue::Hedged) return "revenue_hedged";
  return names[static_cast<int>(v)];
}

ExprPtr makeConst(double v, Type t, SourceRange r) {
  auto e = std::make_unique<Expr>();
  e->op = Op::Const;
  e->value = v;
  e->type = std::move(t);
  e->range = r;
  return e;
}

ExprPtr makeLeaf(Op op, uint32_t index, Type t, Variability v, SourceRange r) {
  auto e = std::make_unique<Expr>();
  e->op = op;
  e->index = index;
  e->type = std::move(t);
  e->var = v;
  e->range = r;
  return e;
}

ExprPtr makeNode(Op op, std::vector<ExprPtr> args, Type t, SourceRange r) {
  auto e = std::make_unique<Expr>();
  e->op = op;
  e->type = std::move(t);
  e->range = r;
  for (const auto& a : args) e->var = join(e->var, a->var);
  e->args = std::move(args);
  return e;
}

uint64_t countNodes(const Expr& e, uint64_t cap) {
  uint64_t n = 1;
  for (const auto& a : e.args) {
    if (n >= cap) break;
    n += countNodes(*a, cap - n);
  }
  return n;
}

ExprPtr clone(const Expr& e) {
  auto c = std::make_unique<Expr>();
  c->op = e.op;
  c->value = e.value;
  c->index = e.index;
  c->type = e.type;
  c->var = e.var;
  c->range = e.range;
  for (const auto& a : e.args) c->args.push_back(clone(*a));
  return c;
}

double applyScalar(Op op, const double* a) {
  switch (op) {
    case Op::Neg: return -a[0];
    case Op::Not: return a[0] != 0 ? 0.0 : 1.0;
    case Op::Add: return a[0] + a[1];
    case Op::Sub: return a[0] - a[1];
    case Op::Mul: return a[0] * a[1];
    case Op::Div: return a[0] / a[1];
    case Op::Pow: return sitrt::sitPow(a[0], a[1]);
    case Op::Lt: return a[0] < a[1];
    case Op::Le: return a[0] <= a[1];
    case Op::Gt: return a[0] > a[1];
    case Op::Ge: return a[0] >= a[1];
    case Op::Eq: return a[0] == a[1];
    case Op::Ne: return a[0] != a[1];
    case Op::And: return (a[0] != 0) && (a[1] != 0);
    case Op::Or: return (a[0] != 0) || (a[1] != 0);
    case Op::Select: return a[0] != 0 ? a[1] : a[2];
    case Op::Exp: return sitrt::sitExp(a[0]);
    case Op::Log: return sitrt::sitLog(a[0]);
    case Op::Sqrt: return std::sqrt(a[0]);
    case Op::Abs: return std::fabs(a[0]);
    case Op::Min: return a[0] < a[1] ? a[0] : a[1];
    case Op::Max: return a[0] > a[1] ? a[0] : a[1];
    case Op::Floor: return std::floor(a[0]);
    case Op::Ceil: return std::ceil(a[0]);
    default: return NAN;  // leaves, Poisson and Let have no scalar meaning on their own
  }
}

bool powerExpands(double c) { return c == 0.5 || (c == std::round(c) && std::fabs(c) >= 1 && std::fabs(c) <= 8); }

double constantPower(double x, double c) {
  if (!powerExpands(c)) return sitrt::sitPow(x, c);
  if (c == 0.5) return std::sqrt(x);
  double p = x;
  for (int i = 1; i < static_cast<int>(std::fabs(c)); ++i) p = p * x;
  return c < 0 ? 1 / p : p;
}

double applyNode(const Expr& e, const double* args) {
  if (e.op == Op::Pow && e.args[1]->op == Op::Const) return constantPower(args[0], args[1]);
  return applyScalar(e.op, args);
}

std::optional<double> evaluate(const Expr& e, const std::function<std::optional<double>(const Expr&)>& leaf) {
  if (e.op == Op::Const) return e.value;
  if (isLeaf(e.op)) return leaf(e);
  if (e.op == Op::Poisson || e.op == Op::Let || e.op >= Op::At || e.args.size() > 3)
    return std::nullopt;
  double a[3] = {0, 0, 0};
  for (size_t i = 0; i < e.args.size(); ++i) {
    auto v = evaluate(*e.args[i], leaf);
    if (!v) return std::nullopt;
    a[i] = *v;
  }
  return applyNode(e, a);
}

ExprPtr foldConstants(ExprPtr e) {
  if (isLeaf(e->op) || e->op == Op::Poisson || e->op == Op::Let || e->op >= Op::At)  // At, OverWindows, Pair
    return e;
  // Identities that are exact in IEEE arithmetic for every x (NaN, infinities and -0 included): x*1, 1*x, x/1.
  auto isOne = [](const ExprPtr& a) { return a->op == Op::Const && a->value == 1.0; };
  if ((e->op == Op::Mul || e->op == Op::Div) && isOne(e->args[1]) && !e->args[0]->type.isBool()) {
    ExprPtr x = std::move(e->args[0]);
    x->type = e->type;
    return x;
  }
  if (e->op == Op::Mul && isOne(e->args[0]) && !e->args[1]->type.isBool()) {
    ExprPtr x = std::move(e->args[1]);
    x->type = e->type;
    return x;
  }
  double vals[3] = {0, 0, 0};
  for (size_t i = 0; i < e->args.size(); ++i) {
    if (e->args[i]->op != Op::Const) return e;
    vals[i] = e->args[i]->value;
  }
  return makeConst(applyNode(*e, vals), e->type, e->range);
}

bool sameExpr(const Expr& a, const Expr& b) {
  if (a.op != b.op || a.index != b.index || a.args.size() != b.args.size()) return false;
  if (a.op == Op::Const && std::memcmp(&a.value, &b.value, sizeof a.value) != 0) return false;
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!sameExpr(*a.args[i], *b.args[i])) return false;
  return true;
}

void walk(const Expr& e, const std::function<void(const Expr&)>& f) {
  for (const auto& a : e.args) walk(*a, f);
  f(e);
}

static std::string num(double v) { return sitrt::formatDigits(v, 17); }

std::string print(const Expr& e, const Namer& name) {
  auto p = [&](size_t i) { return print(*e.args[i], name); };
  switch (e.op) {
    case Op::Const: return num(e.value);
    case Op::Param:
    case Op::State:
    case Op::Temp:
    case Op::Agg:
    case Op::Normal:
    case Op::Uniform: return name(e.op, e.index);
    case Op::Local: return "%" + std::to_string(e.index);
    case Op::Tau: return "tau";
    case Op::Hedge: return name(e.op, e.index);
    case Op::Time: return "t";
    case Op::Dt: return "dt";
    case Op::Poisson: return name(e.op, e.index) + "(" + p(0) + ")";
    case Op::Neg: return "(-" + p(0) + ")";
    case Op::Not: return "(not " + p(0) + ")";
    case Op::Select: return "(if " + p(0) + " then " + p(1) + " else " + p(2) + ")";
    case Op::Let: return "(let %" + std::to_string(e.index) + " = " + p(0) + " in " + p(1) + ")";
    case Op::At: return p(0) + "[" + std::to_string(e.index + 1) + "]";
    case Op::Pair: return "pair(" + p(0) + ", " + p(1) + ")";
    case Op::OverWindows: {
      static const char* kinds[] = {"sum", "average", "maximum", "minimum"};
      return std::string(kinds[e.index]) + "_over_windows(" + p(0) + ")";
    }
    case Op::Exp: case Op::Log: case Op::Sqrt: case Op::Abs: case Op::Floor: case Op::Ceil:
      return std::string(opName(e.op)) + "(" + p(0) + ")";
    case Op::Min: case Op::Max:
      return std::string(opName(e.op)) + "(" + p(0) + ", " + p(1) + ")";
    default: return "(" + p(0) + " " + opName(e.op) + " " + p(1) + ")";
  }
}

}  // namespace ir
}  // namespace sitc
