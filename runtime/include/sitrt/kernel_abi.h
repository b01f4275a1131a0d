// The contract between generated kernels (JIT or AOT object) and the runtime that drives them. C layout only:
// the same struct is built by the JIT driver and by a standalone simulator's main().
#pragma once
#include <cstdint>

extern "C" {

struct SitKernelArgs {
  const double* params;     // run-time parameters, in the order of SimSpec::params
  uint64_t seed;
  uint32_t stream;          // RNG stream (philox.h): 0 = main run, 1 = pilot paths
  uint32_t reserved;
  uint64_t firstPath;       // absolute index of the first path of this call
  uint64_t numPaths;        // paths to simulate in this call; the last SIMD block is masked
  double* out;              // column k of path p (relative to firstPath) is out[k * outStride + p]; the room up to
  uint64_t outStride;       // the next multiple of 16 paths (kMaxLanes) is writable: kernels store whole blocks
  const void* user;         // for non-compiled kernels (the reference evaluator); compiled kernels ignore it
  uint64_t failPath;        // out, on failure: the first path (absolute index) where a check failed
  const void* const* books; // the run's futures curves (CurveView*, curve.h), then its hedges (HedgeBook*, hedge.h)
  // --series (series.h): at grid point g, series i (of SimSpec::series) of absolute path p is stored at
  // series[(g * |series| + i) * seriesStride + p] for paths p < seriesPaths; kernels store whole blocks, so the room
  // up to seriesStride (a multiple of 16) is writable. seriesPoint[k], k = 0..steps: the grid point at step count k,
  // or -1. seriesPaths = 0 (the pilot runs): nothing is stored.
  double* series;
  uint64_t seriesStride;
  uint64_t seriesPaths;
  const int32_t* seriesPoint;
};

// Returns 0, or 1 + the index (into SimSpec::checks) of the lowest run-time check that failed on the first failing
// path of these paths (so the answer does not depend on how many paths a kernel runs at once).
typedef int32_t (*SitKernelFn)(SitKernelArgs*);

// Fills the lag tables of the curves (SimSpec::lagSize values, curve.h) for the run's params, once per run.
typedef void (*SitPrepareFn)(const double* params, double* lag, const void* user);

// Returns 0, or 1 + the index (into SimSpec::requirements) of the first process requirement (`require kappa >
// 0/yr;`) that the run's params break; called once before a run, after `--set`.
typedef int32_t (*SitCheckParamsFn)(const double* params, const void* user);

}  // extern "C"
