// Quantities typed on a command line (`--set kappa=2/yr`, `--set level=1.5 USD/Mtok`), read without the
// compiler: a standalone simulator carries its spec's unit table and checks what users type against it.
//
// Syntax: a number, optionally followed by units combined with * / ^ and parentheses; sqrt(...); a trailing %.
// As in .sit, `1.5 USD/Mtok` is (1.5 USD) / Mtok and `0.5/sqrt(yr)` is 0.5 yr^(-1/2).
#pragma once
#include <string>
#include <vector>

namespace sitrt {

// A dimension: one exponent per base dimension of the spec (USD, token, yr, kWh, FLOP, contracts, then any the
// spec declares). Exponents are small rationals (halves, thirds) stored as doubles.
using DimVec = std::vector<double>;

struct UnitSpec {
  std::string name;
  double scale = 1;  // value of 1 <name> in base units
  DimVec dim;
};

struct UnitSystem {
  std::vector<std::string> baseNames;
  std::vector<UnitSpec> units;
  const UnitSpec* find(const std::string& name) const;
  // "USD/token", "1/sqrt(yr)", "" for dimensionless; the compiler's diagnostics use the same spelling.
  std::string format(const DimVec& d) const;
};

bool sameDim(const DimVec& a, const DimVec& b);

struct Quantity {
  double value = 0;  // in base units
  DimVec dim;
};

// Parses `text`; on failure returns false with a message in `error`.
bool parseQuantity(const std::string& text, const UnitSystem& us, Quantity& out, std::string& error);

}  // namespace sitrt
