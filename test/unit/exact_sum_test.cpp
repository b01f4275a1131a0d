// ExactSum (exact_sum.h): the exact sum rounded once, so any order and any split into merged parts give the same
// bits; the statistics add their chunks' sums with it (stats.h), which makes results independent of MPI ranks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <random>
#include <vector>

#include "sitrt/exact_sum.h"
#include "sitrt/stats.h"

using namespace sitrt;

namespace {
double sumOf(const std::vector<double>& x) {
  ExactSum s;
  for (double v : x) s.add(v);
  return s.value();
}
}  // namespace

TEST(ExactSum, RoundsTheExactSumOnce) {
  EXPECT_EQ(sumOf({1e16, 1, -1e16}), 1.0);
  EXPECT_EQ(sumOf(std::vector<double>(10, 0.1)), 1.0);  // the nearest double to ten times the double 0.1
  EXPECT_EQ(sumOf({1, 0x1p-53}), 1.0);                   // a tie rounds to even
  EXPECT_EQ(sumOf({1, 0x1p-53, 0x1p-80}), 1 + 0x1p-52);  // ... unless the rest says it is above the tie
  EXPECT_EQ(sumOf({}), 0.0);
  EXPECT_FALSE(std::signbit(sumOf({-0.0, 0.0})));
}

TEST(ExactSum, SameBitsInAnyOrderAndSplit) {
  std::mt19937_64 rng(7);
  std::vector<double> x(5000);
  for (double& v : x) v = std::ldexp(std::uniform_real_distribution<double>(-1, 1)(rng), static_cast<int>(rng() % 200) - 100);
  double whole = sumOf(x);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(x.begin(), x.end(), rng);
    EXPECT_EQ(sumOf(x), whole);
    // Split into three parts summed apart and merged, as ranks do (exact_sum.h, reduceExact).
    size_t a = rng() % x.size(), b = a + rng() % (x.size() - a);
    ExactSum p[3];
    for (size_t i = 0; i < x.size(); ++i) p[i < a ? 0 : i < b ? 1 : 2].add(x[i]);
    std::vector<double> wire;
    for (auto& s : p) s.appendTo(wire);
    const double* at = wire.data();
    ExactSum merged;
    for (int k = 0; k < 3; ++k) merged.add(ExactSum::read(at));
    EXPECT_EQ(merged.value(), whole);
  }
}

TEST(ExactSum, LargeSumsDoNotOverflowOnTheWay) {
  EXPECT_EQ(sumOf({DBL_MAX, DBL_MAX, -DBL_MAX}), DBL_MAX);
  EXPECT_EQ(sumOf({DBL_MAX, -DBL_MAX, DBL_MAX}), DBL_MAX);
  EXPECT_EQ(sumOf({DBL_MAX, DBL_MAX}), INFINITY);
  EXPECT_TRUE(std::isnan(sumOf({INFINITY, 1, -INFINITY})));
  EXPECT_EQ(sumOf({-INFINITY, 1}), -INFINITY);
  ExactSum a, b;
  a.add(DBL_MAX), b.add(-DBL_MAX), b.add(3);
  a.add(b);
  EXPECT_EQ(a.value(), 3.0);
}

TEST(ExactSum, SubtractIsExact) {
  ExactSum all, part;
  for (double v : {1e20, 3.0, -1e20, 0.5}) all.add(v);
  part.add(1e20), part.add(3.0);
  all.subtract(part);
  EXPECT_EQ(all.value(), -1e20 + 0.5);
}

// Order statistics do not depend on the order of the paths (sums do within a chunk of paths: stats.h, pathSums).
TEST(ExactSum, OrderStatisticsIndependentOfPathOrder) {
  std::mt19937_64 rng(3);
  std::vector<double> x(3001);
  for (double& v : x) v = std::exp(std::normal_distribution<double>(0, 1)(rng)) * 1e4;
  x[17] = -0.0, x[18] = 0.0;
  std::vector<double> y = x;
  std::shuffle(y.begin(), y.end(), rng);
  for (StatKind k : {StatKind::Quantile, StatKind::Min, StatKind::Max}) {
    Estimate a = estimate(k, x.data(), x.size(), 0.95), b = estimate(k, y.data(), y.size(), 0.95);
    EXPECT_EQ(a.value, b.value) << statName(k);
    EXPECT_EQ(a.se, b.se) << statName(k);
  }
}
