// Runs a kernel over all paths in fixed-size chunks spread over threads. Chunk boundaries depend only on the
// path count, each chunk writes its own slice of the output columns, and a failure is the first failing path of
// the lowest failing chunk (the first failing path overall), so everything observable is the same for any thread
// count.
#pragma once
#include <atomic>
#include <cstdint>

#include "sitrt/kernel_abi.h"

namespace sitrt {

constexpr uint64_t kChunkPaths = 1024;  // a multiple of every kernel's block width (lanes.h: kMaxLanes)

struct KernelRun {
  SitKernelFn fn = nullptr;
  const double* params = nullptr;
  uint64_t seed = 0;
  uint32_t stream = 0;
  uint64_t paths = 0;
  unsigned threads = 1;
  double* out = nullptr;  // column-major: numOutputs columns of `paths` values, `stride` apart
  uint64_t stride = 0;
  const void* user = nullptr;
  const void* const* books = nullptr;  // SitKernelArgs::books
  std::atomic<uint64_t>* done = nullptr;  // optional: paths finished, counted per chunk (progress.h)
  double* series = nullptr;               // SitKernelArgs::series ... seriesPoint (unset: no series)
  uint64_t seriesStride = 0, seriesPaths = 0;
  const int32_t* seriesPoint = nullptr;
  // The chunks to run, [firstChunk, lastChunk) of the run's (an MPI rank's share, ranks.h); out holds the values of
  // paths from outFirst on.
  uint64_t firstChunk = 0, lastChunk = UINT64_MAX, outFirst = 0;
};

struct KernelFailure {
  int32_t check = 0;  // 0: none; else 1 + check index
  uint64_t path = 0;  // the first failing path
};

KernelFailure runChunks(const KernelRun& run);

inline uint64_t chunkCount(uint64_t paths) { return (paths + kChunkPaths - 1) / kChunkPaths; }

}  // namespace sitrt
