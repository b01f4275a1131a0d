// The checks pass: the run-time checks kernels make (Plan::checks, drawCheck, stateCheck, firstOutputCheck), in
// the order that makes causes win when several fail at once: Poisson means, then state updates, then outputs.
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool addChecks(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
