#pragma once
#include <chrono>

#include <memory>

#include "codegen/Codegen.h"
#include "driver/Options.h"
#include "plan/Plan.h"
#include "sitrt/runner.h"

namespace sitc::driver {
int runCheck(const Options& o);
int runEmit(const Options& o);
int runRun(const Options& o);
int runBuild(const Options& o);  // Build.cpp
int runTest(const Options& o);   // GoldenTest.cpp
int runReport(const Options& o); // Report.cpp
struct Compilation;
// When the program started (static initialisation, main.cpp): --timings reports how long until the simulation.
std::chrono::steady_clock::time_point processStart();
// Reads, checks and lowers the spec, then picks the one scenario a run or build works on (--scenario, or the
// only one). On failure prints why, sets `exitCode` and returns null.
plan::Plan* compileScenario(const Options& o, Compilation& c, int& exitCode);
// The kernel a run uses: the JIT kernel (from the kernel cache when it has it; `cached` says whether), or with
// --engine ref the reference evaluator. False with `error` set when it cannot be compiled.
bool loadKernel(const Options& o, const Compilation& c, const plan::Plan& p, std::unique_ptr<codegen::JitKernel>& jit,
                sitrt::Kernel& kernel, std::string& error, bool* cached = nullptr);
}  // namespace sitc::driver
