// The inverse normal CDF, Wichura's AS 241 (PPND16, Applied Statistics 37, 1988), written once for scalar and SIMD
// lanes (lanes.h), polynomials by Horner's rule with fused multiply-adds (maths version 2).
//
// q = p - 1/2. For |q| <= 0.425 (85% of draws) the central rational function in r = 0.180625 - q^2; otherwise the
// tail function in r = sqrt(-log(min(p, 1 - p))). Uniforms of stream version 2 (philox.h) lie in
// [2^-33, 1 - 2^-33], so r <= 4.78 and AS 241's far-tail branch (r > 5, p < 1.4e-11) is never needed: normIcdf is
// defined for p in [2^-33, 1 - 2^-33]. With our log, results are within about 4 ulp of the exact quantile
// (test/unit/math_test.cpp).
//
// normIcdf evaluates both branches and selects (the scalar engines, and single vectors). normIcdfBatch gives the
// same values lane for lane for several vectors at once, evaluating the tail only for the lanes that need it,
// gathered into full vectors: with 16 lanes, 93% of vectors hold at least one tail lane.
#pragma once
#if defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "sitrt/math.h"

namespace sitrt {

// Width of the registers the tails are computed in: the target's vector registers of doubles.
#if defined(__AVX512F__)
constexpr int kTailLanes = 8;
#elif defined(__AVX2__)
constexpr int kTailLanes = 4;
// Permutations of four doubles (as eight 32-bit indices) moving the lanes of a 4-bit mask to the front (compress)
// and back (expand).
struct Permute4 {
  int32_t idx[16][8];
};
constexpr Permute4 makePermute4(bool expand) {
  Permute4 p{};
  for (int m = 0; m < 16; ++m)
    for (int l = 0, n = 0; l < 4; ++l)
      if (m >> l & 1) {
        int from = expand ? n : l, to = expand ? l : n;
        p.idx[m][2 * to] = 2 * from, p.idx[m][2 * to + 1] = 2 * from + 1;
        ++n;
      }
  return p;
}
inline constexpr Permute4 kCompress4Table = makePermute4(false), kExpand4Table = makePermute4(true);
inline constexpr const int32_t (&kCompress4)[16][8] = kCompress4Table.idx;
inline constexpr const int32_t (&kExpand4)[16][8] = kExpand4Table.idx;
#else
constexpr int kTailLanes = 4;
#endif

namespace as241 {
constexpr double a[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
                         1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                         3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr double b[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                         2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
                         5.2264952788528545610e+3};
constexpr double c[8] = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                         3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                         2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double d[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                         1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
                         1.05075007164441684324e-9};
constexpr double kSplit = 0.425;
}  // namespace as241

// The central branch, for q = p - 1/2 with |q| <= 0.425 (finite, and unused, elsewhere).
template <class F>
inline F normCentral(F q) {
  F r = fmaLanes(F{} - q, q, F{} + 0.180625);
  return q * polyEval(r, as241::a) / polyEval(r, as241::b);
}

// The tail branch, for |p - 1/2| > 0.425.
template <class F>
inline F normTail(F p) {
  F q = p - 0.5;
  F pm = select(q < 0.0, p, 1.0 - p);
  F r = sqrtLanes(F{} - sitLog(pm)) - 1.6;
  F t = polyEval(r, as241::c) / polyEval(r, as241::d);
  return select(q < 0.0, F{} - t, t);
}

template <class F>
inline F normIcdf(F p) {
  F q = p - 0.5;
  return select(absLanes(q) <= as241::kSplit, normCentral(q), normTail(p));
}

constexpr int kMaxNormalBatch = 64;  // vectors per normIcdfBatch call

namespace detail {
// The lanes of a mask as bits (bit l: lane l): what a mask register holds, kept in one.
template <class F>
inline uint32_t laneBits(typename Lanes<F>::Mask m) {
  constexpr int N = Lanes<F>::N;
#if defined(__clang__)
  typedef bool Bits __attribute__((ext_vector_type(N)));
  Bits b = __builtin_convertvector(m != 0, Bits);
  if constexpr (N <= 8) return __builtin_bit_cast(uint8_t, b);
  else if constexpr (N <= 16) return __builtin_bit_cast(uint16_t, b);
  else return __builtin_bit_cast(uint32_t, b);
#else
  uint32_t bits = 0;
  for (int l = 0; l < N; ++l) bits |= static_cast<uint32_t>(m[l] != 0) << l;
  return bits;
#endif
}

// Appends the lanes of v where `tail` holds to out[count...]; returns the new count. out has room for one more
// full vector. The AVX-512 and AVX2 forms move the selected lanes with one compress or permute per register.
template <class F>
inline int compressLanes(const F& v, typename Lanes<F>::Mask tail, uint32_t bits, double* out, int count) {
  constexpr int N = Lanes<F>::N;
#if defined(__AVX512F__)
  if constexpr (N % 8 == 0) {
    (void)tail;
    for (int h = 0; h < N / 8; ++h) {
      __m512d x;
      std::memcpy(&x, reinterpret_cast<const double*>(&v) + 8 * h, 64);
      __mmask8 k = static_cast<__mmask8>(bits >> (8 * h));
      _mm512_storeu_pd(out + count, _mm512_maskz_compress_pd(k, x));
      count += __builtin_popcount(k);
    }
    return count;
  }
#elif defined(__AVX2__)
  if constexpr (N % 4 == 0) {
    (void)tail;
    for (int h = 0; h < N / 4; ++h) {
      __m256d x;
      std::memcpy(&x, reinterpret_cast<const double*>(&v) + 4 * h, 32);
      int k = static_cast<int>((bits >> (4 * h)) & 15);
      __m256i idx = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kCompress4[k]));
      _mm256_storeu_pd(out + count, _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(x), idx)));
      count += __builtin_popcount(k);
    }
    return count;
  }
