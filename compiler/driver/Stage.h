// The compiler's stages, in pipeline order: what `--emit=STAGE` prints (driver/Pipeline.cpp runs the passes of
// each). An ordered enum, so "run up to the plan" is a comparison.
#pragma once
#include <optional>
#include <string>

namespace sitc::driver {

enum class Stage {
  Tokens,   // the lexer's tokens (no pass: a dump of the main file)
  Ast,      // the parsed main file
  Checked,  // the checked model of each scenario (names, units, types, binding times)
  Plan,     // the simulation plan of each scenario (schedule, RNG slots, columns, checks, curves)
  Llvm,     // optimised LLVM IR of the kernel
  Asm,      // the kernel's machine code
};

const char* stageName(Stage s);
std::optional<Stage> stageNamed(const std::string& name);
std::string stageList();  // "tokens, ast, checked, plan, llvm, asm"

}  // namespace sitc::driver
