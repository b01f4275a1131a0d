// The futures curve (sitrt/curve.h, curve_tables.cpp): every period's forward sum from the separable form equals
// the direct sum of the forward over the period's remaining days, to a few ulp, in the series range and beyond it,
// for average and final settlement; and SIMD lanes equal scalar ones.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "sitrt/curve.h"
#include "sitrt/curve_tables.h"

using namespace sitrt;

namespace {

constexpr uint64_t kSteps = 360;  // a year of days, twelve 30-day periods
constexpr double kDt = 1.0 / 360;

struct Model {
  double kappa, trend, var;  // F(tau) = P0 T0(tau) + P1 T1(tau) + Pc Tc(tau) exp(Q U(tau)), mrjd-like
  double t0(double tau) const { return 1.0 + 0.1 * tau; }
  double t1(double tau) const { return std::exp(-kappa * tau); }
  double tc(double tau) const { return 1.5 * std::exp(trend * tau + var * (1 - std::exp(-2 * kappa * tau))); }
  double u(double tau) const { return std::exp(-kappa * tau); }
};

struct Built {
  CurveSpec spec;
  std::vector<double> lag;
  CurveData data;
};

void build(const Model& m, bool average, Built& b) {
  for (int i = 1; i <= 12; ++i) b.spec.ends.push_back(30 * i);
  b.spec.average = average;
  b.spec.terms = 2;
  b.spec.coupled = true;
  size_t n = kSteps + 1;
  b.lag.assign(4 * n, 0.0);
  for (size_t j = 0; j < n; ++j) {
    double tau = static_cast<double>(j) * kDt;
    b.lag[j] = m.t0(tau), b.lag[n + j] = m.t1(tau), b.lag[2 * n + j] = m.tc(tau), b.lag[3 * n + j] = m.u(tau);
  }
  buildCurve(b.spec, kSteps, b.lag.data(), true, b.data);
}

// The sum of F over the remaining forward days of period m on day k, in long double, divided by the days of the
// period for average settlement.
long double direct(const Model& mo, const Built& b, int64_t k, int m, const double* p, double pc, double q) {
  int64_t start = m ? b.spec.ends[m - 1] : 0, end = b.spec.ends[m];
  int64_t lo = b.spec.average ? std::max(k + 1, start + 1) : end;
  long double s = 0;
  for (int64_t d = lo; d <= end; ++d) {
    int64_t j = d - k;
    size_t n = kSteps + 1;
    s += (long double)p[0] * b.lag[j] + (long double)p[1] * b.lag[n + j] +
         (long double)pc * b.lag[2 * n + j] * std::exp((long double)q * b.lag[3 * n + j]);
  }
  (void)mo;
  return b.spec.average ? s / (end - start) : s;
}

double worstUlps(const Model& mo, bool average, const std::vector<double>& qs) {
  Built b;
  build(mo, average, b);
  double worst = 0;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> pu(0.5, 2.0);
  for (int64_t k = 0; k < static_cast<int64_t>(kSteps); k += 7)
    for (double q : qs) {
      double p[2] = {pu(rng), pu(rng)}, pc = pu(rng), fwd[12], fix = 0, realized[12] = {};
      int64_t cur = k / 30;
      curveMarks(b.data.view, k, cur, p, pc, q, realized, fwd, fix);
      for (int m = static_cast<int>(cur); m < 12; ++m) {
        if (b.spec.ends[m] <= k) continue;
        long double want = direct(mo, b, k, m, p, pc, q);
        double err = std::fabs(static_cast<double>((fwd[m] - want) / want)) / 0x1p-52;
        worst = std::max(worst, err);
      }
    }
  return worst;
}

}  // namespace

TEST(Curve, SeriesEqualsDirectSumWithinTheRadius) {
  std::vector<double> qs = {0.0, 1e-9, -0.3, 0.7, -1.9, 2.5, -kCurveSeriesRadius, kCurveSeriesRadius};
  for (bool average : {true, false})
    for (Model m : {Model{4, -0.97, 0.01}, Model{0.5, 0.2, 0.05}, Model{40, 0, 0.002}}) {
      double ulps = worstUlps(m, average, qs);
      EXPECT_LE(ulps, 8.0) << "kappa " << m.kappa << " average " << average;
      RecordProperty("ulps", std::to_string(ulps));
    }
}

TEST(Curve, DirectSumBeyondTheRadiusAndForNaN) {
  Model m{4, -0.97, 0.01};
  EXPECT_LE(worstUlps(m, true, {kCurveSeriesRadius * 1.01, -7.5, 12.0}), 8.0);
  Built b;
  build(m, true, b);
  double p[2] = {1, 1}, fwd[12], fix, realized[12] = {};
  curveMarks(b.data.view, 3, 0, p, 1.0, std::nan(""), realized, fwd, fix);
  EXPECT_TRUE(std::isnan(fwd[0]));
}

TEST(Curve, SeriesDegreesAreShortAndWindowsShared) {
  Built b;
  build(Model{4, -0.97, 0.01}, true, b);
  // Windows are shared: full 30-day windows by their first lag, the running month's by its last.
  EXPECT_LT(b.data.series.size(), 400u);
  double terms = 0;
  int withExp = 0;
  for (const auto& w : b.data.series) {
    ASSERT_GE(w.degree, 0);  // none needs the direct sum for every lane
    terms += w.degree + 1;
    withExp += w.center != 0;
  }
  // A window costs a short polynomial and, for the nearest months only, one exp (about 24 operations): on average
  // well under two exps' worth, against 30 exps for the direct sum of a month.
  double cost = (terms + 24.0 * withExp) / static_cast<double>(b.data.series.size());
  EXPECT_LT(cost, 48.0);
  EXPECT_LT(withExp, static_cast<int>(b.data.series.size()) / 4);
}

TEST(Curve, LanesEqualScalar) {
  Built b;
  build(Model{4, -0.97, 0.01}, true, b);
  using F = Vec<16>::F;
  F p[2], pc, q, realized[12] = {}, fwd[12], fix;
  for (int l = 0; l < 16; ++l) p[0][l] = 1 + 0.1 * l, p[1][l] = 2 - 0.05 * l, pc[l] = 0.7 + l, q[l] = -5 + 0.6 * l;
  for (int64_t k : {0, 29, 30, 200}) {
    int64_t cur = k / 30;
    if (k == 30) cur = 0;
    curveMarks(b.data.view, k, cur, p, pc, q, realized, fwd, fix);
    for (int l = 0; l < 16; ++l) {
      double ps[2] = {p[0][l], p[1][l]}, f[12], fx, rs[12] = {};
      curveMarks(b.data.view, k, cur, ps, pc[l], q[l], rs, f, fx);
      for (int64_t m = cur; m < 12; ++m) ASSERT_EQ(fwd[m][l], f[m]) << k << " " << m << " " << l;
    }
  }
}
