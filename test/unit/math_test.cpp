// Accuracy of the runtime's own elementary functions and inverse normal CDF, and scalar/SIMD agreement.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "sitrt/draws.h"
#include "sitrt/math.h"
#include "sitrt/normal.h"

using namespace sitrt;

namespace {
// Distance in units in the last place between two finite doubles of the same sign.
double ulps(double a, double b) {
  if (a == b) return 0;
  int64_t ia, ib;
  std::memcpy(&ia, &a, 8);
  std::memcpy(&ib, &b, 8);
  return std::fabs(static_cast<double>(ia - ib));
}
// Deterministic points spread over [lo, hi].
template <class F>
void sweep(double lo, double hi, int n, F f) {
  for (int i = 0; i <= n; ++i) f(lo + (hi - lo) * i / n);
}
}  // namespace

TEST(Math, ExpWithinTwoUlpsOfLibm) {
  double worst = 0;
  sweep(-708, 709, 200000, [&](double x) { worst = std::max(worst, ulps(sitExp(x), std::exp(x))); });
  EXPECT_LE(worst, 2.0);
}

TEST(Math, ExpSpecialValues) {
  EXPECT_EQ(sitExp(0.0), 1.0);
  EXPECT_EQ(sitExp(-1000.0), 0.0);
  EXPECT_TRUE(std::isinf(sitExp(710.0)));
  EXPECT_TRUE(std::isinf(sitExp(1e300)));
  EXPECT_TRUE(std::isnan(sitExp(std::nan(""))));
  EXPECT_GT(sitExp(-740.0), 0.0);  // subnormal result, not flushed
  EXPECT_NEAR(sitExp(-740.0) / std::exp(-740.0), 1.0, 1e-10);
}

TEST(Math, LogWithinTwoUlpsOfLibm) {
  double worst = 0;
  sweep(-700, 700, 200000, [&](double e) {
    double x = std::exp(e);
    worst = std::max(worst, ulps(sitLog(x), std::log(x)));
  });
  sweep(0.5, 2.0, 200000, [&](double x) { worst = std::max(worst, ulps(sitLog(x), std::log(x))); });
  EXPECT_LE(worst, 2.0);
}

TEST(Math, LogSpecialValues) {
  EXPECT_EQ(sitLog(1.0), 0.0);
  EXPECT_EQ(sitLog(0.0), -double(INFINITY));
  EXPECT_EQ(sitLog(double(INFINITY)), double(INFINITY));
  EXPECT_TRUE(std::isnan(sitLog(-1.0)));
  EXPECT_TRUE(std::isnan(sitLog(std::nan(""))));
  EXPECT_NEAR(sitLog(4.9e-324), std::log(4.9e-324), 1e-12);  // smallest subnormal
}

TEST(Math, PowSignsAndSpecialCases) {
  EXPECT_NEAR(sitPow(2.0, 0.5), std::sqrt(2.0), 4e-16);
  EXPECT_NEAR(sitPow(-2.0, 3.0), -8.0, 1e-14);
  EXPECT_NEAR(sitPow(-2.0, 2.0), 4.0, 1e-14);
  EXPECT_TRUE(std::isnan(sitPow(-2.0, 0.5)));
  EXPECT_EQ(sitPow(0.0, 2.0), 0.0);
  EXPECT_EQ(sitPow(5.0, 0.0), 1.0);
}

// Phi(z) from libm's erfc, accurate in both tails.
static double Phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

TEST(Math, NormIcdfInvertsPhiToDoublePrecision) {
  // Round trip z -> Phi(z) -> icdf: the error allowed is what Phi's own rounding explains, |dz| <= tol / phi(z).
  double worst = 0;
  sweep(-6.2, 6.2, 100000, [&](double z) {  // the uniforms' range (philox.h): p >= 2^-33
    double p = Phi(z);
    if (p <= 0 || p >= 1) return;
    double back = normIcdf(p);
    double density = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
    // p itself is rounded relative to p, which in the upper tail is absolute ~1e-16 of 1 - p's scale.
    double pError = 4e-16 * std::min(p, 1 - p) + (z > 0 ? 2.3e-16 : 0.0);
    double allowed = pError / density + 1e-15 * std::fabs(z) + 1e-300;
    worst = std::max(worst, std::fabs(back - z) / allowed);
  });
  EXPECT_LE(worst, 1.0);
}

TEST(Math, NormIcdfKnownValues) {
  EXPECT_NEAR(normIcdf(0.975), 1.959963984540054, 2e-15);
  EXPECT_NEAR(normIcdf(0.025), -1.959963984540054, 2e-15);
  EXPECT_NEAR(normIcdf(1e-10), -6.361340902404056, 1e-13);
  EXPECT_EQ(normIcdf(0.5), 0.0);
  // The extreme uniforms of the stream: |z| = 6.338; the two are exact negatives.
  double lo = normIcdf(0x1p-33), hi = normIcdf(1 - 0x1p-33);
  EXPECT_NEAR(lo, -6.3379577545537, 1e-11);
  EXPECT_EQ(lo, -hi);
}

