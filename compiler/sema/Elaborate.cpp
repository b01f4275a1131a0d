// Scenario structure: settings, params, units, process instances (header: states and value; body: lets and
// update), scenario lets, correlations and reports.
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "sema/Builtins.h"
#include "sema/DisplayUnits.h"
#include "sema/Elaborator.h"
#include "sema/Sema.h"
#include "sitrt/limits.h"
#include "sitrt/suggest.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

using sitrt::limits::kMaxSteps;

uint32_t Elaborator::addTemp(std::string name, ExprPtr e, ir::Stage stage, SourceRange r) {
  model_.temps.push_back({std::move(name), std::move(e), stage, r});
  return static_cast<uint32_t>(model_.temps.size() - 1);
}

// A value that changes over the path, recomputed at t = 0 and after each step: leaves are used as they are, other
// expressions become a named Observed temporary.
ExprPtr Elaborator::bindObserved(std::string name, ExprPtr e, SourceRange r) {
  if (ir::isLeaf(e->op) || e->var <= Variability::Param) return e;
  Type t = e->type;
  uint32_t idx = addTemp(std::move(name), std::move(e), ir::Stage::Observed, r);
  return ir::makeLeaf(Op::Temp, idx, t, Variability::Step, r);
}

// --- units and settings ----------------------------------------------------------------------------------------

void Elaborator::declareUnits() {
  const ast::ScenarioDecl* saved = scenario_;
  scenario_ = nullptr;  // unit definitions see only other units
  for (const auto& m : program_.modules)
    for (const auto& u : m->units) unitsAhead_.insert(u.name.name);
  for (const auto& m : program_.modules) {
    for (const auto& u : m->units) {
      unitsAhead_.erase(u.name.name);
      if (!u.definition) {
        if (UnitTable::isBuiltin(u.name.name)) {
          diags_.error(u.name.range, "'" + u.name.name + "' is a built-in unit, not a new base dimension");
        } else if (!units_.addBase(u.name.name)) {
          diags_.error(u.name.range, "too many base dimensions (at most " + std::to_string(kMaxDims) + ")");
        }
        continue;
      }
      ExprPtr v = constant(*u.definition, "a unit definition");
      if (v->type.isError()) continue;
      if (!v->type.isReal() || v->value <= 0) {
        diags_.error(u.definition->range, "a unit must be a positive quantity");
        continue;
      }
      if (const UnitDef* old = units_.find(u.name.name); old && UnitTable::isBuiltin(u.name.name)) {
        if (old->dim != v->type.dim || std::fabs(old->scale / v->value - 1) > 1e-12)
          diags_.error(u.definition->range, "'" + u.name.name + "' is built in as " + units_.format(old->dim) +
                                                " x " + std::to_string(old->scale) +
                                                "; this declares it with a different meaning");
        continue;
      }
      units_.add({u.name.name, v->value, v->type.dim});
    }
  }
  unitsAhead_.clear();
  scenario_ = saved;
}

