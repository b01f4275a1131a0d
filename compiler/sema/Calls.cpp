// Calls: user functions (inlined at each call, with a depth limit), built-in maths, random draws and aggregates.
#include <algorithm>
#include <cmath>

#include "sema/Builtins.h"
#include "sema/DisplayUnits.h"
#include "sema/Elaborator.h"
#include "sitrt/limits.h"
#include "sitrt/suggest.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

constexpr size_t kMaxInlineDepth = 64;

// --- calls -----------------------------------------------------------------------------------------------------

ExprPtr Elaborator::callFunction(const ast::Expr& e, const ast::FnDecl& fn, const Scope& s) {
  if (std::find(callStack_.begin(), callStack_.end(), &fn) != callStack_.end()) {
    auto* d = diags_.report(Diag::RecursiveFunctionCall, e.range, {fn.name.name});
    DiagEngine::note(d, Diag::DeclaredHere, fn.name.range, {fn.name.name});
    return error();
  }
  if (callStack_.size() >= kMaxInlineDepth) {
    diags_.report(Diag::FunctionCallsTooDeep, e.range, {std::to_string(kMaxInlineDepth)});
    return error();
  }
  // Match arguments to parameters: positional first, then by name.
  std::vector<const ast::Expr*> bound(fn.params.size(), nullptr);
  size_t pos = 0;
  bool ok = true;
  for (const auto& a : e.args) {
    size_t idx = fn.params.size();
    if (a.name.name.empty()) {
      idx = pos++;
    } else {
      for (size_t i = 0; i < fn.params.size(); ++i)
        if (fn.params[i].name == a.name.name) idx = i;
      if (idx == fn.params.size()) {
        std::vector<std::string> names;
        for (const auto& p : fn.params) names.push_back(p.name);
        diags_.report(Diag::FunctionNoSuchParameter, a.name.range,
                      {fn.name.name, a.name.name, sitrt::didYouMean(a.name.name, names)});
        ok = false;
        continue;
      }
    }
    if (idx >= fn.params.size()) {
      auto* d = diags_.report(Diag::FunctionArity, e.range,
                              {fn.name.name, std::to_string(fn.params.size()), std::to_string(e.args.size())});
      DiagEngine::note(d, Diag::DeclaredHere, fn.name.range, {fn.name.name});
      return error();
    }
    if (bound[idx]) {
      diags_.report(Diag::ParameterGivenTwice, a.value->range, {fn.params[idx].name});
      ok = false;
    }
    bound[idx] = a.value.get();
  }
  for (size_t i = 0; i < bound.size() && ok; ++i)  // a misnamed or repeated argument is the error, not what it left
    if (!bound[i]) {
      auto* d = diags_.report(Diag::FunctionMissingArgument, e.range, {fn.params[i].name, fn.name.name});
      DiagEngine::note(d, Diag::DeclaredHere, fn.name.range, {fn.name.name});
      ok = false;
    }
  if (!ok) return error();

  Scope body;
  body.ctx = s.ctx;
  body.inFunction = true;
  std::vector<ExprPtr> argVals, holders;
  std::vector<uint32_t> localIds;
  bool anyError = false;
  for (size_t i = 0; i < bound.size(); ++i) {
    ExprPtr v = expr(*bound[i], s);
    anyError |= v->type.isError();
    if (ir::isLeaf(v->op)) {
      holders.push_back(std::move(v));
      localIds.push_back(UINT32_MAX);
      argVals.push_back(nullptr);
    } else {
      uint32_t id = nextLocal_++;
      holders.push_back(ir::makeLeaf(Op::Local, id, v->type, v->var, v->range));
      localIds.push_back(id);
      argVals.push_back(std::move(v));
    }
    body.locals[fn.params[i].name] = holders.back().get();
  }
  if (anyError) return error();
  // Errors in the body (e.g. exp() of an argument with a unit) also point at this call, where the cause usually is.
  callStack_.push_back(&fn);
  diags_.pushContext(Diag::InFunctionCall, e.range, {fn.name.name});
  ExprPtr result = expr(*fn.body, body);
  diags_.popContext();
  callStack_.pop_back();
  for (size_t i = bound.size(); i-- > 0;) {
    if (localIds[i] == UINT32_MAX) continue;
    Type t = result->type;
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(argVals[i]));
    kids.push_back(std::move(result));
    result = ir::makeNode(Op::Let, std::move(kids), t, e.range);
    result->index = localIds[i];
  }
  result->range = e.range;
  return result;
}

