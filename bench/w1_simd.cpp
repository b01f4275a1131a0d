// W1 hand-vectorised with intrinsics: the bar the compiled .sit kernel is measured against.
//
// Written as a performance engineer would write this one model, independently of sitc's runtime and compiler
// (only the numbers are shared: the stream layout of philox.h version 2 and the polynomial coefficients, so that
// both produce the same paths bit for bit and the comparison is of speed alone):
//  - paths in SIMD lanes, kRegs registers per block (AVX-512: 8 doubles per register; AVX2: 4), so every
//    operation has kRegs independent instances for instruction-level parallelism;
//  - random numbers for kAhead steps at a time: one Philox4x32-10 block per path-step gives the step's four
//    32-bit uniforms (Poisson, price shock, jump shock, demand shock), and the two primary normals of those
//    steps are computed together: the central AS 241 branch for every lane, the tail branch only for the lanes
//    that need it (about 15%), compacted into full registers (AVX-512 vcompresspd / vexpandpd; AVX2 a
//    permutation table), so the long tail computation runs on few registers with plenty of independent work;
//  - the jump normal computed only when a lane of the register has a jump (1.1% of path-steps);
//  - Poisson by inversion against a CDF table computed once (the mean is constant);
//  - exp and log inlined, constants in registers, no calls in the step loop.
// Build: clang++-19 -O3 -march=native (bench/run_w1.sh); the ISA follows the target (AVX-512F or AVX2 + FMA).
#include <immintrin.h>

#include <cstring>

#include "w1_common.h"

using namespace w1;

