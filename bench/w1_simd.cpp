// W1 in hand-vectorised C++: kLanes paths in SIMD lanes, with the runtime's vector RNG, normal, Poisson and exp
// (the same templates the compiled kernels inline). This is the bar the compiled .sit kernel is measured against.
#include <atomic>

#include "sitrt/math.h"
#include "sitrt/philox.h"
#include "w1_common.h"

using namespace w1;
using sitrt::vf64;
using sitrt::vu64;
constexpr int L = sitrt::kLanes;

static void simulate(uint64_t first, uint64_t n, double* cu, double* ch) {
  const double sqdt = std::sqrt(kDt), l11 = std::sqrt(1 - kRho * kRho);
  const double x0 = std::log(1.5), ln2 = std::log(2.0);
  for (uint64_t b = 0; b < n; b += L) {
    vu64 path;
    for (int l = 0; l < L; ++l) path[l] = first + b + l;
    vf64 x = vf64{} + x0, d = vf64{}, u = vf64{}, h = vf64{};
    for (int k = 0; k < kSteps; ++k) {
      double t = k * kDt;
      vf64 u0, u1, u2, u3;
      sitrt::uniformPair(kSeed, k, 0, 0, path, u0, u1);
      sitrt::uniformPair(kSeed, k, 1, 0, path, u2, u3);
      vf64 jumps = sitrt::poissonInv(vf64{} + kLambda * kDt, u0);
      vf64 z1 = sitrt::normIcdf(u1), zj = sitrt::normIcdf(u2), z3 = sitrt::normIcdf(u3);
      vf64 z2 = kRho * z1 + l11 * z3;
      double theta = x0 - ln2 * t;
      x += kKappa * (theta - x) * kDt + kSigma * sqdt * z1 + jumps * kMuJ + sitrt::sqrtLanes(jumps) * kSigJ * zj;
      d += kKappaD * (0 - d) * kDt + kSigmaD * sqdt * z2;
      vf64 s = sitrt::sitExp(x), q = 100 * 360 * sitrt::sitExp(d);
      u += q * s * kDt;
      h += (q - 100 * 360) * s * kDt;
    }
    for (int l = 0; l < L && b + l < n; ++l) {
      cu[b + l] = u[l];
      ch[b + l] = h[l];
    }
  }
}

int main(int argc, char** argv) { return run("SIMD C++", simulate, argc, argv); }
