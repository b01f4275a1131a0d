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
#pragma once
#include <cstddef>
#include <vector>

#include "sitrt/sim_spec.h"

namespace sitrt {

struct Estimate {
  double value = 0;
  double se = 0;
};

double mean(const double* x, size_t n);
Estimate estimateMean(const double* x, size_t n);
Estimate estimateVariance(const double* x, size_t n);
Estimate estimateSd(const double* x, size_t n);
Estimate estimateQuantile(const double* x, size_t n, double p);  // copies and sorts
Estimate estimateSkewness(const double* x, size_t n);
Estimate estimate(StatKind kind, const double* x, size_t n, double arg);

}  // namespace sitrt
