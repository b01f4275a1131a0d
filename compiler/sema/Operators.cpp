// Operators and their unit rules: + - need the same unit, * / combine units, ^ takes a constant rational exponent,
// comparisons give booleans; constants fold as they are built.
#include <cmath>

#include "sema/DisplayUnits.h"
#include "sema/Builtins.h"
#include "sema/Elaborator.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

// --- operators -------------------------------------------------------------------------------------------------

ExprPtr Elaborator::power(ExprPtr base, ExprPtr ex, const SourceRange& whole, const SourceRange& rb) {
  if (!ex->type.dim.dimensionless()) {
    diags_.report(Diag::ExponentNotDimensionless, rb, {unitName(ex->type)});
    return error();
  }
  Type t = base->type;
  t.windows = std::max(base->type.windows, ex->type.windows);
  if (!base->type.dim.dimensionless()) {
    if (ex->op != Op::Const) {
      diags_.report(Diag::UnitPowerNotConstant, whole, {unitName(base->type)});
      return error();
    }
    auto r = rationalFrom(ex->value);
    if (!r) {
      diags_.report(Diag::UnitPowerNotFraction, rb);
      return error();
    }
    t.dim = base->type.dim.pow(*r);
    t.display = powDisplay(base->type.display, *r, units_);
  } else {
    t.display = {};
  }
  // A constant power stays a power here; the expand-powers plan pass (plan/passes/Powers.cpp) writes it as the
  // products every evaluator computes.
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(base));
  kids.push_back(std::move(ex));
  return ir::foldConstants(ir::makeNode(Op::Pow, std::move(kids), t, whole));
}

std::optional<uint32_t> Elaborator::combinedWindows(std::initializer_list<const ir::Expr*> parts, const SourceRange& whole) {
  uint32_t windows = 0;
  for (const ir::Expr* p : parts) {
    if (p->type.windows && windows && p->type.windows != windows) {
      diags_.report(Diag::WindowCountsDiffer, whole, {std::to_string(windows), std::to_string(p->type.windows)});
      return std::nullopt;
    }
    windows = std::max(windows, p->type.windows);
  }
  return windows;
}

ExprPtr Elaborator::binaryOp(ast::BinOp op, ExprPtr a, ExprPtr b, const SourceRange& whole, const SourceRange& ra,
                             const SourceRange& rb) {
  using B = ast::BinOp;
  if (a->type.isError() || b->type.isError()) return error();
  auto explain = [&](Diagnostic* d) {
    DiagEngine::note(d, Diag::OperandUnitIs, ra, {unitName(a->type)});
    DiagEngine::note(d, Diag::OperandUnitIs, rb, {unitName(b->type)});
    return error();
  };
  auto combined = combinedWindows({a.get(), b.get()}, whole);
  if (!combined) return error();
  uint32_t windows = *combined;
  bool logical = op == B::And || op == B::Or;
  bool equality = op == B::Eq || op == B::Ne;
  if (logical) {
    if (!a->type.isBool() || !b->type.isBool())
      return explain(diags_.report(Diag::LogicalNeedsConditions, whole, {ast::spelling(op)}));
  } else if (!(equality && a->type.isBool() && b->type.isBool())) {
    if (!a->type.isReal() || !b->type.isReal())
      return explain(diags_.report(Diag::OperatorNeedsNumbers, whole, {ast::spelling(op)}));
  }
  Type t = a->type;
  t.windows = windows;
  Op irop = Op::Add;
  switch (op) {
    case B::Add:
    case B::Sub:
      if (!sameUnit(a->type, b->type))
        return explain(diags_.report(op == B::Add ? Diag::CannotAddUnits : Diag::CannotSubtractUnits, whole,
                                     {unitName(b->type), unitName(a->type)}));
      t.display = firstNamed(a->type, b->type);
      irop = op == B::Add ? Op::Add : Op::Sub;
      break;
    case B::Mul:
    case B::Div: {
      t.dim = op == B::Mul ? a->type.dim * b->type.dim : a->type.dim / b->type.dim;
      t.display = productDisplay(a->type, b->type, op == B::Div, t.dim, units_);
      irop = op == B::Mul ? Op::Mul : Op::Div;
      break;
    }
    case B::Pow: return power(std::move(a), std::move(b), whole, rb);
    case B::Lt: case B::Le: case B::Gt: case B::Ge: case B::Eq: case B::Ne:
      if (a->type.isReal() && !sameUnit(a->type, b->type))
        return explain(diags_.report(Diag::CannotCompareUnits, whole, {unitName(a->type), unitName(b->type)}));
      t = Type::boolean();
      t.windows = windows;
      irop = op == B::Lt ? Op::Lt : op == B::Le ? Op::Le : op == B::Gt ? Op::Gt : op == B::Ge ? Op::Ge
             : op == B::Eq ? Op::Eq : Op::Ne;
      break;
    case B::And:
    case B::Or:
      t = Type::boolean();
      t.windows = windows;
      irop = op == B::And ? Op::And : Op::Or;
      break;
  }
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(a));
  kids.push_back(std::move(b));
  return ir::foldConstants(ir::makeNode(irop, std::move(kids), t, whole));
}

}  // namespace sitc::sema
