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
    diags_.error(e.range, std::string(what) + " must be a constant, but this is known only " +
                              (v->var == Variability::Param ? "per run (it uses a 'param')" : "during a simulation"));
    return error();
  }
  return v;
}

bool Elaborator::spend(uint64_t nodes, const SourceRange& where) {
  if (overBudget_) return false;
  expanded_ += nodes;
  if (expanded_ <= sitrt::limits::kMaxExpansion) return true;
  overBudget_ = true;
  diags_.error(where, "the scenario expands to more than " + std::to_string(sitrt::limits::kMaxExpansion) +
                          " operations here, once functions are inlined and lets, arguments and parameters "
                          "substituted (the limit; docs/language.md section 9.1): definitions that each use the "
                          "previous one more than once grow exponentially");
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
    diags_.error(e.range, std::isnan(x->value) ? "this is not a number (NaN) for any path: e.g. sqrt or log of a "
                                                 "negative constant, or 0/0"
                                               : "this is infinite for any path: e.g. a division by zero or an "
                                                 "overflow");
    return error();
  }
  return x;
}

ExprPtr Elaborator::elaborate(const ast::Expr& e, const Scope& s) {
  switch (e.kind) {
    case ast::ExprKind::Number: {
      if (!std::isfinite(e.number)) {
        diags_.error(e.range, "this number is too large");
        return error();
      }
      if (e.unit.name.empty()) return ir::makeConst(e.number, Type::real(), e.range);
      const UnitDef* u = units_.find(e.unit.name);
      if (!u) {
        bool isValue = lets_.count(e.unit.name) || instanceByName_.count(e.unit.name) ||
                       paramByName_.count(e.unit.name);
        diags_.error(e.unit.range,
                     isValue ? "'" + e.unit.name + "' is not a unit; write '" +
                                   ast::printExpr(e).substr(0, ast::printExpr(e).find(' ')) + " * " + e.unit.name +
                                   "' to multiply"
                     : unitsAhead_.count(e.unit.name) ? "unit '" + e.unit.name + "' is declared later; declare it first"
                                                      : "unknown unit '" + e.unit.name + "'" + unitHint(e.unit.name));
        return error();
      }
      Type t = Type::real(u->dim);
      t.display = {u->name, u->scale, {}};
      double v = e.number * u->scale;
      if (!std::isfinite(v)) {  // values are kept in base units: a finite literal can overflow on conversion
        std::string base = units_.format(u->dim);
        diags_.error(e.range, sm_.text(e.range) + " is too large: it overflows when converted to " +
                                  (base.empty() ? "a plain number" : base));
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
          diags_.error(e.range, "'not' needs a condition, but this is " + unitName(a->type));
          return error();
        }
      } else if (!a->type.isReal()) {
        diags_.error(e.range, "a sign needs a number, not a condition");
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
        diags_.error(e.range, "'%' applies to plain numbers, but this is " + unitName(a->type));
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
        diags_.error(e.kids[0]->range, "the condition of 'if' must be true or false, but this is " +
                                           unitName(c->type));
        return error();
      }
      if (x->type.kind != y->type.kind || !sameUnit(x->type, y->type)) {
        auto* d = diags_.error(e.range, "the branches of 'if' differ: " + unitName(x->type) + " and " +
                                            unitName(y->type));
        DiagEngine::note(d, e.kids[1]->range, "this is " + unitName(x->type));
        DiagEngine::note(d, e.kids[2]->range, "this is " + unitName(y->type));
        return error();
      }
      if (c->op == Op::Const) return c->value != 0 ? std::move(x) : std::move(y);
      Type t = x->type;
      t.display = firstNamed(x->type, y->type);
      t.windows = std::max({c->type.windows, x->type.windows, y->type.windows});
      std::vector<ExprPtr> kids;
      kids.push_back(std::move(c));
      kids.push_back(std::move(x));
      kids.push_back(std::move(y));
      return ir::makeNode(Op::Select, std::move(kids), t, e.range);
    }
    case ast::ExprKind::List:
      diags_.error(e.range, "a list [...] is only allowed as a correlation matrix");
      return error();
  }
  return error();
}

}  // namespace sitc::sema
