#pragma once
#include "driver/Options.h"

namespace sitc::driver {
int runCheck(const Options& o);
int runEmit(const Options& o);
int runRun(const Options& o);
}  // namespace sitc::driver
