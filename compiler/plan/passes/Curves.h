// The curves pass: each hedge's forward in the separable form the runtime's curve evaluates cheaply (Plan::curves,
// lagSize; Curves.cpp explains the form). Hedges on one underlying with the same periods share a curve. A forward
// that is not separable is an error.
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool buildCurves(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
