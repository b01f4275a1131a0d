// Lane primitives shared by the scalar and the SIMD builds of the runtime maths.
//
// Every numeric routine in math.h and philox.h is a template over a lane type: `double` (one path, used by the
// constant folder, the reference evaluator and tests) or `vf64` (kLanes paths at once, compiled by clang into the
// bitcode that JIT kernels inline). Both instantiations perform the same IEEE operations in the same order, with
// no FMA contraction (-ffp-contract=off), so lane i of a vector result is bit-identical to the scalar result.
#pragma once
#include <cstdint>
#include <cstring>

namespace sitrt {

constexpr int kLanes = 8;  // paths per SIMD block: one AVX-512 register of doubles, two AVX2 registers

typedef double vf64 __attribute__((vector_size(8 * kLanes)));
typedef int64_t vi64 __attribute__((vector_size(8 * kLanes)));
typedef uint64_t vu64 __attribute__((vector_size(8 * kLanes)));

// Types that go with a lane type: its integer lanes and its comparison mask.
template <class F>
struct Lanes;
template <>
struct Lanes<double> {
  using I = int64_t;
  using U = uint64_t;
  using Mask = bool;
};
template <>
struct Lanes<vf64> {
  using I = vi64;
  using U = vu64;
  using Mask = vi64;  // all ones / all zeros per lane, as vector comparisons produce
};

inline uint64_t bitsOf(double x) {
  uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline double fromBits(uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
inline vu64 bitsOf(vf64 x) { return (vu64)x; }
inline vf64 fromBits(vu64 u) { return (vf64)u; }

// select(m, a, b): a where m holds, else b.
inline double select(bool m, double a, double b) { return m ? a : b; }
inline int64_t select(bool m, int64_t a, int64_t b) { return m ? a : b; }
inline vf64 select(vi64 m, vf64 a, vf64 b) { return (vf64)(((vi64)a & m) | ((vi64)b & ~m)); }
inline vi64 select(vi64 m, vi64 a, vi64 b) { return (a & m) | (b & ~m); }

inline bool any(bool m) { return m; }
inline bool any(vi64 m) {
  int64_t acc = 0;
  for (int i = 0; i < kLanes; ++i) acc |= m[i];
  return acc != 0;
}

inline double sqrtLanes(double x) { return __builtin_sqrt(x); }
inline vf64 sqrtLanes(vf64 x) {
  vf64 r;
  for (int i = 0; i < kLanes; ++i) r[i] = __builtin_sqrt(x[i]);  // becomes one vector sqrt after SLP
  return r;
}

inline double absLanes(double x) { return fromBits(bitsOf(x) & 0x7FFFFFFFFFFFFFFFull); }
inline vf64 absLanes(vf64 x) { return fromBits(bitsOf(x) & 0x7FFFFFFFFFFFFFFFull); }

// Small integers (|i| < 2^51) to double and back without conversion instructions (AVX2 has no 64-bit int <->
// double conversion): add into / subtract from the mantissa of 1.5 * 2^52.
constexpr double kMagic = 6755399441055744.0;  // 0x1.8p52
inline double intToDouble(int64_t i) { return fromBits(bitsOf(kMagic) + static_cast<uint64_t>(i)) - kMagic; }
inline vf64 intToDouble(vi64 i) { return fromBits((vu64)i + bitsOf(kMagic)) - kMagic; }

}  // namespace sitrt
