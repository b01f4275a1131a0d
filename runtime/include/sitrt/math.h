// Elementary functions and distributions, written once for scalar and SIMD lanes (see lanes.h).
//
// Polynomials are evaluated by Horner's rule with fused multiply-adds (fmaLanes), identically in every
// instantiation (maths version 2; version 1 used separate multiplies and adds).
// - sitExp: Cody-Waite reduction x = k ln2 + r, |r| <= ln2/2, degree-13 Taylor polynomial (truncation < 1e-17),
//   scaled by 2^k in two halves so subnormal results and overflow to +inf come out right. Max error ~1 ulp.
// - sitLog: x = 2^e m, m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m-1)/(m+1), series to s^23
//   (truncation < 1e-18). Max error ~1 ulp.
// - the inverse normal CDF is in normal.h.
// - poissonInv: exact inversion by sequential search of the CDF from k = 0. One uniform per draw, so draw slots
//   stay fixed. Means above kPoissonMaxMean (where exp(-mean) loses all precision) give NaN, which kernels report
//   as a run-time error at the draw's source location.
#pragma once
#include <utility>

#include "sitrt/lanes.h"

namespace sitrt {

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // high bits of ln 2, low 21 mantissa bits zero
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kPoissonMaxMean = 700.0;

// c[N-1] x^(N-1) + ... + c[0] by Horner's rule with fused multiply-adds, written out (no loop: kernels inline
// hundreds of these into one step loop, and every inner loop makes the optimiser's loop passes slower).
template <int N, class F>
inline F polyEval(F x, const double (&c)[N]) {
  F acc = F{} + c[N - 1];
  [&]<size_t... I>(std::index_sequence<I...>) {
    ((acc = fmaLanes(acc, x, F{} + c[N - 2 - I])), ...);
  }(std::make_index_sequence<N - 1>{});
  return acc;
}

template <class F>
inline F sitExp(F x) {
  using I = typename Lanes<F>::I;
  using U = typename Lanes<F>::U;
  // Clamp so k stays small; beyond these bounds the result is 0 or +inf anyway.
  F xc = select(x < -760.0, F{} - 760.0, x);
  xc = select(xc > 710.0, F{} + 710.0, xc);
  F t = fmaLanes(xc, F{} + 1.4426950408889634, F{} + kMagic);
  F kd = t - kMagic;
  I k = (I)(bitsOf(t) - bitsOf(kMagic));
  F r = fmaLanes(kd, F{} - kLn2Hi, xc);
  r = fmaLanes(kd, F{} - kLn2Lo, r);
  static constexpr double c[14] = {1.0, 1.0, 0.5, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 720.0, 1.0 / 5040.0,
                                   1.0 / 40320.0, 1.0 / 362880.0, 1.0 / 3628800.0, 1.0 / 39916800.0,
                                   1.0 / 479001600.0, 1.0 / 6227020800.0};  // 1/n!
  F p = polyEval(r, c);
  I k1 = k >> 1;
  I k2 = k - k1;
  F s1 = fromBits<F>((U)((k1 + 1023) << 52));
  F s2 = fromBits<F>((U)((k2 + 1023) << 52));
  return (p * s1) * s2;  // NaN in, NaN out: the clamps keep a NaN, and so does every step after them
}

template <class F>
inline F sitLog(F x) {
  using I = typename Lanes<F>::I;
  using U = typename Lanes<F>::U;
  using Mask = typename Lanes<F>::Mask;
  Mask sub = x < 0x1p-1022;  // subnormal (or non-positive, handled at the end)
  F xs = select(sub, x * 0x1p54, x);
  U b = bitsOf(xs);
  I e = (I)(b >> 52) - 1023;
  e = select(sub, e - 54, e);
  F m = fromBits<F>((U)((b & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull));  // [1, 2)
  Mask big = m > 1.4142135623730951;
  m = select(big, m * 0.5, m);
  e = select(big, e + 1, e);
  F f = m - 1.0;
  F s = f / (f + 2.0);
  F z = s * s;
  static constexpr double c[11] = {2.0 / 3,  2.0 / 5,  2.0 / 7,  2.0 / 9,  2.0 / 11, 2.0 / 13,
                                   2.0 / 15, 2.0 / 17, 2.0 / 19, 2.0 / 21, 2.0 / 23};
  F q = polyEval(z, c);
  F logm = fmaLanes(s, z * q, 2.0 * s);
  F ed = intToDouble(e);
  F res = fmaLanes(ed, F{} + kLn2Hi, fmaLanes(ed, F{} + kLn2Lo, logm));
  res = select(x == __builtin_inf(), x, res);
  res = select(x == 0.0, F{} - __builtin_inf(), res);
  res = select(x < 0.0, F{} + __builtin_nan(""), res);
  return select(x != x, x, res);
}

// x^y as exp(y log|x|), with the sign of a negative base raised to an integer power; a negative base with a
// non-integer exponent gives NaN. (Codegen turns small constant integer exponents into multiplications.)
template <class F>
inline F sitPow(F x, F y) {
  using Mask = typename Lanes<F>::Mask;
  F r = sitExp(y * sitLog(absLanes(x)));
  // Negative base with an integer exponent: sign from the exponent's parity.
  F half = y * 0.5;
  F rounded = (half + kMagic) - kMagic;  // nearest integer (ties to even), exact for |y| < 2^51
  Mask yInt = (y + kMagic) - kMagic == y;
  Mask odd = yInt & (rounded != half);
  F neg = select(odd, F{} - r, r);
  r = select(x < 0.0, select(yInt, neg, F{} + __builtin_nan("")), r);
  r = select(y == 0.0, F{} + 1.0, r);
  return r;
}

template <class F>
inline F poissonInv(F mean, F u) {
  F k = F{};
  F p = sitExp(F{} - mean);
  F cdf = p;
  using Mask = typename Lanes<F>::Mask;
  Mask more = (u > cdf) & (p > 0.0);
  while (any(more)) {  // terminates: once k > 2 mean, p halves every step and underflows to 0
    k = select(more, k + 1.0, k);
    p = select(more, p * mean / k, p);
    cdf = select(more, cdf + p, cdf);
    more = more & (u > cdf) & (p > 0.0);
  }
  Mask bad = (mean < 0.0) | (mean > kPoissonMaxMean) | (mean != mean);
  return select(bad, F{} + __builtin_nan(""), k);
}

}  // namespace sitrt
