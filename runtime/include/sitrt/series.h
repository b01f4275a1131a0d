// --series: the time series of chosen quantities (SimSpec::series: process values, states, observed lets and hedge
// values so far) at the points of a grid, for the main run's first K paths. The kernel stores them when a run asks
// (SitKernelArgs::series); the session writes them (path_output.h) and `sitc report` draws them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sitrt/path_output.h"
#include "sitrt/sim_spec.h"

namespace sitrt {

// The step counts that end each interval of length `every` (base time units) over a path of `steps` steps of `dt`:
// round(i every / dt) for i = 1, 2, ... while short of the horizon, then `steps` itself. Aggregate windows close at
// these (the compiler's windows pass) and a `--grid` records at them, so a fan chart's bands and the series at a grid
// of the same length are the same instants.
std::vector<uint64_t> gridSteps(double every, double dt, uint64_t steps);

// What a run records: items (indices into SimSpec::series), the grid (step counts, from 0) and the paths.
struct SeriesRequest {
  std::vector<uint32_t> items;
  std::vector<uint64_t> steps;   // grid points: 0, then gridSteps(...)
  uint64_t paths = 0;            // the first `paths` paths of the main run (0: no series)
  std::string timeUnit;          // the unit of the times written ("month" for --grid month; "day" for a count)
  double timeScale = 1;          // base time units per timeUnit

  // Per step count 0..steps: its grid point, or -1 (SitKernelArgs::seriesPoint).
  std::vector<int32_t> pointOfStep(uint64_t totalSteps) const;
  // Values the kernel stores: points x all of SimSpec::series x the paths rounded up to whole blocks.
  uint64_t stride() const;
};

// "a,b,c" -> {"a", "b", "c"} (--series NAMES).
std::vector<std::string> splitNames(const std::string& list);

// Reads --series NAMES (comma-separated; "" = every series the spec was compiled with), --grid (a time such as
// `month`, `day` or `7 day`, or a whole number of steps; "" = every step) and --series-paths; "" or why not.
std::string parseSeriesRequest(const SimSpec& spec, const std::string& names, const std::string& grid, uint64_t paths,
                               SeriesRequest& out);

// Where a run's series buffer (RunOutcome::series) holds series i (of SimSpec::series) of path j at grid point g.
inline uint64_t seriesIndex(const SimSpec& spec, const SeriesRequest& r, uint64_t g, uint64_t i, uint64_t j) {
  return (g * spec.series.size() + i) * r.stride() + j;
}

// Adds one run's (sweep point's) series to `d` for --series-out, in display units: the requested series of the
// first min(r.paths, runPaths) paths at every grid time.
void appendSeries(const SimSpec& spec, const SeriesRequest& r, const std::vector<double>& buffer, uint64_t runPaths,
                  PathData& d);

}  // namespace sitrt
