#pragma once
#include "driver/Options.h"
#include "plan/Plan.h"

namespace sitc::driver {
int runCheck(const Options& o);
int runEmit(const Options& o);
int runRun(const Options& o);
int runBuild(const Options& o);  // Build.cpp
int runTest(const Options& o);   // GoldenTest.cpp
struct Compilation;
// Reads, checks and lowers the spec, then picks the one scenario a run or build works on (--scenario, or the
// only one). On failure prints why, sets `exitCode` and returns null.
const plan::Plan* compileScenario(const Options& o, Compilation& c, int& exitCode);
}  // namespace sitc::driver