namespace {

#if defined(__AVX512F__)
constexpr int kW = 8;  // doubles per register
using vd = __m512d;
using vi = __m512i;
using mask = __mmask8;
inline vd set1(double x) { return _mm512_set1_pd(x); }
inline vi set1i(uint64_t x) { return _mm512_set1_epi64(static_cast<long long>(x)); }
inline vd add(vd a, vd b) { return _mm512_add_pd(a, b); }
inline vd sub(vd a, vd b) { return _mm512_sub_pd(a, b); }
inline vd mul(vd a, vd b) { return _mm512_mul_pd(a, b); }
inline vd div(vd a, vd b) { return _mm512_div_pd(a, b); }
inline vd fma(vd a, vd b, vd c) { return _mm512_fmadd_pd(a, b, c); }
inline vd sqrtv(vd a) { return _mm512_sqrt_pd(a); }
inline mask lt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
inline mask gt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_GT_OQ); }
inline mask ne(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_NEQ_UQ); }
inline vd blend(mask m, vd a, vd b) { return _mm512_mask_blend_pd(m, b, a); }  // a where m
inline bool anyOf(mask m) { return m != 0; }
inline int lanes(mask m) { return __builtin_popcount(m); }
inline vd absv(vd a) { return _mm512_abs_pd(a); }
inline vd signedZeroOf(vd a) { return _mm512_castsi512_pd(_mm512_and_si512(_mm512_castpd_si512(a), set1i(1ull << 63))); }
inline vd asD(vi a) { return _mm512_castsi512_pd(a); }
inline vi asI(vd a) { return _mm512_castpd_si512(a); }
inline vi mul32(vi a, vi b) { return _mm512_mul_epu32(a, b); }
inline vi srl(vi a, int n) { return _mm512_srli_epi64(a, static_cast<unsigned>(n)); }
inline vi sll(vi a, int n) { return _mm512_slli_epi64(a, static_cast<unsigned>(n)); }
inline vi xor3(vi a, vi b, vi c) { return _mm512_ternarylogic_epi64(a, b, c, 0x96); }
inline vi andv(vi a, vi b) { return _mm512_and_si512(a, b); }
inline vi orv(vi a, vi b) { return _mm512_or_si512(a, b); }
inline vi addi(vi a, vi b) { return _mm512_add_epi64(a, b); }
inline vi subi(vi a, vi b) { return _mm512_sub_epi64(a, b); }
inline vi srai32(vi a, int n) { return _mm512_srai_epi32(a, static_cast<unsigned>(n)); }
inline vi add32(vi a, vi b) { return _mm512_add_epi32(a, b); }
inline vi sub32(vi a, vi b) { return _mm512_sub_epi32(a, b); }
inline vi lanesFrom(uint64_t first) { return _mm512_add_epi64(set1i(first), _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0)); }
inline void store(double* p, vd a) { _mm512_storeu_pd(p, a); }
// Appends the lanes of `a` selected by m to buf[*n...]; returns the count.
inline int compress(double* buf, mask m, vd a) {
  _mm512_storeu_pd(buf, _mm512_maskz_compress_pd(m, a));
  return __builtin_popcount(m);
}
// The inverse: lanes selected by m taken in order from buf, the others from a.
inline vd expand(const double* buf, mask m, vd a) { return _mm512_mask_expandloadu_pd(a, m, buf); }
#else
constexpr int kW = 4;
using vd = __m256d;
using vi = __m256i;
using mask = __m256d;  // all-ones lanes
inline vd set1(double x) { return _mm256_set1_pd(x); }
inline vi set1i(uint64_t x) { return _mm256_set1_epi64x(static_cast<long long>(x)); }
inline vd add(vd a, vd b) { return _mm256_add_pd(a, b); }
inline vd sub(vd a, vd b) { return _mm256_sub_pd(a, b); }
inline vd mul(vd a, vd b) { return _mm256_mul_pd(a, b); }
inline vd div(vd a, vd b) { return _mm256_div_pd(a, b); }
inline vd fma(vd a, vd b, vd c) { return _mm256_fmadd_pd(a, b, c); }
inline vd sqrtv(vd a) { return _mm256_sqrt_pd(a); }
inline mask lt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
inline mask gt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_GT_OQ); }
inline mask ne(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_NEQ_UQ); }
inline vd blend(mask m, vd a, vd b) { return _mm256_blendv_pd(b, a, m); }
inline bool anyOf(mask m) { return _mm256_movemask_pd(m) != 0; }
inline int lanes(mask m) { return __builtin_popcount(_mm256_movemask_pd(m)); }
inline vd absv(vd a) { return _mm256_and_pd(a, _mm256_castsi256_pd(_mm256_set1_epi64x(0x7FFFFFFFFFFFFFFF))); }
inline vd signedZeroOf(vd a) { return _mm256_and_pd(a, _mm256_castsi256_pd(_mm256_set1_epi64x(1ll << 63))); }
inline vd asD(vi a) { return _mm256_castsi256_pd(a); }
inline vi asI(vd a) { return _mm256_castpd_si256(a); }
inline vi mul32(vi a, vi b) { return _mm256_mul_epu32(a, b); }
inline vi srl(vi a, int n) { return _mm256_srli_epi64(a, n); }
inline vi sll(vi a, int n) { return _mm256_slli_epi64(a, n); }
inline vi xor3(vi a, vi b, vi c) { return _mm256_xor_si256(_mm256_xor_si256(a, b), c); }
inline vi andv(vi a, vi b) { return _mm256_and_si256(a, b); }
inline vi orv(vi a, vi b) { return _mm256_or_si256(a, b); }
inline vi addi(vi a, vi b) { return _mm256_add_epi64(a, b); }
inline vi subi(vi a, vi b) { return _mm256_sub_epi64(a, b); }
inline vi srai32(vi a, int n) { return _mm256_srai_epi32(a, n); }
inline vi add32(vi a, vi b) { return _mm256_add_epi32(a, b); }
inline vi sub32(vi a, vi b) { return _mm256_sub_epi32(a, b); }
inline vi lanesFrom(uint64_t first) { return _mm256_add_epi64(set1i(first), _mm256_set_epi64x(3, 2, 1, 0)); }
inline void store(double* p, vd a) { _mm256_storeu_pd(p, a); }
// Permutations of 4 doubles (as 8 32-bit indices) that move the lanes selected by a 4-bit mask to the front.
struct Perms {
  alignas(32) int32_t compress[16][8], expand[16][8];
  Perms() {
    for (int m = 0; m < 16; ++m) {
      int n = 0;
      for (int l = 0; l < 8; ++l) compress[m][l] = expand[m][l] = 0;
      for (int l = 0; l < 4; ++l)
        if (m >> l & 1) {
          compress[m][2 * n] = 2 * l, compress[m][2 * n + 1] = 2 * l + 1;
          expand[m][2 * l] = 2 * n, expand[m][2 * l + 1] = 2 * n + 1;
          ++n;
        }
    }
  }
};
const Perms kPerms;
inline int compress(double* buf, mask m, vd a) {
  int bits = _mm256_movemask_pd(m);
  vi idx = _mm256_load_si256(reinterpret_cast<const __m256i*>(kPerms.compress[bits]));
  _mm256_storeu_pd(buf, _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(a), idx)));
  return __builtin_popcount(bits);
}
inline vd expand(const double* buf, mask m, vd a) {
  int bits = _mm256_movemask_pd(m);
  vi idx = _mm256_load_si256(reinterpret_cast<const __m256i*>(kPerms.expand[bits]));
  vd t = _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(_mm256_loadu_pd(buf)), idx));
  return _mm256_blendv_pd(a, t, m);
}
#endif

