// Internal to sema: the state of elaborating one scenario. Elaborate.cpp says which file does which construct.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ir/Model.h"
#include "sema/Program.h"

namespace sitc::sema {

// Two types are of the same unit, or one is an error (already reported: no second error about it).
inline bool sameUnit(const Type& a, const Type& b) { return a.isError() || b.isError() || a.dim == b.dim; }

// What kind of code an expression is part of; decides which names, draws and aggregates it may use.
enum class Ctx {
  Const,        // unit definitions, settings, param defaults, correlations, window lengths, quantile levels
  Observed,     // scenario lets and process arguments: evaluated at t = 0 and after each step
  PathEnd,      // scenario lets and report items that may use aggregates over the path
  ProcInit,     // a state's initial value
  ProcValue,    // a process's value
  ProcStep,     // process lets and the update block: may draw
  ProcRequire,  // a `require` condition: the process's parameters only
};

struct Scope {
  Ctx ctx = Ctx::Const;
  struct Instance* inst = nullptr;                   // process contexts: the instance being elaborated
  std::map<std::string, const ir::Expr*> locals;     // names bound here (fn params, process lets, ...)
  const Scope* parent = nullptr;                     // enclosing scope for lookups of locals
  bool inFunction = false;
  int hedge = -1;                                    // hedge reports: the hedge whose totals are visible
};

struct Instance {
  const ast::Instance* decl = nullptr;
  const ast::ProcessDecl* proc = nullptr;
  uint32_t index = 0;
  std::vector<const ast::Expr*> args;                // per process parameter; null if missing
  std::vector<ir::ExprPtr> argValue;                 // elaborated on first use
  std::vector<bool> argBusy;
  std::map<std::string, uint32_t> states;            // state name -> Model::states index
  std::map<std::string, ir::ExprPtr> stepLets;       // process and update lets -> Temp leaves
  ir::ExprPtr value;                                 // expression a reference to the instance gives
  enum { Todo, Busy, Done } header = Todo;
  bool bodyDone = false;
};

// Errors inside a process body name the instance that led to them.
struct InstanceContext {
  DiagEngine& diags;
  InstanceContext(DiagEngine& d, const Instance& in, bool enabled) : diags(d), on(enabled) {
    if (on) d.pushContext(Diag::InInstance, in.decl->range, {in.decl->name.name, in.proc->name.name});
  }
  ~InstanceContext() {
    if (on) diags.popContext();
  }
  bool on;
};

struct LetEntry {
  const ast::Binding* decl = nullptr;
  enum { Todo, Busy, Done } status = Todo;
  ir::ExprPtr value;  // what a reference gives: a constant/param expression, or a Temp leaf
};

class Elaborator {
 public:
  Elaborator(const SourceManager& sm, const Program& p, const Globals& g, DiagEngine& d)
      : sm_(sm), program_(p), globals_(g), diags_(d) {}
  std::optional<ir::Model> scenario(const ast::ScenarioDecl& s);
  // Checks processes and functions on their own (names, structure), with unknown-typed parameters.
  void checkDeclarations();

  // --- expressions (ElabExpr.cpp) ---
  ir::ExprPtr expr(const ast::Expr& e, const Scope& s);      // elaborate, then reject constants folded to NaN/inf
  ir::ExprPtr elaborate(const ast::Expr& e, const Scope& s);
  ir::ExprPtr constant(const ast::Expr& e, const char* what);  // must fold to a constant
  ir::ExprPtr error() { return ir::makeConst(0, Type::error()); }
  // A copy of an elaborated value for another use of its name. Copies and elaborated nodes count against
  // limits::kMaxExpansion, so definitions that use each other several times cannot grow without bound.
  ir::ExprPtr copy(const ir::Expr& e, const SourceRange& use);
  // --- names (Lookup.cpp) ---
  std::string unitName(const Type& t) const;
  std::vector<std::string> visibleNames(const Scope& s) const;
  bool usedTooEarly(const ast::Expr& e, const Scope& s);
  // " (did you mean 'month'?)", or where an unimported module declares it, or "".
  std::string unitHint(const std::string& unit) const;
  // --- contracts on their own: units, ranges, warnings (Contract.cpp) ---
  void checkContracts();

