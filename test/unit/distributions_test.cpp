// Moments of the draws kernels make, from the real stream layout. Fixed seeds, so these are deterministic; the
// bounds are 4 standard errors of each moment estimator under the target distribution.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sitrt/math.h"
#include "sitrt/normal.h"
#include "sitrt/philox.h"

using namespace sitrt;

namespace {
std::vector<double> uniforms(uint64_t seed, size_t n) {
  std::vector<double> u;
  u.reserve(n);
  for (uint64_t path = 0; u.size() < n; ++path) {
    double w[4];
    uniformBlock<double, uint64_t>(seed, 0, 0, 0, path, w);
    u.insert(u.end(), w, w + 4);
  }
  return u;
}
struct M {
  double mean, var, m3, m4;
};
M moments(const std::vector<double>& x) {
  double n = static_cast<double>(x.size()), s = 0;
  for (double v : x) s += v;
  M m{s / n, 0, 0, 0};
  for (double v : x) {
    double d = v - m.mean;
    m.var += d * d / n;
    m.m3 += d * d * d / n;
    m.m4 += d * d * d * d / n;
  }
  return m;
}
constexpr size_t kN = 1 << 20;
}  // namespace

TEST(Distributions, UniformMoments) {
  M m = moments(uniforms(11, kN));
  double n = kN;
  EXPECT_NEAR(m.mean, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(m.var, 1.0 / 12, 4 * std::sqrt((1.0 / 80 - 1.0 / 144) / n));
}

TEST(Distributions, NormalMoments) {
  std::vector<double> z;
  for (double u : uniforms(12, kN)) z.push_back(normIcdf(u));
  M m = moments(z);
  double n = kN;
  EXPECT_NEAR(m.mean, 0.0, 4 * std::sqrt(1.0 / n));
  EXPECT_NEAR(m.var, 1.0, 4 * std::sqrt(2.0 / n));
  EXPECT_NEAR(m.m3, 0.0, 4 * std::sqrt(15.0 / n));           // Var(Z^3) = 15
  EXPECT_NEAR(m.m4, 3.0, 4 * std::sqrt((105.0 - 9.0) / n));  // Var(Z^4) = 105 - 9
  // Tail mass: P(|Z| > 3) = 0.0026998.
  double tail = 0;
  for (double v : z) tail += std::fabs(v) > 3;
  double p = 0.0026997960632601866;
  EXPECT_NEAR(tail / n, p, 4 * std::sqrt(p * (1 - p) / n));
}

TEST(Distributions, PoissonMoments) {
  for (double lambda : {0.011, 0.7, 12.5, 250.0}) {
    std::vector<double> k;
    for (double u : uniforms(13, kN)) k.push_back(poissonInv(lambda, u));
    M m = moments(k);
    double n = kN;
    EXPECT_NEAR(m.mean, lambda, 4 * std::sqrt(lambda / n)) << lambda;
    // Var of the sample variance of a Poisson: (mu4 - sigma^4)/n with mu4 = lambda (1 + 3 lambda).
    EXPECT_NEAR(m.var, lambda, 4 * std::sqrt((lambda * (1 + 3 * lambda) - lambda * lambda) / n)) << lambda;
  }
}
