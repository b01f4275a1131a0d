// The sitc command line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "driver/Stage.h"
#include "sitrt/session.h"
#include "support/Diagnostics.h"

namespace sitc::driver {

enum class Command { Run, Check, Emit, Build, Test, Report, Help, Version };

struct Options {
  Command command = Command::Help;
  Stage emit = Stage::Plan;       // --emit=STAGE
  std::string printAfter;         // --print-after=PASS
  std::vector<std::string> inputs;
  std::string scenario;
  sitrt::SessionOptions run;      // run: --paths --seed --threads --format --out --set --timings
  bool pathsGiven = false, seedGiven = false;  // test --bless: options for new expected files
  std::string engine = "jit";     // jit | ref (the reference evaluator)
  std::string cpu = "host";
  int optLevel = 3;
  std::vector<std::string> includes;
  std::string stdlib;
  bool werror = false;
  std::vector<std::pair<Warning, bool>> warnings;  // -W NAME / -W no-NAME, in order
  std::string color = "auto";     // --color: auto | always | never
  std::optional<Command> helpFor; // `sitc COMMAND --help`
  std::string filter;             // test -k: only specs whose path contains it
  std::string junit;              // test --junit FILE
  bool verify = false;            // check: compare diagnostics with expected-error annotations
  bool bless = false;             // test: (re)write the expected files
  bool cache = true;              // run, test: use the kernel cache (--no-cache)
};

using sitrt::kExitOk;
using sitrt::kExitRuntime;
using sitrt::kExitSpecError;
using sitrt::kExitUsage;

// Parses argv. On misuse returns nullopt after printing one line to stderr ("sitc: error: ...").
std::optional<Options> parseOptions(int argc, char** argv);
std::string helpText(std::optional<Command> command = std::nullopt);

}  // namespace sitc::driver
