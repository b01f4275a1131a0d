// The JSON form of a SimSpec, field by field by name, with nlohmann's type macros: a field added to a struct in
// sim_spec.h is added here once, in its macro line, and both directions follow. Reading is strict: every field
// must be present (`at`), so a simulator never runs on half a spec.
#include "sitrt/sim_spec_json.h"

#include <nlohmann/json.hpp>

namespace sitrt {

NLOHMANN_JSON_SERIALIZE_ENUM(StatKind, {{StatKind::Mean, "mean"},
                                        {StatKind::Sd, "sd"},
                                        {StatKind::Variance, "variance"},
                                        {StatKind::Quantile, "quantile"},
                                        {StatKind::Prob, "prob"},
                                        {StatKind::Skewness, "skewness"},
                                        {StatKind::Min, "min"},
                                        {StatKind::Max, "max"},
                                        {StatKind::CVaR, "cvar"},
                                        {StatKind::VolReduction, "volatility_reduction"},
                                        {StatKind::HedgeEffectiveness, "hedge_effectiveness"},
                                        {StatKind::HedgeRatio, "hedge_ratio"},
                                        {StatKind::PerPeriod, "per_period"},
                                        {StatKind::CappedPeriods, "capped_periods"},
                                        {StatKind::Premium, "premium"}})
NLOHMANN_JSON_SERIALIZE_ENUM(HedgeSpec::Strategy, {{HedgeSpec::Strategy::None, "none"},
                                                   {HedgeSpec::Strategy::Fixed, "fixed"},
                                                   {HedgeSpec::Strategy::MinVariance, "min_variance"},
                                                   {HedgeSpec::Strategy::Quantity, "quantity"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(UnitSpec, name, scale, dim)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(UnitSystem, baseNames, units)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ParamSpec, name, value, unit, unitScale, internal, dim)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReportSpec, label, stat, arg, column, count, unit, unitScale, column2, hedge, where,
                                   name, lowTail)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(HedgeTerms, size, initial, maintenance, limit, positionLimit, halfSpread, funding,
                                   callStrike, putStrike, loading, periods, roll, legs)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(HedgeSpec, name, contract, terms, curve, strategy, ratio, quantity, perPeriod, wholeContracts,
                                   pilotPaths, pilotEntry, riskPremium, seller, books, leg, instrument, cover, sizedBy, firstParam, colUnhedged, colHedged, colGain, colQuantity,
                                   colPeriodGain, colEntry, colSettle, quantityUnit, priceUnit, moneyUnit,
                                   quantityScale, priceScale, moneyScale)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CurveSpec, ends, average, terms, coupled, lagOffset)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PathColumnSpec, name, column, count, unit, unitScale)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SeriesSpec, name, unit, unitScale)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SimSpec, scenario, params, units, numOutputs, steps, dt, reports, checks,
                                   requirements, hedges, curves, pathColumns, series, lagSize)

namespace {
using json = nlohmann::json;  // what the type macros define conversions for
// 2: fields by name (1 had positional arrays); 3: pathColumns; 4: dt, series; 5: sellers, low-tail VaR, fixed
// quantities; 6: options; 7: strips (books, leg, instrument, cover, sizedBy), riskPremium
constexpr int kFormat = 7;
}  // namespace

std::string simSpecToJson(const SimSpec& s, const std::vector<std::pair<std::string, std::string>>& manifest) {
  json j;
  j["format"] = kFormat;
  j["manifest"] = manifest;
  j["spec"] = s;
  return j.dump();
}

std::string simSpecFromJson(const std::string& text, SimSpec& s,
                            std::vector<std::pair<std::string, std::string>>& manifest) {
  try {
    json j = json::parse(text);
    if (j.at("format").get<int>() != kFormat) return "unsupported embedded spec format";
    manifest = j.at("manifest").get<std::vector<std::pair<std::string, std::string>>>();
    s = j.at("spec").get<SimSpec>();
    for (const auto& h : s.hedges) {
      if (h.curve >= s.curves.size() || s.curves[h.curve].ends.size() != static_cast<size_t>(h.terms.periods))
        return "bad embedded spec: hedge curves";
      if (h.strategy == HedgeSpec::Strategy::Quantity && h.quantity.size() != static_cast<size_t>(h.terms.periods))
        return "bad embedded spec: hedge quantities";
    }
  } catch (const std::exception& e) {
    return std::string("bad embedded spec: ") + e.what();
  }
  return "";
}

}  // namespace sitrt
