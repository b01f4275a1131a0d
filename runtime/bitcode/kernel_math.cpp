// The runtime maths as kernel building blocks: compiled to bitcode (never to machine code here) and linked into
// every generated kernel module, where the functions are made internal and always-inline.
#include "sitrt/hedge.h"
#include "sitrt/math.h"
#include "sitrt/philox.h"

using namespace sitrt;

extern "C" {

vf64 sitrt_v_exp(vf64 x) { return sitExp(x); }
vf64 sitrt_v_log(vf64 x) { return sitLog(x); }
vf64 sitrt_v_pow(vf64 x, vf64 y) { return sitPow(x, y); }
vf64 sitrt_v_norm_icdf(vf64 u) { return normIcdf(u); }
vf64 sitrt_v_poisson(vf64 mean, vf64 u) { return poissonInv(mean, u); }

// Uniforms of one draw-slot pair for kLanes consecutive paths starting at `path0`.
void sitrt_v_uniform_pair(uint64_t seed, uint32_t step, uint32_t pair, uint32_t stream, uint64_t path0, vf64* u0,
                          vf64* u1) {
  vu64 path;
  for (int i = 0; i < kLanes; ++i) path[i] = path0 + static_cast<uint64_t>(i);
  uniformPair(seed, step, pair, stream, path, *u0, *u1);
}

// One day of a hedge's futures book for kLanes paths (hedge.h); arrays hold one vector per contract period.
void sitrt_v_hedge_day(const HedgeTerms* terms, int64_t k, const int64_t* ends, const vf64* fair, const vf64* base,
                       vf64* settle, vf64* pos, vf64* gain, vf64* book) {
  hedgeDay(*terms, k, ends, fair, base, settle, pos, gain, book);
}

}  // extern "C"
