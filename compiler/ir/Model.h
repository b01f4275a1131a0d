// A checked scenario ("--emit=checked"): every name resolved, every process instantiated, every expression typed
// with its units and binding time. Lowering (plan/) schedules it; nothing here knows about LLVM.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "ast/Ast.h"
#include "ir/Expr.h"
#include "sitrt/sim_spec.h"

namespace sitc::ir {

struct ParamInfo {
  std::string name;
  double value = 0;  // default, base units
  Type type;
  SourceRange range;
};

struct StateInfo {
  std::string name;  // "TPI.x"
  ExprPtr init;      // evaluated once per path at t = 0
  ExprPtr update;    // new value at the end of a step (null: constant over the path)
  Type type;
  SourceRange range, updateRange;
};

// When a temporary is (re)computed:
//  StepStart - every step before the state updates (process lets, update lets);
//  Observed  - at t = 0 and after every step's updates (instance values, scenario lets, process arguments);
//  PathEnd   - once at the end of the path (anything that depends on an aggregate).
enum class Stage { StepStart, Observed, PathEnd };
const char* stageName(Stage s);

struct TempInfo {
  std::string name;
  ExprPtr expr;
  Stage stage = Stage::Observed;
  SourceRange range;
};

enum class DrawKind { Normal, Uniform, Poisson };
struct DrawInfo {
  DrawKind kind = DrawKind::Normal;
  uint32_t instance = 0;
  bool primary = false;  // the instance's first normal(): the one correlations apply to
  SourceRange range;
};

enum class AggKind { Sum, Average, Maximum, Minimum, Last };  // Last: the value at the window's (path's) end
static_assert(static_cast<int>(AggKind::Maximum) == 2 && static_cast<int>(AggKind::Minimum) == 3,
              "ir::windowCombiner (Expr.cpp) numbers them");
const char* aggName(AggKind k);
struct AggInfo {
  AggKind kind = AggKind::Sum;
  ExprPtr input;        // Observed-stage expression, sampled after every step
  double window = 0;    // 0: the whole path; else the window length (base time units)
  uint32_t windows = 0; // number of windows (0 for whole-path aggregates)
  SourceRange range;
};

struct InstanceInfo {
  std::string name;
  std::string process;
  uint32_t valueTemp = 0;
  int primaryNormal = -1;  // draw index, -1 if the process draws no normal
  ExprPtr forward;         // E_t[value at t + tau] (Tau leaves), if the process declares forward(tau)
  SourceRange range;
};

// A futures contract's terms, checked and in base units (docs/language.md section 7).
struct ContractInfo {
  std::string name;
  SourceRange range;
  ast::Ident underlying;
  Type quote;                    // unit the underlying is quoted in
  double size = 0;               // tokens per contract
  double tick = 0;               // in quote units
  double period = 0;             // contract period (base time units): a month, quarter or year
  std::string periodName;        // "month", ...
  uint32_t listed = 0;           // consecutive periods listed
  bool averageSettlement = true; // cash against the period's average of the index, else a final fixing
  double lastTradingBeforeEnd = 0;
  double initialMargin = 0, maintenanceMargin = 0;  // fractions of notional (0: none)
  double dailyLimit = 0;         // fraction of the previous settlement (0: none)
  double positionLimit = 0;      // contracts per period (0: none)
  double spread = -1;            // market makers' quoted spread, quote units (< 0: no market maker)
  double quoteSize = 0;          // market makers' quoted size, contracts
};

enum class StrategyKind { None, Fixed, MinVariance, Quantity };
struct HedgeInfo {
  std::string name;
  SourceRange range;
  ContractInfo contract;
  uint32_t instance = 0;         // the underlying index
  ExprPtr underlying;            // its value (observed)
  ExprPtr forward;               // its forward (Tau leaves)
  // A seller (produce(...)) earns what a buyer pays: the book runs on its cost, minus its revenue, and on minus its
  // quantity, so its positions come out short; only reports turn the costs back into revenues.
  bool seller = false;
  uint32_t costAgg = 0;          // sum(quantity * price * dt), negated for a seller
  uint32_t quantityAgg = 0;      // per-period sum(quantity * dt), negated for a seller
  StrategyKind strategy = StrategyKind::None;
  double ratio = 0;              // Fixed (naive: 1)
  std::vector<double> fixedQuantity;  // Quantity (`quantity = ...`): each period's tokens, in the book's sign
  bool perPeriod = false;
  uint32_t roll = 0;             // 0: static; N: stack-and-roll over N periods
  bool wholeContracts = false;
  uint64_t pilotPaths = 0;
  bool pilotEntry = false;       // entry = pilot: futures curve calibrated to pilot-path settlement means
  double fundingRate = 0;        // funding = RATE: interest on the hedger's net cash in the margin, per time
  double riskPremium = 0;        // risk_premium = RATE: futures above the expected settlement, per time of tenor
  double discountRate = 0;       // discount = RATE: money valued at t = 0, exp(-rate t)
  // instrument = call(...), put(...) or collar(...): European options on each period's settlement instead of
  // futures (sitrt::HedgeLegs; 0: futures), strikes in quote units, the premium loading a fraction.
  int32_t optionLegs = 0;
  double callStrike = 0, putStrike = 0, loading = 0;
  uint32_t periods = 0;          // periods hedged (listed periods within the horizon)
  Type money, price, quantity;   // for display
  // instrument = strip(...): the head (books > 1) and its books - 1 legs right after it in Model::hedges (leg =
  // true, the head's name, exposure and strategy, a contract and periods of their own); see sitrt::HedgeSpec.
  uint32_t books = 1;
  bool leg = false;
  std::string instrument;        // the book's name in reports ("SITQ", "spread(SITM, 12, 1)")
  std::vector<int32_t> cover;    // per period: +1, -1 or 0 (not covered); empty: +1 everywhere
  int32_t sizedBy = -1;          // a calendar spread: the period whose expected quantity sizes it
};

struct CorrelationInfo {  // over the primary normals of `instances`
  std::vector<uint32_t> instances;
  std::vector<double> matrix;  // row-major, instances.size()^2
  std::vector<SourceRange> at;  // like matrix: where each entry is given (invalid on the diagonal and when not given)
  SourceRange range;
};

struct OutputInfo;
struct Model;
// The per-path columns an output stores: one per window, or two for a paired statistic (a Pair expression).
uint32_t outputColumns(const OutputInfo& o);
// How many times code generation emits a per-window value's expression to compute `e` (a combination of
// windows emits it once per window; path-end lets are emitted where used): for the plan's size bound.
uint64_t emittedCopies(const Model& m, const Expr& e);

struct OutputInfo {  // one report item: a statistic of a path-end expression (or of a hedge)
  sitrt::StatKind stat = sitrt::StatKind::Mean;
  std::string statName;  // how results name the statistic when not statName(stat): "VaR", "CVaR"
  double arg = 0;
  bool lowTail = false;  // VaR and CVaR of a revenue: the (1 - arg) quantile and the mean at or below it
  int32_t hedge = -1;  // hedge statistics (volatility reduction, ratio, breakdown): no expression
  ExprPtr expr;
  std::string label;
  Type type;  // of the reported statistic (variance: squared units)
  SourceRange range;
};

// A scenario `let` whose value is per path (it depends on an aggregate): not reported unless a report names it,
// but stored per path for --paths-out (sitrt::SimSpec::pathColumns).
struct PathValueInfo {
  std::string name;
  ExprPtr expr;  // the let's value (a path-end temporary or an aggregate)
  Type type;
  SourceRange range;
};

// A value at every instant of a path: each process's value and state, each scenario let that changes over the path,
// each hedge value so far (HEDGE.cost_hedged, ...). What --series can record at grid points (plan::Plan::series).
struct ObservableInfo {
  std::string name;
  ExprPtr expr;  // a temporary, a state or a hedge value (leaves), or a run constant
  Type type;
};

// A process's `require` condition on an instance whose arguments are `param`s: checked at compile time with the
// params' defaults, and before a run with the values `--set` gives (SitCheckParamsFn, kernel_abi.h).
struct RequirementInfo {
  ExprPtr cond;       // of Param variability: params and constants only
  std::string what;   // "argument 'kappa' of 'TPI' must satisfy 'kappa > 0/yr' (a requirement of process 'mrjd')"
  SourceRange range;  // the argument
};

struct Model {
  UnitTable units;  // the scenario's calendar and declared units, for printing
  std::string scenario;
  SourceRange range;
  double daysPerYear = 360, horizon = 0, dt = 0;
  uint64_t steps = 0;
  std::vector<ParamInfo> params;
  std::vector<StateInfo> states;
  std::vector<TempInfo> temps;
  std::vector<DrawInfo> draws;
  std::vector<AggInfo> aggs;
  std::vector<InstanceInfo> instances;
  std::vector<CorrelationInfo> correlations;
  std::vector<OutputInfo> outputs;
  std::vector<HedgeInfo> hedges;
  std::vector<RequirementInfo> requirements;
  std::vector<PathValueInfo> pathValues;
  std::vector<ObservableInfo> observables;

  Namer namer() const;  // "TPI.x", "cost", "normal#3"

  // Adds an aggregate, or returns the index of an equal one: several hedges on one exposure, or a report that
  // repeats a sum, share the accumulator.
  uint32_t addAggregate(AggInfo a);
};

// Calls f on every expression of the model (states, temporaries, aggregates, instances' and hedges' forwards,
// outputs, requirements, path values, observables), null ones skipped.
void forEachExpr(Model& m, const std::function<void(ExprPtr&)>& f);

}  // namespace sitc::ir
