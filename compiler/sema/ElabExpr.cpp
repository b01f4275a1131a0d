// Expressions: name lookup, calls (functions inlined, math, draws, aggregates), operators with their unit rules,
// binding times, and constant folding.
#include <algorithm>
#include <cctype>
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

std::string Elaborator::unitName(const Type& t) const {
  if (t.isBool()) return "a boolean";
  if (t.dim.dimensionless()) return "a plain number";  // also a percentage: its "%" is only how reports show it
  if (!t.display.name.empty()) return t.display.name;
  std::string f = units_.format(t.dim);
  return f.empty() ? "a plain number" : f;
}

std::string Elaborator::unitHint(const std::string& unit) const {
  std::string hint = sitrt::didYouMean(unit, units_.names());
  return hint.empty() ? importHint(program_, unit) : hint;
}

namespace {

bool sameUnit(const Type& a, const Type& b) { return a.isError() || b.isError() || a.dim == b.dim; }

}  // namespace

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

// --- names -----------------------------------------------------------------------------------------------------

ExprPtr Elaborator::lookup(const ast::Expr& e, const Scope& s) {
  const std::string& name = e.name.name;
  auto at = [&](ExprPtr x) {
    x->range = e.range;
    return x;
  };
  bool scenarioScope = scenario_ && !s.inst && !s.inFunction &&
                       (s.ctx == Ctx::Observed || s.ctx == Ctx::PathEnd || s.ctx == Ctx::Const);

  if (!e.member.name.empty()) {
    auto it = instanceByName_.find(name);
    if (!scenarioScope || it == instanceByName_.end()) {
      if (usedTooEarly(e, s)) return error();
      diags_.error(e.range, "'" + name + "." + e.member.name +
                                "': only process instances have members (write instance.state in a scenario)");
      return error();
    }
    Instance& in = *it->second;
    if (argsOf_ == &in) {
      diags_.error(e.range, "instance '" + name + "' refers to itself in its own arguments");
      return error();
    }
    instanceHeader(in);
    if (auto st = in.states.find(e.member.name); st != in.states.end()) {
      const auto& info = model_.states[st->second];
      return ir::makeLeaf(Op::State, st->second, info.type, Variability::Step, e.range);
    }
    for (size_t p = 0; p < in.proc->params.size(); ++p)
      if (in.proc->params[p].name.name == e.member.name) return at(argument(in, p, e.range));
    auto* d = diags_.error(e.member.range, "process '" + in.proc->name.name + "' has no state or parameter '" +
                                               e.member.name + "'");
    DiagEngine::note(d, in.proc->name.range, "process '" + in.proc->name.name + "' is declared here");
    return error();
  }

  for (const Scope* sc = &s; sc; sc = sc->parent)
    if (auto it = sc->locals.find(name); it != sc->locals.end()) return at(copy(*it->second, e.range));

  if (Instance* in = s.inst) {
    const auto& params = in->proc->params;
    for (size_t p = 0; p < params.size(); ++p)
      if (params[p].name.name == name) return at(argument(*in, p, e.range));
    if (s.ctx == Ctx::ProcRequire) {
      bool state = false, let = false;
      for (const auto& st : in->proc->states) state |= st.name.name == name;
      for (const auto& l : in->proc->lets) let |= l.name.name == name;
      for (const auto& u : in->proc->update) let |= u.isLet && u.binding.name.name == name;
      if (state || let) {
        diags_.error(e.range, "a requirement may use only the process's parameters, and '" + name + "' is " +
                                  (state ? "a state" : "computed at the start of each step"));
        return error();
      }
    }
    if (auto st = in->states.find(name); st != in->states.end()) {
      const auto& info = model_.states[st->second];
      return ir::makeLeaf(Op::State, st->second, info.type, Variability::Step, e.range);
    }
    if (auto l = in->stepLets.find(name); l != in->stepLets.end()) {
      if (s.ctx != Ctx::ProcStep) {
        diags_.error(e.range, "'" + name + "' is computed at the start of each step and cannot be used in " +
                                  (s.ctx == Ctx::ProcInit ? "an initial value" : "the process value"));
        return error();
      }
      return at(copy(*l->second, e.range));
    }
    for (const auto& st : in->proc->states)
      if (st.name.name == name) {
        diags_.error(e.range, "state '" + name + "' is used before it is declared");
        return error();
      }
    bool stepLet = false;
    for (const auto& l : in->proc->lets) stepLet |= l.name.name == name;
    for (const auto& u : in->proc->update) stepLet |= u.isLet && u.binding.name.name == name;
    if (stepLet) {
      diags_.error(e.range, "'" + name + "' is computed at the start of each step and cannot be used " +
                                (s.ctx == Ctx::ProcStep ? "before it is defined"
                                 : s.ctx == Ctx::ProcInit ? "in an initial value" : "in the process value"));
      return error();
    }
  }

  if (s.hedge >= 0)
    for (uint32_t v = 0; v < ir::kHedgeValues; ++v)
      if (name == ir::hedgeValueName(static_cast<ir::HedgeValue>(v))) {
        bool money = v != static_cast<uint32_t>(ir::HedgeValue::Calls) && v != static_cast<uint32_t>(ir::HedgeValue::Locked);
        return ir::makeLeaf(Op::Hedge, static_cast<uint32_t>(s.hedge) * ir::kHedgeValues + v,
                            money ? model_.hedges[s.hedge].money : Type::real(), Variability::Path, e.range);
      }
  if (scenarioScope) {
    if (auto it = instanceByName_.find(name); it != instanceByName_.end()) {
      Instance& in = *it->second;
      if (argsOf_ == &in) {
        diags_.error(e.range, "instance '" + name + "' refers to itself in its own arguments");
        return error();
      }
      instanceHeader(in);
      return at(copy(*in.value, e.range));
    }
    if (auto it = paramByName_.find(name); it != paramByName_.end()) {
      const auto& p = model_.params[it->second];
      return ir::makeLeaf(Op::Param, it->second, p.type, Variability::Param, e.range);
    }
    if (auto it = lets_.find(name); it != lets_.end()) {
      ExprPtr v = scenarioLet(it->second);
      if (v->var == Variability::Path && s.ctx != Ctx::PathEnd) {
        auto* d = diags_.error(e.range, "'" + name + "' summarises a whole path, so it is only known when the path "
                                                     "ends; it cannot be used here");
        DiagEngine::note(d, it->second.decl->range, "'" + name + "' is defined here");
        return error();
      }
      return at(std::move(v));
    }
  }

  if (name == "t") {
    if (s.ctx == Ctx::Const) {
      diags_.error(e.range, "'t' (the current time) is not a constant");
      return error();
    }
    Type tt = Type::real(Dim::base(kTime));
    tt.display = {"yr", 1, {}};
    return ir::makeLeaf(Op::Time, 0, tt, Variability::Step, e.range);
  }
  if (name == "dt") {
    if (model_.dt <= 0) {
      diags_.error(e.range, "'dt' is not known here (it is the scenario's step)");
      return error();
    }
    Type tt = Type::real(Dim::base(kTime));
    tt.display = {"day", 1 / units_.daysPerYear(), {}};
    return ir::makeConst(model_.dt, tt, e.range);
  }
  if (name == "pi") return ir::makeConst(M_PI, Type::real(), e.range);

  if (const UnitDef* u = units_.find(name)) {
    Type tt = Type::real(u->dim);
    tt.display = {u->name, u->scale, {}};
    return ir::makeConst(u->scale, tt, e.range);
  }
  if (globals_.fns.count(name)) {
    diags_.error(e.range, "'" + name + "' is a function; call it with arguments");
  } else if (globals_.processes.count(name)) {
    diags_.error(e.range, "'" + name + "' is a process; instantiate it in a scenario with 'name ~ " + name + "(...)'");
  } else if (findMathFn(name) || findDraw(name) || findAggregate(name) || findStat(name)) {
    diags_.error(e.range, "'" + name + "' is a built-in function; call it with arguments");
  } else if (unitsAhead_.count(name)) {
    diags_.error(e.range, "unit '" + name + "' is declared later; declare it first");
  } else {
    if (usedTooEarly(e, s)) return error();
    std::string hint = sitrt::didYouMean(name, visibleNames(s));
    diags_.error(e.range, "use of undeclared name '" + name + "'" + (hint.empty() ? importHint(program_, name) : hint));
  }
  return error();
}

