// Lowering a checked model to a plan: dependency order, RNG slots, Cholesky factor, windows, columns, checks.
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "plan/Plan.h"
#include "sitrt/cholesky.h"
#include "sitrt/limits.h"

namespace sitc::plan {

using ir::Op;

namespace {

// Depth-first topological order over nodes (isState, index), following the leaves their expressions reference.
class Orderer {
 public:
  Orderer(const ir::Model& m, DiagEngine& d, bool includeStates) : m_(m), diags_(d), states_(includeStates) {}

  bool visit(InitItem n, std::vector<InitItem>& order) {
    auto key = std::make_pair(n.isState, n.index);
    if (done_.count(key)) return true;
    if (busy_.count(key)) {
      std::string name = n.isState ? m_.states[n.index].name : m_.temps[n.index].name;
      diags_.error(n.isState ? m_.states[n.index].range : m_.temps[n.index].range,
                   "circular definition: '" + name + "' depends on itself at the same point in time");
      return false;
    }
    busy_.insert(key);
    const ir::Expr& e = n.isState ? *m_.states[n.index].init : *m_.temps[n.index].expr;
    bool ok = true;
    ir::walk(e, [&](const ir::Expr& x) {
      if (!ok) return;
      if (x.op == Op::Temp && m_.temps[x.index].stage == ir::Stage::Observed) ok = visit({false, x.index}, order);
      if (x.op == Op::State && states_) ok = visit({true, x.index}, order);
    });
    busy_.erase(key);
    done_.insert(key);
    order.push_back(n);
    return ok;
  }

