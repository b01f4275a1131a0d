// Statistics over per-path values, each with its Monte Carlo standard error. A column may be spread over MPI ranks
// (Column), each holding its block of whole chunks of paths (scheduler.h), and every rank gets the statistic of all
// of them, the bits one process computes: every sum is compensated within each fixed chunk of paths in path order
// and the chunks' sums are added exactly (pathSums), and every order statistic is picked from the values' total
// order (NaN last, -0 as +0), by a distributed selection across ranks.
//
// Standard errors:
//   mean       s / sqrt(n)
//   variance   sqrt((m4 - s^4 (n-3)/(n-1)) / n)                    (moments about the mean)
//   sd         se(variance) / (2 s)                                (delta method)
//   prob       sqrt(p (1 - p) / n)
//   quantile   half the distance between the order statistics at ranks n p -/+ sqrt(n p (1 - p)), i.e. the
//              distribution-free ~68% binomial interval divided by 2; the estimate itself interpolates linearly
//              between order statistics (numpy's default, R type 7)
//   skewness   sqrt(6 n (n-1) / ((n-2)(n+1)(n+3)))                (exact under normality; a guide otherwise)
//   min, max   none (reported as 0)
//   cvar       sqrt((tail variance + p (ES - VaR)^2) / (n (1 - p)))  (asymptotic, for the mean of the upper tail)
//   volatility reduction 1 - sd(h)/sd(u) and hedge effectiveness 1 - var(h)/var(u): delete-a-group jackknife over
//              20 contiguous groups of paths (fixed groups, so the error is reproducible too)
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sitrt/exact_sum.h"
#include "sitrt/scheduler.h"
#include "sitrt/sim_spec.h"

namespace sitrt {

class Ranks;

struct Estimate {
  double value = 0;
  double se = 0;
  // Why the value is NaN when it has a reason users are told about (too few paths for the statistic, a cost
  // without risk to reduce); a NaN or infinite value without one is a run-time error (runner.cpp).
  const char* undefined = nullptr;
};

// A column of per-path values: this rank's block, the values of paths [first, first + size) of n, with the ranks
// that hold the rest (every rank of them calls each statistic, in the same order); or all n values (ranks null).
struct Column {
  const double* x = nullptr;
  size_t size = 0;
  uint64_t first = 0;
  uint64_t n = 0;
  const Ranks* ranks = nullptr;
  Column() = default;
  Column(const double* values, size_t count) : x(values), size(count), n(count) {}
  Column(const double* values, size_t count, uint64_t firstPath, uint64_t paths, const Ranks* r)
      : x(values), size(count), first(firstPath), n(paths), ranks(r) {}
  Column with(const double* values) const { return {values, size, first, n, ranks}; }  // another column, same paths
};

// Neumaier's compensated sum, in the order of its terms.
struct CompensatedSum {
  double s = 0, c = 0;
  void add(double x) {
    double t = s + x;
    c += std::fabs(s) >= std::fabs(x) ? (s - t) + x : (x - t) + s;
    s = t;
  }
  double value() const { return std::isfinite(s) ? s + c : s; }  // an overflow stays infinite, not NaN
};

// `count` sums over the paths of a column: add(i, sums) adds to sums[k] the terms of path i of this rank's block
// (i from 0 to size - 1, in order). Each sum is compensated within each fixed chunk of kChunkPaths paths and the
// chunks' sums are added exactly, so the result does not depend on how the chunks are split across ranks; it is
// reduced over them (as ExactSums with pathSumsExact, to subtract one from another exactly).
template <class F>
std::vector<ExactSum> pathSumsExact(const Column& c, size_t count, F add) {
  std::vector<ExactSum> total(count);
  std::vector<CompensatedSum> part(count);
  for (size_t i = 0; i < c.size;) {
    const uint64_t end = std::min<uint64_t>(c.size, ((c.first + i) / kChunkPaths + 1) * kChunkPaths - c.first);
    for (auto& p : part) p = {};
    for (; i < end; ++i) add(i, part);
    for (size_t k = 0; k < count; ++k) total[k].add(part[k].value());
  }
  return reduceExact(total, c.ranks);
}
template <class F>
std::vector<double> pathSums(const Column& c, size_t count, F add) {
  std::vector<double> v;
  for (const auto& s : pathSumsExact(c, count, add)) v.push_back(s.value());
  return v;
}

double mean(const Column& x);
Estimate estimateMean(const Column& x);
Estimate estimateVariance(const Column& x);
Estimate estimateSd(const Column& x);
Estimate estimateQuantile(const Column& x, double p);
Estimate estimateSkewness(const Column& x);
Estimate estimateCVaR(const Column& x, double p);
// `lowTail` (a seller's VaR and CVaR, whose risk is earning too little): Quantile is then the 1 - arg quantile and
// CVaR the mean of the values at or below it, the mirror image of a cost's.
Estimate estimate(StatKind kind, const Column& x, double arg, bool lowTail = false);
// 1 - sd(hedged)/sd(unhedged) (or with variances when `variances`), with its grouped-jackknife standard error;
// NaN when the unhedged cost carries no risk (its sd is at the level of rounding).
Estimate estimateReduction(const Column& unhedged, const Column& hedged, bool variances);
// Sample covariance of two columns of the same paths.
double covariance(const Column& x, const Column& y);

// The same over n values in memory.
inline double mean(const double* x, size_t n) { return mean(Column(x, n)); }
inline Estimate estimateMean(const double* x, size_t n) { return estimateMean(Column(x, n)); }
inline Estimate estimateVariance(const double* x, size_t n) { return estimateVariance(Column(x, n)); }
inline Estimate estimateSd(const double* x, size_t n) { return estimateSd(Column(x, n)); }
inline Estimate estimateQuantile(const double* x, size_t n, double p) { return estimateQuantile(Column(x, n), p); }
inline Estimate estimateSkewness(const double* x, size_t n) { return estimateSkewness(Column(x, n)); }
inline Estimate estimateCVaR(const double* x, size_t n, double p) { return estimateCVaR(Column(x, n), p); }
inline Estimate estimate(StatKind kind, const double* x, size_t n, double arg, bool lowTail = false) {
  return estimate(kind, Column(x, n), arg, lowTail);
}
inline Estimate estimateReduction(const double* u, const double* h, size_t n, bool variances) {
  return estimateReduction(Column(u, n), Column(h, n), variances);
}
inline double covariance(const double* x, const double* y, size_t n) { return covariance(Column(x, n), Column(y, n)); }

}  // namespace sitrt