// A constant (a param's value, a unit, a setting) that names a process instance or a scenario let, which the
// scenario declares but which are known only during a simulation: says so (true) rather than "undeclared".
bool Elaborator::usedTooEarly(const ast::Expr& e, const Scope& s) {
  if (s.ctx != Ctx::Const || !scenario_ || s.inst || s.inFunction) return false;
  const std::string& name = e.name.name;
  const char* what = nullptr;
  for (const auto& in : scenario_->instances)
    if (in.name.name == name) what = "a process instance";
  for (const auto& l : scenario_->lets)
    if (l.name.name == name) what = "a 'let'";
  if (what) diags_.error(e.range, "this must be a constant, but '" + name + "' is " + what + ", known only during a simulation");
  return what != nullptr;
}

// The names an expression in scope `s` could mean, for "did you mean".
std::vector<std::string> Elaborator::visibleNames(const Scope& s) const {
  std::vector<std::string> out = {"t", "dt", "pi"};
  for (const Scope* sc = &s; sc; sc = sc->parent)
    for (const auto& [n, v] : sc->locals) out.push_back(n);
  if (const Instance* in = s.inst) {
    for (const auto& p : in->proc->params) out.push_back(p.name.name);
    for (const auto& st : in->proc->states) out.push_back(st.name.name);
    for (const auto& l : in->proc->lets) out.push_back(l.name.name);
  }
  if (s.hedge >= 0)
    for (uint32_t v = 0; v < ir::kHedgeValues; ++v) out.push_back(ir::hedgeValueName(static_cast<ir::HedgeValue>(v)));
  if (scenario_ && !s.inst && !s.inFunction) {
    for (const auto& [n, v] : instanceByName_) out.push_back(n);
    for (const auto& [n, v] : paramByName_) out.push_back(n);
    for (const auto& [n, v] : lets_) out.push_back(n);
  }
  for (const auto& n : units_.names()) out.push_back(n);
  return out;
}

