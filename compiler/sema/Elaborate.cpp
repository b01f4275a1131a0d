// Elaborating a scenario, in order: settings and units (Settings.cpp), scenario lets (here), process instances
// (Instances.cpp, Requirements.cpp), correlations (Correlations.cpp), contracts and hedges (Contract.cpp,
// Hedge.cpp, HedgeReports.cpp), reports (Reports.cpp); expressions in them are elaborated by ElabExpr.cpp
// (dispatch), Lookup.cpp (names), Calls.cpp (functions, draws, aggregates) and Operators.cpp (operators and
// units). Also the entry points: checkProgram, and the check of processes and functions on their own.
#include "sema/Builtins.h"
#include "sema/Elaborator.h"
#include "sema/Sema.h"
#include "sitrt/limits.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

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

ExprPtr Elaborator::scenarioLet(LetEntry& let) {
  if (let.status == LetEntry::Done) return copy(*let.value, let.decl->range);
  if (let.status == LetEntry::Busy) {
    diags_.report(Diag::LetDefinedInTermsOfItself, let.decl->name.range, {let.decl->name.name});
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
      diags_.report(Diag::AlreadyDeclared, l.name.range, {l.name.name});
      continue;
    }
    lets_[l.name.name].decl = &l;
  }
  instances(s);
  for (const auto& l : s.lets) {  // every let is checked, used or not, in source order
    auto it = lets_.find(l.name.name);
    if (it == lets_.end() || it->second.decl != &l) continue;
    if (instanceByName_.count(l.name.name)) {
      diags_.report(Diag::LetIsAnInstance, l.name.range, {l.name.name});
      continue;
    }
    ExprPtr v = scenarioLet(it->second);
    if (v->var == Variability::Path && v->type.isReal()) {
      Type t = v->type;
      model_.pathValues.push_back({l.name.name, std::move(v), t, l.range});
    } else if (v->var == Variability::Step && v->type.isReal()) {
      Type t = v->type;
      model_.observables.push_back({l.name.name, std::move(v), t});
    }
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
    diags.report(Diag::TooManyScenarios, all[sitrt::limits::kMaxScenarios].name.range,
                 {std::to_string(sitrt::limits::kMaxScenarios)});
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
      diags.report(Diag::HedgeForUnknownScenario, h.scenario.range, {h.name.name, h.scenario.name});
  if (!found) {
    std::string names;
    for (const auto& s : program.modules.front()->scenarios) names += (names.empty() ? "" : ", ") + s.name.name;
    diags.report(Diag::NoSuchScenario, {}, {scenario, names.empty() ? "" : " (the spec has: " + names + ")"});
  }
  return diags.errorCount() == errorsBefore;
}

}  // namespace sitc::sema
