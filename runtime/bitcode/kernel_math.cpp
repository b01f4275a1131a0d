// The runtime maths as kernel building blocks: compiled to bitcode (never to machine code here) and linked into
// every generated kernel module, where the functions are made internal and always-inline.
//
// Built once per instruction-set level (runtime/CMakeLists.txt): SITRT_LANES paths per block, and the target's
// own instructions where a routine has a faster form (tail compaction in normal.h). Codegen picks the variant
// the kernel's CPU supports and reads the block width from `sitrt_lanes`. Vectors cross these functions by
// pointer, so their IR signatures are the same for every width.
#include "sitrt/draws.h"
#include "sitrt/hedge.h"
#include "sitrt/math.h"
#include "sitrt/normal.h"
#include "sitrt/philox.h"

using namespace sitrt;
using F = Vec<SITRT_LANES>::F;
using U = Vec<SITRT_LANES>::U;

extern "C" {

extern const int32_t sitrt_lanes = SITRT_LANES;

void sitrt_exp(const F* x, F* r) { *r = sitExp(*x); }
void sitrt_log(const F* x, F* r) { *r = sitLog(*x); }
void sitrt_pow(const F* x, const F* y, F* r) { *r = sitPow(*x, *y); }
void sitrt_normal(const F* u, F* r) { *r = normIcdf(*u); }
void sitrt_signed_zero(const F* x, F* r) { *r = signedZero(*x); }
void sitrt_poisson(const F* mean, const F* u, F* r) { *r = poissonInv(*mean, *u); }
void sitrt_poisson_table(double mean, PoissonTable* t) { poissonTable(mean, *t); }
void sitrt_poisson_from_table(const PoissonTable* t, const F* u, F* r) { *r = poissonFromTable(*t, *u); }

// Draws of steps k0 .. k0 + ns - 1 for the SITRT_LANES consecutive paths starting at `path0` (draws.h).
void sitrt_draw_steps(const DrawLayout* layout, uint64_t seed, uint32_t stream, uint64_t path0, uint32_t k0,
                      int32_t ns, F* buf) {
  U path;
  for (int i = 0; i < SITRT_LANES; ++i) path[i] = path0 + static_cast<uint64_t>(i);
  drawSteps(*layout, seed, stream, path, k0, ns, buf);
}

// One day of a hedge's futures book (hedge.h); arrays hold one vector per contract period.
void sitrt_hedge_day(const HedgeTerms* terms, int64_t k, const int64_t* ends, const F* fair, const F* base,
                     F* settle, F* pos, F* gain, F* book) {
  hedgeDay(*terms, k, ends, fair, base, settle, pos, gain, book);
}

}  // extern "C"