void Elaborator::settings(const ast::ScenarioDecl& s) {
  std::map<std::string, const ast::Binding*> given;
  for (const auto& b : s.settings) {
    bool known = false;
    for (const char* const* k = scenarioSettings(); *k; ++k) known |= b.name.name == *k;
    if (!known) {
      diags_.error(b.name.range, "unknown scenario setting '" + b.name.name +
                                     "' (settings are horizon, step and calendar; use 'let' to name a value)");
      continue;
    }
    if (auto [it, fresh] = given.emplace(b.name.name, &b); !fresh) {
      auto* d = diags_.error(b.name.range, "setting '" + b.name.name + "' is given twice");
      DiagEngine::note(d, it->second->range, "first given here");
    }
  }
  // The calendar first: it decides what day and month mean.
  if (auto it = given.find("calendar"); it != given.end()) {
    // Params are declared after the calendar (their values may use days and months), so a param here would be
    // reported as an undeclared name: say what is wrong with it instead.
    std::function<bool(const ast::Expr&)> usesParam = [&](const ast::Expr& e) {
      if (e.kind == ast::ExprKind::Name && e.member.name.empty())
        for (const auto& p : s.params)
          if (p.name.name == e.name.name) return true;
      for (const auto& a : e.args)
        if (usesParam(*a.value)) return true;
      for (const auto& k : e.kids)
        if (usesParam(*k)) return true;
      return false;
    };
    ExprPtr c = error();
    if (usesParam(*it->second->value))
      diags_.error(it->second->value->range, "the calendar must be a constant, but this is known only per run (it "
                                             "uses a 'param')");
    else
      c = constant(*it->second->value, "the calendar");
    if (!c->type.isError()) {
      if (!c->type.isReal() || !c->type.dim.dimensionless() || c->value < 1 || c->value > 1000) {
        diags_.error(it->second->value->range, "calendar is the number of days in a year (e.g. 360 or 365)");
      } else {
        units_ = UnitTable(c->value);
      }
    }
  }
  model_.daysPerYear = units_.daysPerYear();
  declareUnits();
  params(s);  // a horizon may not use them, but it should be told so
  auto time = [&](const char* key, double fallback, bool required) -> double {
    auto it = given.find(key);
    if (it == given.end()) {
      if (required) diags_.error(s.name.range, std::string("scenario '") + s.name.name + "' has no " + key +
                                                   " (e.g. " + key + " = 36 month;)");
      return fallback;
    }
    ExprPtr v = constant(*it->second->value, (std::string("the ") + key).c_str());
    if (v->type.isError()) return fallback;
    if (v->type.dim != Dim::base(kTime) || !(v->value > 0)) {
      diags_.error(it->second->value->range, std::string("the ") + key + " must be a positive time (e.g. 36 month), but this is " +
                                                 unitName(v->type));
      return fallback;
    }
    return v->value;
  };
  model_.horizon = time("horizon", 1.0, true);
  model_.dt = time("step", 1.0 / units_.daysPerYear(), false);
  double n = model_.horizon / model_.dt;
  SourceRange where = given.count("step") ? given["step"]->range : s.name.range;
  bool whole = std::fabs(n - std::round(n)) <= 1e-9 * std::max(1.0, n) && std::round(n) >= 1;
  if (std::round(n) > static_cast<double>(kMaxSteps)) {
    diags_.error(where, "more than " + std::to_string(kMaxSteps) + " steps; use a longer step");
    // Reported: one step, so that what is derived from the horizon (windows, contract periods) stays in range.
    model_.horizon = model_.dt;
  } else if (!whole) {
    diags_.error(where, "the horizon is not a whole number of steps (" + std::to_string(n) + ")");
  } else {
    model_.steps = static_cast<uint64_t>(std::round(n));
  }
}

void Elaborator::params(const ast::ScenarioDecl& s) {
  for (const auto& p : s.params) {
    ExprPtr v = constant(*p.value, "a param's default value");
    if (!v->type.isReal() && !v->type.isError()) {
      diags_.error(p.value->range, "a param must be a number");
      continue;
    }
    paramByName_[p.name.name] = static_cast<uint32_t>(model_.params.size());
    model_.params.push_back({p.name.name, v->value, v->type, p.range});
  }
}

// --- instances -------------------------------------------------------------------------------------------------

ExprPtr Elaborator::argument(Instance& in, size_t p, const SourceRange& use) {
  if (in.argValue[p]) return copy(*in.argValue[p], use);
  const auto& param = in.proc->params[p];
  if (in.argBusy[p]) {
    auto* d = diags_.error(use, "argument '" + param.name.name + "' of '" + in.decl->name.name +
                                    "' depends on itself");
    DiagEngine::note(d, in.args[p] ? in.args[p]->range : in.decl->range, "the argument is given here");
    return error();
  }
  if (!in.args[p]) return error();  // missing: reported where the instance is declared
  in.argBusy[p] = true;
  Instance* saved = argsOf_;
  argsOf_ = &in;
  Scope sc;
  sc.ctx = Ctx::Observed;
  ExprPtr v = expr(*in.args[p], sc);
  argsOf_ = saved;
  if (param.unit && !v->type.isError()) {
    std::vector<size_t> refs;
    ExprPtr want = parameterUnit(in, p, &refs);
    if (!want->type.isError() && v->type.isReal() && want->type.dim != v->type.dim) {
      // "expects 1/sqrt(yr) (sigma: x0/sqrt(yr), and 'x0' is a plain number)": say where a derived unit comes from.
      std::string how;
      for (size_t j : refs)
        how += (how.empty() ? " (" + param.name.name + ": " + sm_.text(param.unit->range) + ", and '" : ", '") +
               in.proc->params[j].name.name + "' is " + unitName(argument(in, j, in.args[j]->range)->type);
      if (!how.empty()) how += ")";
      auto* d = diags_.error(in.args[p]->range, "argument '" + param.name.name + "' of '" + in.decl->name.name +
                                                    "' is " + unitName(v->type) + ", but process '" +
                                                    in.proc->name.name + "' expects " + unitName(want->type) + how);
      for (size_t j : refs) DiagEngine::note(d, in.args[j]->range, "'" + in.proc->params[j].name.name + "' is given here");
      if (refs.empty()) DiagEngine::note(d, param.unit->range, "the expected unit is declared here");
      v = error();
    }
  }
  in.argBusy[p] = false;
  in.argValue[p] = bindObserved(in.decl->name.name + "." + param.name.name, std::move(v), in.args[p]->range);
  return copy(*in.argValue[p], use);
}