// --- calls -----------------------------------------------------------------------------------------------------

ExprPtr Elaborator::callFunction(const ast::Expr& e, const ast::FnDecl& fn, const Scope& s) {
  if (std::find(callStack_.begin(), callStack_.end(), &fn) != callStack_.end()) {
    auto* d = diags_.error(e.range, "function '" + fn.name.name + "' calls itself; recursion is not supported");
    DiagEngine::note(d, fn.name.range, "'" + fn.name.name + "' is declared here");
    return error();
  }
  if (callStack_.size() >= kMaxInlineDepth) {
    diags_.error(e.range, "function calls nested more than " + std::to_string(kMaxInlineDepth) + " deep");
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
        diags_.error(a.name.range, "function '" + fn.name.name + "' has no parameter '" + a.name.name + "'");
        ok = false;
        continue;
      }
    }
    if (idx >= fn.params.size()) {
      auto* d = diags_.error(e.range, "function '" + fn.name.name + "' takes " + std::to_string(fn.params.size()) +
                                          " argument(s), but " + std::to_string(e.args.size()) + " were given");
      DiagEngine::note(d, fn.name.range, "'" + fn.name.name + "' is declared here");
      return error();
    }
    if (bound[idx]) {
      diags_.error(a.value->range, "parameter '" + fn.params[idx].name + "' is given twice");
      ok = false;
    }
    bound[idx] = a.value.get();
  }
  for (size_t i = 0; i < bound.size(); ++i)
    if (!bound[i]) {
      auto* d = diags_.error(e.range, "missing argument '" + fn.params[i].name + "' in call to '" + fn.name.name + "'");
      DiagEngine::note(d, fn.name.range, "'" + fn.name.name + "' is declared here");
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
  diags_.pushContext(e.range, "in this call of '" + fn.name.name + "'");
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
    diags_.error(e.range, "random draw '" + name + "()' is only allowed in a process's lets and update block" +
                              std::string(s.inFunction ? " (not inside a function)" : ""));
    return error();
  }
  size_t want = k == ir::DrawKind::Poisson ? 1 : 0;
  if (e.args.size() != want || (want && !e.args[0].name.name.empty())) {
    diags_.error(e.range, "'" + name + "' takes " + (want ? "one argument (the mean count)" : "no arguments"));
    return error();
  }
  ExprPtr mean;
  if (k == ir::DrawKind::Poisson) {
    mean = expr(*e.args[0].value, s);
    if (mean->type.isError()) return error();
    if (!mean->type.isReal() || !mean->type.dim.dimensionless()) {
      diags_.error(e.args[0].value->range, "the mean of poisson() is a count and must be dimensionless, but it is " +
                                               unitName(mean->type) +
                                               (mean->type.dim == Dim::base(kTime).pow(Rational::of(-1))
                                                    ? " (a rate: multiply by dt)"
                                                    : ""));
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
    diags_.error(e.range, "'" + name + "' summarises a whole path; use it in a scenario 'let' or a report item");
    return error();
  }
  if (e.args.empty() || e.args.size() > 2) {
    diags_.error(e.range, "'" + name + "' takes a quantity and optionally a window length, e.g. " + name +
                              "(TPI, month)");
    return error();
  }
  Scope in;
  in.ctx = Ctx::Observed;
  ExprPtr input = expr(*e.args[0].value, in);
  double window = 0;
  uint32_t windows = 0;
  if (e.args.size() == 2) {
    ExprPtr w = constant(*e.args[1].value, "a window length");
    if (w->type.isError()) return error();
    if (w->type.dim != Dim::base(kTime) || w->value <= 0) {
      diags_.error(e.args[1].value->range, "a window length must be a positive time (e.g. month), but this is " +
                                               unitName(w->type));
      return error();
    }
    window = w->value;
    double n = model_.horizon / window;
    if (std::fabs(n - std::round(n)) > 1e-9 * std::max(1.0, n) || std::round(n) < 1) {
      diags_.error(e.args[1].value->range, "the horizon is not a whole number of these windows (" +
                                               std::to_string(n) + ")");
      return error();
    }
    if (window < model_.dt * (1 - 1e-9)) {
      diags_.error(e.args[1].value->range, "a window must be at least one step long");
      return error();
    }
    windows = static_cast<uint32_t>(std::min<double>(std::round(n), sitrt::limits::kMaxSteps));  // n may be huge
  }
  if (input->type.isError()) return error();
  Type t = input->type;
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
      diags_.error(e.range, "'" + name + "' takes " + std::to_string(f->arity) + " argument(s), but " +
                                std::to_string(e.args.size()) + " were given");
      return error();
    }
    std::vector<ExprPtr> args;
    bool bad = false;
    for (const auto& a : e.args) {
      if (!a.name.name.empty()) {
        diags_.error(a.name.range, "'" + name + "' takes positional arguments only");
        bad = true;
      }
      args.push_back(expr(*a.value, s));
      bad |= args.back()->type.isError();
    }
    if (bad) return error();
    for (size_t i = 0; i < args.size(); ++i)
      if (!args[i]->type.isReal()) {
        diags_.error(e.args[i].value->range, "'" + name + "' needs a number, not a boolean");
        return error();
      }
    Type t = args[0]->type;
    t.windows = 0;
    for (const auto& a : args) t.windows = std::max(t.windows, a->type.windows);
    switch (f->rule) {
      case UnitRule::Dimensionless:
        if (!args[0]->type.dim.dimensionless()) {
          diags_.error(e.args[0].value->range, "the argument of " + name + "() must be dimensionless, but it is " +
                                                   unitName(args[0]->type) + " (divide by a value in the same unit)");
          return error();
        }
        t = Type::real();
        break;
      case UnitRule::Same:
        if (args.size() == 2 && !sameUnit(args[0]->type, args[1]->type)) {
          auto* d = diags_.error(e.range, name + "() of " + unitName(args[0]->type) + " and " +
                                              unitName(args[1]->type) + ": the units differ");
          DiagEngine::note(d, e.args[0].value->range, "this is " + unitName(args[0]->type));
          DiagEngine::note(d, e.args[1].value->range, "this is " + unitName(args[1]->type));
          return error();
        }
        t.display = firstNamed(args[0]->type, args.size() > 1 ? args[1]->type : args[0]->type);
        break;
      case UnitRule::Plain:
        // Values are stored in base units, so floor(1.5 day) would round 0.004 yr: the user must pick the unit.
        if (!args[0]->type.dim.dimensionless()) {
          std::string u = unitName(args[0]->type);
          bool oneName = unitNames(u) == 1 && u.find_first_of("/*^(") == std::string::npos;
          diags_.error(e.args[0].value->range, name + "() needs a plain number, but this is " + u +
                                                   "; divide by a unit first, e.g. " + name + "(x / " +
                                                   (oneName ? "1 " + u : "(" + u + ")") + ")");
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
    diags_.error(e.range, "'" + name + "' is a report statistic; write it as an item of a report block, e.g. "
                                       "report { " + name + "(x); }");
    return error();
  }
  if (globals_.processes.count(name)) {
    diags_.error(e.range, "'" + name + "' is a process; instantiate it in a scenario with 'name ~ " + name + "(...)'");
    return error();
  }
  std::vector<std::string> known = builtinFunctionNames();
  for (const auto& [n, f] : globals_.fns) known.push_back(n);
  std::string hint = sitrt::didYouMean(name, known);
  diags_.error(e.name.range, "unknown function '" + name + "'" + (hint.empty() ? importHint(program_, name) : hint));
  return error();
}

}  // namespace sitc::sema

