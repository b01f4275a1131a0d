// Runs a compiled scenario and turns its per-path outputs into report rows. Shared by `sitc run` (JIT) and by
// standalone simulators, so both produce the same numbers from the same kernel.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sitrt/kernel_abi.h"
#include "sitrt/lanes.h"
#include "sitrt/progress.h"
#include "sitrt/results.h"
#include "sitrt/series.h"
#include "sitrt/sim_spec.h"
#include "sitrt/stats.h"

namespace sitrt {

// A compiled scenario: its kernel, its prepare step and its check of the process requirements (kernel_abi.h).
struct Kernel {
  SitKernelFn run = nullptr;
  SitPrepareFn prepare = nullptr;
  SitCheckParamsFn checkParams = nullptr;
};

// When a run-time check fails, the runner can ask whoever has the compiled spec why (sitc replays the failing
// path with the reference evaluator to find the operation that made the NaN): given the failing path's kernel
// arguments (firstPath = the path, numPaths = 1; out and user unset) and the check's own message, it returns the
// error to report, or "" to keep the check's.
using FailureExplainer = std::function<std::string(const SitKernelArgs& path, const std::string& check)>;

struct RunOptions {
  uint64_t paths = 10000;
  uint64_t seed = 1;
  unsigned threads = 1;
  std::vector<double> params;  // one per SimSpec::params, internal units
  const void* user = nullptr;  // passed to the kernel (the reference evaluator's plan)
  FailureExplainer explain;    // optional
  Progress* progress = nullptr;  // optional: told each phase and the paths done (progress.h)
  bool keepPaths = false;        // return the main run's per-path columns (RunOutcome::paths)
  const SeriesRequest* series = nullptr;  // optional: record the main run's series (RunOutcome::series)
  // Optional: the MPI ranks that share the run (ranks.h). Each runs its block of chunks and keeps its paths'
  // values; every statistic (the hedges' pilot decisions too) is reduced over the ranks, so every rank gets the
  // same rows, hedges and error. The paths (keepPaths) and series are the root's alone.
  const class Ranks* ranks = nullptr;
};

// What the pilot runs decided for one hedge.
struct HedgeSetup {
  uint64_t pilotPaths = 0;
  std::vector<double> expectedQuantity;  // per period, tokens
  std::vector<double> calibration;       // per period: entry = pilot's forward-curve correction (0: none)
  std::vector<double> ratio, ratioSe;    // hedge ratio per period (the same in every period unless per-period)
  std::vector<double> base;              // positions (contracts) per period
  uint32_t capped = 0;                   // periods where the position limit bound
  // Option hedges: each period's fair premiums per token (pilot mean payoffs of the legs) with their standard
  // errors, and the premium paid on day 0 with its standard error.
  std::vector<double> callPremium, putPremium, callPremiumSe, putPremiumSe;
  Estimate premium;
};

struct RunOutcome {
  std::vector<ResultRow> rows;
  std::vector<HedgeSetup> hedges;
  double simulateMs = 0, statisticsMs = 0;
  std::vector<double> paths;  // with keepPaths: the main run's columns (column c of path p at c * columnStride + p)
  std::vector<double> series; // with series: the main run's series buffer (seriesIndex, series.h), internal units
  std::string error;  // non-empty: a run-time check failed ("file:line:col: error: ...")
};

RunOutcome runAndReport(const SimSpec& spec, const Kernel& k, const RunOptions& opt);

// "" or why a run of `paths` paths of `spec` is refused: more paths (or hedge pilot paths) than limits::kMaxPaths,
// or more memory than limits::kMaxOutputMemoryFraction of the machine's: the per-path outputs of the main run or
// of the largest pilot run (kept until the statistics; of one rank's block when `ranks` share the run), and the
// futures curves' tables.
std::string checkRunSize(const SimSpec& spec, uint64_t paths, unsigned ranks = 1);

// "" or, when `bytes` is more than limits::kMaxOutputMemoryFraction of the machine's memory, "would need N GB of
// WHAT, more than ...".
std::string memoryRefusal(double bytes, const std::string& what);

// "" or the process requirement (SimSpec::requirements, "file:line:col: error: ...") that `params` break.
std::string checkRequirements(const SimSpec& spec, const Kernel& k, const std::vector<double>& params, const void* user);

// Distance between output columns: the path count rounded up to a whole block of the widest kernel (lanes.h), so
// kernels store whole vectors, the last block's unused lanes into the padding.
inline uint64_t columnStride(uint64_t paths) { return (paths + kMaxLanes - 1) / kMaxLanes * kMaxLanes; }

}  // namespace sitrt