// The unit a parameter declares (`kappa: 1/yr`), which may be that of an earlier parameter (`level: s0`,
// `sigma: x0/sqrt(yr)`): each earlier parameter named in it stands for one unit of its argument. `refs` gets the
// parameters it names. An error type (no diagnostic) when a named argument has none.
ExprPtr Elaborator::parameterUnit(Instance& in, size_t p, std::vector<size_t>* refs) {
  const auto& params = in.proc->params;
  std::vector<ExprPtr> ones;
  Scope sc;
  sc.ctx = Ctx::Const;
  bool unknown = false;
  std::function<void(const ast::Expr&)> bind = [&](const ast::Expr& e) {
    if (e.kind == ast::ExprKind::Name && e.member.name.empty())
      for (size_t j = 0; j < p; ++j)
        if (params[j].name.name == e.name.name && !sc.locals.count(e.name.name)) {
          Type t = in.args[j] ? argument(in, j, e.range)->type : Type::error();
          if (refs) refs->push_back(j);
          unknown |= t.isError() || !t.isReal();
          ones.push_back(ir::makeConst(1, t.isReal() ? Type::real(t.dim) : Type::error(), e.range));
          sc.locals[e.name.name] = ones.back().get();
        }
    for (const auto& a : e.args) bind(*a.value);
    for (const auto& k : e.kids) bind(*k);
  };
  bind(*params[p].unit);
  ExprPtr v = expr(*params[p].unit, sc);
  if (unknown || v->type.isError()) return error();
  if (v->op != Op::Const) {
    diags_.error(params[p].unit->range, "a parameter's unit must be a constant");
    return error();
  }
  return v;
}

void Elaborator::instanceHeader(Instance& in) {
  if (in.header == Instance::Done) return;
  if (in.header == Instance::Busy) {
    diags_.error(in.decl->name.range, "the initial value of '" + in.decl->name.name + "' depends on itself");
    in.value = error();
    return;
  }
  in.header = Instance::Busy;
  InstanceContext ctx(diags_, in, !checkingDecls_);
  const ast::ProcessDecl& p = *in.proc;
  Scope init;
  init.ctx = Ctx::ProcInit;
  init.inst = &in;
  for (const auto& st : p.states) {
    bool clash = in.states.count(st.name.name) > 0;
    for (const auto& prm : p.params) clash |= prm.name.name == st.name.name;
    if (clash) {
      diags_.error(st.name.range, "'" + st.name.name + "' is already declared in process '" + p.name.name + "'");
      continue;
    }
    ExprPtr v = expr(*st.value, init);
    if (v->type.isBool()) {
      diags_.error(st.value->range, "a state variable must be a number");
      v = error();
    }
    Type t = v->type;
    model_.states.push_back({in.decl->name.name + "." + st.name.name, std::move(v), nullptr, t, st.range, {}});
    in.states[st.name.name] = static_cast<uint32_t>(model_.states.size() - 1);
  }
  if (p.value) {
    Scope vs;
    vs.ctx = Ctx::ProcValue;
    vs.inst = &in;
    in.value = bindObserved(in.decl->name.name, expr(*p.value, vs), p.value->range);
  } else if (p.states.size() == 1 && in.states.size() == 1) {
    uint32_t idx = in.states.begin()->second;
    in.value = ir::makeLeaf(Op::State, idx, model_.states[idx].type, Variability::Step, in.decl->range);
  } else {
    diags_.error(p.name.range, "process '" + p.name.name + "' has " + std::to_string(p.states.size()) +
                                   " state variables; say which value it has with 'value = ...;'");
    in.value = error();
  }
  if (in.index < model_.instances.size() && in.value->op == Op::Temp)
    model_.instances[in.index].valueTemp = in.value->index;
  in.header = Instance::Done;
}

