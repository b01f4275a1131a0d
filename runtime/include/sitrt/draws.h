// The random numbers of a simulation step, written once for scalar and SIMD lanes (lanes.h): the reference
// evaluator calls these templates for one path and one step at a time, compiled kernels (through the runtime
// bitcode) for a block of paths and several steps at a time, and both get the same numbers.
//
// A step has `slots` draw slots (plan: one per normal(), uniform() and poisson() of the scenario, in source order).
// Slot s of step k is word s % 4 of Philox block s / 4 (philox.h). Slots listed in normalSlots become standard
// normals (normal.h); the correlated ones are then mixed with the Cholesky factor, in its order:
//   z'_i = sum_{j <= i} L_ij z_j, summed from j = 0 upwards starting at +0.
// Other slots stay uniforms. (A kernel may leave out of normalSlots a normal it evaluates only where it is needed;
// see plan/passes/LazyDraws.cpp. Its value is the same.)
#pragma once
#include <cstdint>

#include "sitrt/math.h"
#include "sitrt/normal.h"
#include "sitrt/philox.h"

namespace sitrt {

extern "C" {
struct DrawLayout {
  int32_t slots;            // draw slots per step
  int32_t numNormals;       // slots turned into normals here
  const int32_t* normalSlots;
  int32_t numCorrelated;    // correlated slots, in the order of the Cholesky factor
  const int32_t* correlatedSlots;
  const double* chol;       // numCorrelated^2, row-major lower triangle
};
}

// buf[s * slots + slot] = the draw of `slot` at step k0 + s for s < ns.
template <class F, class U>
inline void drawSteps(const DrawLayout& L, uint64_t seed, uint32_t stream, U path, uint32_t k0, int ns, F* buf) {
  for (int s = 0; s < ns; ++s) {
    F* b = buf + s * L.slots;
    for (int blk = 0; blk * kSlotsPerBlock < L.slots; ++blk) {
      F u[kSlotsPerBlock];
      uniformBlock(seed, k0 + static_cast<uint32_t>(s), static_cast<uint32_t>(blk), stream, path, u);
      for (int w = 0; w < kSlotsPerBlock && blk * kSlotsPerBlock + w < L.slots; ++w) b[blk * kSlotsPerBlock + w] = u[w];
    }
  }
  // Normals of as many steps at once as a batch holds: the more lanes per batch, the fuller the tail registers.
  if (L.numNormals > 0) {
    int perBatch = kMaxNormalBatch / L.numNormals;
    if (perBatch < 1) perBatch = 1;
    F z[kMaxNormalBatch];
    for (int s0 = 0; s0 < ns; s0 += perBatch) {
      int s1 = s0 + perBatch < ns ? s0 + perBatch : ns;
      for (int n0 = 0; n0 < L.numNormals; n0 += kMaxNormalBatch) {  // only when one step has > 64 normals
        int n1 = n0 + kMaxNormalBatch < L.numNormals ? n0 + kMaxNormalBatch : L.numNormals;
        int count = 0;
        for (int s = s0; s < s1; ++s)
          for (int i = n0; i < n1; ++i) z[count++] = buf[s * L.slots + L.normalSlots[i]];
        normIcdfBatch(z, count);
        count = 0;
        for (int s = s0; s < s1; ++s)
          for (int i = n0; i < n1; ++i) buf[s * L.slots + L.normalSlots[i]] = z[count++];
      }
    }
  }
  const int n = L.numCorrelated;
  if (n > 1)
    for (int s = 0; s < ns; ++s) {
      F* b = buf + s * L.slots;
      for (int i = n - 1; i >= 0; --i) {  // row i uses z_0..z_i: overwrite from the last row down
        F acc = F{};
        for (int j = 0; j <= i; ++j) acc = acc + L.chol[i * n + j] * b[L.correlatedSlots[j]];
        b[L.correlatedSlots[i]] = acc;
      }
    }
}

// Poisson draws with a mean that is constant over a run: the CDF computed once, by poissonInv's own recurrence,
// so that poissonFromTable(t, u) == poissonInv(mean, u) bit for bit. The table holds the terms with p_k > 0 up to
// the first cdf_k >= 1 - 2^-33, the largest uniform (philox.h); it is complete when that fits in kPoissonTable.
constexpr int kPoissonTable = 64;
extern "C" {
struct PoissonTable {
  double cdf[kPoissonTable];
  int32_t size;
  int32_t complete;  // 0: the mean needs more terms; use poissonInv
  int32_t bad;       // the mean is negative, NaN or above kPoissonMaxMean: every draw is NaN
  int32_t reserved;
};
}

inline void poissonTable(double mean, PoissonTable& t) {
  t.size = 0;
  t.complete = 0;
  t.bad = mean < 0.0 || mean > kPoissonMaxMean || mean != mean;
  if (t.bad) return;
  double p = sitExp(0.0 - mean), cdf = p;
  for (int k = 0; p > 0.0 && t.size < kPoissonTable; ++k) {
    if (k > 0) {  // the recurrence of poissonInv
      p = p * mean / static_cast<double>(k);
      cdf = cdf + p;
      if (!(p > 0.0)) break;
    }
    t.cdf[t.size++] = cdf;
    if (cdf >= 1.0 - 0x1p-33) break;
  }
  t.complete = t.size < kPoissonTable || t.cdf[t.size - 1] >= 1.0 - 0x1p-33 || !(p > 0.0);
}

template <class F>
inline F poissonFromTable(const PoissonTable& t, F u) {
  F k = F{};
  for (int j = 0; j < t.size; ++j) {
    auto more = u > t.cdf[j];
    if (!any(more)) break;
    k = select(more, k + 1.0, k);
  }
  return t.bad ? F{} + __builtin_nan("") : k;
}

}  // namespace sitrt