#ifndef REGS
#define REGS 2
#endif
constexpr int kRegs = REGS;           // registers per block
constexpr int kBlock = kRegs * kW;  // paths per block
#ifndef AHEAD
#define AHEAD 8
#endif
constexpr int kAhead = AHEAD;          // steps of random numbers computed together
constexpr double kMagic = 6755399441055744.0;  // 1.5 * 2^52

// --- Philox4x32-10 with the stream layout of sitc's philox.h, version 2 -------------------------------------
// Four 32-bit words per lane, each in the low half of a 64-bit lane; the high halves carry garbage between
// rounds (the 32 x 32-bit multiply ignores them) and are cleared once at the end.
inline void philox(vi c[4], uint32_t k0, uint32_t k1) {
  const vi m0 = set1i(0xD2511F53u), m1 = set1i(0xCD9E8D57u);
  for (int r = 0; r < 10; ++r) {
    vi key0 = set1i(static_cast<uint32_t>(k0 + r * 0x9E3779B9u));
    vi key1 = set1i(static_cast<uint32_t>(k1 + r * 0xBB67AE85u));
    vi p0 = mul32(c[0], m0), p1 = mul32(c[2], m1);
    vi n0 = xor3(srl(p1, 32), c[1], key0), n2 = xor3(srl(p0, 32), c[3], key1);
    c[0] = n0, c[1] = p1, c[2] = n2, c[3] = p0;
  }
}
// (w + 1/2) 2^-32 for the low 32 bits of each lane, exactly.
inline vd uniform(vi w) {
  vi bits = orv(andv(sll(w, 20), set1i(0x000FFFFFFFF00000ull)), set1i(0x3FF0000000000000ull));
  return sub(asD(bits), set1(1.0 - 0x1p-33));
}

// --- maths: the coefficients and operation order of sitc's math.h / normal.h (version 2) ---------------------
inline vd horner(vd x, const double* c, int n) {
  vd acc = set1(c[n - 1]);
  for (int i = n - 2; i >= 0; --i) acc = fma(acc, x, set1(c[i]));
  return acc;
}
constexpr double kExpC[14] = {1.0, 1.0, 0.5, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 720.0, 1.0 / 5040.0,
                              1.0 / 40320.0, 1.0 / 362880.0, 1.0 / 3628800.0, 1.0 / 39916800.0,
                              1.0 / 479001600.0, 1.0 / 6227020800.0};
constexpr double kLogC[11] = {2.0 / 3, 2.0 / 5, 2.0 / 7, 2.0 / 9, 2.0 / 11, 2.0 / 13,
                              2.0 / 15, 2.0 / 17, 2.0 / 19, 2.0 / 21, 2.0 / 23};
constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;

