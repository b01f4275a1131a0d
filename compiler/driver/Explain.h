// Run-time errors that point at their cause: when a kernel's NaN check fails on a path, the path is replayed
// with the reference evaluator to find the operation that first turned finite values into NaN or an infinity.
#pragma once
#include <string>

#include "driver/Compile.h"
#include "sitrt/kernel_abi.h"

namespace sitc::driver {

// The error for a failed check `check` on the path `path` describes (runner.h, FailureExplainer): rendered at
// the operation with its source line and caret, the check as a note; "" when the replay finds no such operation.
std::string explainFailure(const Compilation& c, const plan::Plan& p, const SitKernelArgs& path,
                           const std::string& check);

}  // namespace sitc::driver
