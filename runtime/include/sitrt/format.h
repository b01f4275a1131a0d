// How numbers become text, in one place: results, diagnostics, --set messages and the compiler's printers.
#pragma once
#include <string>

namespace sitrt {

// The shortest decimal text that reads back (strtod) to exactly `v`; whole numbers below 2^53 in full ("1000");
// "nan", "inf", "-inf" otherwise. For machine-readable output, which must round-trip.
std::string formatExact(double v);
// Six significant digits, as tables and messages show values.
std::string formatReadable(double v);
// `digits` significant digits (printf's %.*g): the compiler's printers (--emit) use 10 or 17.
std::string formatDigits(double v, int digits);
// A fraction as a percentage with six significant digits: 0.075 -> "7.5%".
std::string formatPercent(double fraction);
// A count with thousands separated: 1234567 -> "1,234,567".
std::string formatCount(unsigned long long n);

}  // namespace sitrt
