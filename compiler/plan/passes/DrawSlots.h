// The draw-slots pass: which RNG counter slot each draw uses (Plan::drawSlot, slots): one uniform per draw, in
// draw order, which is source order within each instance. The layout is part of the stream version (philox.h).
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool assignDrawSlots(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
