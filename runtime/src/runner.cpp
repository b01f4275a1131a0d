#include "sitrt/runner.h"

#include <chrono>

#include "sitrt/scheduler.h"
#include "sitrt/stats.h"

namespace sitrt {

std::string runPaths(const SimSpec& spec, SitKernelFn fn, const RunOptions& opt, uint32_t stream,
                     std::vector<double>& out) {
  out.assign(static_cast<size_t>(spec.numOutputs) * opt.paths, 0.0);
  KernelRun run;
  run.fn = fn;
  run.params = opt.params.data();
  run.seed = opt.seed;
  run.stream = stream;
  run.paths = opt.paths;
  run.threads = opt.threads;
  run.out = out.data();
  run.user = opt.user;
  KernelFailure f = runChunks(run);
  if (f.check == 0) return "";
  size_t idx = static_cast<size_t>(f.check - 1);
  std::string where = idx < spec.checks.size() ? spec.checks[idx] : "kernel: error: run-time check failed";
  return where + " (first in paths " + std::to_string(f.chunkFirstPath) + ".." +
         std::to_string(std::min<uint64_t>(f.chunkFirstPath + kChunkPaths, opt.paths) - 1) + ", seed " +
         std::to_string(opt.seed) + ")";
}

RunOutcome runAndReport(const SimSpec& spec, SitKernelFn fn, const RunOptions& opt) {
  RunOutcome res;
  std::vector<double> out;
  auto t0 = std::chrono::steady_clock::now();
  res.error = runPaths(spec, fn, opt, 0, out);
  auto t1 = std::chrono::steady_clock::now();
  res.simulateMs = std::chrono::duration<double, std::milli>(t1 - t0).count();
  if (!res.error.empty()) return res;
  for (const auto& r : spec.reports) {
    for (uint32_t i = 0; i < r.count; ++i) {
      const double* col = out.data() + static_cast<size_t>(r.column + i) * opt.paths;
      Estimate e = estimate(r.stat, col, opt.paths, r.arg);
      std::string label = r.count > 1 ? r.label + "[" + std::to_string(i + 1) + "]" : r.label;
      res.rows.push_back({label, r.unit, e.value / r.unitScale, e.se / r.unitScale});
    }
  }
  res.statisticsMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  return res;
}

}  // namespace sitrt
