// Elementary functions and distributions, written once for scalar and SIMD lanes (see lanes.h).
//
// - sitExp: Cody-Waite reduction x = k ln2 + r, |r| <= ln2/2, degree-13 Taylor polynomial (truncation < 1e-17),
//   scaled by 2^k in two halves so subnormal results and overflow to +inf come out right. Max error ~1 ulp.
// - sitLog: x = 2^e m, m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m-1)/(m+1), series to s^23
//   (truncation < 1e-18). Max error ~1 ulp.
// - normIcdf: Wichura's AS 241 (PPND16, Applied Statistics 37, 1988), relative accuracy about 1e-16 over the
//   whole open interval; tails through r = sqrt(-log(min(p, 1-p))). With our log, results are within 1e-15
//   relative (about 4 ulp) of the exact quantile of the given p (test/unit/math_test.cpp).
// - poissonInv: exact inversion by sequential search of the CDF from k = 0. One uniform per draw, so draw slots
//   stay fixed. Means above kPoissonMaxMean (where exp(-mean) loses all precision) give NaN, which kernels report
//   as a run-time error at the draw's source location.
#pragma once
#include "sitrt/lanes.h"

namespace sitrt {

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // high bits of ln 2, low 21 mantissa bits zero
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kPoissonMaxMean = 700.0;

template <class F>
inline F sitExp(F x) {
  using I = typename Lanes<F>::I;
  using U = typename Lanes<F>::U;
  // Clamp so k stays small; beyond these bounds the result is 0 or +inf anyway.
  F xc = select(x < -760.0, F{} - 760.0, x);
  xc = select(xc > 710.0, F{} + 710.0, xc);
  F t = xc * 1.4426950408889634 + kMagic;
  F kd = t - kMagic;
  I k = (I)(bitsOf(t) - bitsOf(kMagic));
  F r = (xc - kd * kLn2Hi) - kd * kLn2Lo;
  F p = F{} + 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  I k1 = k >> 1;
  I k2 = k - k1;
  F s1 = fromBits((U)((k1 + 1023) << 52));
  F s2 = fromBits((U)((k2 + 1023) << 52));
  F res = (p * s1) * s2;
  return select(x != x, x, res);  // NaN in, NaN out
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
  F m = fromBits((U)((b & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull));  // [1, 2)
  Mask big = m > 1.4142135623730951;
  m = select(big, m * 0.5, m);
  e = select(big, e + 1, e);
  F f = m - 1.0;
  F s = f / (f + 2.0);
  F z = s * s;
  F q = F{} + 2.0 / 23;
  q = q * z + 2.0 / 21;
  q = q * z + 2.0 / 19;
  q = q * z + 2.0 / 17;
  q = q * z + 2.0 / 15;
  q = q * z + 2.0 / 13;
  q = q * z + 2.0 / 11;
  q = q * z + 2.0 / 9;
  q = q * z + 2.0 / 7;
  q = q * z + 2.0 / 5;
  q = q * z + 2.0 / 3;
  F logm = (2.0 * s) + s * (z * q);
  F ed = intToDouble(e);
  F res = ed * kLn2Hi + (ed * kLn2Lo + logm);
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
inline F polyEval(F x, const double* c, int n) {  // c[n-1] x^(n-1) + ... + c[0]
  F acc = F{} + c[n - 1];
  for (int i = n - 2; i >= 0; --i) acc = acc * x + c[i];
  return acc;
}

template <class F>
inline F normIcdf(F p) {
  static constexpr double a[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
                                  1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                  3.3430575583588128105e+4, 2.5090809287301226727e+3};
  static constexpr double b[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2,
                                  5.3941960214247511077e+3, 2.1213794301586595867e+4, 3.9307895800092710610e+4,
                                  2.8729085735721942674e+4, 5.2264952788528545610e+3};
  static constexpr double c[8] = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                                  3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                                  2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static constexpr double d[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0,
                                  6.89767334985100004550e-1, 1.48103976427480074590e-1, 1.51986665636164571966e-2,
                                  5.47593808499534494600e-4, 1.05075007164441684324e-9};
  static constexpr double e[8] = {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
                                  2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                  2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr double f[8] = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1,
                                  1.48753612908506148525e-2, 7.86869131145613259100e-4, 1.84631831751005468180e-5,
                                  1.42151175831644588870e-7, 2.04426310338993978564e-15};
  F q = p - 0.5;
  F r1 = 0.180625 - q * q;
  F central = q * polyEval(r1, a, 8) / polyEval(r1, b, 8);
  // Both tail branches are evaluated (lanes may need either); the central branch covers 85% of draws.
  F pm = select(q < 0.0, p, 1.0 - p);
  F r = sqrtLanes(F{} - sitLog(pm));
  typename Lanes<F>::Mask far = r > 5.0;
  F rc = r - 1.6, rf = r - 5.0;
  F nearTail = polyEval(rc, c, 8) / polyEval(rc, d, 8);
  F farTail = polyEval(rf, e, 8) / polyEval(rf, f, 8);
  F tail = select(far, farTail, nearTail);
  tail = select(q < 0.0, F{} - tail, tail);
  return select(absLanes(q) <= 0.425, central, tail);
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