void Elaborator::instanceBody(Instance& in) {
  if (in.bodyDone) return;
  in.bodyDone = true;
  // A broken requirement is the caller's mistake: its error, not the NaNs it causes inside the process.
  bool met = requirements(in);
  instanceHeader(in);
  if (!met) return;
  InstanceContext ctx(diags_, in, !checkingDecls_);
  const ast::ProcessDecl& p = *in.proc;
  Scope step;
  step.ctx = Ctx::ProcStep;
  step.inst = &in;
  auto addLet = [&](const ast::Binding& b) {
    bool clash = in.states.count(b.name.name) || in.stepLets.count(b.name.name);
    for (const auto& prm : p.params) clash |= prm.name.name == b.name.name;
    if (clash) {
      diags_.error(b.name.range, "'" + b.name.name + "' is already declared in process '" + p.name.name + "'");
      return;
    }
    ExprPtr v = expr(*b.value, step);
    if (ir::isLeaf(v->op) && v->op != Op::Normal && v->op != Op::Uniform) {
      in.stepLets[b.name.name] = std::move(v);
      return;
    }
    Type t = v->type;
    Variability var = v->var;
    uint32_t idx = addTemp(in.decl->name.name + "." + b.name.name, std::move(v), ir::Stage::StepStart, b.range);
    in.stepLets[b.name.name] = ir::makeLeaf(Op::Temp, idx, t, std::max(var, Variability::Step), b.range);
  };
  for (const auto& l : p.lets) addLet(l);
  std::map<std::string, SourceRange> assigned;
  for (const auto& u : p.update) {
    if (u.isLet) {
      addLet(u.binding);
      continue;
    }
    const std::string& target = u.binding.name.name;
    auto st = in.states.find(target);
    if (st == in.states.end()) {
      bool isParam = false;
      for (const auto& prm : p.params) isParam |= prm.name.name == target;
      diags_.error(u.binding.name.range, isParam ? "cannot assign to parameter '" + target + "'"
                                                 : "'" + target + "' is not a state variable of process '" +
                                                       p.name.name + "' (declare it with 'state " + target + " = ...;')");
      continue;
    }
    if (auto [it, fresh] = assigned.emplace(target, u.binding.range); !fresh) {
      auto* d = diags_.error(u.binding.name.range, "state '" + target + "' is updated twice");
      DiagEngine::note(d, it->second, "first updated here");
      continue;
    }
    ExprPtr v = expr(*u.binding.value, step);
    auto& info = model_.states[st->second];
    if (!v->type.isError() && !info.type.isError()) {
      if (!v->type.isReal() || v->type.dim != info.type.dim) {
        auto* d = diags_.error(u.binding.value->range, "the new value of '" + target + "' is " + unitName(v->type) +
                                                           ", but the state is " + unitName(info.type));
        DiagEngine::note(d, info.range, "the state is declared here");
        continue;
      }
    }
    info.update = std::move(v);
    info.updateRange = u.binding.range;
  }
  if (p.forward) {
    // forward(tau) = E_t[value at t + tau]: the process's state and arguments now, tau a time.
    Scope fs;
    fs.ctx = Ctx::ProcValue;
    fs.inst = &in;
    Type tt = Type::real(Dim::base(kTime));
    ExprPtr tau = ir::makeLeaf(Op::Tau, 0, tt, Variability::Step, p.forwardHorizon.range);
    fs.locals[p.forwardHorizon.name] = tau.get();
    ExprPtr f = expr(*p.forward, fs);
    if (!f->type.isError() && !in.value->type.isError() && (!f->type.isReal() || f->type.dim != in.value->type.dim)) {
      diags_.error(p.forward->range, "forward(" + p.forwardHorizon.name + ") is " + unitName(f->type) +
                                         ", but the process value is " + unitName(in.value->type));
    } else if (in.index < model_.instances.size() && !f->type.isError()) {
      model_.instances[in.index].forward = std::move(f);
    }
  }
}

