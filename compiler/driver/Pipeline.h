// The compiler's pipeline: every pass from a spec's text to its simulation plans, in order, in one list
// (Pipeline.cpp). Code generation (llvm, asm, the JIT and `sitc build`) starts from the plans.
#pragma once
#include <string>
#include <vector>

#include "driver/Compile.h"
#include "driver/Stage.h"

namespace sitc::driver {

// Runs every pass up to the last one of `until` (Stage::Plan: all of them) on c.sm's main file. The check pass
// fills c.models; the first plan pass moves them into c.plans. With o.printAfter naming a pass, prints the
// compilation as that pass left it (its stage's printer: AST, checked models or plans) to stderr. Returns false
// when the spec has errors (all reported to c.diags); passes after one that cannot go on are not run.
bool runPipeline(const Options& o, Compilation& c, Stage until);

// The passes' names in order, for --print-after; and a table of them (name, stage, what it does) for --help.
std::vector<std::string> passNames();
std::string passTable();

}  // namespace sitc::driver
