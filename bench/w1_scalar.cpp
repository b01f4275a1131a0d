// W1 in plain scalar C++, one path at a time: the same RNG (Philox4x32-10 with sitc's counter layout, stream
// version 2), the same inverse-CDF normals and Poisson inversion as the compiled kernel; std::exp for the
// exponentials. What a straightforward port of the model runs at.
#include <atomic>

#include "sitrt/math.h"
#include "sitrt/normal.h"
#include "sitrt/philox.h"
#include "w1_common.h"

using namespace w1;

static void simulate(uint64_t first, uint64_t n, double* cu, double* ch, double* am) {
  const double sqdt = std::sqrt(kDt), l11 = std::sqrt(1 - kRho * kRho);
  const double x0 = std::log(1.5), ln2 = std::log(2.0);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t path = first + i;
    double x = x0, d = 0, u = 0, h = 0, a = 0;
    for (int k = 0; k < kSteps; ++k) {
      double t = k * kDt, r[4];
      sitrt::uniformBlock<double, uint64_t>(kSeed, k, 0, 0, path, r);
      double jumps = sitrt::poissonInv(kLambda * kDt, r[0]);
      double z1 = sitrt::normIcdf(r[1]), zj = sitrt::normIcdf(r[2]), z3 = sitrt::normIcdf(r[3]);
      double z2 = kRho * z1 + l11 * z3;
      double theta = x0 - ln2 * t;
      x += kKappa * (theta - x) * kDt + kSigma * sqdt * z1 + jumps * kMuJ + std::sqrt(jumps) * kSigJ * zj;
      d += kKappaD * (0 - d) * kDt + kSigmaD * sqdt * z2;
      double s = std::exp(x), q = 100 * 360 * std::exp(d);  // USD/Mtok, Mtok/yr
      u += q * s * kDt;
      h += (q - 100 * 360) * s * kDt;
      a += s;
      if ((k + 1) % kDaysPerMonth == 0) am[i * kMonths + k / kDaysPerMonth] = a / kDaysPerMonth, a = 0;
    }
    cu[i] = u;
    ch[i] = h;
  }
}

int main(int argc, char** argv) { return run("scalar C++", simulate, argc, argv); }