// exp for the arguments of this model (finite, |x| < 700: no clamping or NaN handling needed).
inline vd expv(vd x) {
  vd t = fma(x, set1(1.4426950408889634), set1(kMagic));
  vd kd = sub(t, set1(kMagic));
  vi k = subi(asI(t), asI(set1(kMagic)));  // |k| < 2^31: work in the low 32 bits
  vd r = fma(kd, set1(-kLn2Hi), x);
  r = fma(kd, set1(-kLn2Lo), r);
  vd p = horner(r, kExpC, 14);
  vi k1 = srai32(k, 1), k2 = sub32(k, k1);
  vd s1 = asD(sll(add32(k1, set1i(1023)), 52)), s2 = asD(sll(add32(k2, set1i(1023)), 52));
  return mul(mul(p, s1), s2);
}
// log for arguments in [2^-33, 1/2] (the AS 241 tails): normal numbers, so no subnormal or special cases.
inline vd logv(vd x) {
  vi b = asI(x);
  vi e = subi(srl(b, 52), set1i(1023));
  vd m = asD(orv(andv(b, set1i(0x000FFFFFFFFFFFFFull)), set1i(0x3FF0000000000000ull)));
  mask big = gt(m, set1(1.4142135623730951));
  m = blend(big, mul(m, set1(0.5)), m);
  vd ed = sub(asD(addi(e, asI(set1(kMagic)))), set1(kMagic));
  ed = blend(big, add(ed, set1(1.0)), ed);
  vd f = sub(m, set1(1.0));
  vd s = div(f, add(f, set1(2.0)));
  vd z = mul(s, s);
  vd q = horner(z, kLogC, 11);
  vd logm = fma(s, mul(z, q), mul(set1(2.0), s));
  return fma(ed, set1(kLn2Hi), fma(ed, set1(kLn2Lo), logm));
}
constexpr double kA[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
                          1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                          3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr double kB[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                          2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
                          5.2264952788528545610e+3};
constexpr double kC[8] = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                          3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                          2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double kD[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                          1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
                          1.05075007164441684324e-9};
inline vd normCentral(vd q) {
  vd r = fma(sub(set1(0.0), q), q, set1(0.180625));
  return div(mul(q, horner(r, kA, 8)), horner(r, kB, 8));
}
inline vd normTail(vd p) {
  vd q = sub(p, set1(0.5));
  mask neg = lt(q, set1(0.0));
  vd pm = blend(neg, p, sub(set1(1.0), p));
  vd r = sub(sqrtv(sub(set1(0.0), logv(pm))), set1(1.6));
  vd t = div(horner(r, kC, 8), horner(r, kD, 8));
  return blend(neg, sub(set1(0.0), t), t);
}
inline mask isTail(vd p) { return gt(absv(sub(p, set1(0.5))), set1(0.425)); }
inline vd normal(vd p) { return blend(isTail(p), normTail(p), normCentral(sub(p, set1(0.5)))); }

// n normals in place: central branch everywhere, then the tails of the lanes that need them, compacted.
template <int n>
inline void normals(vd* v) {
  double buf[n * kW + kW];
  mask tails[n];
  int count = 0;
  for (int i = 0; i < n; ++i) {
    tails[i] = isTail(v[i]);
    count += compress(buf + count, tails[i], v[i]);
    v[i] = normCentral(sub(v[i], set1(0.5)));
  }
  for (int j = count; j < count + kW; ++j) buf[j] = 0.25;  // a valid input for the unused lanes
  for (int j = 0; j < count; j += kW) {
    vd t;
    std::memcpy(&t, buf + j, sizeof t);
    store(buf + j, normTail(t));
  }
  for (int i = 0, off = 0; i < n; ++i) {
    v[i] = expand(buf + off, tails[i], v[i]);
    off += lanes(tails[i]);
  }
}

// exp of one number by the vector routine (for the Poisson table).
inline double expScalar(double x) {
  double out[kW];
  store(out, expv(set1(x)));
  return out[0];
}

}  // namespace

