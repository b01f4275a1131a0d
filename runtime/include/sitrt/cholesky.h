// Cholesky factorisation, in one place: the compiler factors a scenario's correlation matrix with it
// (plan/passes/Correlate.cpp) and the runtime solves the per-period minimum-variance regression with it (runner.cpp).
#pragma once
#include <cstddef>
#include <vector>

namespace sitrt {

// The lower-triangular factor L (row-major, n x n, zero above the diagonal) with L L^T = a, of a symmetric n x n
// row-major matrix. Returns 0, or the 1-based order of the first leading minor whose pivot is not above
// `minPivot` (the matrix is not positive definite to that tolerance); l is then incomplete.
size_t cholesky(const std::vector<double>& a, size_t n, std::vector<double>& l, double minPivot = 0);

// Solves L L^T x = b for x, with L from cholesky().
std::vector<double> choleskySolve(const std::vector<double>& l, std::vector<double> b, size_t n);

}  // namespace sitrt
