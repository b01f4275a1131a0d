#pragma once
#include <chrono>

#include "driver/Options.h"
#include "plan/Plan.h"

namespace sitc::driver {
int runCheck(const Options& o);
int runEmit(const Options& o);
int runRun(const Options& o);
int runBuild(const Options& o);  // Build.cpp
int runTest(const Options& o);   // GoldenTest.cpp
struct Compilation;
// When the program started (static initialisation, main.cpp): --timings reports how long until the simulation.
std::chrono::steady_clock::time_point processStart();
// Reads, checks and lowers the spec, then picks the one scenario a run or build works on (--scenario, or the
// only one). On failure prints why, sets `exitCode` and returns null.
plan::Plan* compileScenario(const Options& o, Compilation& c, int& exitCode);
}  // namespace sitc::driver
