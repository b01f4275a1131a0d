#include "sitrt/scheduler.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace sitrt {

KernelFailure runChunks(const KernelRun& run) {
  const uint64_t from = run.firstChunk, to = std::min(run.lastChunk, chunkCount(run.paths));
  const uint64_t chunks = to > from ? to - from : 0;
  std::vector<int32_t> status(chunks, 0);
  std::vector<uint64_t> failPath(chunks, 0);
  std::atomic<uint64_t> next{0};
  auto worker = [&] {
    for (uint64_t c; (c = next.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
      uint64_t first = (from + c) * kChunkPaths;
      SitKernelArgs a{};
      a.params = run.params;
      a.seed = run.seed;
      a.stream = run.stream;
      a.firstPath = first;
      a.numPaths = std::min(kChunkPaths, run.paths - first);
      a.out = run.out + (first - run.outFirst);
      a.outStride = run.stride ? run.stride : run.paths;
      a.user = run.user;
      a.books = run.books;
      a.series = run.series;
      a.seriesStride = run.seriesStride;
      a.seriesPaths = run.seriesPaths;
      a.seriesPoint = run.seriesPoint;
      status[c] = run.fn(&a);
      failPath[c] = a.failPath;
      if (run.done) run.done->fetch_add(a.numPaths, std::memory_order_relaxed);
    }
  };
  unsigned n = static_cast<unsigned>(std::min<uint64_t>(std::max(1u, run.threads), std::max<uint64_t>(chunks, 1)));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < n; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (uint64_t c = 0; c < chunks; ++c)
    if (status[c] != 0) return {status[c], failPath[c]};
  return {};
}

}  // namespace sitrt
