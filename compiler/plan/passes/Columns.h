// The columns pass: each report's first output column, and each hedge's book (Plan::hedges): its terms from the
// contract, its periods' last days, its run-time parameters (sitrt::HedgeParamLayout) and its output columns;
// hedges of one exposure share that exposure's columns.
#pragma once
#include "plan/Plan.h"

namespace sitc::plan {

bool layOutColumns(Plan& p, DiagEngine& diags);

}  // namespace sitc::plan