TEST(Math, PoissonInversionMatchesCdf) {
  // For u just below / above F(k), inversion must return k / k+1.
  double mean = 3.7;
  double pk = std::exp(-mean), cdf = pk;
  for (int k = 0; k < 15; ++k) {
    EXPECT_EQ(poissonInv(mean, cdf * (1 - 1e-12)), k);
    EXPECT_EQ(poissonInv(mean, cdf * (1 + 1e-12)), k + 1);
    pk *= mean / (k + 1);
    cdf += pk;
  }
  EXPECT_EQ(poissonInv(0.0, 0.999), 0);
  EXPECT_TRUE(std::isnan(poissonInv(-1.0, 0.5)));
  EXPECT_TRUE(std::isnan(poissonInv(kPoissonMaxMean * 2, 0.5)));
  EXPECT_EQ(poissonInv(600.0, 1 - 0x1p-53), poissonInv(600.0, 1 - 0x1p-53));  // terminates in the far tail
}

template <int N>
void lanesMatchScalar() {
  using F = typename Vec<N>::F;
  F x, u, mean;
  for (int i = 0; i < N; ++i) {
    x[i] = -3.3 + 1.7 * i;
    u[i] = (i + 0.37) / N;
    mean[i] = 0.05 + 1.9 * i;
  }
  F e = sitExp(x), l = sitLog(x), n = normIcdf(u), p = poissonInv(mean, u), w = sitPow(x, u);
  for (int i = 0; i < N; ++i) {
    EXPECT_EQ(bitsOf(e[i]), bitsOf(sitExp(x[i])));
    EXPECT_EQ(bitsOf(l[i]), bitsOf(sitLog(x[i])));
    EXPECT_EQ(bitsOf(n[i]), bitsOf(normIcdf(u[i])));
    EXPECT_EQ(bitsOf(p[i]), bitsOf(poissonInv(mean[i], u[i])));
    EXPECT_EQ(bitsOf(w[i]), bitsOf(sitPow(x[i], u[i])));
  }
}

TEST(Math, SimdLanesAreBitIdenticalToScalar) {
  lanesMatchScalar<4>();
  lanesMatchScalar<8>();
  lanesMatchScalar<16>();
}

// The batch with compacted tails gives normIcdf of every lane, whatever the mix of central and tail lanes.
TEST(Math, NormalBatchEqualsNormIcdf) {
  using F = Vec<16>::F;
  F v[kMaxNormalBatch], in[kMaxNormalBatch];
  for (int n : {1, 2, 7, kMaxNormalBatch}) {
    uint64_t h = 88172645463325252ull;
    for (int i = 0; i < n; ++i)
      for (int l = 0; l < 16; ++l) {
        h ^= h << 13, h ^= h >> 7, h ^= h << 17;  // xorshift: tails in about 15% of lanes
        double p = (static_cast<double>(h >> 32) + 0.5) * 0x1p-32;
        if (i == 1) p = l % 2 ? 1e-9 : 1 - 1e-9;  // a vector of tails only
        in[i][l] = v[i][l] = p;
      }
    normIcdfBatch(v, n);
    for (int i = 0; i < n; ++i)
      for (int l = 0; l < 16; ++l) ASSERT_EQ(bitsOf(v[i][l]), bitsOf(normIcdf(in[i][l]))) << n << " " << i << " " << l;
  }
}

// A precomputed CDF gives poissonInv's answer for every uniform, including at the table's ends.
TEST(Math, PoissonTableEqualsInversion) {
  for (double mean : {0.0, 0.011, 0.7, 3.7, 12.5}) {
    PoissonTable t;
    poissonTable(mean, t);
    ASSERT_TRUE(t.complete) << mean;
    std::vector<double> us = {0x1p-33, 0.5, 1 - 0x1p-33};
    for (int j = 0; j < t.size; ++j) us.insert(us.end(), {t.cdf[j], std::nextafter(t.cdf[j], 2.0), std::nextafter(t.cdf[j], 0.0)});
    for (double u : us) {
      if (u > 0 && u < 1) {
        EXPECT_EQ(poissonFromTable(t, u), poissonInv(mean, u)) << mean << " " << u;
      }
    }
  }
  PoissonTable big;
  poissonTable(250.0, big);
  EXPECT_FALSE(big.complete);  // a large mean needs the general inversion
  PoissonTable bad;
  poissonTable(-1.0, bad);
  EXPECT_TRUE(std::isnan(poissonFromTable(bad, 0.5)));
}

// Draws of several steps for a block of paths equal the scalar draws of each path and step, correlations included.
TEST(Math, DrawStepsMatchScalarPaths) {
  const int32_t normals[] = {0, 2, 3, 5}, correlated[] = {0, 3};
  const double chol[] = {1.0, 0.0, 0.5, 0.8660254037844386};
  DrawLayout L{6, 4, normals, 2, correlated, chol};
  using F = Vec<16>::F;
  using U = Vec<16>::U;
  U path;
  for (int i = 0; i < 16; ++i) path[i] = 4096 + i;
  F buf[4 * 6];
  drawSteps(L, 99, 0, path, 10, 4, buf);
  for (int s = 0; s < 4; ++s)
    for (int i = 0; i < 16; ++i) {
      double one[6];
      drawSteps<double, uint64_t>(L, 99, 0, 4096 + i, 10 + s, 1, one);
      for (int slot = 0; slot < 6; ++slot) ASSERT_EQ(bitsOf(buf[s * 6 + slot][i]), bitsOf(one[slot]));
    }
}
