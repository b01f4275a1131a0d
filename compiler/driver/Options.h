// The sitc command line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sitc::driver {

enum class Command { Run, Check, Emit, Help, Version };

struct Options {
  Command command = Command::Help;
  std::string emit;               // tokens|ast|checked|plan|llvm|asm
  std::vector<std::string> inputs;
  std::string scenario;
  uint64_t paths = 10000;
  uint64_t seed = 1;
  unsigned threads = 1;
  std::string format = "table";
  std::string out;
  std::string engine = "jit";     // jit | ref (the reference evaluator)
  std::string cpu = "host";
  int optLevel = 3;
  std::vector<std::string> includes;
  std::string stdlib;
  bool werror = false;
  bool verify = false;
  bool timings = false;           // run: print compile / simulate / statistics times to stderr            // check: compare diagnostics with expected-error annotations
};

constexpr int kExitOk = 0, kExitSpecError = 1, kExitUsage = 2, kExitRuntime = 3;

// Parses argv. On misuse returns nullopt after printing one line to stderr ("sitc: error: ...").
std::optional<Options> parseOptions(int argc, char** argv);
std::string helpText();

}  // namespace sitc::driver