void Elaborator::instances(const ast::ScenarioDecl& s) {
  for (const auto& d : s.instances) {
    auto it = globals_.processes.find(d.process.name);
    if (it == globals_.processes.end()) {
      std::vector<std::string> known;
      for (const auto& [n, pr] : globals_.processes) known.push_back(n);
      std::string hint = sitrt::didYouMean(d.process.name, known);
      if (hint.empty()) hint = importHint(program_, d.process.name);
      diags_.error(d.process.range, globals_.fns.count(d.process.name)
                                        ? "'" + d.process.name + "' is a function, not a process"
                                        : "unknown process '" + d.process.name + "'" +
                                              (hint.empty() ? " (is an import missing?)" : hint));
      continue;
    }
    if (instanceByName_.count(d.name.name) || paramByName_.count(d.name.name) || units_.find(d.name.name) ||
        isBuiltinName(d.name.name)) {
      diags_.error(d.name.range, "'" + d.name.name + "' is already declared");
      continue;
    }
    auto in = std::make_unique<Instance>();
    in->decl = &d;
    in->proc = it->second;
    in->index = static_cast<uint32_t>(model_.instances.size());
    size_t np = in->proc->params.size();
    in->args.assign(np, nullptr);
    in->argValue.resize(np);
    in->argBusy.assign(np, false);
    size_t pos = 0;
    std::set<std::string> misspelt;  // parameters a misspelt argument name was probably meant for
    for (const auto& a : d.args) {
      size_t idx = np;
      if (a.name.name.empty()) {
        idx = pos++;
        if (idx >= np) {
          auto* diag = diags_.error(a.value->range, "too many arguments: process '" + d.process.name + "' takes " +
                                                        std::to_string(np));
          DiagEngine::note(diag, in->proc->name.range, "'" + d.process.name + "' is declared here");
          continue;
        }
      } else {
        for (size_t i = 0; i < np; ++i)
          if (in->proc->params[i].name.name == a.name.name) idx = i;
        if (idx == np) {
          std::vector<std::string> names;
          for (const auto& p : in->proc->params) names.push_back(p.name.name);
          auto match = sitrt::closestMatch(a.name.name, names);
          auto* diag = diags_.error(a.name.range, "process '" + d.process.name + "' has no parameter '" +
                                                      a.name.name + "'" +
                                                      (match ? " (did you mean '" + *match + "'?)" : ""));
          DiagEngine::note(diag, in->proc->name.range, "'" + d.process.name + "' is declared here");
          if (match) misspelt.insert(*match);  // one error for a typo, not a second "missing argument"
          continue;
        }
      }
      if (in->args[idx]) {
        diags_.error(a.value->range, "parameter '" + in->proc->params[idx].name.name + "' is given twice");
        continue;
      }
      in->args[idx] = a.value.get();
    }
    for (size_t i = 0; i < np; ++i)
      if (!in->args[i] && in->proc->params[i].defaultValue) in->args[i] = in->proc->params[i].defaultValue.get();
    for (size_t i = 0; i < np; ++i)
      if (!in->args[i] && !misspelt.count(in->proc->params[i].name.name)) {
        auto* diag = diags_.error(d.range, "missing argument '" + in->proc->params[i].name.name + "' for process '" +
                                               d.process.name + "'");
        DiagEngine::note(diag, in->proc->params[i].name.range, "the parameter is declared here");
      }
    model_.instances.push_back({d.name.name, d.process.name, 0, -1, nullptr, d.range});
    instanceByName_[d.name.name] = in.get();
    instances_.push_back(std::move(in));
  }
  for (auto& in : instances_) instanceBody(*in);
}

ExprPtr Elaborator::scenarioLet(LetEntry& let) {
  if (let.status == LetEntry::Done) return copy(*let.value, let.decl->range);
  if (let.status == LetEntry::Busy) {
    diags_.error(let.decl->name.range, "'" + let.decl->name.name + "' is defined in terms of itself");
    let.value = error();
    let.status = LetEntry::Done;
    return error();
  }
  let.status = LetEntry::Busy;
  Scope sc;
  sc.ctx = Ctx::PathEnd;
  ExprPtr v = expr(*let.decl->value, sc);
  if (let.status == LetEntry::Done) return error();  // a cycle was reported while elaborating
  if (v->var == Variability::Path && !ir::isLeaf(v->op)) {
    Type t = v->type;
    uint32_t idx = addTemp(let.decl->name.name, std::move(v), ir::Stage::PathEnd, let.decl->range);
    let.value = ir::makeLeaf(Op::Temp, idx, t, Variability::Path, let.decl->range);
  } else {
    let.value = bindObserved(let.decl->name.name, std::move(v), let.decl->range);
  }
  let.status = LetEntry::Done;
  return copy(*let.value, let.decl->range);
}

// --- correlations ----------------------------------------------------------------------------------------------

