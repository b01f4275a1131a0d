// One `run` of a compiled spec as users drive it, shared by `sitc run` (JIT kernel) and standalone simulators
// (linked kernel) so both read options, apply --set, run sweeps and write results in exactly the same way.
#pragma once
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "sitrt/files.h"
#include "sitrt/kernel_abi.h"
#include "sitrt/progress.h"
#include "sitrt/runner.h"
#include "sitrt/sim_spec.h"

namespace sitrt {

// Exit codes (documented in docs/language.md section 9 and README.md, "Using sitc").
constexpr int kExitOk = 0, kExitSpecError = 1, kExitUsage = 2, kExitRuntime = 3;

struct SessionOptions {
  std::string prog = "sitc";      // prefix of error messages
  uint64_t paths = 10000;
  uint64_t seed = 1;
  unsigned threads = 1;
  std::string format = "table";
  std::string out;                // "" = stdout
  std::string pathsOut;           // --paths-out FILE (.csv or .npy; path_output.h), "" = none
  std::string seriesOut;          // --series-out FILE (.csv or .npy), "" = none; then:
  std::string series;             //   --series NAMES (comma-separated)
  std::string grid;               //   --grid (series.h; "" = every step)
  uint64_t seriesPaths = 0;       //   --series-paths (0: not given; 100)
  std::vector<FileId> inputs;     // the files this run reads, which `out` may not name
  std::vector<std::string> sets;  // raw --set arguments
  bool timings = false;
  ProgressMode progressMode = ProgressMode::Auto;  // --progress, --quiet
  Progress* progress = nullptr;   // optional: one the caller started (sitc, to show compiling); else the session's
  const void* user = nullptr;     // passed to the kernel (the reference evaluator's plan)
  FailureExplainer explain;       // optional: explains run-time check failures (runner.h)
};

// One run of a session: the spec and params with a sweep point's --set settings applied ("" label: no sweep).
struct RunPoint {
  std::string label;  // "kappa=2/yr"
  std::vector<std::pair<std::string, std::string>> settings;  // {"kappa", "2/yr"}
  SimSpec spec;
  std::vector<double> params;
};

// The session's runs: one, or one per point of a --set sweep, each checked (settings, requirements, run size)
// before any runs. "" or the error line to print (a usage error).
std::string prepareRunPoints(const SimSpec& spec, const Kernel& kernel, const SessionOptions& o,
                             std::vector<RunPoint>& out);

// The run's half of a result manifest (the compile's comes first): RNG and stream version, scenario, seed, paths,
// steps and the --set options.
void addRunManifest(std::vector<std::pair<std::string, std::string>>& manifest, const SimSpec& spec,
                    const SessionOptions& o);

// Runs the spec once, or once per point of a --set sweep (common random numbers: every point uses the same
// seed and paths), and writes the results after `manifest`. Messages go to `err`; returns an exit code.
int runSession(SimSpec spec, const Kernel& kernel, const SessionOptions& o,
               std::vector<std::pair<std::string, std::string>> manifest, std::ostream& out, std::ostream& err);

// Lines for a simulator's --help: each settable name, its unit and its default.
std::string describeSettables(const SimSpec& spec);

}  // namespace sitrt
