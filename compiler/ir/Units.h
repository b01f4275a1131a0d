// Units of measure: dimensions with rational exponents, and the unit table a scenario is checked against.
//
// A quantity's dimension is a vector of rational exponents over base dimensions (currency, token, time, energy,
// compute, contracts, plus any `unit X;` a spec declares). Values are stored in base units (USD, token, yr, kWh,
// FLOP, contract), so every conversion is a compile-time multiplication and units vanish before LLVM.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sitrt/quantity.h"

namespace sitc {

struct Rational {
  int64_t num = 0, den = 1;
  static Rational of(int64_t n, int64_t d = 1);
  Rational operator+(Rational o) const { return of(num * o.den + o.num * den, den * o.den); }
  Rational operator-(Rational o) const { return of(num * o.den - o.num * den, den * o.den); }
  Rational operator*(Rational o) const { return of(num * o.num, den * o.den); }
  bool operator==(const Rational&) const = default;
  bool isZero() const { return num == 0; }
  std::string str() const;
};
// The rational p/q with q <= 12 within 1e-9 of x, if any (exponents written as decimals: 0.5, 1.5, ...).
std::optional<Rational> rationalFrom(double x);

enum BaseDim : int { kCurrency, kToken, kTime, kEnergy, kCompute, kContract, kBuiltinDims };
constexpr int kMaxDims = 16;

struct Dim {
  std::array<Rational, kMaxDims> exp{};
  bool dimensionless() const;
  Dim operator*(const Dim& o) const;
  Dim operator/(const Dim& o) const;
  Dim pow(Rational r) const;
  bool operator==(const Dim&) const = default;
  static Dim base(int d);
};

struct UnitDef {
  std::string name;
  double scale = 1;  // value of 1 <name> in base units
  Dim dim;
};

// Built-in and declared units for one calendar. Time units: yr is the base; day = yr / daysPerYear, week = 7 day,
// hour = day / 24, month = yr / 12, quarter = yr / 4 (so with the default 360-day year a month is 30 days).
class UnitTable {
 public:
  UnitTable() : UnitTable(360) {}
  explicit UnitTable(double daysPerYear);
  const UnitDef* find(const std::string& name) const;
  std::vector<std::string> names() const;  // every unit, for "did you mean"
  // The unit of base dimension i ("USD", "yr"); "" for an unused slot.
  std::string baseName(int i) const { return i >= 0 && static_cast<size_t>(i) < baseNames_.size() ? baseNames_[i] : ""; }
  // Adds a base dimension (`unit EUR;`); returns false when all kMaxDims are taken.
  bool addBase(const std::string& name);
  void add(UnitDef u) { units_[u.name] = std::move(u); }
  double daysPerYear() const { return daysPerYear_; }
  // "USD/token", "1/sqrt(yr)", "" for dimensionless (spelled by the runtime's UnitSystem, which `--set` uses).
  std::string format(const Dim& d) const;
  // The table as the runtime sees it: base names, every unit, exponents as doubles.
  sitrt::UnitSystem runtimeUnits() const;
  sitrt::DimVec runtimeDim(const Dim& d) const;
  static bool isBuiltin(const std::string& name);

 private:
  double daysPerYear_;
  std::map<std::string, UnitDef> units_;
  std::vector<std::string> baseNames_;
};

}  // namespace sitc