void Elaborator::correlations(const ast::ScenarioDecl& s) {
  if (s.correlations.empty()) return;
  ir::CorrelationInfo info;
  info.range = s.correlations.front().range;
  std::map<std::pair<uint32_t, uint32_t>, std::pair<double, SourceRange>> entries;
  std::map<std::pair<uint32_t, uint32_t>, SourceRange> at;  // (row, column) instances -> where the entry is written
  auto instanceIndex = [&](const ast::Ident& id) -> int {
    auto it = instanceByName_.find(id.name);
    if (it == instanceByName_.end()) {
      diags_.error(id.range, "'" + id.name + "' is not a process instance of this scenario");
      return -1;
    }
    if (model_.instances[it->second->index].primaryNormal < 0) {
      diags_.error(id.range, "'" + id.name + "' draws no normal() shock, so there is nothing to correlate");
      return -1;
    }
    auto pos = std::find(info.instances.begin(), info.instances.end(), it->second->index);
    if (pos == info.instances.end()) {
      info.instances.push_back(it->second->index);
      return static_cast<int>(info.instances.size() - 1);
    }
    return static_cast<int>(pos - info.instances.begin());
  };
  // `r` is where the entry (i, j) is written, `mirrored` where (j, i) is (the same place for correlate()).
  auto set = [&](int i, int j, double v, const SourceRange& r, const SourceRange& mirrored) {
    if (i == j) return;
    uint32_t a = info.instances[i], b = info.instances[j];
    auto key = std::make_pair(std::min(a, b), std::max(a, b));
    auto [it, fresh] = entries.emplace(key, std::make_pair(v, r));
    if (!fresh) {  // whatever the lines: two entries on one line are given twice just the same
      auto* d = diags_.error(r, "the correlation of '" + model_.instances[key.first].name + "' and '" +
                                    model_.instances[key.second].name + "' is given twice");
      DiagEngine::note(d, it->second.second, "first given here");
      return;
    }
    at[{a, b}] = r;
    at[{b, a}] = mirrored;
  };
  // Off the diagonal a correlation is strictly inside (-1, 1): at +-1 two shocks are one, and the matrix is not
  // positive definite.
  auto coefficient = [&](const ast::Expr& e, bool diagonal = false) -> std::optional<double> {
    ExprPtr v = constant(e, "a correlation");
    if (v->type.isError()) return std::nullopt;
    if (!v->type.isReal() || !v->type.dim.dimensionless()) {
      diags_.error(e.range, "a correlation is a plain number, but this is " + unitName(v->type));
      return std::nullopt;
    }
    if (!diagonal && !(std::fabs(v->value) < 1)) {
      diags_.error(e.range, std::fabs(v->value) == 1
                                ? "a correlation must be strictly between -1 and 1 (at 1 or -1 the two shocks would "
                                  "be one: derive one value from the other instead)"
                                : "a correlation must be strictly between -1 and 1");
      return std::nullopt;
    }
    return v->value;
  };
  for (const auto& c : s.correlations) {
    bool repeated = false;  // a repeated name would give one pair two entries
    for (size_t i = 0; i < c.names.size() && c.matrix; ++i)
      for (size_t j = 0; j < i; ++j)
        if (c.names[i].name == c.names[j].name) {
          auto* d = diags_.error(c.names[i].range, "'" + c.names[i].name + "' appears twice in the correlation list");
          DiagEngine::note(d, c.names[j].range, "first listed here");
          repeated = true;
          break;
        }
    if (repeated) continue;
    std::vector<int> idx;
    for (const auto& n : c.names) idx.push_back(instanceIndex(n));
    if (std::find(idx.begin(), idx.end(), -1) != idx.end()) continue;
    if (!c.matrix) {
      if (idx[0] == idx[1]) {
        diags_.error(c.range, "cannot correlate '" + c.names[0].name + "' with itself");
        continue;
      }
      if (auto v = coefficient(*c.value)) set(idx[0], idx[1], *v, c.value->range, c.value->range);
      continue;
    }
    size_t n = idx.size();
    const ast::Expr& m = *c.value;
    if (m.kind != ast::ExprKind::List || m.kids.size() != n) {
      diags_.error(m.range, "expected a " + std::to_string(n) + "x" + std::to_string(n) +
                                " matrix written as rows: [[1, r12, ...], [r12, 1, ...], ...]");
      continue;
    }
    std::vector<double> vals(n * n, 0);
    bool ok = true;
    for (size_t i = 0; i < n && ok; ++i) {
      const ast::Expr& row = *m.kids[i];
      if (row.kind != ast::ExprKind::List || row.kids.size() != n) {
        diags_.error(row.range, "row " + std::to_string(i + 1) + " must have " + std::to_string(n) + " entries");
        ok = false;
        break;
      }
      for (size_t j = 0; j < n; ++j) {
        auto v = coefficient(*row.kids[j], i == j);
        if (!v) {
          ok = false;
          continue;
        }
        vals[i * n + j] = *v;
        if (i == j && *v != 1) {
          diags_.error(row.kids[j]->range, "the diagonal of a correlation matrix must be 1");
          ok = false;
        }
      }
    }
    for (size_t i = 0; i < n && ok; ++i)
      for (size_t j = 0; j < i; ++j)
        if (vals[i * n + j] != vals[j * n + i]) {
          auto* d = diags_.error(m.kids[i]->kids[j]->range, "the correlation matrix is not symmetric: entry (" +
                                                                std::to_string(i + 1) + "," + std::to_string(j + 1) +
                                                                ") differs from (" + std::to_string(j + 1) + "," +
                                                                std::to_string(i + 1) + ")");
          DiagEngine::note(d, m.kids[j]->kids[i]->range, "the mirrored entry is here");
          ok = false;
        }
    if (!ok) continue;
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < i; ++j)
        set(idx[i], idx[j], vals[i * n + j], m.kids[i]->kids[j]->range, m.kids[j]->kids[i]->range);
  }
  size_t n = info.instances.size();
  info.matrix.assign(n * n, 0);
  for (size_t i = 0; i < n; ++i) info.matrix[i * n + i] = 1;
  auto pos = [&](uint32_t inst) {
    return static_cast<size_t>(std::find(info.instances.begin(), info.instances.end(), inst) - info.instances.begin());
  };
  for (const auto& [key, v] : entries) {
    size_t i = pos(key.first), j = pos(key.second);
    info.matrix[i * n + j] = info.matrix[j * n + i] = v.first;
  }
  info.at.assign(n * n, SourceRange{});
  for (const auto& [key, r] : at) info.at[pos(key.first) * n + pos(key.second)] = r;
  if (n > 1) model_.correlations.push_back(std::move(info));
}

