#include "ir/Units.h"

#include <cmath>
#include <numeric>

namespace sitc {

Rational Rational::of(int64_t n, int64_t d) {
  if (d < 0) n = -n, d = -d;
  int64_t g = std::gcd(n < 0 ? -n : n, d);
  if (g > 1) n /= g, d /= g;
  return {n, d};
}

std::string Rational::str() const {
  return den == 1 ? std::to_string(num) : "(" + std::to_string(num) + "/" + std::to_string(den) + ")";
}

std::optional<Rational> rationalFrom(double x) {
  if (!std::isfinite(x) || std::fabs(x) > 1e6) return std::nullopt;
  for (int64_t q = 1; q <= 12; ++q) {
    double p = std::round(x * static_cast<double>(q));
    if (std::fabs(p / static_cast<double>(q) - x) < 1e-9) return Rational::of(static_cast<int64_t>(p), q);
  }
  return std::nullopt;
}

bool Dim::dimensionless() const {
  for (const auto& r : exp)
    if (!r.isZero()) return false;
  return true;
}
Dim Dim::operator*(const Dim& o) const {
  Dim d;
  for (int i = 0; i < kMaxDims; ++i) d.exp[i] = exp[i] + o.exp[i];
  return d;
}
Dim Dim::operator/(const Dim& o) const {
  Dim d;
  for (int i = 0; i < kMaxDims; ++i) d.exp[i] = exp[i] - o.exp[i];
  return d;
}
Dim Dim::pow(Rational r) const {
  Dim d;
  for (int i = 0; i < kMaxDims; ++i) d.exp[i] = exp[i] * r;
  return d;
}
Dim Dim::base(int i) {
  Dim d;
  d.exp[i] = Rational::of(1);
  return d;
}

static const char* kBuiltinNames[] = {"USD",  "token", "Mtok",  "yr",  "quarter",  "month",
                                      "week", "day",   "hour",  "kWh", "MWh",      "FLOP",
                                      "PFLOP", "contracts"};

bool UnitTable::isBuiltin(const std::string& name) {
  for (const char* n : kBuiltinNames)
    if (name == n) return true;
  return false;
}

UnitTable::UnitTable(double daysPerYear) : daysPerYear_(daysPerYear) {
  baseNames_ = {"USD", "token", "yr", "kWh", "FLOP", "contracts"};
  Dim cur = Dim::base(kCurrency), tok = Dim::base(kToken), time = Dim::base(kTime);
  Dim energy = Dim::base(kEnergy), compute = Dim::base(kCompute), contract = Dim::base(kContract);
  double day = 1.0 / daysPerYear;
  for (const UnitDef& u : {UnitDef{"USD", 1, cur}, UnitDef{"token", 1, tok}, UnitDef{"Mtok", 1e6, tok},
                           UnitDef{"yr", 1, time}, UnitDef{"quarter", 0.25, time}, UnitDef{"month", 1.0 / 12, time},
                           UnitDef{"week", 7 * day, time}, UnitDef{"day", day, time},
                           UnitDef{"hour", day / 24, time}, UnitDef{"kWh", 1, energy}, UnitDef{"MWh", 1000, energy},
                           UnitDef{"FLOP", 1, compute}, UnitDef{"PFLOP", 1e15, compute},
                           UnitDef{"contracts", 1, contract}})
    units_[u.name] = u;
}

std::vector<std::string> UnitTable::names() const {
  std::vector<std::string> out;
  for (const auto& [name, u] : units_) out.push_back(name);
  return out;
}

const UnitDef* UnitTable::find(const std::string& name) const {
  auto it = units_.find(name);
  return it == units_.end() ? nullptr : &it->second;
}

bool UnitTable::addBase(const std::string& name) {
  if (baseNames_.size() >= kMaxDims) return false;
  int idx = static_cast<int>(baseNames_.size());
  baseNames_.push_back(name);
  units_[name] = {name, 1, Dim::base(idx)};
  return true;
}

std::string UnitTable::format(const Dim& d) const { return sitrt::UnitSystem{baseNames_, {}}.format(runtimeDim(d)); }

sitrt::DimVec UnitTable::runtimeDim(const Dim& d) const {
  sitrt::DimVec v(baseNames_.size());
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<double>(d.exp[i].num) / static_cast<double>(d.exp[i].den);
  return v;
}

sitrt::UnitSystem UnitTable::runtimeUnits() const {
  sitrt::UnitSystem us;
  us.baseNames = baseNames_;
  for (const auto& [name, u] : units_) us.units.push_back({name, u.scale, runtimeDim(u.dim)});
  return us;
}

}  // namespace sitc
