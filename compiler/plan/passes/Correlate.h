// The correlate pass: the Cholesky factor of each correlation block (Plan::correlated, chol). A matrix that is not
// positive definite is an error naming the processes whose correlations are inconsistent, at the first entry
// that links them.
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool factorCorrelations(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
