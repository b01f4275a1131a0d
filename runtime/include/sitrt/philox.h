// Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC 2011), written
// from the paper and checked against the Random123 known-answer vectors (test/unit/philox_test.cpp).
//
// Stream layout, version kStreamVersion (2). Every uniform in a simulation is a pure function of its coordinates:
//   key     = (seed & 0xffffffff, seed >> 32)
//   counter = (step, block | stream << 24, path & 0xffffffff, path >> 32)
// `step` is the 0-based time step, `block` the index of a group of four draw slots in that step (slots 4b..4b+3
// come from one call), `stream` selects an independent family of paths (0 = main run, 1 = pilot paths). Output
// word i of block b is slot 4b + i, turned into the uniform
//   u = (w + 1/2) 2^-32,
// which lies in [2^-33, 1 - 2^-33], strictly inside (0, 1), and is symmetric (1 - u(w) = u(2^32 - 1 - w)), so
// normIcdf(u) is finite and odd-symmetric; |normal()| <= 6.34. Because nothing depends on threads, batching or lane
// position, path i's numbers are the same in every run. (Version 1 took a 52-bit uniform from each pair of words,
// two uniforms per block; version 2 halves the generator's cost per draw.)
#pragma once
#include <cstdint>

#include "sitrt/lanes.h"

namespace sitrt {

constexpr const char* kRngName = "philox4x32-10";
constexpr int kStreamVersion = 2;
constexpr uint32_t kMaxBlocksPerStep = 1u << 24;
constexpr int kSlotsPerBlock = 4;

// U is uint64_t (scalar) or an integer vector; each element holds one 32-bit word in its low half.
template <class U>
struct Philox4 {
  U w[4];
};

template <class U>
inline Philox4<U> philox4x32_10(Philox4<U> c, uint32_t k0, uint32_t k1) {
  constexpr uint64_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  constexpr uint64_t kLow = 0xFFFFFFFFu;
  // Unrolled, so the compiler sees every product as 32 x 32 -> 64 bits (one pmuludq per vector), not as a
  // general 64-bit multiply.
#if defined(__clang__)
#pragma clang loop unroll(full)
#else
#pragma GCC unroll 10
#endif
  for (int round = 0; round < 10; ++round) {
    uint64_t key0 = static_cast<uint32_t>(k0 + round * static_cast<uint32_t>(kW0));
    uint64_t key1 = static_cast<uint32_t>(k1 + round * static_cast<uint32_t>(kW1));
    U p0 = (c.w[0] & kLow) * kM0;
    U p1 = (c.w[2] & kLow) * kM1;
    U w1 = c.w[1], w3 = c.w[3];
    c.w[0] = ((p1 >> 32) ^ w1 ^ key0) & kLow;
    c.w[1] = p1 & kLow;
    c.w[2] = ((p0 >> 32) ^ w3 ^ key1) & kLow;
    c.w[3] = p0 & kLow;
  }
  return c;
}

// The uniform (w + 1/2) 2^-32 of a 32-bit word (in the low half of a 64-bit lane), exactly: 1 + w 2^-32 is built
// from bits and 1 - 2^-33 subtracted, both steps exact.
template <class F, class U>
inline F uniformFromWord(U w) {
  return fromBits<F>((w << 20) | 0x3FF0000000000000ull) - (1.0 - 0x1p-33);
}

// The four uniforms of draw-slot block `block` at time step `step` for the path(s) in `path`.
template <class F, class U>
inline void uniformBlock(uint64_t seed, uint32_t step, uint32_t block, uint32_t stream, U path, F u[4]) {
  Philox4<U> c;
  c.w[0] = U{} + step;
  c.w[1] = U{} + (block | (stream << 24));
  c.w[2] = path & 0xFFFFFFFFull;
  c.w[3] = path >> 32;
  c = philox4x32_10(c, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
  for (int i = 0; i < 4; ++i) u[i] = uniformFromWord<F>(c.w[i]);
}

}  // namespace sitrt