// --- reports ---------------------------------------------------------------------------------------------------

void Elaborator::reportItem(const ast::ReportItem& item, int hedge) {
  if (hedge >= 0 && hedgeReportItem(item, hedge)) return;
  const ast::Expr& e = *item.expr;
  auto stat = e.kind == ast::ExprKind::Call ? findStat(e.name.name) : std::nullopt;
  if (!stat) {
    diags_.error(e.range, std::string("a report item is a statistic: mean(x), sd(x), variance(x), quantile(x, 95%), "
                                      "prob(x > 1) or skewness(x)") +
                              (hedge >= 0 ? "; or, for a hedge: volatility_reduction, hedge_effectiveness, hedge_ratio, "
                                            "per_period, var(95%), cvar(95%), margin_calls, peak_variation_margin, "
                                            "locked_days, capped_periods"
                                          : ""));
    return;
  }
  size_t want = *stat == sitrt::StatKind::Quantile ? 2 : 1;
  if (e.args.size() != want) {
    diags_.error(e.range, "'" + e.name.name + "' takes " + (want == 2 ? "a quantity and a level" : "one quantity"));
    return;
  }
  Scope sc;
  sc.ctx = Ctx::PathEnd;
  sc.hedge = hedge;
  ExprPtr v = expr(*e.args[0].value, sc);
  if (v->type.isError()) return;
  ir::OutputInfo out;
  out.stat = *stat;
  out.label = item.label.empty() ? sm_.text(e.range) : item.label;
  if (hedge >= 0) out.label = model_.hedges[hedge].name + ": " + out.label;
  out.range = item.range;
  Type t = v->type;
  switch (*stat) {
    case sitrt::StatKind::Prob:
      if (!v->type.isBool()) {
        diags_.error(e.args[0].value->range, "prob() needs a condition, e.g. prob(TPI > 3 USD/Mtok)");
        return;
      }
      t = Type::real();
      break;
    case sitrt::StatKind::Skewness:
      t = Type::real();
      break;
    case sitrt::StatKind::Variance:
      t.dim = t.dim.pow(Rational::of(2));
      t.display = powDisplay(t.display, Rational::of(2), units_);
      break;
    case sitrt::StatKind::Quantile: {
      ExprPtr p = constant(*e.args[1].value, "a quantile level");
      if (p->type.isError()) return;
      if (!p->type.dim.dimensionless() || !(p->value > 0 && p->value < 1)) {
        diags_.error(e.args[1].value->range, "a quantile level must be between 0 and 1 (e.g. 0.95 or 95%)");
        return;
      }
      out.arg = p->value;
      break;
    }
    default:
      if (v->type.isBool()) t = Type::real();
      break;
  }
  t.windows = v->type.windows;
  if (v->type.isBool()) v->type = Type::real();
  out.type = t;
  out.expr = std::move(v);
  model_.outputs.push_back(std::move(out));
}

void Elaborator::reports(const ast::ScenarioDecl& s) {
  bool any = false;
  for (const auto& r : s.reports)
    for (const auto& item : r.items) reportItem(item), any = true;
  for (const auto& r : program_.modules.front()->reports)  // top-level reports apply to every scenario
    for (const auto& item : r.items) reportItem(item), any = true;
  if (any) return;
  // No report: the mean and standard deviation of every instance's value at the horizon.
  for (auto& in : instances_) {
    if (in->value->type.isError()) continue;
    for (auto k : {sitrt::StatKind::Mean, sitrt::StatKind::Sd}) {
      ir::OutputInfo out;
      out.stat = k;
      out.label = std::string(sitrt::statName(k)) + "(" + in->decl->name.name + ")";
      out.expr = ir::clone(*in->value);
      out.type = in->value->type;
      out.range = in->decl->range;
      model_.outputs.push_back(std::move(out));
    }
  }
}

// --- entry points ----------------------------------------------------------------------------------------------

