#include "sitrt/cholesky.h"

#include <cmath>

namespace sitrt {

size_t cholesky(const std::vector<double>& a, size_t n, std::vector<double>& l, double minPivot) {
  l.assign(n * n, 0);
  for (size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (size_t k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
    if (!(d > minPivot)) return j + 1;
    l[j * n + j] = std::sqrt(d);
    for (size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (size_t k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / l[j * n + j];
    }
  }
  return 0;
}

std::vector<double> choleskySolve(const std::vector<double>& l, std::vector<double> b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < i; ++k) b[i] -= l[i * n + k] * b[k];
    b[i] /= l[i * n + i];
  }
  for (size_t i = n; i-- > 0;) {
    for (size_t k = i + 1; k < n; ++k) b[i] -= l[k * n + i] * b[k];
    b[i] /= l[i * n + i];
  }
  return b;
}

}  // namespace sitrt
