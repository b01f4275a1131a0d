#include "sitrt/sim_spec_json.h"

#include <nlohmann/json.hpp>

namespace sitrt {

using json = nlohmann::ordered_json;

namespace {

json unitJson(const UnitSpec& u) { return {{"name", u.name}, {"scale", u.scale}, {"dim", u.dim}}; }

json hedgeJson(const HedgeSpec& h) {
  const HedgeTerms& t = h.terms;
  return {{"name", h.name}, {"contract", h.contract},
          {"terms", {{"size", t.size}, {"initial", t.initial}, {"maintenance", t.maintenance}, {"limit", t.limit},
                     {"positionLimit", t.positionLimit}, {"halfSpread", t.halfSpread}, {"periods", t.periods},
                     {"roll", t.roll}}},
          {"curve", h.curve}, {"strategy", static_cast<int>(h.strategy)}, {"ratio", h.ratio},
          {"perPeriod", h.perPeriod}, {"wholeContracts", h.wholeContracts},
          {"pilotPaths", h.pilotPaths}, {"pilotEntry", h.pilotEntry}, {"firstParam", h.firstParam},
          {"columns", {h.colUnhedged, h.colHedged, h.colGain, h.colQuantity, h.colPeriodGain, h.colEntry, h.colSettle}},
          {"units", {h.quantityUnit, h.priceUnit, h.moneyUnit}},
          {"scales", {h.quantityScale, h.priceScale, h.moneyScale}}};
}

}  // namespace

std::string simSpecToJson(const SimSpec& s, const std::vector<std::pair<std::string, std::string>>& manifest) {
  json j;
  j["format"] = 1;
  json m = json::array();
  for (const auto& [k, v] : manifest) m.push_back({k, v});
  j["manifest"] = m;
  j["scenario"] = s.scenario;
  j["numOutputs"] = s.numOutputs;
  j["steps"] = s.steps;
  j["baseDims"] = s.units.baseNames;
  j["units"] = json::array();
  for (const auto& u : s.units.units) j["units"].push_back(unitJson(u));
  j["params"] = json::array();
  for (const auto& p : s.params)
    j["params"].push_back({{"name", p.name}, {"value", p.value}, {"unit", p.unit}, {"unitScale", p.unitScale},
                           {"internal", p.internal}, {"dim", p.dim}});
  j["reports"] = json::array();
  for (const auto& r : s.reports)
    j["reports"].push_back({{"label", r.label}, {"stat", static_cast<int>(r.stat)}, {"arg", r.arg},
                            {"column", r.column}, {"count", r.count}, {"unit", r.unit}, {"unitScale", r.unitScale},
                            {"column2", r.column2}, {"hedge", r.hedge}, {"where", r.where}, {"name", r.name}});
  j["checks"] = s.checks;
  j["requirements"] = s.requirements;
  j["hedges"] = json::array();
  for (const auto& h : s.hedges) j["hedges"].push_back(hedgeJson(h));
  j["curves"] = json::array();
  for (const auto& c : s.curves)
    j["curves"].push_back({{"ends", c.ends}, {"average", c.average}, {"terms", c.terms}, {"coupled", c.coupled},
                           {"lagOffset", c.lagOffset}});
  j["lagSize"] = s.lagSize;
  return j.dump();
}

std::string simSpecFromJson(const std::string& text, SimSpec& s,
                            std::vector<std::pair<std::string, std::string>>& manifest) {
  try {
    json j = json::parse(text);
    if (j.at("format").get<int>() != 1) return "unsupported embedded spec format";
    manifest.clear();
    for (const auto& kv : j.at("manifest")) manifest.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
    s = SimSpec{};
    s.scenario = j.at("scenario").get<std::string>();
    s.numOutputs = j.at("numOutputs").get<uint32_t>();
    s.steps = j.at("steps").get<uint64_t>();
    s.units.baseNames = j.at("baseDims").get<std::vector<std::string>>();
    for (const auto& u : j.at("units"))
      s.units.units.push_back({u.at("name").get<std::string>(), u.at("scale").get<double>(), u.at("dim").get<DimVec>()});
    for (const auto& p : j.at("params"))
      s.params.push_back({p.at("name").get<std::string>(), p.at("value").get<double>(), p.at("unit").get<std::string>(),
                          p.at("unitScale").get<double>(), p.at("internal").get<bool>(), p.at("dim").get<DimVec>()});
    for (const auto& r : j.at("reports")) {
      ReportSpec rs;
      rs.label = r.at("label").get<std::string>();
      rs.stat = static_cast<StatKind>(r.at("stat").get<int>());
      rs.arg = r.at("arg").get<double>();
      rs.column = r.at("column").get<uint32_t>();
      rs.count = r.at("count").get<uint32_t>();
      rs.unit = r.at("unit").get<std::string>();
      rs.unitScale = r.at("unitScale").get<double>();
      rs.column2 = r.at("column2").get<uint32_t>();
      rs.hedge = r.at("hedge").get<int32_t>();
      rs.where = r.at("where").get<std::string>();
      rs.name = r.at("name").get<std::string>();
      s.reports.push_back(std::move(rs));
    }
    s.checks = j.at("checks").get<std::vector<std::string>>();
    s.requirements = j.at("requirements").get<std::vector<std::string>>();
    for (const auto& h : j.at("hedges")) {
      HedgeSpec hs;
      hs.name = h.at("name").get<std::string>();
      hs.contract = h.at("contract").get<std::string>();
      const json& t = h.at("terms");
      hs.terms = {t.at("size").get<double>(), t.at("initial").get<double>(), t.at("maintenance").get<double>(),
                  t.at("limit").get<double>(), t.at("positionLimit").get<double>(), t.at("halfSpread").get<double>(),
                  t.at("periods").get<int32_t>(),
                  t.at("roll").get<int32_t>()};
      hs.curve = h.at("curve").get<uint32_t>();
      hs.strategy = static_cast<HedgeSpec::Strategy>(h.at("strategy").get<int>());
      hs.ratio = h.at("ratio").get<double>();
      hs.perPeriod = h.at("perPeriod").get<bool>();
      hs.wholeContracts = h.at("wholeContracts").get<bool>();
      hs.pilotPaths = h.at("pilotPaths").get<uint64_t>();
      hs.pilotEntry = h.at("pilotEntry").get<bool>();
      hs.firstParam = h.at("firstParam").get<uint32_t>();
      auto c = h.at("columns").get<std::vector<uint32_t>>();
      if (c.size() != 7) return "bad embedded spec: hedge columns";
      hs.colUnhedged = c[0], hs.colHedged = c[1], hs.colGain = c[2], hs.colQuantity = c[3], hs.colPeriodGain = c[4];
      hs.colEntry = c[5], hs.colSettle = c[6];
      auto u = h.at("units").get<std::vector<std::string>>();
      auto sc = h.at("scales").get<std::vector<double>>();
      if (u.size() != 3 || sc.size() != 3) return "bad embedded spec: hedge units";
      hs.quantityUnit = u[0], hs.priceUnit = u[1], hs.moneyUnit = u[2];
      hs.quantityScale = sc[0], hs.priceScale = sc[1], hs.moneyScale = sc[2];
      s.hedges.push_back(std::move(hs));
    }
    for (const auto& c : j.at("curves"))
      s.curves.push_back({c.at("ends").get<std::vector<int64_t>>(), c.at("average").get<bool>(),
                          c.at("terms").get<int32_t>(), c.at("coupled").get<bool>(), c.at("lagOffset").get<uint32_t>()});
    s.lagSize = j.at("lagSize").get<uint32_t>();
    for (const auto& h : s.hedges)
      if (h.curve >= s.curves.size() || s.curves[h.curve].ends.size() != static_cast<size_t>(h.terms.periods))
        return "bad embedded spec: hedge curves";
  } catch (const std::exception& e) {
    return std::string("bad embedded spec: ") + e.what();
  }
  return "";
}

}  // namespace sitrt
