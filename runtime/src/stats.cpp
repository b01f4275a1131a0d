#include "sitrt/stats.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "sitrt/exact_sum.h"
#include "sitrt/ranks.h"

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

namespace {

// x with -0 as +0 (NaN stays NaN): order statistics and tail sums see one zero, however the paths were split.
double canon(double x) { return x + 0.0; }

// The values' total order as integers: NaN last, -0 = +0.
uint64_t orderKey(double x) {
  x = canon(x);
  if (std::isnan(x)) return UINT64_MAX;
  uint64_t b = std::bit_cast<uint64_t>(x);
  return b >> 63 ? ~b : b | (uint64_t{1} << 63);
}
double fromKey(uint64_t k) {
  if (k == UINT64_MAX) return NAN;
  return std::bit_cast<double>(k >> 63 ? k & ~(uint64_t{1} << 63) : ~k);
}

using Sums = std::vector<CompensatedSum>;

// This rank's values as sorted order keys, and the keys at 0-based ranks `at` of all the column's values.
struct Order {
  std::vector<uint64_t> keys;
  const Column& c;
  explicit Order(const Column& col) : c(col) {
    keys.resize(col.size);
    for (size_t i = 0; i < col.size; ++i) keys[i] = orderKey(col.x[i]);
    std::sort(keys.begin(), keys.end());
  }
  uint64_t countAtMost(uint64_t k) const {
    return static_cast<uint64_t>(std::upper_bound(keys.begin(), keys.end(), k) - keys.begin());
  }
  std::vector<uint64_t> keysAt(const std::vector<uint64_t>& at) const {
    if (!c.ranks) {
      std::vector<uint64_t> k;
      for (uint64_t r : at) k.push_back(keys[r]);
      return k;
    }
    // A distributed selection: for every wanted rank r at once, bisect the key space for the least key with more
    // than r values at or below it (64 rounds of one sum over the ranks).
    std::vector<uint64_t> lo(at.size(), 0), hi(at.size(), UINT64_MAX);
    for (int round = 0; round < 64; ++round) {
      std::vector<uint64_t> mid(at.size()), count(at.size());
      for (size_t i = 0; i < at.size(); ++i) {
        mid[i] = lo[i] + (hi[i] - lo[i]) / 2;
        count[i] = countAtMost(mid[i]);
      }
      count = c.ranks->sumAll(count);
      for (size_t i = 0; i < at.size(); ++i) (count[i] > at[i] ? hi[i] : lo[i]) = count[i] > at[i] ? mid[i] : mid[i] + 1;
    }
    return lo;
  }
  std::vector<double> valuesAt(const std::vector<uint64_t>& at) const {
    std::vector<double> v;
    for (uint64_t k : keysAt(at)) v.push_back(fromKey(k));
    return v;
  }
};

// The value at 0-based fractional rank h, interpolated linearly between order statistics (numpy's default):
// the ranks it needs, then the value from them.
void interpolationRanks(uint64_t n, double h, std::vector<uint64_t>& at) {
  if (h <= 0) at.push_back(0);
  else if (h >= static_cast<double>(n - 1)) at.push_back(n - 1);
  else {
    uint64_t lo = static_cast<uint64_t>(std::floor(h));
    at.push_back(lo);
    at.push_back(lo + 1);
  }
}
double interpolate(uint64_t n, double h, const std::vector<double>& v, size_t& i) {
  if (h <= 0 || h >= static_cast<double>(n - 1)) return v[i++];
  double frac = h - std::floor(h), a = v[i], b = v[i + 1];
  i += 2;
  return a + frac * (b - a);
}

struct Moments {
  double mean = 0, m2 = 0, m3 = 0, m4 = 0;  // central moments with denominator n
};
Moments moments(const Column& c) {
  Moments m;
  m.mean = mean(c);
  std::vector<double> s = pathSums(c, 3, [&](size_t i, Sums& a) {
    double d = c.x[i] - m.mean, d2 = d * d;
    a[0].add(d2), a[1].add(d2 * d), a[2].add(d2 * d2);
  });
  double dn = static_cast<double>(c.n);
  m.m2 = s[0] / dn, m.m3 = s[1] / dn, m.m4 = s[2] / dn;
  return m;
}

// The jackknife's groups: 20 contiguous groups of paths, group g the paths [g n / 20, (g + 1) n / 20).
constexpr size_t kGroups = 20;
uint64_t groupStart(uint64_t g, uint64_t n) { return g * n / kGroups; }

}  // namespace

double mean(const Column& c) {
  if (c.n == 0) return NAN;
  return pathSums(c, 1, [&](size_t i, Sums& a) { a[0].add(c.x[i]); })[0] / static_cast<double>(c.n);
}

Estimate estimateMean(const Column& c) {
  if (c.n < 2) return {mean(c), NAN};
  Moments m = moments(c);
  double dn = static_cast<double>(c.n);
  double s2 = m.m2 * dn / (dn - 1);
  return {m.mean, std::sqrt(s2 / dn)};
}