 private:
  // --- a scenario's structure, in the order scenario() elaborates it ---
  void declareUnits();                                     // Settings.cpp
  void settings(const ast::ScenarioDecl& s);
  void params(const ast::ScenarioDecl& s);
  ir::ExprPtr scenarioLet(LetEntry& let);                  // Elaborate.cpp
  uint32_t addTemp(std::string name, ir::ExprPtr e, ir::Stage stage, SourceRange r);
  ir::ExprPtr bindObserved(std::string name, ir::ExprPtr e, SourceRange r);
  void instances(const ast::ScenarioDecl& s);              // Instances.cpp
  void instanceHeader(Instance& in);
  void instanceBody(Instance& in);
  ir::ExprPtr argument(Instance& in, size_t param, const SourceRange& use);
  ir::ExprPtr parameterUnit(Instance& in, size_t param, std::vector<size_t>* refs);
  bool requirements(Instance& in);                         // Requirements.cpp: false if one is broken
  void correlations(const ast::ScenarioDecl& s);           // Correlations.cpp
  std::optional<ir::ContractInfo> contract(const ast::ContractDecl& c);  // Contract.cpp
  void optionTerms(const ast::Expr& option, ir::HedgeInfo& info);  // instrument = call/put/collar(...)
  void rejectNamedArgs(const ast::Expr& call);  // contract and strategy forms take positional arguments only
  void hedge(const ast::HedgeDecl& h);                     // Hedge.cpp
  const Instance* hedgeInstrument(const std::string* name, SourceRange at, const ast::HedgeDecl& h,
                                  ir::HedgeInfo& info, bool& broken);
  // instrument = strip(...) (Strip.cpp): the first book into head, the others into legs; its underlying or null.
  const Instance* stripLegs(const ast::Expr& strip, const ast::HedgeDecl& h, ir::HedgeInfo& head,
                            std::vector<ir::HedgeInfo>& legs, bool& broken);
  void fixedQuantity(const ast::Expr& e, ir::HedgeInfo& info);
  std::optional<double> initialValue(const ir::Expr& e) const;
  void reports(const ast::ScenarioDecl& s);                // Reports.cpp
  void reportItem(const ast::ReportItem& item, int hedge = -1);
  bool hedgeReportItem(const ast::ReportItem& item, int hedge);  // HedgeReports.cpp
  void defaultHedgeReports(int hedge, const SourceRange& at);
  ir::ExprPtr hedgeValue(int hedge, ir::HedgeValue v, const SourceRange& r);  // a hedge's path total, typed
  void addHedgeOutput(int hedge, sitrt::StatKind k, ir::ExprPtr e, Type t, double arg, std::string label,
                      SourceRange r, std::string statName = "");

  // --- parts of expressions ---
  ir::ExprPtr lookup(const ast::Expr& e, const Scope& s);  // Lookup.cpp
  ir::ExprPtr call(const ast::Expr& e, const Scope& s);    // Calls.cpp
  ir::ExprPtr callFunction(const ast::Expr& e, const ast::FnDecl& fn, const Scope& s);
  ir::ExprPtr draw(const ast::Expr& e, ir::DrawKind k, const Scope& s);
  ir::ExprPtr aggregate(const ast::Expr& e, ir::AggKind k, const Scope& s);
  // Per-window values (Windows.cpp in sema): `x[k]`, and sum/average/maximum/minimum/last of x's windows.
  ir::ExprPtr windowAt(const ast::Expr& e, const Scope& s);
  ir::ExprPtr overWindows(const ast::Expr& e, ir::AggKind k, const Scope& s);
  bool mentionsPathValue(const ast::Expr& e);
  void pairedItem(const ast::ReportItem& item, int hedge);  // Reports.cpp
  ir::ExprPtr binaryOp(ast::BinOp op, ir::ExprPtr a, ir::ExprPtr b, const SourceRange& whole, const SourceRange& ra,
                       const SourceRange& rb);            // Operators.cpp
  // The aggregate k of e's first argument, per window of e's second if `windowed` (arguments already counted); a
  // condition counts as 0/1 unless `numbersOnly`.
  ir::ExprPtr aggregateOf(const ast::Expr& e, ir::AggKind k, bool windowed, bool numbersOnly = false);
  void fanItem(const ast::ReportItem& item, int hedge);  // Reports.cpp
  ir::ExprPtr power(ir::ExprPtr base, ir::ExprPtr ex, const SourceRange& whole, const SourceRange& rb);
  // The window count of a value combining `parts` (0: none is per-window), or nullopt after reporting that two of
  // them have different counts (operators, maths functions and if all combine per-window values window by window).
  std::optional<uint32_t> combinedWindows(std::initializer_list<const ir::Expr*> parts, const SourceRange& whole);

  const SourceManager& sm_;
  const Program& program_;
  const Globals& globals_;
  DiagEngine& diags_;
  ir::Model model_;
  UnitTable units_;
  const ast::ScenarioDecl* scenario_ = nullptr;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::map<std::string, Instance*> instanceByName_;
  std::map<std::string, LetEntry> lets_;
  std::map<std::string, uint32_t> paramByName_;
  std::set<std::string> unitsAhead_;  // while declareUnits runs: the units not defined yet (units are defined in order)
  std::vector<const ast::FnDecl*> callStack_;
  uint32_t nextLocal_ = 0;
  bool spend(uint64_t nodes, const SourceRange& where);  // false (after one error) once the budget is spent
  uint64_t expanded_ = 0;
  bool overBudget_ = false;
  Instance* argsOf_ = nullptr;  // the instance whose arguments are being elaborated (self-reference check)
  bool checkingDecls_ = false;  // placeholder arguments: unit checks involving them are skipped
};

}  // namespace sitc::sema
