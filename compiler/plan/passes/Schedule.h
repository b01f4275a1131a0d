// The schedule pass: the order in which a path computes its values (Plan::init, stepTemps, observed; Plan.h
// says when each runs). Reports circular definitions.
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool scheduleEvaluation(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
