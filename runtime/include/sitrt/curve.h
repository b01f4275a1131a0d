// A futures curve along a path: for each live contract period m of a schedule, the model's expected settlement
// E_k[A_m] on day k, from the underlying's forward(tau). Written once for scalar and SIMD lanes (lanes.h) and used
// by the reference evaluator and, through the runtime bitcode, by compiled kernels, so both agree bit for bit.
//
// The compiler writes forward(tau) in the separable form (plan/passes/Curves.cpp)
//   F(tau) = sum_i P_i T_i(tau)  +  Pc Tc(tau) exp(Q U(tau))
// with P_i, Pc, Q values of the path at day k and T_i, Tc, U functions of tau alone (lag tables, j = 0..steps,
// tau = j dt). A period's remaining forward days form a window of lags [lo, hi]; the curve needs, per window w,
//   fwd_w = sum_i P_i S_i(w) + Pc sum_{j in w} Tc_j exp(Q U_j),     S_i(w) = sum_{j in w} T_i,j.
// The coupled sum is evaluated from moments (curve_tables.cpp builds them once per run): with a centre c and
// M_n = sum_j Tc_j (U_j - c)^n / n!,
//   sum_j Tc_j exp(Q U_j) = exp(Q c) sum_{n <= D} M_n Q^n,
// exact to below half an ulp for |Q| <= kCurveSeriesRadius at the window's degree D (chosen for that bound).
// Lanes with a larger |Q| (or NaN), and windows too wide for a short series, take the direct sum over the lags.
// So a month's price costs a short polynomial (and one exp for the nearest months) instead of 30 exps.
#pragma once
#include <cstdint>

#include "sitrt/lanes.h"
#include "sitrt/math.h"

namespace sitrt {

constexpr int kMaxCurveTerms = 8;         // uncoupled terms P_i T_i(tau)
constexpr int kMaxSeriesDegree = 24;
constexpr double kCurveSeriesRadius = 3;  // |Q| up to which the series is used (a log deviation of 3: a factor 20)

extern "C" {
struct WindowSeries {
  int32_t lo, hi;     // lags of the window, inclusive
  int32_t degree;     // D; -1: evaluate the direct sum for every lane
  int32_t reserved;
  double center;      // c (0: no exp needed)
  double coef[kMaxSeriesDegree + 1];  // M_0 .. M_D
};

// A curve as a run sees it: tables built by buildCurve (curve_tables.h), read-only during the run.
struct CurveView {
  int32_t periods;        // contract periods of the schedule
  int32_t average;        // 1: settles on the period's average of daily index values; 0: on the last day's
  int32_t terms;          // uncoupled terms
  int32_t coupled;        // 1: there is a coupled term
  int32_t daily;          // 1: some hedge on the curve holds positions, so every day's prices are needed
  int32_t reserved;
  const int64_t* ends;    // last day of each period
  const double* days;     // days in each period
  const int32_t* window;  // window of (day k, period m) at k * periods + m; -1 when the period has no forward days
  const double* sums;     // S_i(w) at w * terms + i
  const WindowSeries* series;  // per window (coupled curves)
  const double* lagT;     // Tc_j
  const double* lagU;     // U_j
};
}

// Whether day k needs the curve's prices: every day while positions are held, else to open (day 0) and to
// settle (the days periods end).
inline bool curveNeedsPrices(const CurveView& c, int64_t k, int64_t cur) {
  return c.daily || k == 0 || (cur < c.periods && c.ends[cur] == k);
}

// Day k's fixing: the index value s joins the sum of the period holding day k (days 1..ends[0] are period 0's).
// `cur` is that period, advanced here.
template <class F>
inline void curveRealize(const CurveView& c, int64_t k, F s, F* realized, int64_t& cur) {
  while (cur < c.periods && c.ends[cur] < k) ++cur;
  if (k > 0 && cur < c.periods) realized[cur] = realized[cur] + s;
}

// sum_{j in w} Tc_j exp(Q U_j), lane by lane (see the top of this file).
template <class F>
inline F coupledSum(const CurveView& c, const WindowSeries& w, F q) {
  using Mask = typename Lanes<F>::Mask;
  F series = F{};
  Mask direct;
  if (w.degree >= 0) {
    series = F{} + w.coef[w.degree];
    for (int n = w.degree - 1; n >= 0; --n) series = fmaLanes(series, q, F{} + w.coef[n]);
    if (w.center != 0.0) series = series * sitExp(q * w.center);
    direct = (absLanes(q) > kCurveSeriesRadius) | (q != q);
  } else {
    direct = (q == q) | (q != q);  // every lane
  }
  if (!any(direct)) return series;
  F sum = F{};
  for (int32_t j = w.lo; j <= w.hi; ++j) sum = sum + c.lagT[j] * sitExp(q * c.lagU[j]);
  return select(direct, sum, series);
}

// Day k's prices of the live periods cur..periods-1, in two parts (hedge.h scales the second by a hedge's
// calibration): fix, the current period's fixings so far, and fwd[m], the sum of F(tau) over period m's remaining
// days (0 once it has none); for average settlement both are divided by the days in the period, so that
// price = fix + fwd[m] for the current period and fwd[m] for later ones.
template <class F>
inline void curveMarks(const CurveView& c, int64_t k, int64_t cur, const F* p, F pc, F q, const F* realized, F* fwd,
                       F& fix) {
  const int32_t* row = c.window + k * c.periods;
  for (int64_t m = cur; m < c.periods; ++m) {
    int32_t w = row[m];
    F v = F{};
    if (w >= 0) {
      for (int i = 0; i < c.terms; ++i) v = v + p[i] * c.sums[w * c.terms + i];
      if (c.coupled) v = v + pc * coupledSum(c, c.series[w], q);
    }
    fwd[m] = c.average ? v / c.days[m] : v;
  }
  fix = cur < c.periods && c.average ? realized[cur] / c.days[cur] : F{};
}

}  // namespace sitrt
