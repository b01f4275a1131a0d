#include "sitrt/stats.h"

#include <algorithm>
#include <cmath>

namespace sitrt {

// The reasons a statistic is undefined that results show (Estimate::undefined).
constexpr const char* kFewPaths1 = "needs at least 1 path";
constexpr const char* kFewPaths3 = "needs at least 3 paths";
constexpr const char* kFewPaths4 = "needs at least 4 paths";

const char* statName(StatKind k) {
  switch (k) {
    case StatKind::Mean: return "mean";
    case StatKind::Sd: return "sd";
    case StatKind::Variance: return "variance";
    case StatKind::Quantile: return "quantile";
    case StatKind::Prob: return "prob";
    case StatKind::Skewness: return "skewness";
    case StatKind::Min: return "min";
    case StatKind::Max: return "max";
    case StatKind::CVaR: return "cvar";
    case StatKind::VolReduction: return "volatility_reduction";
    case StatKind::HedgeEffectiveness: return "hedge_effectiveness";
    case StatKind::HedgeRatio: return "hedge_ratio";
    case StatKind::PerPeriod: return "per_period";
    case StatKind::CappedPeriods: return "capped_periods";
    case StatKind::Premium: return "premium";
  }
  return "?";
}

// Neumaier-compensated sum, in index order.
static double sum(const double* x, size_t n) {
  double s = 0, c = 0;
  for (size_t i = 0; i < n; ++i) {
    double t = s + x[i];
    if (std::isinf(t)) return t;  // an overflow: the compensation would turn it into inf - inf = NaN
    c += std::fabs(s) >= std::fabs(x[i]) ? (s - t) + x[i] : (x[i] - t) + s;
    s = t;
  }
  return s + c;
}

double mean(const double* x, size_t n) { return n ? sum(x, n) / static_cast<double>(n) : NAN; }

namespace {
struct Moments {
  double mean = 0, m2 = 0, m3 = 0, m4 = 0;  // central moments with denominator n
};
Moments moments(const double* x, size_t n) {
  Moments m;
  m.mean = mean(x, n);
  std::vector<double> d2(n), d3(n), d4(n);
  for (size_t i = 0; i < n; ++i) {
    double d = x[i] - m.mean;
    d2[i] = d * d;
    d3[i] = d2[i] * d;
    d4[i] = d2[i] * d2[i];
  }
  double dn = static_cast<double>(n);
  m.m2 = sum(d2.data(), n) / dn;
  m.m3 = sum(d3.data(), n) / dn;
  m.m4 = sum(d4.data(), n) / dn;
  return m;
}
}  // namespace

Estimate estimateMean(const double* x, size_t n) {
  if (n < 2) return {mean(x, n), NAN};
  Moments m = moments(x, n);
  double dn = static_cast<double>(n);
  double s2 = m.m2 * dn / (dn - 1);
  return {m.mean, std::sqrt(s2 / dn)};
}

Estimate estimateVariance(const double* x, size_t n) {
  if (n < 4) return {NAN, NAN, kFewPaths4};
  Moments m = moments(x, n);
  double dn = static_cast<double>(n);
  double s2 = m.m2 * dn / (dn - 1);
  double v = (m.m4 - s2 * s2 * (dn - 3) / (dn - 1)) / dn;
  return {s2, std::sqrt(std::max(0.0, v))};
}

Estimate estimateSd(const double* x, size_t n) {
  Estimate v = estimateVariance(x, n);
  double s = std::sqrt(v.value);
  return {s, v.undefined ? NAN : s > 0 ? v.se / (2 * s) : 0.0, v.undefined};
}

static double interpolate(const std::vector<double>& sorted, double h) {  // h: 0-based fractional rank
  size_t n = sorted.size();
  if (h <= 0) return sorted.front();
  if (h >= static_cast<double>(n - 1)) return sorted.back();
  size_t lo = static_cast<size_t>(std::floor(h));
  double frac = h - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

Estimate estimateQuantile(const double* x, size_t n, double p) {
  if (n == 0) return {NAN, NAN, kFewPaths1};
  std::vector<double> s(x, x + n);
  std::sort(s.begin(), s.end(), [](double a, double b) { return a < b || (std::isnan(b) && !std::isnan(a)); });
  double dn = static_cast<double>(n);
  double value = interpolate(s, (dn - 1) * p);
  double half = std::sqrt(dn * p * (1 - p));
  double lo = interpolate(s, dn * p - half - 1), hi = interpolate(s, dn * p + half - 1);
  return {value, (hi - lo) / 2};
}

Estimate estimateSkewness(const double* x, size_t n) {
  if (n < 3) return {NAN, NAN, kFewPaths3};
  Moments m = moments(x, n);
  double dn = static_cast<double>(n);
  double g1 = m.m2 > 0 ? m.m3 / std::pow(m.m2, 1.5) : 0.0;
  return {g1, std::sqrt(6 * dn * (dn - 1) / ((dn - 2) * (dn + 1) * (dn + 3)))};
}

Estimate estimateCVaR(const double* x, size_t n, double p) {
  if (n == 0) return {NAN, NAN, kFewPaths1};
  std::vector<double> s(x, x + n);
  std::sort(s.begin(), s.end());
  size_t from = std::min(n - 1, static_cast<size_t>(std::floor(p * static_cast<double>(n))));
  Estimate tail = estimateMean(s.data() + from, n - from);
  double var = s[from];
  double tailVar = tail.se * tail.se * static_cast<double>(n - from);
  double dn = static_cast<double>(n);
  double se = std::sqrt((tailVar + p * (tail.value - var) * (tail.value - var)) / (dn * (1 - p)));
  return {tail.value, se};
}

double covariance(const double* x, const double* y, size_t n) {
  double mx = mean(x, n), my = mean(y, n);
  std::vector<double> d(n);
  for (size_t i = 0; i < n; ++i) d[i] = (x[i] - mx) * (y[i] - my);
  return sum(d.data(), n) / static_cast<double>(n - 1);
}

// Sample variance of x[0, n) without the rows [skipFrom, skipTo) (a jackknife group), summed in row order.
static double varianceSkipping(const double* x, size_t n, size_t skipFrom, size_t skipTo) {
  double s = 0, c = 0;
  size_t m = 0;
  for (size_t i = 0; i < n; ++i)
    if (i < skipFrom || i >= skipTo) s += x[i], ++m;
  double mu = s / static_cast<double>(m);
  for (size_t i = 0; i < n; ++i)
    if (i < skipFrom || i >= skipTo) c += (x[i] - mu) * (x[i] - mu);
  return c / static_cast<double>(m - 1);
}

Estimate estimateReduction(const double* u, const double* h, size_t n, bool variances) {
  constexpr size_t kGroups = 20;
  if (n < 2 * kGroups) return {NAN, NAN, "needs at least 40 paths"};
  auto statOf = [&](size_t skipFrom, size_t skipTo) {
    double vu = varianceSkipping(u, n, skipFrom, skipTo), vh = varianceSkipping(h, n, skipFrom, skipTo);
    return variances ? 1 - vh / vu : 1 - std::sqrt(vh / vu);
  };
  // A cost without risk (variance at the level of rounding) has nothing to reduce: the ratio is undefined, and
  // computing it would report the ratio of two rounding errors.
  if (std::sqrt(varianceSkipping(u, n, n, n)) <= 1e-12 * std::fabs(mean(u, n)))
    return {NAN, NAN, "the unhedged cost has no risk to reduce"};
  double full = statOf(n, n);
  double est[kGroups], avg = 0;
  for (size_t g = 0; g < kGroups; ++g) {
    est[g] = statOf(g * n / kGroups, (g + 1) * n / kGroups);
    avg += est[g] / kGroups;
  }
  double ss = 0;
  for (double e : est) ss += (e - avg) * (e - avg);
  return {full, std::sqrt(ss * (kGroups - 1) / kGroups)};
}

Estimate estimate(StatKind kind, const double* x, size_t n, double arg, bool lowTail) {
  if (lowTail && kind == StatKind::Quantile) return estimateQuantile(x, n, 1 - arg);
  if (lowTail && kind == StatKind::CVaR) {  // the high tail of -x, turned back
    std::vector<double> minus(x, x + n);
    for (double& v : minus) v = -v;
    Estimate e = estimateCVaR(minus.data(), n, arg);
    return {-e.value, e.se, e.undefined};
  }
  switch (kind) {
    case StatKind::Mean:
    case StatKind::Prob: {
      Estimate e = estimateMean(x, n);
      if (kind == StatKind::Prob) e.se = std::sqrt(e.value * (1 - e.value) / static_cast<double>(n));
      return e;
    }
    case StatKind::Sd: return estimateSd(x, n);
    case StatKind::Variance: return estimateVariance(x, n);
    case StatKind::Quantile: return estimateQuantile(x, n, arg);
    case StatKind::Skewness: return estimateSkewness(x, n);
    case StatKind::Min: return {n ? *std::min_element(x, x + n) : NAN, 0};
    case StatKind::Max: return {n ? *std::max_element(x, x + n) : NAN, 0};
    case StatKind::CVaR: return estimateCVaR(x, n, arg);
    default: break;
  }
  return {NAN, NAN};
}

}  // namespace sitrt
