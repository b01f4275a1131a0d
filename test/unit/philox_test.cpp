#include <gtest/gtest.h>

#include <set>

#include "sitrt/philox.h"

using namespace sitrt;

namespace {
struct Kat {
  uint32_t ctr[4], key[2], expect[4];
};
// Random123 tests/kat_vectors, "philox4x32 10" lines.
const Kat kKats[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};
}  // namespace

TEST(Philox, KnownAnswerVectorsScalar) {
  for (const auto& k : kKats) {
    Philox4<uint64_t> c{{k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3]}};
    auto r = philox4x32_10(c, k.key[0], k.key[1]);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(r.w[i], k.expect[i]) << "word " << i;
  }
}

TEST(Philox, KnownAnswerVectorsInEveryLane) {
  for (const auto& k : kKats) {
    Philox4<vu64> c;
    for (int i = 0; i < 4; ++i) c.w[i] = vu64{} + k.ctr[i];
    auto r = philox4x32_10(c, k.key[0], k.key[1]);
    for (int lane = 0; lane < kLanes; ++lane)
      for (int i = 0; i < 4; ++i) EXPECT_EQ(r.w[i][lane], k.expect[i]);
  }
}

TEST(Philox, UniformsAreInOpenIntervalAndSymmetric) {
  EXPECT_EQ(uniformFromWords<uint64_t>(0, 0), 0x1p-53);
  EXPECT_EQ(uniformFromWords<uint64_t>(0xffffffff, 0xffffffff), 1.0 - 0x1p-53);
  EXPECT_EQ(uniformFromWords<uint64_t>(0x80000000, 0), 0.5 + 0x1p-53);
}

TEST(Philox, LanesMatchScalarPaths) {
  vu64 path;
  for (int i = 0; i < kLanes; ++i) path[i] = 1000 + i;
  vf64 a, b;
  uniformPair(42, 7, 3, 0, path, a, b);
  for (int i = 0; i < kLanes; ++i) {
    double x, y;
    uniformPair<uint64_t, double>(42, 7, 3, 0, 1000 + i, x, y);
    EXPECT_EQ(a[i], x);
    EXPECT_EQ(b[i], y);
  }
}

TEST(Philox, CoordinatesGiveDistinctStreams) {
  std::set<double> seen;
  for (uint32_t step = 0; step < 4; ++step)
    for (uint32_t pair = 0; pair < 4; ++pair)
      for (uint32_t stream = 0; stream < 2; ++stream)
        for (uint64_t path : {0ull, 1ull, 1ull << 32}) {
          double x, y;
          uniformPair<uint64_t, double>(7, step, pair, stream, path, x, y);
          seen.insert(x);
          seen.insert(y);
        }
  EXPECT_EQ(seen.size(), 4u * 4 * 2 * 3 * 2);
}
