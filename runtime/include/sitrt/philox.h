// Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC 2011), written
// from the paper and checked against the Random123 known-answer vectors (test/unit/philox_test.cpp).
//
// Stream layout, version kStreamVersion. Every uniform in a simulation is a pure function of its coordinates:
//   key     = (seed & 0xffffffff, seed >> 32)
//   counter = (step, pair | stream << 24, path & 0xffffffff, path >> 32)
// `step` is the 0-based time step, `pair` the index of the pair of draw slots in that step (slots 2j and 2j+1 come
// from one call), `stream` selects an independent family of paths (0 = main run, 1 = pilot paths). The four output
// words (w0, w1, w2, w3) give two uniforms: slot 2j from (w0, w1) and slot 2j+1 from (w2, w3), each
//   u = (top 52 bits of (hi << 32 | lo)) * 2^-52 + 2^-53,
// which lies in the open interval (0, 1) and is symmetric about 1/2, so normIcdf(u) is finite and odd-symmetric.
// Because nothing depends on threads, batching or lane position, path i's numbers are the same in every run.
#pragma once
#include <cstdint>

#include "sitrt/lanes.h"

namespace sitrt {

constexpr const char* kRngName = "philox4x32-10";
constexpr int kStreamVersion = 1;
constexpr uint32_t kMaxPairsPerStep = 1u << 24;

// U is uint64_t (scalar) or vu64 (lanes); each element holds one 32-bit word in its low half.
template <class U>
struct Philox4 {
  U w[4];
};

template <class U>
inline Philox4<U> philox4x32_10(Philox4<U> c, uint32_t k0, uint32_t k1) {
  constexpr uint64_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  constexpr uint64_t kLow = 0xFFFFFFFFu;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += static_cast<uint32_t>(kW0);
      k1 += static_cast<uint32_t>(kW1);
    }
    U p0 = c.w[0] * kM0;  // 32 x 32 -> 64-bit products
    U p1 = c.w[2] * kM1;
    U hi0 = p0 >> 32, lo0 = p0 & kLow;
    U hi1 = p1 >> 32, lo1 = p1 & kLow;
    c.w[0] = hi1 ^ c.w[1] ^ k0;
    c.w[1] = lo1;
    c.w[2] = hi0 ^ c.w[3] ^ k1;
    c.w[3] = lo0;
  }
  return c;
}

template <class U>
inline auto uniformFromWords(U hi, U lo) {
  U bits = (((hi << 32) | lo) >> 12) | 0x3FF0000000000000ull;  // a double in [1, 2)
  return (fromBits(bits) - 1.0) + 0x1p-53;
}

// The two uniforms of draw-slot pair `pair` at time step `step` for the path(s) in `path`.
template <class U, class F>
inline void uniformPair(uint64_t seed, uint32_t step, uint32_t pair, uint32_t stream, U path, F& u0, F& u1) {
  Philox4<U> c;
  c.w[0] = U{} + step;
  c.w[1] = U{} + (pair | (stream << 24));
  c.w[2] = path & 0xFFFFFFFFull;
  c.w[3] = path >> 32;
  c = philox4x32_10(c, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
  u0 = uniformFromWords(c.w[0], c.w[1]);
  u1 = uniformFromWords(c.w[2], c.w[3]);
}

}  // namespace sitrt
