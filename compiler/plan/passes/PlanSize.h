// The plan-size pass: code generation grows about linearly with the states, temporaries, draws, aggregate windows
// and reported columns, and so do its time and memory; a scenario with more than limits::kMaxPlanItems of them is
// refused here, before any of it is built.
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool checkPlanSize(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
