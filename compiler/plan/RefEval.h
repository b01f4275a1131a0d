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
int32_t referenceCheckParams(const double* params, const void* user);

// Where a path first went non-finite: the first operation on it that turned finite operands into NaN or an
// infinity (log of a negative number, 0/0, exp overflowing), for run-time errors that point at the cause.
struct NonFinite {
  const ir::Expr* op = nullptr;  // null: nothing on the path did (the NaN came in through a parameter, say)
  double args[3] = {0, 0, 0};
  double result = 0;
  uint64_t step = 0;             // the time step (0: initial values or the path's end)
};
// Replays path `path` of the run `args` describes (params, seed, stream, books; out and user are set here).
NonFinite findNonFinite(const Plan& p, const SitKernelArgs& args, uint64_t path);
}  // namespace sitc::plan