std::optional<ir::Model> Elaborator::scenario(const ast::ScenarioDecl& s) {
  size_t errorsBefore = diags_.errorCount();
  scenario_ = &s;
  model_ = ir::Model{};
  model_.scenario = s.name.name;
  model_.range = s.range;
  settings(s);
  for (const auto& l : s.lets) {
    if (lets_.count(l.name.name) || paramByName_.count(l.name.name) || units_.find(l.name.name)) {
      diags_.error(l.name.range, "'" + l.name.name + "' is already declared");
      continue;
    }
    lets_[l.name.name].decl = &l;
  }
  instances(s);
  for (const auto& l : s.lets) {  // every let is checked, used or not, in source order
    auto it = lets_.find(l.name.name);
    if (it == lets_.end() || it->second.decl != &l) continue;
    if (instanceByName_.count(l.name.name)) {
      diags_.error(l.name.range, "'" + l.name.name + "' is already declared as a process instance");
      continue;
    }
    scenarioLet(it->second);
  }
  correlations(s);
  reports(s);
  // Past the expansion budget every expression is an error placeholder: contracts would be all zeros.
  if (overBudget_) return std::nullopt;
  for (const auto& h : program_.modules.front()->hedges)
    if (h.scenario.name == s.name.name) hedge(h);
  model_.units = units_;
  if (diags_.errorCount() != errorsBefore) return std::nullopt;
  return std::move(model_);
}

void Elaborator::checkDeclarations() {
  checkingDecls_ = true;
  model_ = ir::Model{};
  model_.dt = 1.0 / units_.daysPerYear();
  model_.horizon = 1;
  declareUnits();
  // Parameters of unknown unit: checks that depend on units are made per scenario, where arguments are known.
  for (const auto& [name, proc] : globals_.processes) {
    Instance in;
    ast::Instance fake;
    fake.name = proc->name;
    fake.range = proc->range;
    in.decl = &fake;
    in.proc = proc;
    in.index = static_cast<uint32_t>(model_.instances.size());
    model_.instances.push_back({name, name, 0, -1, nullptr, proc->range});
    for (size_t i = 0; i < proc->params.size(); ++i) {
      in.args.push_back(nullptr);
      in.argValue.push_back(ir::makeLeaf(Op::Param, 0, Type::error(), Variability::Step));
      in.argBusy.push_back(false);
      if (proc->params[i].unit) parameterUnit(in, i, nullptr);
    }
    instanceBody(in);
  }
  for (const auto& [name, fn] : globals_.fns) {
    Scope body;
    body.ctx = Ctx::Observed;
    body.inFunction = true;
    std::vector<ExprPtr> holders;
    for (const auto& p : fn->params) {
      holders.push_back(ir::makeLeaf(Op::Local, 0, Type::error(), Variability::Step));
      body.locals[p.name] = holders.back().get();
    }
    callStack_.push_back(fn);
    expr(*fn->body, body);
    callStack_.pop_back();
  }
  checkingDecls_ = false;
  checkContracts();
}

bool checkProgram(const SourceManager& sm, const Program& program, DiagEngine& diags,
                  std::vector<ir::Model>& models, const std::string& scenario) {
  size_t errorsBefore = diags.errorCount();
  Globals globals = collectGlobals(program, diags);
  Elaborator(sm, program, globals, diags).checkDeclarations();
  // Each scenario is compiled and run on its own (sitc test runs them all), so their number bounds the work.
  const auto& all = program.modules.front()->scenarios;
  if (all.size() > sitrt::limits::kMaxScenarios) {
    diags.error(all[sitrt::limits::kMaxScenarios].name.range,
                "a spec may declare at most " + std::to_string(sitrt::limits::kMaxScenarios) +
                    " scenarios (docs/language.md section 9.1); split it into several files");
    return false;
  }
  bool found = scenario.empty();
  for (const auto& s : program.modules.front()->scenarios) {
    if (!scenario.empty() && s.name.name != scenario) continue;
    found = true;
    if (diags.limitReached()) break;
    if (auto m = Elaborator(sm, program, globals, diags).scenario(s)) models.push_back(std::move(*m));
  }
  for (const auto& h : program.modules.front()->hedges)
    if (!globals.scenarios.count(h.scenario.name))
      diags.error(h.scenario.range, "hedge '" + h.name.name + "' is for unknown scenario '" + h.scenario.name + "'");
  if (!found) {
    std::string names;
    for (const auto& s : program.modules.front()->scenarios) names += (names.empty() ? "" : ", ") + s.name.name;
    diags.error({}, "no scenario named '" + scenario + "'" + (names.empty() ? "" : " (the spec has: " + names + ")"));
  }
  return diags.errorCount() == errorsBefore;
}

}  // namespace sitc::sema
