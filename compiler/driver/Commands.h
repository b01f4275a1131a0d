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
// The one plan a command that needs a single scenario works on (by --scenario or the only one); prints why not
// and returns null otherwise.
const plan::Plan* singlePlan(const Compilation& c);
}  // namespace sitc::driver
