// The chunked scheduler must give identical output for any thread count and report the first failing path.
#include <gtest/gtest.h>

#include <vector>

#include "sitrt/math.h"
#include "sitrt/normal.h"
#include "sitrt/philox.h"
#include "sitrt/scheduler.h"

using namespace sitrt;

extern "C" int32_t fakeKernel(SitKernelArgs* a) {
  for (uint64_t i = 0; i < a->numPaths; ++i) {
    uint64_t path = a->firstPath + i;
    double u[4];
    uniformBlock<double, uint64_t>(a->seed, 0, 0, a->stream, path, u);
    a->out[i] = normIcdf(u[0]);
    a->out[a->outStride + i] = a->params[0] * u[1];
  }
  // Paths 5000.. fail check #2; 9000.. fail check #1: the first failing path must win whatever the thread timing.
  uint64_t first = std::max<uint64_t>(a->firstPath, 5000);
  if (first >= a->firstPath + a->numPaths) return 0;
  a->failPath = first;
  return first >= 9000 ? 1 : 2;
}

TEST(Scheduler, OutputIndependentOfThreadCount) {
  double param = 2.5;
  std::vector<std::vector<double>> results;
  for (unsigned threads : {1u, 2u, 7u}) {
    std::vector<double> out(2 * 4000);
    KernelRun run{fakeKernel, &param, 99, 0, 4000, threads, out.data()};
    EXPECT_EQ(runChunks(run).check, 0);
    results.push_back(out);
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[0], results[2]);
}

// An MPI rank's share (ranks.h): chunks [first, last) into a buffer of its own paths give the values of the whole run.
TEST(Scheduler, ChunkRangeMatchesWholeRun) {
  double param = 2.5;
  std::vector<double> whole(2 * 4000);
  KernelRun all{fakeKernel, &param, 99, 0, 4000, 2, whole.data()};
  ASSERT_EQ(runChunks(all).check, 0);
  for (auto [first, last] : {std::pair<uint64_t, uint64_t>{0, 1}, {1, 3}, {3, 4}, {2, 2}}) {
    uint64_t p0 = first * kChunkPaths, p1 = std::min<uint64_t>(last * kChunkPaths, 4000);
    std::vector<double> mine(2 * (p1 - p0) + 2);
    KernelRun part{fakeKernel, &param, 99, 0, 4000, 3, mine.data(), p1 - p0};
    part.firstChunk = first, part.lastChunk = last, part.outFirst = p0;
    ASSERT_EQ(runChunks(part).check, 0);
    for (uint64_t c = 0; c < 2; ++c)
      for (uint64_t p = p0; p < p1; ++p) EXPECT_EQ(mine[c * (p1 - p0) + (p - p0)], whole[c * 4000 + p]) << p;
  }
}

TEST(Scheduler, ReportsLowestFailingChunk) {
  double param = 1;
  for (unsigned threads : {1u, 2u, 7u}) {
    std::vector<double> out(2 * 20000);
    KernelRun run{fakeKernel, &param, 1, 0, 20000, threads, out.data()};
    KernelFailure f = runChunks(run);
    EXPECT_EQ(f.check, 2);
    EXPECT_EQ(f.path, 5000u);
  }
}
