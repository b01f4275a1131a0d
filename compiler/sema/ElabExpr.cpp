// Elaborating one expression: the dispatch over its kinds (names: Lookup.cpp, calls: Calls.cpp, operators:
// Operators.cpp), constants, and the expansion budget that bounds inlining.
#include <cmath>

#include "sema/DisplayUnits.h"
#include "sema/Elaborator.h"
#include "sitrt/limits.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

// --- constants -------------------------------------------------------------------------------------------------

ExprPtr Elaborator::constant(const ast::Expr& e, const char* what) {
  Scope s;
  s.ctx = Ctx::Const;
  ExprPtr v = expr(e, s);
  if (!v->type.isError() && v->op != Op::Const) {
    diags_.report(Diag::NotAConstant, e.range,
                  {what, v->var == Variability::Param ? "per run (it uses a 'param')" : "during a simulation"});
    return error();
  }
  return v;
}

bool Elaborator::spend(uint64_t nodes, const SourceRange& where) {
  if (overBudget_) return false;
  expanded_ += nodes;
  if (expanded_ <= sitrt::limits::kMaxExpansion) return true;
  overBudget_ = true;
  diags_.report(Diag::ExpansionTooLarge, where, {std::to_string(sitrt::limits::kMaxExpansion)});
  return false;
}

ExprPtr Elaborator::copy(const ir::Expr& e, const SourceRange& use) {
  uint64_t left = sitrt::limits::kMaxExpansion - std::min(expanded_, sitrt::limits::kMaxExpansion);
  if (!spend(ir::countNodes(e, left + 1), use)) return error();
  return ir::clone(e);
}

ExprPtr Elaborator::expr(const ast::Expr& e, const Scope& s) {
  if (!spend(1, e.range)) return error();
  ExprPtr x = elaborate(e, s);
  // Folding runs the runtime's own maths, so a constant that is NaN or infinite here would be one on every path.
  if (x->op == Op::Const && x->type.isReal() && !std::isfinite(x->value)) {
    diags_.report(std::isnan(x->value) ? Diag::ConstantIsNaN : Diag::ConstantIsInfinite, e.range);
    return error();
  }
  return x;
}

ExprPtr Elaborator::elaborate(const ast::Expr& e, const Scope& s) {
  switch (e.kind) {
    case ast::ExprKind::Number: {
      if (!std::isfinite(e.number)) {
        diags_.report(Diag::NumberTooLarge, e.range);
        return error();
      }
      if (e.unit.name.empty()) return ir::makeConst(e.number, Type::real(), e.range);
      const UnitDef* u = units_.find(e.unit.name);
      if (!u) {
        bool isValue = lets_.count(e.unit.name) || instanceByName_.count(e.unit.name) ||
                       paramByName_.count(e.unit.name);
        if (isValue)
          diags_.report(Diag::ValueUsedAsUnit, e.unit.range,
                        {e.unit.name, ast::printExpr(e).substr(0, ast::printExpr(e).find(' '))});
        else if (unitsAhead_.count(e.unit.name))
          diags_.report(Diag::UnitDeclaredLater, e.unit.range, {e.unit.name});
        else
          diags_.report(Diag::UnknownUnit, e.unit.range, {e.unit.name, unitHint(e.unit.name)});
        return error();
      }
      Type t = Type::real(u->dim);
      t.display = {u->name, u->scale, {}};
      double v = e.number * u->scale;
      if (!std::isfinite(v)) {  // values are kept in base units: a finite literal can overflow on conversion
        std::string base = units_.format(u->dim);
        diags_.report(Diag::LiteralOverflowsInBaseUnit, e.range,
                      {sm_.text(e.range), base.empty() ? "a plain number" : base});
        return error();
      }
      return ir::makeConst(v, t, e.range);
    }
    case ast::ExprKind::Bool: return ir::makeConst(e.number, Type::boolean(), e.range);
    case ast::ExprKind::Name: return lookup(e, s);
    case ast::ExprKind::Call: return call(e, s);
    case ast::ExprKind::Unary: {
      ExprPtr a = expr(*e.kids[0], s);
      if (a->type.isError()) return a;
      if (e.unop == ast::UnOp::Not) {
        if (!a->type.isBool()) {
          diags_.report(Diag::NotNeedsCondition, e.range, {unitName(a->type)});
          return error();
        }
      } else if (!a->type.isReal()) {
        diags_.report(Diag::SignNeedsNumber, e.range);
        return error();
      }
      if (e.unop == ast::UnOp::Plus) {
        a->range = e.range;
        return a;
      }
      Type t = a->type;
      std::vector<ExprPtr> kids;
      kids.push_back(std::move(a));
      return ir::foldConstants(ir::makeNode(e.unop == ast::UnOp::Not ? Op::Not : Op::Neg, std::move(kids), t, e.range));
    }
    case ast::ExprKind::Percent: {
      ExprPtr a = expr(*e.kids[0], s);
      if (a->type.isError()) return a;
      if (!a->type.isReal() || !a->type.dim.dimensionless()) {
        diags_.report(Diag::PercentNeedsPlainNumber, e.range, {unitName(a->type)});
        return error();
      }
      Type t = Type::real();
      t.display = {"%", 0.01, {}};
      t.windows = a->type.windows;
      std::vector<ExprPtr> kids;
      kids.push_back(std::move(a));
      kids.push_back(ir::makeConst(0.01, Type::real()));
      return ir::foldConstants(ir::makeNode(Op::Mul, std::move(kids), t, e.range));
    }
    case ast::ExprKind::Binary: {
      ExprPtr a = expr(*e.kids[0], s);
      ExprPtr b = expr(*e.kids[1], s);
      return binaryOp(e.binop, std::move(a), std::move(b), e.range, e.kids[0]->range, e.kids[1]->range);
    }
    case ast::ExprKind::If: {
      ExprPtr c = expr(*e.kids[0], s), x = expr(*e.kids[1], s), y = expr(*e.kids[2], s);
      if (c->type.isError() || x->type.isError() || y->type.isError()) return error();
      if (!c->type.isBool()) {
        diags_.report(Diag::IfConditionNotBool, e.kids[0]->range, {unitName(c->type)});
        return error();
      }
      if (x->type.kind != y->type.kind || !sameUnit(x->type, y->type)) {
        auto* d = diags_.report(Diag::IfBranchesDiffer, e.range, {unitName(x->type), unitName(y->type)});
        DiagEngine::note(d, Diag::OperandUnitIs, e.kids[1]->range, {unitName(x->type)});
        DiagEngine::note(d, Diag::OperandUnitIs, e.kids[2]->range, {unitName(y->type)});
        return error();
      }
      if (c->op == Op::Const) return c->value != 0 ? std::move(x) : std::move(y);
      Type t = x->type;
      t.display = firstNamed(x->type, y->type);
      auto windows = combinedWindows({c.get(), x.get(), y.get()}, e.range);
      if (!windows) return error();
      t.windows = *windows;
      std::vector<ExprPtr> kids;
      kids.push_back(std::move(c));
      kids.push_back(std::move(x));
      kids.push_back(std::move(y));
      return ir::makeNode(Op::Select, std::move(kids), t, e.range);
    }
    case ast::ExprKind::List:
      diags_.report(Diag::ListOutsideCorrelation, e.range);
      return error();
    case ast::ExprKind::Index: return windowAt(e, s);
  }
  return error();
}

}  // namespace sitc::sema