ExprPtr Elaborator::draw(const ast::Expr& e, ir::DrawKind k, const Scope& s) {
  const std::string& name = e.name.name;
  if (s.ctx != Ctx::ProcStep || s.inFunction || !s.inst) {
    diags_.report(Diag::DrawNotAllowedHere, e.range, {name, s.inFunction ? " (not inside a function)" : ""});
    return error();
  }
  size_t want = k == ir::DrawKind::Poisson ? 1 : 0;
  if (e.args.size() != want || (want && !e.args[0].name.name.empty())) {
    diags_.report(Diag::TakesArguments, e.range, {name, want ? "one argument (the mean count)" : "no arguments"});
    return error();
  }
  ExprPtr mean;
  if (k == ir::DrawKind::Poisson) {
    mean = expr(*e.args[0].value, s);
    if (mean->type.isError()) return error();
    if (!mean->type.isReal() || !mean->type.dim.dimensionless()) {
      std::string rateHint =
          mean->type.dim == Dim::base(kTime).pow(Rational::of(-1)) ? " (a rate: multiply by dt)" : "";
      diags_.report(Diag::PoissonMeanNotCount, e.args[0].value->range, {unitName(mean->type), rateHint});
      return error();
    }
  }
  Instance& in = *s.inst;
  uint32_t idx = static_cast<uint32_t>(model_.draws.size());
  bool primary = k == ir::DrawKind::Normal && model_.instances.size() > in.index &&
                 model_.instances[in.index].primaryNormal < 0;
  if (primary) model_.instances[in.index].primaryNormal = static_cast<int>(idx);
  model_.draws.push_back({k, in.index, primary, e.range});
  if (k == ir::DrawKind::Poisson) {
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(mean));
    ExprPtr p = ir::makeNode(Op::Poisson, std::move(kids), Type::real(), e.range);
    p->index = idx;
    p->var = Variability::Step;
    return p;
  }
  return ir::makeLeaf(k == ir::DrawKind::Normal ? Op::Normal : Op::Uniform, idx, Type::real(), Variability::Step,
                      e.range);
}

ExprPtr Elaborator::aggregate(const ast::Expr& e, ir::AggKind k, const Scope& s) {
  const std::string& name = e.name.name;
  if (s.ctx != Ctx::PathEnd || s.inFunction) {
    diags_.report(Diag::AggregateOutsidePathEnd, e.range, {name});
    return error();
  }
  if (e.args.empty() || e.args.size() > 2) {
    diags_.report(Diag::AggregateArity, e.range, {name});
    return error();
  }
  if (e.args.size() == 1 && e.args[0].name.name.empty() && mentionsPathValue(*e.args[0].value))
    return overWindows(e, k, s);  // of a per-window value: its windows combined
  return aggregateOf(e, k, e.args.size() == 2);
}

ExprPtr Elaborator::aggregateOf(const ast::Expr& e, ir::AggKind k, bool windowed, bool numbersOnly) {
  Scope in;
  in.ctx = Ctx::Observed;
  ExprPtr input = expr(*e.args[0].value, in);
  double window = 0;
  uint32_t windows = 0;
  if (windowed) {
    ExprPtr w = constant(*e.args[1].value, "a window length");
    if (w->type.isError()) return error();
    if (w->type.dim != Dim::base(kTime)) {
      diags_.report(Diag::WindowNotATime, e.args[1].value->range, {unitName(w->type)});
      return error();
    }
    if (w->value <= 0) {
      diags_.report(Diag::WindowNotPositive, e.args[1].value->range);
      return error();
    }
    window = w->value;
    double n = model_.horizon / window;
    if (std::fabs(n - std::round(n)) > 1e-9 * std::max(1.0, n) || std::round(n) < 1) {
      diags_.report(Diag::HorizonNotWholeWindows, e.args[1].value->range, {std::to_string(n)});
      return error();
    }
    if (window < model_.dt * (1 - 1e-9)) {
      diags_.report(Diag::WindowShorterThanStep, e.args[1].value->range);
      return error();
    }
    windows = static_cast<uint32_t>(std::min<double>(std::round(n), sitrt::limits::kMaxSteps));  // n may be huge
  }
  if (input->type.isError()) return error();
  Type t = input->type;
  if (t.isBool() && numbersOnly) {
    diags_.report(Diag::AggregateNeedsNumber, e.args[0].value->range, {e.name.name});
    return error();
  }
  if (t.isBool()) {
    t = Type::real();
    input->type = t;
  }
  t.windows = windows;
  uint32_t idx = model_.addAggregate({k, std::move(input), window, windows, e.range});
  return ir::makeLeaf(Op::Agg, idx, t, Variability::Path, e.range);
}

