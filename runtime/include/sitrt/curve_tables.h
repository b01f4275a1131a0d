// Building a futures curve's tables (curve.h) once per run, from the lag tables of its separable forward, which
// the kernel's (or the reference evaluator's) prepare step computed for the run's parameters.
#pragma once
#include <cstdint>
#include <vector>

#include "sitrt/curve.h"
#include "sitrt/sim_spec.h"

namespace sitrt {

struct CurveData {
  std::vector<int64_t> ends;
  std::vector<int32_t> window;
  std::vector<double> days, sums, lagT, lagU;
  std::vector<WindowSeries> series;
  CurveView view{};  // points into the vectors above
};

// `lag` is the prepared buffer (SimSpec::lagSize values); `daily` whether some hedge on the curve holds positions.
void buildCurve(const CurveSpec& spec, uint64_t steps, const double* lag, bool daily, CurveData& out);

// The degree D and centre c that evaluate sum_j Tc_j exp(Q U_j) over lags with U in [uLo, uHi] to below half an
// ulp for |Q| <= kCurveSeriesRadius, at the least cost (an exp counts as 16 terms); D = -1 when no series of
// degree <= kMaxSeriesDegree does.
void chooseSeries(double uLo, double uHi, int32_t& degree, double& center);

}  // namespace sitrt
