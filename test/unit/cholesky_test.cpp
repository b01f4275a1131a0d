#include <gtest/gtest.h>

#include <vector>

#include "sitrt/cholesky.h"

using namespace sitrt;

TEST(Cholesky, FactorsAKnownMatrix) {
  // [[4, 2], [2, 10]] = L L^T with L = [[2, 0], [1, 3]].
  std::vector<double> l;
  ASSERT_EQ(cholesky({4, 2, 2, 10}, 2, l), 0u);
  EXPECT_EQ(l, (std::vector<double>{2, 0, 1, 3}));
}

TEST(Cholesky, ReconstructsACorrelationMatrix) {
  std::vector<double> a = {1, 0.5, 0.2, 0.5, 1, -0.3, 0.2, -0.3, 1};
  std::vector<double> l;
  ASSERT_EQ(cholesky(a, 3, l, 1e-12), 0u);
  for (size_t i = 0; i < 3; ++i)
    for (size_t j = 0; j < 3; ++j) {
      double s = 0;
      for (size_t k = 0; k < 3; ++k) s += l[i * 3 + k] * l[j * 3 + k];
      EXPECT_NEAR(s, a[i * 3 + j], 1e-15) << i << "," << j;
      if (j > i) EXPECT_EQ(l[i * 3 + j], 0);
    }
}

TEST(Cholesky, NamesTheFirstFailingMinor) {
  std::vector<double> l;
  // Correlations 0.9, 0.9 and -0.9 cannot hold together: the 3x3 minor fails, the 2x2 one does not.
  EXPECT_EQ(cholesky({1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1}, 3, l, 1e-12), 3u);
  EXPECT_EQ(cholesky({-1, 0, 0, 1}, 2, l), 1u);
  // A singular matrix passes with no tolerance only if its pivot stays above it.
  EXPECT_EQ(cholesky({1, 1, 1, 1}, 2, l, 1e-12), 2u);
  EXPECT_EQ(cholesky({1, 0, 0, 1e-13}, 2, l, 1e-12), 2u);
  EXPECT_EQ(cholesky({1, 0, 0, 1e-13}, 2, l), 0u);
}

TEST(Cholesky, SolvesTheNormalEquations) {
  std::vector<double> a = {4, 2, 2, 10}, l;
  ASSERT_EQ(cholesky(a, 2, l), 0u);
  std::vector<double> x = choleskySolve(l, {8, 26}, 2);
  EXPECT_NEAR(4 * x[0] + 2 * x[1], 8, 1e-14);
  EXPECT_NEAR(2 * x[0] + 10 * x[1], 26, 1e-14);
}
