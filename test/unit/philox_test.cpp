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
    using U = Vec<kMaxLanes>::U;
    Philox4<U> c;
    for (int i = 0; i < 4; ++i) c.w[i] = U{} + k.ctr[i];
    auto r = philox4x32_10(c, k.key[0], k.key[1]);
    for (int lane = 0; lane < kMaxLanes; ++lane)
      for (int i = 0; i < 4; ++i) EXPECT_EQ(r.w[i][lane], k.expect[i]);
  }
}

TEST(Philox, UniformsAreInOpenIntervalAndSymmetric) {
  EXPECT_EQ(uniformFromWord<double>(uint64_t{0}), 0x1p-33);
  EXPECT_EQ(uniformFromWord<double>(uint64_t{0xffffffff}), 1.0 - 0x1p-33);
  EXPECT_EQ(uniformFromWord<double>(uint64_t{0x80000000}), 0.5 + 0x1p-33);
  for (uint64_t w : {0ull, 1ull, 12345ull, 0x7fffffffull, 0xfffffffeull})  // 1 - u(w) = u(~w), exactly
    EXPECT_EQ(1.0 - uniformFromWord<double>(w), uniformFromWord<double>(0xffffffff - w));
  for (uint64_t w : {0ull, 3ull, 0xabcdef12ull}) EXPECT_EQ(uniformFromWord<double>(w), (w + 0.5) * 0x1p-32);
}

template <int N>
void lanesMatchScalar() {
  typename Vec<N>::U path;
  for (int i = 0; i < N; ++i) path[i] = 1000 + i + (i % 3 ? 0 : uint64_t{1} << 32);
  typename Vec<N>::F u[4];
  uniformBlock(42, 7, 3, 1, path, u);
  for (int i = 0; i < N; ++i) {
    double x[4];
    uniformBlock<double, uint64_t>(42, 7, 3, 1, path[i], x);
    for (int w = 0; w < 4; ++w) EXPECT_EQ(u[w][i], x[w]);
  }
}

TEST(Philox, LanesMatchScalarPaths) {
  lanesMatchScalar<4>();
  lanesMatchScalar<8>();
  lanesMatchScalar<16>();
}

TEST(Philox, CoordinatesGiveDistinctStreams) {
  std::set<double> seen;
  for (uint32_t step = 0; step < 4; ++step)
    for (uint32_t block = 0; block < 4; ++block)
      for (uint32_t stream = 0; stream < 2; ++stream)
        for (uint64_t path : {0ull, 1ull, 1ull << 32}) {
          double u[4];
          uniformBlock<double, uint64_t>(7, step, block, stream, path, u);
          seen.insert(u, u + 4);
        }
  EXPECT_EQ(seen.size(), 4u * 4 * 2 * 3 * 4);
}

// The counter layout of stream version 2 (philox.h), word for word.
TEST(Philox, StreamLayoutVersion2) {
  uint64_t seed = 0x0123456789abcdefull, path = 0x0000000500000007ull;
  double u[4];
  uniformBlock<double, uint64_t>(seed, 11, 2, 1, path, u);
  Philox4<uint64_t> c{{11, 2 | (1u << 24), 7, 5}};
  auto r = philox4x32_10(c, 0x89abcdefu, 0x01234567u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(u[i], (static_cast<double>(r.w[i]) + 0.5) * 0x1p-32);
}