namespace sitc::sema {

// --- operators -------------------------------------------------------------------------------------------------

ExprPtr Elaborator::power(ExprPtr base, ExprPtr ex, const SourceRange& whole, const SourceRange& rb) {
  if (!ex->type.dim.dimensionless()) {
    diags_.error(rb, "an exponent must be dimensionless, but this is " + unitName(ex->type));
    return error();
  }
  Type t = base->type;
  t.windows = std::max(base->type.windows, ex->type.windows);
  if (!base->type.dim.dimensionless()) {
    if (ex->op != Op::Const) {
      diags_.error(whole, "a quantity with a unit (" + unitName(base->type) +
                              ") can only be raised to a constant power");
      return error();
    }
    auto r = rationalFrom(ex->value);
    if (!r) {
      diags_.error(rb, "the power of a quantity with a unit must be a simple fraction (like 2, 0.5 or 1/3)");
      return error();
    }
    t.dim = base->type.dim.pow(*r);
    t.display = powDisplay(base->type.display, *r, units_);
  } else {
    t.display = {};
  }
  // Rewrite constant powers so every evaluator computes them the same exact way: x^0.5 is sqrt(x), small integer
  // powers are products.
  if (ex->op == Op::Const) {
    double v = ex->value;
    if (v == 0.5) {
      std::vector<ExprPtr> kids;
      kids.push_back(std::move(base));
      return ir::foldConstants(ir::makeNode(Op::Sqrt, std::move(kids), t, whole));
    }
    if (v == std::round(v) && std::fabs(v) >= 1 && std::fabs(v) <= 8) {
      int n = static_cast<int>(std::fabs(v));
      bool leaf = ir::isLeaf(base->op);
      uint32_t id = leaf ? 0 : nextLocal_++;
      ExprPtr holder = leaf ? ir::clone(*base) : ir::makeLeaf(Op::Local, id, base->type, base->var, base->range);
      ExprPtr prod = ir::clone(*holder);
      for (int i = 1; i < n; ++i) {
        std::vector<ExprPtr> kids;
        kids.push_back(std::move(prod));
        kids.push_back(ir::clone(*holder));
        prod = ir::foldConstants(ir::makeNode(Op::Mul, std::move(kids), t, whole));
      }
      if (v < 0) {
        std::vector<ExprPtr> kids;
        kids.push_back(ir::makeConst(1, Type::real()));
        kids.push_back(std::move(prod));
        prod = ir::foldConstants(ir::makeNode(Op::Div, std::move(kids), t, whole));
      }
      prod->type = t;
      if (leaf) return prod;
      std::vector<ExprPtr> kids;
      kids.push_back(std::move(base));
      kids.push_back(std::move(prod));
      ExprPtr let = ir::makeNode(Op::Let, std::move(kids), t, whole);
      let->index = id;
      return let;
    }
  }
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(base));
  kids.push_back(std::move(ex));
  return ir::foldConstants(ir::makeNode(Op::Pow, std::move(kids), t, whole));
}

