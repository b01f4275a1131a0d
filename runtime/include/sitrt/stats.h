// Statistics over per-path values, each with its Monte Carlo standard error. Computed in a fixed order over the
// whole column, so results do not depend on how paths were split across threads.
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
#include <cstddef>
#include <vector>

#include "sitrt/sim_spec.h"

namespace sitrt {

struct Estimate {
  double value = 0;
  double se = 0;
  // Why the value is NaN when it has a reason users are told about (too few paths for the statistic, a cost
  // without risk to reduce); a NaN or infinite value without one is a run-time error (runner.cpp).
  const char* undefined = nullptr;
};

double mean(const double* x, size_t n);
Estimate estimateMean(const double* x, size_t n);
Estimate estimateVariance(const double* x, size_t n);
Estimate estimateSd(const double* x, size_t n);
Estimate estimateQuantile(const double* x, size_t n, double p);  // copies and sorts
Estimate estimateSkewness(const double* x, size_t n);
Estimate estimateCVaR(const double* x, size_t n, double p);
// `lowTail` (a seller's VaR and CVaR, whose risk is earning too little): Quantile is then the 1 - arg quantile and
// CVaR the mean of the values at or below it, the mirror image of a cost's.
Estimate estimate(StatKind kind, const double* x, size_t n, double arg, bool lowTail = false);
// 1 - sd(hedged)/sd(unhedged) (or with variances when `variances`), with its grouped-jackknife standard error;
// NaN when the unhedged cost carries no risk (its sd is at the level of rounding).
Estimate estimateReduction(const double* unhedged, const double* hedged, size_t n, bool variances);
// Sample covariance of two columns.
double covariance(const double* x, const double* y, size_t n);

}  // namespace sitrt
