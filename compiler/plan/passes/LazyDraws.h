// The lazy-draws pass: marks the normals used only as a factor of a product with a Poisson-dependent factor
// (Plan::lazyNormal), which kernels evaluate only where that factor is non-zero (LazyDraws.cpp).
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool markLazyDraws(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