ExprPtr Elaborator::binaryOp(ast::BinOp op, ExprPtr a, ExprPtr b, const SourceRange& whole, const SourceRange& ra,
                             const SourceRange& rb) {
  using B = ast::BinOp;
  if (a->type.isError() || b->type.isError()) return error();
  auto explain = [&](Diagnostic* d) {
    DiagEngine::note(d, ra, "this is " + unitName(a->type));
    DiagEngine::note(d, rb, "this is " + unitName(b->type));
    return error();
  };
  uint32_t windows = std::max(a->type.windows, b->type.windows);
  if (a->type.windows && b->type.windows && a->type.windows != b->type.windows) {
    diags_.error(whole, "cannot combine per-window values over " + std::to_string(a->type.windows) + " and " +
                            std::to_string(b->type.windows) + " windows");
    return error();
  }
  bool logical = op == B::And || op == B::Or;
  bool equality = op == B::Eq || op == B::Ne;
  if (logical) {
    if (!a->type.isBool() || !b->type.isBool())
      return explain(diags_.error(whole, std::string("'") + ast::spelling(op) +
                                             "' needs two conditions (true or false)"));
  } else if (!(equality && a->type.isBool() && b->type.isBool())) {
    if (!a->type.isReal() || !b->type.isReal())
      return explain(diags_.error(whole, std::string("'") + ast::spelling(op) +
                                             "' needs numbers; a condition is not a number (write 'if c then 1 else 0')"));
  }
  Type t = a->type;
  t.windows = windows;
  Op irop = Op::Add;
  switch (op) {
    case B::Add:
    case B::Sub:
      if (!sameUnit(a->type, b->type))
        return explain(diags_.error(whole, std::string(op == B::Add ? "cannot add " : "cannot subtract ") +
                                               unitName(b->type) + (op == B::Add ? " to " : " from ") +
                                               unitName(a->type)));
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
        return explain(diags_.error(whole, "cannot compare " + unitName(a->type) + " with " + unitName(b->type)));
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
