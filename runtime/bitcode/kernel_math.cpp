// The runtime maths as kernel building blocks: compiled to bitcode (never to machine code here) and linked into
// every generated kernel module, where the functions are made internal.
//
// Most entry points are inlined where they are used. The big ones that run once per day, per call or rarely
// (SITRT_CALLED: the book, the curve's prices, Poisson tables, counting Poisson draws that jumped, the general
// inversion, storing columns) stay functions, so the kernel holds one copy of each and compiles quickly; a call
// per day costs nothing next to their loops.
//
// Built once per instruction-set level (runtime/CMakeLists.txt): SITRT_LANES paths per block, and the target's
// own instructions where a routine has a faster form (tail compaction in normal.h). Codegen picks the variant
// the kernel's CPU supports and reads the block width from `sitrt_lanes`. Vectors cross these functions by
// pointer, so their IR signatures are the same for every width.
#include "sitrt/curve.h"
#include "sitrt/draws.h"
#include "sitrt/hedge.h"
#include "sitrt/math.h"
#include "sitrt/normal.h"
#include "sitrt/philox.h"

using namespace sitrt;
using F = Vec<SITRT_LANES>::F;
using U = Vec<SITRT_LANES>::U;

#define SITRT_CALLED __attribute__((noinline))

extern "C" {

extern const int32_t sitrt_lanes = SITRT_LANES;
// Types codegen builds values of (the draw layout constant, Poisson table slots): it takes them from these
// globals' types, so their layouts are written once, here in the runtime's headers.
extern const DrawLayout sitrt_type_draw_layout = {};
extern const PoissonTable sitrt_type_poisson_table = {};

void sitrt_exp(const F* x, F* r) { *r = sitExp(*x); }
void sitrt_log(const F* x, F* r) { *r = sitLog(*x); }
void sitrt_pow(const F* x, const F* y, F* r) { *r = sitPow(*x, *y); }
void sitrt_lazy_normal(const F* factor, const F* u, F* r) { *r = lazyNormal(*factor, *u); }
// The general inversion (means that vary along the path, or too large for a table).
SITRT_CALLED void sitrt_poisson(const F* mean, const F* u, F* r) { *r = poissonInv(*mean, *u); }
SITRT_CALLED void sitrt_poisson_table(double mean, PoissonTable* t) { poissonTable(mean, *t); }  // once a call
// Poisson draws with a table: inline, whether every lane draws 0 (the common case for jump counts: no loop);
// otherwise the call, from the table or, if it is incomplete, by general inversion.
int32_t sitrt_poisson_all_zero(const PoissonTable* t, const F* u) {
  return t->complete && !t->bad && t->size > 0 && !any(*u > t->cdf[0]);
}
SITRT_CALLED void sitrt_poisson_from_table(const PoissonTable* t, const F* mean, const F* u, F* r) {
  *r = t->complete ? poissonFromTable(*t, *u) : poissonInv(*mean, *u);
}

// Draws of steps k0 .. k0 + ns - 1 for the SITRT_LANES consecutive paths starting at `path0` (draws.h).
void sitrt_draw_steps(const DrawLayout* layout, uint64_t seed, uint32_t stream, uint64_t path0, uint32_t k0,
                      int32_t ns, F* buf) {
  U path;
  for (int i = 0; i < SITRT_LANES; ++i) path[i] = path0 + static_cast<uint64_t>(i);
  drawSteps(*layout, seed, stream, path, k0, ns, buf);
}

// A futures curve's day (curve.h): the fixing, whether prices are needed, the forward parts of live periods.
void sitrt_curve_realize(const CurveView* c, int64_t k, const F* s, F* realized, int64_t* cur) {
  curveRealize(*c, k, *s, realized, *cur);
}
int32_t sitrt_curve_needs(const CurveView* c, int64_t k, int64_t cur) { return curveNeedsPrices(*c, k, cur); }
SITRT_CALLED void sitrt_curve_marks(const CurveView* c, int64_t k, int64_t cur, const F* p, const F* pc, const F* q,
                                    const F* realized, F* fwd, F* fix) {
  curveMarks(*c, k, cur, p, *pc, *q, realized, fwd, *fix);
}

// One day of a hedge's futures book (hedge.h); arrays hold one vector per contract period.
SITRT_CALLED void sitrt_hedge_day(const HedgeBook* h, int64_t k, const F* fix, const F* fwd, const F* s, F* settle,
                                  F* gain, F* book, double* pos) {
  hedgeDay(*h, k, *fix, fwd, *s, settle, gain, book, pos);
}

// A book's hedged cost (hedge.h), into *out.
SITRT_CALLED void sitrt_hedged_cost(const F* unhedged, const F* book, F* out) { *out = hedgedCost(*unhedged, book); }

// Output columns column .. column + count - 1 of this block's paths, from consecutive vectors (per-period hedge
// columns, windowed aggregates): one loop instead of a store per column in the kernel.
SITRT_CALLED void sitrt_store_columns(const F* values, int32_t count, double* out, uint64_t stride, uint64_t column,
                                      uint64_t offset) {
  for (int32_t i = 0; i < count; ++i) storeLanes(out + (column + static_cast<uint64_t>(i)) * stride + offset, values[i]);
}

}  // extern "C"