Estimate estimateVariance(const Column& c) {
  if (c.n < 4) return {NAN, NAN, kFewPaths4};
  Moments m = moments(c);
  double dn = static_cast<double>(c.n);
  double s2 = m.m2 * dn / (dn - 1);
  double v = (m.m4 - s2 * s2 * (dn - 3) / (dn - 1)) / dn;
  return {s2, std::sqrt(std::max(0.0, v))};
}

Estimate estimateSd(const Column& c) {
  Estimate v = estimateVariance(c);
  double s = std::sqrt(v.value);
  return {s, v.undefined ? NAN : s > 0 ? v.se / (2 * s) : 0.0, v.undefined};
}

Estimate estimateQuantile(const Column& c, double p) {
  if (c.n == 0) return {NAN, NAN, kFewPaths1};
  double dn = static_cast<double>(c.n);
  double half = std::sqrt(dn * p * (1 - p));
  const double h[3] = {(dn - 1) * p, dn * p - half - 1, dn * p + half - 1};
  std::vector<uint64_t> at;
  for (double x : h) interpolationRanks(c.n, x, at);
  std::vector<double> v = Order(c).valuesAt(at);
  size_t i = 0;
  double value = interpolate(c.n, h[0], v, i), lo = interpolate(c.n, h[1], v, i), hi = interpolate(c.n, h[2], v, i);
  return {value, (hi - lo) / 2};
}

Estimate estimateSkewness(const Column& c) {
  if (c.n < 3) return {NAN, NAN, kFewPaths3};
  Moments m = moments(c);
  double dn = static_cast<double>(c.n);
  double g1 = m.m2 > 0 ? m.m3 / std::pow(m.m2, 1.5) : 0.0;
  return {g1, std::sqrt(6 * dn * (dn - 1) / ((dn - 2) * (dn + 1) * (dn + 3)))};
}

// The mean of the values from 0-based rank `from` of the sorted column up (the upper tail), and its standard error:
// the values above the one at `from`, and as many of the values equal to it as the tail holds, the first in path
// order.
Estimate estimateCVaR(const Column& c, double p) {
  if (c.n == 0) return {NAN, NAN, kFewPaths1};
  const uint64_t n = c.n;
  const uint64_t from = std::min(n - 1, static_cast<uint64_t>(std::floor(p * static_cast<double>(n))));
  Order order(c);
  const uint64_t vk = order.keysAt({from})[0];
  const double var = fromKey(vk);
  const uint64_t below = order.countAtMost(vk), ties = below - static_cast<uint64_t>(
                                                         std::lower_bound(order.keys.begin(), order.keys.end(), vk) - order.keys.begin());
  // The ties in the tail (values equal to the one at rank `from`), the first in path order: lower ranks first.
  std::vector<uint64_t> counts = c.ranks ? c.ranks->allGather({ties, below}) : std::vector<uint64_t>{ties, below};
  uint64_t allAtMost = 0;
  for (size_t r = 0; r < counts.size(); r += 2) allAtMost += counts[r + 1];
  const uint64_t m = n - from;
  uint64_t tiesInTail = m - (n - allAtMost), mine = 0;
  for (size_t r = 0; r < counts.size(); r += 2) {
    uint64_t take = std::min(counts[r], tiesInTail);
    if (static_cast<int>(r / 2) == (c.ranks ? c.ranks->rank() : 0)) mine = take;
    tiesInTail -= take;
  }
  std::vector<uint8_t> inTail(c.size);
  for (size_t i = 0; i < c.size; ++i) {
    uint64_t k = orderKey(c.x[i]);
    inTail[i] = k > vk || (k == vk && mine > 0 && mine--);
  }
  auto tailSum = [&](auto term) {
    return pathSums(c, 1, [&](size_t i, Sums& a) {
      if (inTail[i]) a[0].add(term(canon(c.x[i])));
    })[0];
  };
  const double dm = static_cast<double>(m);
  const double tailMean = tailSum([](double x) { return x; }) / dm;
  double tailSe = NAN;
  if (m >= 2) {
    double m2 = tailSum([&](double x) { return (x - tailMean) * (x - tailMean); }) / dm;
    tailSe = std::sqrt(m2 * dm / (dm - 1) / dm);
  }
  double tailVar = tailSe * tailSe * dm;
  double dn = static_cast<double>(n);
  double se = std::sqrt((tailVar + p * (tailMean - var) * (tailMean - var)) / (dn * (1 - p)));
  return {tailMean, se};
}

double covariance(const Column& x, const Column& y) {
  std::vector<double> mu = pathSums(x, 2, [&](size_t i, Sums& a) { a[0].add(x.x[i]), a[1].add(y.x[i]); });
  double mx = mu[0] / static_cast<double>(x.n), my = mu[1] / static_cast<double>(x.n);
  return pathSums(x, 1, [&](size_t i, Sums& a) { a[0].add((x.x[i] - mx) * (y.x[i] - my)); })[0] /
         static_cast<double>(x.n - 1);
}

