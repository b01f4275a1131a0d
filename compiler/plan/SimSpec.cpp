// Plan::simSpec: what the runtime needs of a plan (sitrt/sim_spec.h), with source locations as "file:line:col".
#include "plan/Plan.h"

namespace sitc::plan {

std::pair<std::string, double> displayUnit(const ir::Model& m, const Type& t) {
  if (!t.display.name.empty()) return {t.display.name, t.display.scale};
  return {m.units.format(t.dim), 1.0};
}

// A book's name in parameter names: the hedge's, with the instrument for a strip's books ("h[SITQ]").
static std::string bookName(const HedgePlan& h) {
  return h.leg || h.books > 1 ? h.name + "[" + h.instrument + "]" : h.name;
}

sitrt::SimSpec Plan::simSpec(const SourceManager& sm) const {
  sitrt::SimSpec s;
  s.scenario = model.scenario;
  s.numOutputs = numColumns;
  s.steps = model.steps;
  s.dt = model.dt;
  auto display = [&](const Type& t) { return displayUnit(model, t); };
  s.units = model.units.runtimeUnits();
  for (const auto& p : model.params) {
    auto [unit, scale] = display(p.type);
    s.params.push_back({p.name, p.value, unit, scale, false, model.units.runtimeDim(p.type.dim)});
  }
  // Each hedge's run-time parameters, in the order of its sitrt::HedgeParamLayout (the columns pass gave each hedge
  // its firstParam in this order).
  for (const HedgePlan& h : hedges) {
    const std::string book = bookName(h);
    for (int32_t m = 0; m < h.terms.periods; ++m)
      s.params.push_back({book + ".position[" + std::to_string(m + 1) + "]", 0, "contracts", 1, true, {}});
    for (int32_t m = 0; m < h.terms.periods; ++m)
      s.params.push_back({book + ".calibration[" + std::to_string(m + 1) + "]", 0, "", 1, true, {}});
    for (const char* leg : {"call", "put"})
      for (int32_t m = 0; m < h.terms.periods; ++m)
        s.params.push_back({book + "." + leg + "_premium[" + std::to_string(m + 1) + "]", 0, "", 1, true, {}});
    for (uint32_t t = 0; t < sitrt::kSettableTerms; ++t)
      s.params.push_back({book + "." + sitrt::settableTermName(sitrt::SettableTerm(t)),
                          sitrt::settableTerm(h.terms, sitrt::SettableTerm(t)), "", 1, true, {}});
    s.hedges.push_back(h);  // the HedgeSpec part
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
    r.lowTail = o.lowTail;
    if (o.expr && o.expr->op == ir::Op::Pair) r.column2 = r.column + 1;  // a paired statistic's second value
    if (o.hedge >= 0 && !o.expr) {
      r.column = hedges[o.hedge].colUnhedged;
      r.column2 = hedges[o.hedge].colHedged;
    }
    s.reports.push_back(std::move(r));
  }
  for (size_t i = 0; i < model.pathValues.size(); ++i) {
    const auto& v = model.pathValues[i];
    auto [unit, scale] = display(v.type);
    s.pathColumns.push_back({v.name, pathValueColumn[i], std::max<uint32_t>(1, v.type.windows), unit, scale});
  }
  for (const HedgePlan& h : hedges) {
    using V = ir::HedgeValue;
    double sign = h.seller ? -1 : 1;  // a seller's revenue is minus the book's cost
    auto name = [&](V v) { return h.name + "." + ir::hedgeValueName(v, h.seller); };
    if (!h.leg) {
      s.pathColumns.push_back({name(V::Unhedged), h.colUnhedged, 1, h.moneyUnit, sign * h.moneyScale});
      s.pathColumns.push_back({name(V::Hedged), h.colHedged, 1, h.moneyUnit, sign * h.moneyScale});
      s.pathColumns.push_back({name(V::Gain), h.colGain, 1, h.moneyUnit, h.moneyScale});
    }
    if (h.books > 1 || h.leg)  // each book of a strip: its own gain, HEDGE.hedge_gain[SITQ]
      s.pathColumns.push_back({name(V::Gain) + "[" + h.instrument + "]", h.colBookGain, 1, h.moneyUnit, h.moneyScale});
  }
  for (uint32_t i : series) {
    const auto& v = model.observables[i];
    auto [unit, scale] = display(v.type);
    s.series.push_back({v.name, unit, scale});
  }
  for (const auto& c : checks) s.checks.push_back((c.range.valid() ? where(c.range) + ": " : "") + "error: " + c.what);
  for (const auto& r : model.requirements)
    s.requirements.push_back((r.range.valid() ? where(r.range) + ": " : "") + "error: " + r.what);
  return s;
}

}  // namespace sitc::plan
