// The expand-powers pass: x ^ c for a constant c becomes the form ir::constantPower computes (sqrt(x), or x times
// itself, through a let when x is not a leaf), so that kernels multiply instead of calling pow and every evaluator
// computes a power the same exact way (Powers.cpp).
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool expandPowers(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
