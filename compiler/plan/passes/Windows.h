// The windows pass: the step counts at which each windowed aggregate's windows close (Plan::windowEnds); the last
// window closes at the horizon.
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool closeWindows(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
