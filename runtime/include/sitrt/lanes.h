// Lane primitives shared by the scalar and the SIMD builds of the runtime maths.
//
// Every numeric routine in math.h, philox.h, normal.h and hedge.h is a template over a lane type: `double` (one
// path: the constant folder, the reference evaluator, tests) or `Vec<N>::F`, N paths in the lanes of a GCC/clang
// vector (compiled by clang into the bitcode that kernels inline, N chosen for the target CPU). Every operation is
// lane-wise and written the same way for both, so lane i of a vector result is bit-identical to the scalar result
// for the same input. Multiply-adds are fused only where the code says fmaLanes (then in every instantiation);
// nothing else is contracted (-ffp-contract=off everywhere).
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace sitrt {

constexpr int kMaxLanes = 16;  // the widest block a kernel uses: two AVX-512 registers of doubles

template <int N>
struct Vec {
  static_assert(N >= 2 && N <= kMaxLanes && (N & (N - 1)) == 0);
  typedef double F __attribute__((vector_size(8 * N)));
  typedef int64_t I __attribute__((vector_size(8 * N)));
  typedef uint64_t U __attribute__((vector_size(8 * N)));
};

// Types that go with a lane type: its integer lanes and its comparison mask.
template <class F>
struct Lanes {
  static constexpr int N = sizeof(F) / sizeof(double);
  using I = typename Vec<N>::I;
  using U = typename Vec<N>::U;
  using Mask = I;  // all ones / all zeros per lane, as vector comparisons produce
};
template <>
struct Lanes<double> {
  static constexpr int N = 1;
  using I = int64_t;
  using U = uint64_t;
  using Mask = bool;
};

template <class F>
constexpr bool kScalar = std::is_same_v<F, double>;

template <class F>
inline typename Lanes<F>::U bitsOf(F x) {
  if constexpr (kScalar<F>) {
    uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
  } else {
    return (typename Lanes<F>::U)x;
  }
}
template <class F, class U>
inline F fromBits(U u) {
  if constexpr (kScalar<F>) {
    double x;
    std::memcpy(&x, &u, sizeof x);
    return x;
  } else {
    return (F)u;
  }
}

// select(m, a, b): a where m holds, else b (for double, integer and vector lanes alike).
inline double select(bool m, double a, double b) { return m ? a : b; }
inline int64_t select(bool m, int64_t a, int64_t b) { return m ? a : b; }
inline uint64_t select(bool m, uint64_t a, uint64_t b) { return m ? a : b; }
template <class T, class M>
inline T select(M m, T a, T b) {
  using I = decltype(m);
  return (T)(((I)a & m) | ((I)b & ~m));
}

inline bool any(bool m) { return m; }
template <class M>
inline bool any(M m) {
#if defined(__clang__)
  return __builtin_reduce_or(m) != 0;  // one reduction, no loop
#else
  int64_t acc = 0;
  for (int i = 0; i < static_cast<int>(sizeof(M) / 8); ++i) acc |= m[i];
  return acc != 0;
#endif
}

// a * b + c with one rounding, in every instantiation (hardware FMA where the target has it).
template <class F>
inline F fmaLanes(F a, F b, F c) {
  if constexpr (kScalar<F>) {
    return __builtin_fma(a, b, c);
  } else {
#if defined(__clang__)
    return __builtin_elementwise_fma(a, b, c);
#else
    F r;
    for (int i = 0; i < Lanes<F>::N; ++i) r[i] = __builtin_fma(a[i], b[i], c[i]);
    return r;
#endif
  }
}

template <class F>
inline F sqrtLanes(F x) {
  if constexpr (kScalar<F>) {
    return __builtin_sqrt(x);
  } else {
#if defined(__clang__)
    return __builtin_elementwise_sqrt(x);
#else
    F r;
    for (int i = 0; i < Lanes<F>::N; ++i) r[i] = __builtin_sqrt(x[i]);
    return r;
#endif
  }
}

template <class F>
inline F absLanes(F x) {
  return fromBits<F>(bitsOf(x) & 0x7FFFFFFFFFFFFFFFull);
}
// +0 or -0 with the sign of x.
template <class F>
inline F signedZero(F x) {
  return fromBits<F>(bitsOf(x) & 0x8000000000000000ull);
}

// Small integers (|i| < 2^51) to double and back without conversion instructions (AVX2 has no 64-bit int <->
// double conversion): add into / subtract from the mantissa of 1.5 * 2^52.
constexpr double kMagic = 6755399441055744.0;  // 0x1.8p52
inline double intToDouble(int64_t i) { return fromBits<double>(bitsOf(kMagic) + static_cast<uint64_t>(i)) - kMagic; }
template <class I>
inline auto intToDouble(I i) {
  using F = typename Vec<sizeof(I) / 8>::F;
  return fromBits<F>((typename Lanes<F>::U)i + bitsOf(kMagic)) - kMagic;
}

// Lane-wise load/store of plain double arrays, for code that moves values between lanes and memory.
template <class F>
inline F loadLanes(const double* p) {
  if constexpr (kScalar<F>) {
    return *p;
  } else {
    F v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
}
template <class F>
inline void storeLanes(double* p, F v) {
  std::memcpy(p, &v, sizeof v);
}

}  // namespace sitrt