ExprPtr Elaborator::call(const ast::Expr& e, const Scope& s) {
  const std::string& name = e.name.name;
  if (auto it = globals_.fns.find(name); it != globals_.fns.end()) return callFunction(e, *it->second, s);
  if (const MathFn* f = findMathFn(name)) {
    if (static_cast<int>(e.args.size()) != f->arity) {
      diags_.report(Diag::MathFunctionArity, e.range, {name, std::to_string(f->arity), std::to_string(e.args.size())});
      return error();
    }
    std::vector<ExprPtr> args;
    bool bad = false;
    for (const auto& a : e.args) {
      if (!a.name.name.empty()) {
        diags_.report(Diag::MathFunctionPositionalOnly, a.name.range, {name});
        bad = true;
      }
      args.push_back(expr(*a.value, s));
      bad |= args.back()->type.isError();
    }
    if (bad) return error();
    for (size_t i = 0; i < args.size(); ++i)
      if (!args[i]->type.isReal()) {
        diags_.report(Diag::MathFunctionNeedsNumber, e.args[i].value->range, {name});
        return error();
      }
    Type t = args[0]->type;
    auto windows = combinedWindows({args[0].get(), args.back().get()}, e.range);
    if (!windows) return error();
    t.windows = *windows;
    switch (f->rule) {
      case UnitRule::Dimensionless:
        if (!args[0]->type.dim.dimensionless()) {
          diags_.report(Diag::MathFunctionNotDimensionless, e.args[0].value->range, {name, unitName(args[0]->type)});
          return error();
        }
        t = Type::real();
        break;
      case UnitRule::Same:
        if (args.size() == 2 && !sameUnit(args[0]->type, args[1]->type)) {
          auto* d = diags_.report(Diag::MathFunctionUnitsDiffer, e.range,
                                  {name, unitName(args[0]->type), unitName(args[1]->type)});
          DiagEngine::note(d, Diag::OperandUnitIs, e.args[0].value->range, {unitName(args[0]->type)});
          DiagEngine::note(d, Diag::OperandUnitIs, e.args[1].value->range, {unitName(args[1]->type)});
          return error();
        }
        t.display = firstNamed(args[0]->type, args.size() > 1 ? args[1]->type : args[0]->type);
        break;
      case UnitRule::Plain:
        // Values are stored in base units, so floor(1.5 day) would round 0.004 yr: the user must pick the unit.
        if (!args[0]->type.dim.dimensionless()) {
          std::string u = unitName(args[0]->type);
          bool oneName = unitNames(u) == 1 && u.find_first_of("/*^(") == std::string::npos;
          diags_.report(Diag::MathFunctionNeedsPlainNumber, e.args[0].value->range,
                        {name, u, oneName ? "1 " + u : "(" + u + ")"});
          return error();
        }
        t.display = {};  // floor(150%) is 1, not 100%
        break;
      case UnitRule::Sqrt:
        t.dim = t.dim.pow(Rational::of(1, 2));
        t.display = powDisplay(t.display, Rational::of(1, 2), units_);
        break;
      case UnitRule::Pow:
        break;  // handled as the ^ operator below
    }
    if (f->rule == UnitRule::Pow)  // pow(x, y) obeys the rules of x ^ y
      return binaryOp(ast::BinOp::Pow, std::move(args[0]), std::move(args[1]), e.range, e.args[0].value->range,
                      e.args[1].value->range);
    ExprPtr n = ir::makeNode(f->op, std::move(args), t, e.range);
    return ir::foldConstants(std::move(n));
  }
  if (auto k = findDraw(name)) return draw(e, *k, s);
  if (auto k = findAggregate(name)) return aggregate(e, *k, s);
  if (findStat(name)) {
    diags_.report(Diag::StatisticOutsideReport, e.range, {name});
    return error();
  }
  if (globals_.processes.count(name)) {
    diags_.report(Diag::ProcessUsedInExpression, e.range, {name});
    return error();
  }
  std::vector<std::string> known = builtinFunctionNames();
  for (const auto& [n, f] : globals_.fns) known.push_back(n);
  std::string hint = sitrt::didYouMean(name, known);
  diags_.report(Diag::UnknownFunction, e.name.range, {name, hint.empty() ? importHint(program_, name) : hint});
  return error();
}

}  // namespace sitc::sema
