// The reference evaluator: interprets a plan one path at a time with scalar runtime maths. Slow and simple, it is
// the oracle that compiled kernels are tested against (they must agree bit for bit).
#pragma once
#include "plan/Plan.h"
#include "sitrt/kernel_abi.h"

namespace sitc::plan {
// A kernel with the compiled kernels' contract; args->user must point to the Plan.
int32_t referenceKernel(SitKernelArgs* args);
// Its prepare step (kernel_abi.h); user must point to the Plan.
void referencePrepare(const double* params, double* lag, const void* user);
}  // namespace sitc::plan
