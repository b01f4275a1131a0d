#include "sitrt/overrides.h"

#include <cmath>
#include <functional>
#include <set>

#include "sitrt/term_rules.h"

namespace sitrt {

const char* settableTermName(SettableTerm which) {
  switch (which) {
    case SettableTerm::Initial: return "margin.initial";
    case SettableTerm::Maintenance: return "margin.maintenance";
    case SettableTerm::Limit: return "daily_limit";
    case SettableTerm::PositionLimit: break;
  }
  return "position_limit";
}

namespace {

// A contract or hedge term --set can change, with the rule (term_rules.h) a new value must meet ("" = any).
struct Term {
  std::string name, unit, what;
  DimVec dim;
  std::function<double(const SimSpec&)> get;
  std::function<void(SimSpec&, double)> set;
  std::function<std::string(double)> rule;
};

// 0 is how --set says "none" (no limit, as many pilot paths as the run); any other value meets the term's rule.
std::function<std::string(double)> zeroOr(std::string (*rule)(double), std::string zero) {
  return [rule, zero](double v) {
    std::string e = v == 0 ? "" : rule(v);
    return e.empty() ? e : e + " (" + zero + ")";
  };
}

std::vector<Term> terms(const SimSpec& spec) {
  std::vector<Term> out;
  DimVec contracts;
  if (const UnitSpec* u = spec.units.find("contracts")) contracts = u->dim;
  std::set<std::string> seen;
  for (size_t i = 0; i < spec.hedges.size(); ++i) {
    const HedgeSpec& h = spec.hedges[i];
    if (!h.contract.empty() && seen.insert(h.contract).second) {
      // A contract term lives in every hedge on that contract; reads take the first, writes go to all.
      std::string c = h.contract;
      struct About {
        const char* what;
        bool percent;
        std::function<std::string(double)> rule;  // the margins' rule spans both: validateSettings checks it
      };
      const About about[kSettableTerms] = {
          {"initial margin, fraction of notional", true, nullptr},
          {"maintenance margin, fraction of notional", true, nullptr},
          {"daily price limit, fraction of the previous settlement (0: none)", true, zeroOr(rules::dailyLimit, "0: none")},
          {"contracts per period (0: none)", false, zeroOr(rules::positionLimit, "0: none")},
      };
      for (uint32_t k = 0; k < kSettableTerms; ++k) {
        SettableTerm t = SettableTerm(k);
        const About& a = about[k];
        out.push_back({c + "." + settableTermName(t), a.percent ? "%" : "contracts", a.what,
                       a.percent ? DimVec{} : contracts,
                       [i, t](const SimSpec& s) { return settableTerm(s.hedges[i].terms, t); },
                       [c, t](SimSpec& s, double v) {
                         for (auto& hs : s.hedges)
                           if (hs.contract == c) settableTerm(hs.terms, t) = v;
                       },
                       a.rule});
      }
    }
    if (h.leg) continue;  // a strip's hedge terms are its head's, and a write goes to every book (same name)
    const std::string name = h.name;
    if (h.strategy == HedgeSpec::Strategy::Fixed)
      out.push_back({name + ".ratio", "", "hedge ratio (1 = naive)", {},
                     [i](const SimSpec& s) { return s.hedges[i].ratio; },
                     [name](SimSpec& s, double v) {
                       for (auto& hs : s.hedges)
                         if (hs.name == name) hs.ratio = v;
                     },
                     rules::fixedRatio});
    out.push_back({name + ".pilot", "", "pilot paths for the hedge's estimates (0: as many as the run)", {},
                   [i](const SimSpec& s) { return static_cast<double>(s.hedges[i].pilotPaths); },
                   [name](SimSpec& s, double v) {
                     for (auto& hs : s.hedges)
                       if (hs.name == name) hs.pilotPaths = static_cast<uint64_t>(v);
                   },
                   zeroOr(rules::pilotPaths, "0: as many as the run")});
  }
  return out;
}

}  // namespace

std::vector<Settable> settables(const SimSpec& spec, const std::vector<double>& params) {
  std::vector<Settable> out;
  for (size_t i = 0; i < spec.params.size(); ++i) {
    const ParamSpec& p = spec.params[i];
    if (!p.internal) out.push_back({p.name, p.unit, params[i] / p.unitScale, "scenario parameter"});
  }
  for (const Term& t : terms(spec)) out.push_back({t.name, t.unit, t.get(spec) * (t.unit == "%" ? 100 : 1), t.what});
  return out;
}

std::string parseSetArgs(const std::vector<std::string>& raw, std::vector<SetArg>& out) {
  for (const auto& r : raw) {
    size_t eq = r.find('=');
    if (eq == std::string::npos || eq == 0) return "--set expects NAME=VALUE, got '" + r + "'";
    // A newline would break the `set:` line of an expected file, and no value needs one.
    for (unsigned char c : r)
      if ((c < 0x20 && c != '\t') || c == 0x7F) return "--set " + r.substr(0, eq) + ": a control character in the setting";
    SetArg a{r.substr(0, eq), {}};
    std::string rest = r.substr(eq + 1);
    size_t start = 0;
    for (;;) {
      size_t comma = rest.find(',', start);
      a.values.push_back(rest.substr(start, comma - start));
      if (a.values.back().find_first_not_of(" \t") == std::string::npos)
        return "--set " + a.name + ": empty value in '" + r + "'";
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    for (const auto& prev : out)
      if (prev.name == a.name) return "--set " + a.name + " is given twice";
    out.push_back(std::move(a));
  }
  return "";
}

std::string sweepPoints(const std::vector<SetArg>& sets, std::vector<SweepPoint>& points) {
  size_t n = 1;
  for (const auto& s : sets)
    if (s.values.size() > 1) {
      if (n > 1 && s.values.size() != n)
        return "--set lists must have the same length to be swept together (" + std::to_string(n) + " and " +
               std::to_string(s.values.size()) + " values)";
      n = s.values.size();
    }
  points.assign(n, {});
  for (size_t i = 0; i < n; ++i)
    for (const auto& s : sets) points[i].emplace_back(s.name, s.values.size() > 1 ? s.values[i] : s.values[0]);
  return "";
}

std::string pointLabel(const SweepPoint& point) {
  std::string label;
  for (const auto& [name, value] : point) label += (label.empty() ? "" : " ") + name + "=" + value;
  return label;
}

std::string applySetting(SimSpec& spec, std::vector<double>& params, const std::string& name, const std::string& value) {
  Quantity q;
  std::string err;
  auto wrongUnit = [&](const std::string& want) {
    return "--set " + name + "=" + value + ": " + name + " is " + (want.empty() ? "a plain number" : want) +
           ", but " + value + " is " + (q.dim.empty() || sameDim(q.dim, {}) ? "a plain number" : spec.units.format(q.dim));
  };
  if (!parseQuantity(value, spec.units, q, err)) return "--set " + name + "=" + value + ": " + err;
  if (!std::isfinite(q.value)) return "--set " + name + "=" + value + ": not a finite number";
  for (size_t i = 0; i < spec.params.size(); ++i) {
    const ParamSpec& p = spec.params[i];
    if (p.internal || p.name != name) continue;
    if (!sameDim(q.dim, p.dim)) return wrongUnit(p.unit.empty() ? spec.units.format(p.dim) : p.unit);
    params[i] = q.value;
    return "";
  }
  for (const Term& t : terms(spec)) {
    if (t.name != name) continue;
    if (!sameDim(q.dim, t.dim)) return wrongUnit(t.unit == "%" ? "" : t.unit);
    if (t.rule)
      if (std::string e = t.rule(q.value); !e.empty())
        return "--set " + name + "=" + value + ": " + e;
    t.set(spec, q.value);
    return "";
  }
  std::string known;
  for (const auto& s : settables(spec, params)) known += (known.empty() ? "" : ", ") + s.name;
  return "--set: '" + name + "' is not a parameter of this spec" +
         (known.empty() ? std::string(" (it declares none)") : " (settable: " + known + ")");
}

std::string validateSettings(const SimSpec& spec) {
  for (const auto& h : spec.hedges) {
    const HedgeTerms& t = h.terms;
    if (t.initial > 0 || t.maintenance > 0)
      if (rules::MarginBreak b = rules::margins(t.initial, t.maintenance); !b.message.empty())
        return h.contract + ": " + b.message;
  }
  return "";
}

std::string applySettings(SimSpec& spec, std::vector<double>& params, const std::vector<std::string>& sets) {
  std::vector<SetArg> args;
  if (std::string e = parseSetArgs(sets, args); !e.empty()) return e;
  for (const auto& a : args) {
    if (a.values.size() != 1) return "--set " + a.name + ": one value expected here, not a sweep";
    if (std::string e = applySetting(spec, params, a.name, a.values[0]); !e.empty()) return e;
  }
  return validateSettings(spec);
}

}  // namespace sitrt