static void simulate(uint64_t first, uint64_t n, double* cu, double* ch, double* am) {
  const double sqdt = std::sqrt(kDt), l11 = std::sqrt(1 - kRho * kRho);
  const double x0 = std::log(1.5), ln2 = std::log(2.0);
  // Poisson CDF table: p_0 = exp(-mean), p_k = p_{k-1} mean / k, cdf_k = cdf_{k-1} + p_k.
  const double mean = kLambda * kDt;
  double cdf[16];
  int ncdf = 0;
  {
    double p = expScalar(-mean), c = p;
    cdf[ncdf++] = c;
    for (int k = 1; c < 1 - 0x1p-33 && ncdf < 16; ++k) {
      p = p * mean / k;
      c = c + p;
      cdf[ncdf++] = c;
    }
  }
  const vd a1 = set1(kSigma * sqdt), aj = set1(kMuJ), sj = set1(kSigJ), rho = set1(kRho), r11 = set1(l11);
  const vd kappa = set1(kKappa), kappaD = set1(kKappaD), sd = set1(kSigmaD * sqdt), dt = set1(kDt);
  const vd qbase = set1(100.0 * 360), zero = set1(0.0), one = set1(1.0), days = set1(kDaysPerMonth);
  for (uint64_t b = 0; b < n; b += kBlock) {
    vi path[kRegs];
    for (int r = 0; r < kRegs; ++r) path[r] = lanesFrom(first + b + r * kW);
    vd x[kRegs], d[kRegs], u[kRegs], h[kRegs], a[kRegs];
    for (int r = 0; r < kRegs; ++r) x[r] = set1(x0), d[r] = u[r] = h[r] = a[r] = zero;
    for (int k0 = 0; k0 < kSteps; k0 += kAhead) {
      // Random numbers of the next kAhead steps: uniforms, then the two primary normals.
      vd uni[kAhead][4][kRegs];
      vd z[2 * kAhead * kRegs];
      for (int s = 0; s < kAhead; ++s)
        for (int r = 0; r < kRegs; ++r) {
          vi c[4] = {set1i(static_cast<uint32_t>(k0 + s)), set1i(0), andv(path[r], set1i(0xFFFFFFFFu)), srl(path[r], 32)};
          philox(c, static_cast<uint32_t>(kSeed), static_cast<uint32_t>(kSeed >> 32));
          for (int w = 0; w < 4; ++w) uni[s][w][r] = uniform(c[w]);
          z[(2 * s) * kRegs + r] = uni[s][1][r];
          z[(2 * s + 1) * kRegs + r] = uni[s][3][r];
        }
      normals<2 * kAhead * kRegs>(z);
      // The state recursion of the chunk's steps first (a short dependency chain), then the exponentials and
      // sums, which do not feed back: all kAhead x kRegs of them are independent work for the out-of-order core.
      vd xs[kAhead][kRegs], ds[kAhead][kRegs];
      for (int s = 0; s < kAhead; ++s) {
        const vd theta = set1(x0 - ln2 * ((k0 + s) * kDt));
        for (int r = 0; r < kRegs; ++r) {
          vd un = uni[s][0][r];
          vd jumps = zero;
          for (int j = 0; j < ncdf && anyOf(gt(un, set1(cdf[j]))); ++j) jumps = blend(gt(un, set1(cdf[j])), add(jumps, one), jumps);
          vd amp = mul(sqrtv(jumps), sj);
          vd zj = anyOf(ne(amp, zero)) ? normal(uni[s][2][r]) : signedZeroOf(sub(uni[s][2][r], set1(0.5)));
          vd z1 = z[(2 * s) * kRegs + r], z3 = z[(2 * s + 1) * kRegs + r];
          vd z2 = add(mul(rho, z1), mul(r11, z3));
          // x + kappa (theta - x) dt + sigma sqrt(dt) z1 + n muJ + sqrt(n) sigmaJ zj, summed left to right as
          // bench/w1.sit writes it (sigma sqrt(dt) folded)
          x[r] = add(add(add(add(x[r], mul(mul(kappa, sub(theta, x[r])), dt)), mul(a1, z1)), mul(jumps, aj)), mul(amp, zj));
          d[r] = add(add(d[r], mul(mul(kappaD, sub(zero, d[r])), dt)), mul(sd, z2));
          xs[s][r] = x[r], ds[s][r] = d[r];
        }
      }
      for (int s = 0; s < kAhead; ++s) {
        for (int r = 0; r < kRegs; ++r) {
          vd sx = expv(xs[s][r]), q = mul(qbase, expv(ds[s][r]));
          u[r] = add(u[r], mul(mul(q, sx), dt));
          h[r] = add(h[r], mul(mul(sub(q, qbase), sx), dt));
          a[r] = add(a[r], sx);
        }
        if ((k0 + s + 1) % kDaysPerMonth == 0) {  // month end: A_m of each path of the block
          const int m = (k0 + s) / kDaysPerMonth;
          double avg[kBlock];
          for (int r = 0; r < kRegs; ++r) store(avg + r * kW, div(a[r], days)), a[r] = zero;
          for (int l = 0; l < kBlock && b + l < n; ++l) am[(b + l) * kMonths + m] = avg[l];
        }
      }
    }
    double ou[kBlock], oh[kBlock];
    for (int r = 0; r < kRegs; ++r) store(ou + r * kW, u[r]), store(oh + r * kW, h[r]);
    for (int l = 0; l < kBlock && b + l < n; ++l) cu[b + l] = ou[l], ch[b + l] = oh[l];
  }
}

int main(int argc, char** argv) { return run("SIMD C++ (intrinsics)", simulate, argc, argv); }
