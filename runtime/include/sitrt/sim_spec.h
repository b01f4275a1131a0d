// What the runtime needs to know about a compiled scenario to run it and report on it: its parameters, its
// output columns, the statistics to report and the source locations of its run-time checks. The compiler fills
// it in; a standalone simulator reads it back from JSON embedded in its object file (sim_spec_json.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sitrt/hedge.h"
#include "sitrt/quantity.h"

namespace sitrt {

struct ParamSpec {
  std::string name;
  double value = 0;        // default, in internal (base) units
  std::string unit;        // unit it is displayed and set in, e.g. "1/yr"
  double unitScale = 1;    // internal value = displayed value * unitScale
  bool internal = false;   // set by the runtime (hedge positions), not by users
  DimVec dim;              // checked against `--set` values
};

enum class StatKind {
  Mean, Sd, Variance, Quantile, Prob, Skewness, Min, Max,
  CVaR,                 // expected shortfall: mean of the values at or above the `arg` quantile
  VolReduction,         // 1 - sd(column2) / sd(column)       (column: unhedged, column2: hedged)
  HedgeEffectiveness,   // 1 - var(column2) / var(column)
  HedgeRatio,           // the ratio a hedge used (one row; per period with count > 1)
  PerPeriod,            // a hedge's per-period breakdown (several rows)
  CappedPeriods,        // periods where the position limit capped a hedge
  Premium,              // an option hedge's premium paid, with the standard error of its pilot estimate
};
const char* statName(StatKind k);

struct ReportSpec {
  std::string label;       // e.g. "mean(TPI)" or the user's label
  StatKind stat = StatKind::Mean;
  double arg = 0;          // quantile level
  uint32_t column = 0;     // first output column
  uint32_t count = 1;      // > 1 for per-window quantities: one row per window
  std::string unit;        // display unit ("" = dimensionless)
  double unitScale = 1;    // displayed = internal / unitScale
  uint32_t column2 = 0;    // second column of paired statistics
  int32_t hedge = -1;      // hedge statistics: index into SimSpec::hedges
  std::string where;       // "file:line:col" of the report item, for errors about its value
  std::string name;        // the statistic as results name it ("VaR" for a hedge's quantile; "" = statName(stat))
  bool lowTail = false;    // Quantile, CVaR: of the low tail (a seller's VaR: the 1 - arg quantile; stats.h estimate)
};

// The book terms --set can change (CONTRACT.margin.initial, ...): they reach the book as run-time parameters, so a
// built simulator or a sweep changes them without recompiling.
enum class SettableTerm : uint32_t { Initial, Maintenance, Limit, PositionLimit };
constexpr uint32_t kSettableTerms = 4;
template <class Terms>  // HedgeTerms, or const HedgeTerms
auto& settableTerm(Terms& t, SettableTerm which) {
  switch (which) {
    case SettableTerm::Initial: return t.initial;
    case SettableTerm::Maintenance: return t.maintenance;
    case SettableTerm::Limit: return t.limit;
    case SettableTerm::PositionLimit: break;
  }
  return t.positionLimit;
}
// Its name after CONTRACT. in --set: "margin.initial", "margin.maintenance", "daily_limit", "position_limit".
const char* settableTermName(SettableTerm which);

// Where one hedge's run-time parameters sit in SimSpec::params, from `first`: each period's base position
// (contracts, set after the pilot runs), then each period's entry = pilot calibration, then each period's fair call
// and put premiums (option books; set after the pilot runs), then the settable terms.
// The compiler allocates them (plan/passes/Columns.cpp); the runner fills and reads them.
struct HedgeParamLayout {
  uint32_t first = 0, periods = 0;
  uint32_t position(uint32_t m) const { return first + m; }
  uint32_t calibration(uint32_t m) const { return first + periods + m; }
  uint32_t callPremium(uint32_t m) const { return first + 2 * periods + m; }
  uint32_t putPremium(uint32_t m) const { return first + 3 * periods + m; }
  uint32_t term(SettableTerm t) const { return first + 4 * periods + static_cast<uint32_t>(t); }
  uint32_t size() const { return 4 * periods + kSettableTerms; }
};

// A futures curve (curve.h): the contract periods of one or more hedges on one underlying, and the shape of its
// forward's separable form. Its lag tables are terms x (steps + 1) values of T_i, then (coupled) Tc and U, from
// lagOffset in the buffer the kernel's prepare step fills.
struct CurveSpec {
  std::vector<int64_t> ends;       // last day of each period
  bool average = true;             // average settlement (else the period's last index value)
  int32_t terms = 0;               // uncoupled terms
  bool coupled = false;
  uint32_t lagOffset = 0;
};

struct HedgeSpec {
  std::string name;
  std::string contract;            // the instrument's name (its terms can be set as CONTRACT.term)
  HedgeTerms terms{};
  uint32_t curve = 0;              // its prices (SimSpec::curves); the curve's ends are its periods
  enum class Strategy { None, Fixed, MinVariance, Quantity } strategy = Strategy::None;
  double ratio = 0;                // Fixed
  std::vector<double> quantity;    // Quantity: each period's fixed quantity (base units; negative for a seller)
  bool perPeriod = false;          // MinVariance: one ratio per period
  bool wholeContracts = false;     // round positions to whole contracts
  uint64_t pilotPaths = 0;         // 0: as many as the main run
  // entry = pilot: the runtime sets calibration[m] = mean settlement / mean day-0 futures price - 1 from the
  // pilot paths, and the book scales period m's forward part on day k by 1 + calibration[m] (end - k) / end,
  // end its last day: the full correction at t = 0, none at the end (hedge.h).
  bool pilotEntry = false;
  // risk_premium: futures prices exceed the model's expected settlement by a factor 1 + riskPremium x the tenor
  // to the period's last day. The runtime multiplies 1 + calibration[m] by it, so the book's scale carries the
  // premium at t = 0 and fades it out with the calibration by the period's end; options are priced on the
  // settlement scaled by the same factor (the pricing measure under which the future's price is fair).
  double riskPremium = 0;
  // produce(...): the book's costs are minus the seller's revenue and its quantities minus the quantity sold (so
  // positions are short); reports show revenue and production.
  bool seller = false;
  // A strip (instrument = strip(...)) is one hedge of several books, each a contract of its own (its terms, curve
  // and periods): the head (books > 1) and the books - 1 legs after it (leg = true), which carry the head's name,
  // exposure and strategy. The hedge's costs are the head's unhedged cost and the sum of every book's (hedge.h
  // hedgedCost, book by book); its minimum-variance ratios come from one regression on all its books' gains.
  uint32_t books = 1;
  bool leg = false;
  std::string instrument;          // how reports name the book in a strip ("SITQ", "spread(SITM, 12, 1)")
  // Per period, the sign of the position one unit of hedge ratio holds (+1, -1, 0: the strip does not cover the
  // period); empty: +1 in every period. The unit is the expected quantity of the period itself, or with
  // sizedBy >= 0 (a calendar spread) of period sizedBy, over the contract size.
  std::vector<int32_t> cover;
  int32_t sizedBy = -1;
  int32_t coverOf(uint32_t m) const { return cover.empty() ? 1 : cover[m]; }
  // One hedge ratio per covered period (min_variance(per_period)), or one for the book: a calendar spread is one
  // instrument, so it has one ratio either way.
  bool ratioPerPeriod() const { return strategy == Strategy::MinVariance && perPeriod && sizedBy < 0; }
  // The runtime sets it up before the main run: it estimates expected consumption per period (and, for the
  // minimum-variance strategy, the hedge ratio) on independent pilot paths, then fixes the base positions the
  // kernel trades towards. Those, the calibration and the settable terms are params from firstParam (params()).
  uint32_t firstParam = 0;
  HedgeParamLayout params() const { return {firstParam, static_cast<uint32_t>(terms.periods)}; }
  // Output columns (each per-period block has `periods` columns).
  uint32_t colUnhedged = 0, colHedged = 0, colGain = 0, colQuantity = 0, colPeriodGain = 0, colEntry = 0, colSettle = 0;
  std::string quantityUnit, priceUnit, moneyUnit;  // display units for the breakdown
  double quantityScale = 1, priceScale = 1, moneyScale = 1;
};

// A per-path value --paths-out writes (path_output.h): a scenario let that is a value per path (count > 1: one column
// per window, named NAME[1] ...), or a hedge's unhedged cost, hedged cost or futures gain (HEDGE.cost_unhedged, ...).
struct PathColumnSpec {
  std::string name;
  uint32_t column = 0, count = 1;
  std::string unit;        // display unit ("" = dimensionless)
  double unitScale = 1;    // displayed = internal / unitScale (negative for a seller's revenue, minus its book cost)
};

// A quantity --series can record at grid points (series.h): a process's value, a state, an observed let, or a hedge
// value so far (HEDGE.cost_hedged, ...).
struct SeriesSpec {
  std::string name;
  std::string unit;        // display unit ("" = dimensionless)
  double unitScale = 1;    // displayed = internal / unitScale
};

struct SimSpec {
  std::string scenario;
  std::vector<ParamSpec> params;
  UnitSystem units;                 // for reading `--set` values without the compiler
  uint32_t numOutputs = 0;
  uint64_t steps = 0;
  double dt = 0;                    // the step, base time units
  std::vector<ReportSpec> reports;
  std::vector<std::string> checks;  // "file:line:col: error: what" of each run-time check, by index
  // "file:line:col: error: what" of each process requirement on `param`s (`require kappa > 0/yr;`), by index:
  // the kernel's SitCheckParamsFn tests them for a run's params before it starts.
  std::vector<std::string> requirements;
  std::vector<HedgeSpec> hedges;
  std::vector<CurveSpec> curves;
  std::vector<PathColumnSpec> pathColumns;
  std::vector<SeriesSpec> series;   // what the kernel stores when a run asks for series (sitc run/build --series)
  uint32_t lagSize = 0;             // values the prepare step fills (the curves' lag tables)
};

}  // namespace sitrt
