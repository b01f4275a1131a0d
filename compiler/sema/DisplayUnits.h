// How checked quantities are shown in reports: the unit the spec wrote, carried through arithmetic.
//
// A display unit is a product of named units with rational exponents ("USD/Mtok" is USD^1 Mtok^-1). Products
// and quotients merge the factors and cancel what cancels, also between units of one dimension (a rate in
// Mtok/day times a duration in days or months is in Mtok), so a quotient of two reported quantities is shown in
// the units the spec wrote rather than in base units (USD/Mtok, not 1.7e-06 USD/token).
#pragma once
#include <string>

#include "ir/Type.h"

namespace sitc::sema {

// Number of unit names in a display spelling ("USD/Mtok" -> 2), to keep spelled units short.
int unitNames(const std::string& s);
// The display of whichever operand has one (for +, -, min, max, if: both are in the same dimension).
DisplayUnit firstNamed(const Type& a, const Type& b);
// The display of a * b (or a / b), whose dimension is `result`.
DisplayUnit productDisplay(const Type& a, const Type& b, bool div, const Dim& result, const UnitTable& u);
// The display of a value raised to `r` (sqrt: 1/2).
DisplayUnit powDisplay(const DisplayUnit& d, Rational r, const UnitTable& u);

}  // namespace sitc::sema
