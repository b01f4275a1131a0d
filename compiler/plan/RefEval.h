// The reference evaluator: interprets a plan one path at a time with scalar runtime maths. Slow and simple, it is
// the oracle that compiled kernels are tested against (they must agree bit for bit).
#pragma once
#include "plan/Plan.h"
#include "sitrt/kernel_abi.h"

namespace sitc::plan {
// A kernel with the compiled kernels' contract; args->user must point to the Plan.
int32_t referenceKernel(SitKernelArgs* args);
}  // namespace sitc::plan
