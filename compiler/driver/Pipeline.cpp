// The compiler's pipeline. Every pass, in the order it runs, is one line of kPipeline below: read it to see how a
// spec becomes a plan. A pass belongs to the stage it completes (Stage.h): `--emit=STAGE` runs the passes up to
// the last one of STAGE and prints that stage; `--print-after=PASS` prints the stage of PASS after it.
//
// To add a pass: write it (a plan pass is `bool NAME(plan::Plan&, DiagEngine&)` in plan/passes/, with its own
// header) and add its line here; --print-after, the pass list in --help and the docs' table follow from the list.
#include "driver/Pipeline.h"

#include <algorithm>
#include <iostream>

#include "frontend/Parse.h"
#include "plan/passes/Checks.h"
#include "plan/passes/Columns.h"
#include "plan/passes/Correlate.h"
#include "plan/passes/Curves.h"
#include "plan/passes/DrawSlots.h"
#include "plan/passes/LazyDraws.h"
#include "plan/passes/PlanSize.h"
#include "plan/passes/Powers.h"
#include "plan/passes/Schedule.h"
#include "plan/passes/Windows.h"
#include "sema/Sema.h"

namespace sitc::driver {

namespace {

// The whole-compilation passes.
bool parse(const Options&, Compilation& c) {
  auto m = frontend::parseModule(c.sm, c.mainFile, "main", c.diags);
  if (!m) return false;
  c.program.modules.push_back(std::move(m));
  return true;
}

bool loadImports(const Options& o, Compilation& c) {
  return sema::loadImports(c.sm, {stdlibDir(o), o.includes}, c.diags, c.program);
}

bool check(const Options& o, Compilation& c) { return sema::checkProgram(c.sm, c.program, c.diags, c.models, o.scenario); }

// A plan pass (plan/passes/), run on each scenario's plan; the first one starts the plans from the checked models.
// A pass returns false when the passes after it cannot work on what it left: that plan is dropped (its errors are
// reported) and the others go on, so one run reports the errors of every scenario.
using PlanPass = bool (*)(plan::Plan&, DiagEngine&);
template <PlanPass pass>
bool eachPlan(const Options&, Compilation& c) {
  for (auto& m : c.models) c.plans.emplace_back().model = std::move(m);
  c.models.clear();
  for (size_t i = 0; i < c.plans.size();)
    if (pass(c.plans[i], c.diags)) ++i;
    else c.plans.erase(c.plans.begin() + static_cast<std::ptrdiff_t>(i));
  return true;
}

// What --print-after shows: the compilation as a pass of each kind leaves it.
void printAst(const Compilation& c) { std::cerr << ast::printModule(*c.program.modules.front()); }
void printModules(const Compilation& c) {
  for (const auto& m : c.program.modules) std::cerr << "module " << m->name << ": " << c.sm.name(m->file) << "\n";
}
void printModels(const Compilation& c) {
  for (const auto& m : c.models) std::cerr << sema::printModel(m);
}
void printPlans(const Compilation& c) {
  for (const auto& p : c.plans) std::cerr << plan::printPlan(p);
}

struct Pass {
  const char* name;
  Stage stage;  // the stage it belongs to
  bool (*run)(const Options&, Compilation&);
  void (*print)(const Compilation&);
  const char* what;
};

// clang-format off
constexpr Pass kPipeline[] = {
    {"parse",         Stage::Ast,      parse,                               printAst,     "the spec's text -> AST (frontend/)"},
    {"imports",       Stage::Checked,  loadImports,                         printModules, "the modules it imports, parsed (sema/Imports.cpp)"},
    {"check",         Stage::Checked,  check,                               printModels,  "names, units, types: a checked model per scenario (sema/)"},
    {"expand-powers", Stage::Plan,     eachPlan<plan::expandPowers>,        printPlans,   "x^c for a constant c as sqrt or products (ir::constantPower)"},
    {"plan-size",     Stage::Plan,     eachPlan<plan::checkPlanSize>,       printPlans,   "refuse plans too large to compile"},
    {"schedule",      Stage::Plan,     eachPlan<plan::scheduleEvaluation>,  printPlans,   "the order of initial, step and observed values"},
    {"draw-slots",    Stage::Plan,     eachPlan<plan::assignDrawSlots>,     printPlans,   "the RNG counter slot of each draw"},
    {"correlate",     Stage::Plan,     eachPlan<plan::factorCorrelations>,  printPlans,   "the Cholesky factor of correlated shocks"},
    {"windows",       Stage::Plan,     eachPlan<plan::closeWindows>,        printPlans,   "the steps at which aggregate windows close"},
    {"columns",       Stage::Plan,     eachPlan<plan::layOutColumns>,       printPlans,   "output columns, hedge books and run-time parameters"},
    {"checks",        Stage::Plan,     eachPlan<plan::addChecks>,           printPlans,   "the run-time checks"},
    {"curves",        Stage::Plan,     eachPlan<plan::buildCurves>,         printPlans,   "each hedge's forward in separable form"},
    {"lazy-draws",    Stage::Plan,     eachPlan<plan::markLazyDraws>,       printPlans,   "normals evaluated only where used"},
};
// clang-format on

}  // namespace

bool runPipeline(const Options& o, Compilation& c, Stage until) {
  for (const Pass& p : kPipeline) {
    if (p.stage > until) break;
    bool ok = p.run(o, c);
    if (o.printAfter == p.name) {
      std::cerr << "// after " << p.name << ":\n";
      p.print(c);
    }
    if (!ok) return false;
  }
  return !c.diags.hasErrors();
}

std::vector<std::string> passNames() {
  std::vector<std::string> out;
  for (const Pass& p : kPipeline) out.push_back(p.name);
  return out;
}

std::string passTable() {
  size_t nameWidth = 0, stageWidth = 0;
  for (const Pass& p : kPipeline) {
    nameWidth = std::max(nameWidth, std::string(p.name).size());
    stageWidth = std::max(stageWidth, std::string(stageName(p.stage)).size());
  }
  auto padded = [](std::string s, size_t width) { return s + std::string(width + 2 - s.size(), ' '); };
  std::string out;
  for (const Pass& p : kPipeline) out += "  " + padded(p.name, nameWidth) + padded(stageName(p.stage), stageWidth) + p.what + "\n";
  return out;
}

const char* stageName(Stage s) {
  static const char* kNames[] = {"tokens", "ast", "checked", "plan", "llvm", "asm"};
  return kNames[static_cast<int>(s)];
}

std::optional<Stage> stageNamed(const std::string& name) {
  for (int s = 0; s <= static_cast<int>(Stage::Asm); ++s)
    if (name == stageName(static_cast<Stage>(s))) return static_cast<Stage>(s);
  return std::nullopt;
}

std::string stageList() {
  std::string out;
  for (int s = 0; s <= static_cast<int>(Stage::Asm); ++s) out += (s ? ", " : "") + std::string(stageName(static_cast<Stage>(s)));
  return out;
}

}  // namespace sitc::driver
