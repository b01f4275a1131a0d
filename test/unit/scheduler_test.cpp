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
