#include "sitrt/curve_tables.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace sitrt {

namespace {

// Smallest D with x^(D+1) / (D+1)! e^(2x) <= 2^-54 (a quarter ulp): the relative truncation error of the series when every
// |Q (U_j - c)| <= x (the e^(2x) covers the smallest the sum can be relative to its terms); -1 if none.
int32_t degreeFor(double x) {
  double term = x;  // x^(D+1) / (D+1)! for D = 0
  double grow = std::exp(2 * x);
  for (int32_t d = 0; d <= kMaxSeriesDegree; ++d) {
    if (term * grow <= 0x1p-54) return d;
    term = term * x / (d + 2);
  }
  return -1;
}

}  // namespace

void chooseSeries(double uLo, double uHi, int32_t& degree, double& center) {
  constexpr int32_t kExpCost = 16;
  double r = kCurveSeriesRadius;
  int32_t atZero = degreeFor(r * std::max(std::fabs(uLo), std::fabs(uHi)));
  double mid = 0.5 * (uLo + uHi);
  int32_t atMid = degreeFor(r * 0.5 * (uHi - uLo));
  if (atZero >= 0 && (atMid < 0 || atZero <= atMid + kExpCost)) {
    degree = atZero, center = 0;
  } else if (atMid >= 0) {
    degree = atMid, center = mid;
  } else {
    degree = -1, center = 0;
  }
}

void buildCurve(const CurveSpec& spec, uint64_t steps, const double* lag, bool daily, CurveData& out) {
  const int32_t P = static_cast<int32_t>(spec.ends.size());
  const size_t n = steps + 1;
  out.ends = spec.ends;
  out.days.clear();
  for (int32_t m = 0; m < P; ++m) out.days.push_back(static_cast<double>(spec.ends[m] - (m ? spec.ends[m - 1] : 0)));
  out.window.assign(n * static_cast<size_t>(P), -1);
  out.sums.clear();
  out.series.clear();
  const double* lagT = lag + spec.lagOffset + static_cast<size_t>(spec.terms) * n;
  const double* lagU = lagT + n;
  if (spec.coupled) {
    out.lagT.assign(lagT, lagT + n);
    out.lagU.assign(lagU, lagU + n);
  } else {
    out.lagT.clear();
    out.lagU.clear();
  }
  std::map<std::pair<int32_t, int32_t>, int32_t> ids;  // (lo, hi) -> window
  for (int32_t m = 0; m < P; ++m) {
    int64_t start = m ? spec.ends[m - 1] : 0, end = spec.ends[m];
    for (int64_t k = 0; k < end && k <= static_cast<int64_t>(steps); ++k) {
      int32_t lo = static_cast<int32_t>(spec.average ? std::max(k + 1, start + 1) - k : end - k);
      int32_t hi = static_cast<int32_t>(end - k);
      auto [it, fresh] = ids.emplace(std::make_pair(lo, hi), static_cast<int32_t>(ids.size()));
      out.window[static_cast<size_t>(k) * P + m] = it->second;
      if (!fresh) continue;
      for (int32_t i = 0; i < spec.terms; ++i) {
        const double* t = lag + spec.lagOffset + static_cast<size_t>(i) * n;
        double s = 0;
        for (int32_t j = lo; j <= hi; ++j) s = s + t[j];
        out.sums.push_back(s);
      }
      if (!spec.coupled) continue;
      WindowSeries w{};
      w.lo = lo, w.hi = hi;
      double uLo = lagU[lo], uHi = lagU[lo];
      for (int32_t j = lo; j <= hi; ++j) uLo = std::min(uLo, lagU[j]), uHi = std::max(uHi, lagU[j]);
      chooseSeries(uLo, uHi, w.degree, w.center);
      for (int32_t j = lo; j <= hi && w.degree >= 0; ++j) {
        double p = lagT[j], d = lagU[j] - w.center;  // Tc_j (U_j - c)^n / n!, n = 0, 1, ...
        for (int32_t e = 0; e <= w.degree; ++e) {
          w.coef[e] = w.coef[e] + p;
          p = p * d / (e + 1);
        }
      }
      out.series.push_back(w);
    }
  }
  CurveView& v = out.view;
  v.periods = P;
  v.average = spec.average;
  v.terms = spec.terms;
  v.coupled = spec.coupled;
  v.daily = daily;
  v.ends = out.ends.data();
  v.days = out.days.data();
  v.window = out.window.data();
  v.sums = out.sums.data();
  v.series = out.series.data();
  v.lagT = out.lagT.data();
  v.lagU = out.lagU.data();
}

}  // namespace sitrt