#endif
  (void)bits;
  for (int l = 0; l < N; ++l) {  // branch-free append
    out[count] = v[l];
    count += tail[l] != 0;
  }
  return count;
}

// The inverse: lanes of v where `tail` holds taken in order from in[count...]; returns the new count.
template <class F>
inline int expandLanes(F& v, typename Lanes<F>::Mask tail, uint32_t bits, const double* in, int count) {
  constexpr int N = Lanes<F>::N;
#if defined(__AVX512F__)
  if constexpr (N % 8 == 0) {
    (void)tail;
    for (int h = 0; h < N / 8; ++h) {
      __m512d x;
      std::memcpy(&x, reinterpret_cast<const double*>(&v) + 8 * h, 64);
      __mmask8 k = static_cast<__mmask8>(bits >> (8 * h));
      x = _mm512_mask_expandloadu_pd(x, k, in + count);
      std::memcpy(reinterpret_cast<double*>(&v) + 8 * h, &x, 64);
      count += __builtin_popcount(k);
    }
    return count;
  }
#elif defined(__AVX2__)
  if constexpr (N % 4 == 0) {
    for (int h = 0; h < N / 4; ++h) {
      __m256d x, m;
      std::memcpy(&x, reinterpret_cast<const double*>(&v) + 4 * h, 32);
      std::memcpy(&m, reinterpret_cast<const int64_t*>(&tail) + 4 * h, 32);
      int k = static_cast<int>((bits >> (4 * h)) & 15);
      __m256i idx = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kExpand4[k]));
      __m256d t = _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(_mm256_loadu_pd(in + count)), idx));
      x = _mm256_blendv_pd(x, t, m);
      std::memcpy(reinterpret_cast<double*>(&v) + 4 * h, &x, 32);
      count += __builtin_popcount(k);
    }
    return count;
  }
#endif
  (void)bits;
  for (int l = 0; l < N; ++l)
    if (tail[l]) v[l] = in[count++];
  return count;
}
}  // namespace detail

// v[0..n) hold uniforms on entry and their normals on exit, exactly normIcdf of each lane; n <= kMaxNormalBatch.
template <class F>
inline void normIcdfBatch(F* v, int n) {
  if constexpr (kScalar<F>) {
    for (int i = 0; i < n; ++i) v[i] = normIcdf(v[i]);
  } else {
    using Mask = typename Lanes<F>::Mask;
    constexpr int N = Lanes<F>::N;
    constexpr int T = kTailLanes < N ? kTailLanes : N;  // the tail runs on full registers of the target
    using FT = typename Vec<T>::F;
    double buf[kMaxNormalBatch * N + N];
    Mask tail[kMaxNormalBatch];
    uint32_t bits[kMaxNormalBatch];
    int count = 0;
    for (int i = 0; i < n; ++i) {
      F q = v[i] - 0.5;
      tail[i] = absLanes(q) > as241::kSplit;
      bits[i] = detail::laneBits<F>(tail[i]);
      count = detail::compressLanes(v[i], tail[i], bits[i], buf, count);
      v[i] = normCentral(q);
    }
    if (count == 0) return;
    for (int l = count; l < count + T; ++l) buf[l] = 0.25;  // pad the last register with a valid input
    for (int j = 0; j < count; j += T) storeLanes(buf + j, normTail(loadLanes<FT>(buf + j)));
    for (int i = 0, used = 0; i < n; ++i) used = detail::expandLanes(v[i], tail[i], bits[i], buf, used);
  }
}

// A lazy normal (plan/passes/LazyDraws.cpp): the normal of u where the other factor of its product is not zero (or NaN),
// a zero with the normal's sign elsewhere, which makes the same signed-zero product. Evaluated one target register
// at a time, so a jump in one lane costs one register's normal, not the block's.
template <class F>
inline F lazyNormal(F factor, F u) {
  if constexpr (kScalar<F>) {
    return factor != 0.0 ? normIcdf(u) : signedZero(u - 0.5);
  } else {
    constexpr int N = Lanes<F>::N;
    constexpr int T = kTailLanes < N ? kTailLanes : N;
    using FT = typename Vec<T>::F;
    F z = signedZero(u - 0.5);
    for (int h = 0; h < N; h += T) {
      FT f, p;
      std::memcpy(&f, reinterpret_cast<const double*>(&factor) + h, sizeof f);
      if (!any(f != 0.0)) continue;  // (NaN != 0 holds: a NaN factor gets its normal)
      std::memcpy(&p, reinterpret_cast<const double*>(&u) + h, sizeof p);
      FT n = normIcdf(p);
      std::memcpy(reinterpret_cast<double*>(&z) + h, &n, sizeof n);
    }
    return z;
  }
}

}  // namespace sitrt