// The sample variances of u and h without each jackknife group (and, last, of all paths).
static std::vector<std::pair<double, double>> groupVariances(const Column& u, const Column& h) {
  const uint64_t n = u.n;
  // The group of each of this rank's paths.
  std::vector<uint8_t> group(u.size);
  for (size_t i = 0, g = 0; i < u.size; ++i) {
    while (u.first + i >= groupStart(g + 1, n)) ++g;
    group[i] = static_cast<uint8_t>(g);
  }
  std::vector<ExactSum> s =
      pathSumsExact(u, 2 * kGroups, [&](size_t i, Sums& a) { a[group[i]].add(u.x[i]), a[kGroups + group[i]].add(h.x[i]); });
  ExactSum totalU, totalH;
  for (size_t g = 0; g < kGroups; ++g) totalU.add(s[g]), totalH.add(s[kGroups + g]);
  std::vector<double> muU(kGroups + 1), muH(kGroups + 1), count(kGroups + 1);
  for (size_t g = 0; g <= kGroups; ++g) {
    ExactSum a = totalU, b = totalH;
    uint64_t m = n;
    if (g < kGroups) {
      a.subtract(s[g]), b.subtract(s[kGroups + g]);
      m -= groupStart(g + 1, n) - groupStart(g, n);
    }
    count[g] = static_cast<double>(m);
    muU[g] = a.value() / count[g], muH[g] = b.value() / count[g];
  }
  std::vector<double> v = pathSums(u, 2 * (kGroups + 1), [&](size_t i, Sums& d) {
    for (size_t g = 0; g <= kGroups; ++g)
      if (g != group[i]) {
        double a = u.x[i] - muU[g], b = h.x[i] - muH[g];
        d[g].add(a * a), d[kGroups + 1 + g].add(b * b);
      }
  });
  std::vector<std::pair<double, double>> out(kGroups + 1);
  for (size_t g = 0; g <= kGroups; ++g) out[g] = {v[g] / (count[g] - 1), v[kGroups + 1 + g] / (count[g] - 1)};
  return out;
}

Estimate estimateReduction(const Column& u, const Column& h, bool variances) {
  if (u.n < 2 * kGroups) return {NAN, NAN, "needs at least 40 paths"};
  std::vector<std::pair<double, double>> v = groupVariances(u, h);
  auto statOf = [&](size_t g) { return variances ? 1 - v[g].second / v[g].first : 1 - std::sqrt(v[g].second / v[g].first); };
  // A cost without risk (variance at the level of rounding) has nothing to reduce: the ratio is undefined, and
  // computing it would report the ratio of two rounding errors.
  if (std::sqrt(v[kGroups].first) <= 1e-12 * std::fabs(mean(u))) return {NAN, NAN, "the unhedged cost has no risk to reduce"};
  double full = statOf(kGroups);
  double est[kGroups], avg = 0;
  for (size_t g = 0; g < kGroups; ++g) {
    est[g] = statOf(g);
    avg += est[g] / kGroups;
  }
  double ss = 0;
  for (double e : est) ss += (e - avg) * (e - avg);
  return {full, std::sqrt(ss * (kGroups - 1) / kGroups)};
}

// The least (or greatest) value that is not NaN, NaN if there is none.
static double extreme(const Column& c, bool greatest) {
  double best = NAN;
  for (size_t i = 0; i < c.size; ++i)
    if (std::isnan(best) || (greatest ? c.x[i] > best : c.x[i] < best)) best = c.x[i];
  if (c.ranks) {
    std::vector<uint64_t> all = c.ranks->allGather({std::bit_cast<uint64_t>(best)});
    for (uint64_t b : all) {
      double x = std::bit_cast<double>(b);
      if (std::isnan(best) || (greatest ? x > best : x < best)) best = x;
    }
  }
  return canon(best);
}

Estimate estimate(StatKind kind, const Column& x, double arg, bool lowTail) {
  if (lowTail && kind == StatKind::Quantile) return estimateQuantile(x, 1 - arg);
  if (lowTail && kind == StatKind::CVaR) {  // the high tail of -x, turned back
    std::vector<double> minus(x.x, x.x + x.size);
    for (double& v : minus) v = -v;
    Estimate e = estimateCVaR(x.with(minus.data()), arg);
    return {-e.value, e.se, e.undefined};
  }
  switch (kind) {
    case StatKind::Mean:
    case StatKind::Prob: {
      Estimate e = estimateMean(x);
      if (kind == StatKind::Prob) e.se = std::sqrt(e.value * (1 - e.value) / static_cast<double>(x.n));
      return e;
    }
    case StatKind::Sd: return estimateSd(x);
    case StatKind::Variance: return estimateVariance(x);
    case StatKind::Quantile: return estimateQuantile(x, arg);
    case StatKind::Skewness: return estimateSkewness(x);
    case StatKind::Min: return {x.n ? extreme(x, false) : NAN, 0};
    case StatKind::Max: return {x.n ? extreme(x, true) : NAN, 0};
    case StatKind::CVaR: return estimateCVaR(x, arg);
    default: break;
  }
  return {NAN, NAN};
}

}  // namespace sitrt