 private:
  const ir::Model& m_;
  DiagEngine& diags_;
  bool states_;
  std::set<std::pair<bool, uint32_t>> busy_, done_;
};

}  // namespace

bool lower(ir::Model model, DiagEngine& diags, Plan& out) {
  size_t errorsBefore = diags.errorCount();
  out = Plan{};
  out.model = std::move(model);
  const ir::Model& m = out.model;

  // Code generation grows about linearly with these, and so do its time and memory: bound them (before the
  // column count, a 32-bit index, could overflow).
  uint64_t items = m.states.size() + m.temps.size() + m.draws.size();
  for (const auto& a : m.aggs) items += std::max<uint32_t>(1, a.windows);  // one accumulator per window
  for (const auto& o : m.outputs)
    if (o.expr) items += std::max<uint32_t>(1, o.type.windows);
  if (items > sitrt::limits::kMaxPlanItems) {
    diags.error(m.range, "this scenario needs " + std::to_string(items) + " states, temporaries, draws, aggregates "
                         "and reported columns; the limit is " + std::to_string(sitrt::limits::kMaxPlanItems) +
                         " (docs/language.md section 9.1), which keeps compilation to about a minute");
    return false;
  }

  // t = 0: states and observed temporaries together (an initial value may use another instance's value).
  {
    Orderer o(m, diags, true);
    for (uint32_t i = 0; i < m.states.size(); ++i) o.visit({true, i}, out.init);
    for (uint32_t i = 0; i < m.temps.size(); ++i)
      if (m.temps[i].stage == ir::Stage::Observed) o.visit({false, i}, out.init);
  }
  // After each step the states are known; only observed temporaries are ordered.
  {
    Orderer o(m, diags, false);
    std::vector<InitItem> order;
    for (uint32_t i = 0; i < m.temps.size(); ++i)
      if (m.temps[i].stage == ir::Stage::Observed) o.visit({false, i}, order);
    for (const auto& it : order) out.observed.push_back(it.index);
  }
  for (uint32_t i = 0; i < m.temps.size(); ++i)
    if (m.temps[i].stage == ir::Stage::StepStart) out.stepTemps.push_back(i);

  // RNG: one uniform per draw, slots in draw order (which is source order within each instance).
  for (uint32_t i = 0; i < m.draws.size(); ++i) out.drawSlot.push_back(i);
  out.slots = static_cast<uint32_t>(m.draws.size());

  for (const auto& c : m.correlations) {
    size_t n = c.instances.size();
    for (auto inst : c.instances) out.correlated.push_back(static_cast<uint32_t>(m.instances[inst].primaryNormal));
    if (size_t bad = sitrt::cholesky(c.matrix, n, out.chol, 1e-12)) {
      // The factorisation failed at process j, with the block before it consistent. The processes linked to j
      // through correlations within the block are the inconsistent ones (the others form consistent blocks of
      // their own); the error points at the first entry that correlates j with one of them.
      size_t j = bad - 1;
      std::vector<bool> linked(j + 1, false);
      linked[j] = true;
      for (bool grew = true; grew;) {
        grew = false;
        for (size_t a = 0; a <= j; ++a)
          for (size_t b = 0; b <= j && linked[a]; ++b)
            if (!linked[b] && c.matrix[a * n + b] != 0) linked[b] = grew = true;
      }
      std::string names;
      SourceRange where = c.range;
      auto earlier = [](const SourceRange& x, const SourceRange& y) {
        return std::tie(x.begin.line, x.begin.col) < std::tie(y.begin.line, y.begin.col);
      };
      bool found = false;
      for (size_t i = 0; i <= j; ++i) {
        if (!linked[i]) continue;
        names += (names.empty() ? "" : ", ") + m.instances[c.instances[i]].name;
        if (i == j || c.matrix[i * n + j] == 0 || c.at.size() != n * n || !c.at[i * n + j].valid()) continue;
        if (!found || earlier(c.at[i * n + j], where)) where = c.at[i * n + j];
        found = true;
      }
      diags.error(where, "the correlation matrix is not positive definite: the correlations among " + names +
                             " are inconsistent (no set of shocks can have them)");
    }
  }

  for (const auto& a : m.aggs) {
    std::vector<uint64_t> ends;
    for (uint32_t w = 0; w < a.windows; ++w)
      ends.push_back(static_cast<uint64_t>(std::llround((w + 1) * a.window / m.dt)));
    if (!ends.empty()) ends.back() = m.steps;
    out.windowEnds.push_back(std::move(ends));
  }

  for (const auto& o : m.outputs) {
    out.outputColumn.push_back(out.numColumns);
    if (o.expr) out.numColumns += std::max<uint32_t>(1, o.type.windows);
  }
  out.numParams = static_cast<uint32_t>(m.params.size());
  for (const auto& h : m.hedges) {
    HedgePlan hp;
    const auto& k = h.contract;
    hp.terms.size = k.size;
    hp.terms.initial = k.initialMargin;
    hp.terms.maintenance = k.maintenanceMargin;
    hp.terms.limit = k.dailyLimit;
    hp.terms.halfSpread = (k.spread >= 0 ? k.spread : k.tick) / 2;  // market makers' half-spread, else half a tick
    hp.terms.positionLimit = k.positionLimit;
    hp.terms.periods = static_cast<int32_t>(h.periods);
    hp.terms.roll = static_cast<int32_t>(h.roll);
    const auto& ends = out.windowEnds[h.quantityAgg];
    for (uint32_t i = 0; i < h.periods; ++i) hp.ends.push_back(static_cast<int64_t>(ends[i]));
    hp.firstParam = out.numParams;
    out.numParams += 2 * h.periods + sitrt::kSettableTerms;  // positions, calibration, terms (sim_spec.h)
    auto block = [&](uint32_t n) {
      uint32_t c = out.numColumns;
      out.numColumns += n;
      return c;
    };
    // Hedges of one exposure share its accumulators (Model::addAggregate), so they share these columns too.
    const ir::HedgeInfo* twin = nullptr;
    for (size_t j = 0; j < out.hedges.size() && !twin; ++j)
      if (m.hedges[j].quantityAgg == h.quantityAgg && m.hedges[j].costAgg == h.costAgg) twin = &m.hedges[j];
    const HedgePlan* twinPlan = twin ? &out.hedges[static_cast<size_t>(twin - m.hedges.data())] : nullptr;
    hp.colQuantity = twinPlan ? twinPlan->colQuantity : block(h.periods);
    hp.colPeriodGain = block(h.periods);
    hp.colEntry = block(h.periods);
    hp.colSettle = block(h.periods);
    hp.colUnhedged = twinPlan ? twinPlan->colUnhedged : block(1);
    hp.sharesColumns = twinPlan != nullptr;
    hp.colHedged = block(1);
    hp.colGain = block(1);
    out.hedges.push_back(std::move(hp));
  }

  auto addCheck = [&](SourceRange r, std::string what) {
    out.checks.push_back({r, std::move(what)});
    return static_cast<int32_t>(out.checks.size() - 1);
  };
  // When several checks fail at once the lowest wins, so causes come first: a bad Poisson mean before the state
  // it then turns into NaN.
  for (const auto& d : m.draws)
    out.drawCheck.push_back(d.kind == ir::DrawKind::Poisson
                                ? addCheck(d.range, "the mean of poisson() is negative, NaN or above 700")
                                : -1);
  for (const auto& s : m.states)
    out.stateCheck.push_back(s.update ? addCheck(s.updateRange, "'" + s.name + "' became NaN or infinite") : -1);
  out.firstOutputCheck = static_cast<uint32_t>(out.checks.size());
  for (const auto& o : m.outputs) out.checks.push_back({o.range, "'" + o.label + "' is NaN or infinite on a path"});
  for (const auto& h : m.hedges)
    if (!h.forward) diags.error(h.range, "internal error: hedge '" + h.name + "' has no forward");
  buildCurves(out, diags);
  markLazyDraws(out);

  return diags.errorCount() == errorsBefore;
}

sitrt::SimSpec Plan::simSpec(const SourceManager& sm) const {
  sitrt::SimSpec s;
  s.scenario = model.scenario;
  s.numOutputs = numColumns;
  s.steps = model.steps;
  auto display = [&](const Type& t) -> std::pair<std::string, double> {
    if (!t.display.name.empty()) return {t.display.name, t.display.scale};
    return {model.units.format(t.dim), 1.0};
  };
  s.units = model.units.runtimeUnits();
  for (const auto& p : model.params) {
    auto [unit, scale] = display(p.type);
    s.params.push_back({p.name, p.value, unit, scale, false, model.units.runtimeDim(p.type.dim)});
  }
  for (size_t i = 0; i < hedges.size(); ++i) {
    const HedgePlan& hp = hedges[i];
    const ir::HedgeInfo& h = model.hedges[i];
    for (int32_t m = 0; m < hp.terms.periods; ++m)
      s.params.push_back({h.name + ".position[" + std::to_string(m + 1) + "]", 0, "contracts", 1, true, {}});
    for (int32_t m = 0; m < hp.terms.periods; ++m)
      s.params.push_back({h.name + ".calibration[" + std::to_string(m + 1) + "]", 0, "", 1, true, {}});
    for (auto [name, v] : {std::pair{"initial", hp.terms.initial}, {"maintenance", hp.terms.maintenance},
                           {"limit", hp.terms.limit}, {"position_limit", hp.terms.positionLimit}})
      s.params.push_back({h.name + ".terms." + name, v, "", 1, true, {}});
    sitrt::HedgeSpec hs;
    hs.name = h.name;
    hs.contract = h.contract.name;
    hs.terms = hp.terms;
    hs.curve = hp.curve;
    hs.strategy = h.strategy == ir::StrategyKind::None    ? sitrt::HedgeSpec::Strategy::None
                  : h.strategy == ir::StrategyKind::Fixed ? sitrt::HedgeSpec::Strategy::Fixed
                                                          : sitrt::HedgeSpec::Strategy::MinVariance;
    hs.ratio = h.ratio;
    hs.perPeriod = h.perPeriod;
    hs.wholeContracts = h.wholeContracts;
    hs.pilotPaths = h.pilotPaths;
    hs.pilotEntry = h.pilotEntry;
    hs.firstParam = hp.firstParam;
    hs.colUnhedged = hp.colUnhedged;
    hs.colHedged = hp.colHedged;
    hs.colGain = hp.colGain;
    hs.colQuantity = hp.colQuantity;
    hs.colPeriodGain = hp.colPeriodGain;
    hs.colEntry = hp.colEntry;
    hs.colSettle = hp.colSettle;
    std::tie(hs.quantityUnit, hs.quantityScale) = display(h.quantity);
    std::tie(hs.priceUnit, hs.priceScale) = display(h.price);
    std::tie(hs.moneyUnit, hs.moneyScale) = display(h.money);
    s.hedges.push_back(std::move(hs));
  }
  for (const auto& c : curves)
    s.curves.push_back({c.ends, c.average, static_cast<int32_t>(c.terms.size()), c.coupledQ != nullptr, c.lagOffset});
  s.lagSize = lagSize;
  auto where = [&](const SourceRange& r) {
    return r.valid() ? sm.name(r.file) + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.col) : "";
  };
  for (size_t i = 0; i < model.outputs.size(); ++i) {
    const auto& o = model.outputs[i];
    auto [unit, scale] = display(o.type);
    if (o.stat == sitrt::StatKind::Prob || o.stat == sitrt::StatKind::Skewness || !o.expr) unit = "", scale = 1;
    sitrt::ReportSpec r;
    r.label = o.label, r.stat = o.stat, r.arg = o.arg, r.column = outputColumn[i];
    r.count = std::max<uint32_t>(1, o.type.windows), r.unit = unit, r.unitScale = scale;
    r.hedge = o.hedge;
    r.where = where(o.range);
    r.name = o.statName;
    if (o.hedge >= 0 && !o.expr) {
      r.column = hedges[o.hedge].colUnhedged;
      r.column2 = hedges[o.hedge].colHedged;
    }
    s.reports.push_back(std::move(r));
  }
  for (const auto& c : checks) s.checks.push_back((c.range.valid() ? where(c.range) + ": " : "") + "error: " + c.what);
  for (const auto& r : model.requirements)
    s.requirements.push_back((r.range.valid() ? where(r.range) + ": " : "") + "error: " + r.what);
  return s;
}

}  // namespace sitc::plan
