#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sitrt/stats.h"

using namespace sitrt;

TEST(Stats, MeanAndStandardError) {
  std::vector<double> x = {1, 2, 3, 4, 5};
  Estimate e = estimateMean(x.data(), x.size());
  EXPECT_DOUBLE_EQ(e.value, 3.0);
  EXPECT_DOUBLE_EQ(e.se, std::sqrt(2.5 / 5));
}

TEST(Stats, CompensatedSumKeepsSmallTerms) {
  std::vector<double> x(1001, 1e-8);
  x[0] = 1e8;
  EXPECT_DOUBLE_EQ(mean(x.data(), x.size()) * 1001, 1e8 + 1000 * 1e-8);
}

TEST(Stats, VarianceAndSd) {
  std::vector<double> x = {2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_DOUBLE_EQ(estimateVariance(x.data(), x.size()).value, 32.0 / 7);
  EXPECT_DOUBLE_EQ(estimateSd(x.data(), x.size()).value, std::sqrt(32.0 / 7));
  EXPECT_GT(estimateSd(x.data(), x.size()).se, 0);
}

TEST(Stats, QuantileInterpolatesLikeNumpy) {
  std::vector<double> x = {5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(estimateQuantile(x.data(), x.size(), 0.5).value, 3);
  EXPECT_DOUBLE_EQ(estimateQuantile(x.data(), x.size(), 0.1).value, 1.4);
  EXPECT_DOUBLE_EQ(estimateQuantile(x.data(), x.size(), 1.0).value, 5);
}

TEST(Stats, QuantileStandardErrorMatchesAsymptotics) {
  // Uniform grid on (0,1): density 1, so se(q_p) ~ sqrt(p (1-p) / n).
  size_t n = 100000;
  std::vector<double> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = (i + 0.5) / n;
  Estimate e = estimateQuantile(x.data(), n, 0.9);
  EXPECT_NEAR(e.value, 0.9, 1e-4);
  EXPECT_NEAR(e.se, std::sqrt(0.9 * 0.1 / n), 0.05 * std::sqrt(0.9 * 0.1 / n));
}

TEST(Stats, ProbAndSkewness) {
  std::vector<double> x = {0, 1, 1, 0};
  Estimate p = estimate(StatKind::Prob, x.data(), x.size(), 0);
  EXPECT_DOUBLE_EQ(p.value, 0.5);
  EXPECT_DOUBLE_EQ(p.se, 0.25);
  std::vector<double> s = {0, 0, 0, 0, 10};
  EXPECT_GT(estimateSkewness(s.data(), s.size()).value, 1.0);
}

// A seller's VaR and CVaR are of the low tail: the mirror image of a cost's, on the same values negated.
TEST(Stats, LowTailMirrorsHighTail) {
  std::vector<double> x = {10, 3, 7, 1, 9, 4, 8, 2, 6, 5};  // 1..10
  std::vector<double> minus;
  for (double v : x) minus.push_back(-v);
  Estimate var = estimate(StatKind::Quantile, x.data(), x.size(), 0.9, true);
  EXPECT_DOUBLE_EQ(var.value, estimateQuantile(x.data(), x.size(), 0.1).value);  // 1.9, numpy's 10% quantile
  EXPECT_DOUBLE_EQ(var.value, 1.9);
  // CVaR(90%) of the low tail: the mean of the n - floor(0.9 n) = 1 smallest; at 70%, of the 3 smallest.
  EXPECT_DOUBLE_EQ(estimate(StatKind::CVaR, x.data(), x.size(), 0.9, true).value, 1);
  Estimate low = estimate(StatKind::CVaR, x.data(), x.size(), 0.7, true);
  Estimate high = estimate(StatKind::CVaR, minus.data(), minus.size(), 0.7);
  EXPECT_DOUBLE_EQ(low.value, 2);
  EXPECT_DOUBLE_EQ(low.value, -high.value);
  EXPECT_DOUBLE_EQ(low.se, high.se);
  // Other statistics ignore the flag.
  EXPECT_DOUBLE_EQ(estimate(StatKind::Mean, x.data(), x.size(), 0, true).value, 5.5);
}
