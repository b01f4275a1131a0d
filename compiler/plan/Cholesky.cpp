#include <cmath>

#include "plan/Plan.h"

namespace sitc::plan {

size_t cholesky(const std::vector<double>& a, size_t n, std::vector<double>& l) {
  l.assign(n * n, 0);
  for (size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (size_t k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 1e-12)) return j + 1;
    l[j * n + j] = std::sqrt(d);
    for (size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (size_t k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / l[j * n + j];
    }
  }
  return 0;
}

}  // namespace sitc::plan
