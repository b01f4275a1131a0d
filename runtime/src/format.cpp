#include "sitrt/format.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sitrt {

// Shortest text that reads back to the same double, so machine formats round-trip exactly.
std::string formatExact(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  // Whole numbers below 2^53 in full ("1000", not "1e+03"): they read back exactly and read better.
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int prec = 1; prec <= 17; ++prec) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string formatDigits(double v, int digits) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string formatReadable(double v) { return formatDigits(v, 6); }

std::string formatPercent(double fraction) { return formatReadable(fraction * 100) + "%"; }

std::string formatCount(unsigned long long n) {
  std::string s = std::to_string(n), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

}  // namespace sitrt
