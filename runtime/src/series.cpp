#include "sitrt/series.h"

#include <algorithm>
#include <cmath>

#include "sitrt/quantity.h"
#include "sitrt/runner.h"
#include "sitrt/suggest.h"

namespace sitrt {

std::vector<uint64_t> gridSteps(double every, double dt, uint64_t steps) {
  std::vector<uint64_t> ends;
  // Short of the horizon by half a step: a grid that divides the horizon ends exactly at `steps`, however the
  // products round.
  for (double i = 1; i * every / dt < static_cast<double>(steps) - 0.5; ++i) {
    auto k = static_cast<uint64_t>(std::llround(i * every / dt));
    if (ends.empty() || k > ends.back()) ends.push_back(k);
  }
  if (ends.empty() || ends.back() < steps) ends.push_back(steps);
  return ends;
}

std::vector<std::string> splitNames(const std::string& list) {
  std::vector<std::string> out;
  for (size_t at = 0; at <= list.size();) {
    size_t comma = std::min(list.find(',', at), list.size());
    out.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

std::vector<int32_t> SeriesRequest::pointOfStep(uint64_t totalSteps) const {
  std::vector<int32_t> at(totalSteps + 1, -1);
  for (size_t g = 0; g < steps.size(); ++g) at[steps[g]] = static_cast<int32_t>(g);
  return at;
}

uint64_t SeriesRequest::stride() const { return columnStride(paths); }

std::string parseSeriesRequest(const SimSpec& spec, const std::string& names, const std::string& grid, uint64_t paths,
                               SeriesRequest& out) {
  out = {};
  std::vector<std::string> known;
  for (const auto& s : spec.series) known.push_back(s.name);
  if (known.empty())
    return "--series: this simulator was built without series (build it with `sitc build --series NAME,...`)";
  if (names.empty()) {
    for (uint32_t i = 0; i < spec.series.size(); ++i) out.items.push_back(i);
  } else {
    for (const std::string& n : splitNames(names)) {
      uint32_t i = 0;
      while (i < known.size() && known[i] != n) ++i;
      if (i == known.size()) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        return "--series: '" + n + "' is not one of the series this simulator records" + didYouMean(n, known) +
               " (built with: " + list + ")";
      }
      for (uint32_t have : out.items)
        if (have == i) return "--series: '" + n + "' is named twice";
      out.items.push_back(i);
    }
  }
  // The grid: every step, a number of steps, or a time in the spec's units.
  double every = spec.dt;
  const UnitSpec* day = spec.units.find("day");
  out.timeUnit = day ? "day" : "yr";
  out.timeScale = day ? day->scale : 1;
  if (!grid.empty() && grid.find_first_not_of("0123456789") == std::string::npos) {
    unsigned long long n = grid.size() > 12 ? 0 : std::stoull(grid);
    if (n < 1 || n > spec.steps)
      return "--grid " + grid + ": a number of steps must be between 1 and the path's " + std::to_string(spec.steps);
    every = static_cast<double>(n) * spec.dt;
  } else if (!grid.empty()) {
    Quantity q;
    std::string err;
    if (!parseQuantity(grid, spec.units, q, err)) return "--grid " + grid + ": " + err;
    DimVec time(spec.units.baseNames.size(), 0.0);
    for (size_t b = 0; b < spec.units.baseNames.size(); ++b)
      if (spec.units.baseNames[b] == "yr") time[b] = 1;
    if (!sameDim(q.dim, time))
      return "--grid " + grid + ": a grid is a time (such as month, day or 7 day) or a number of steps, not " +
             (sameDim(q.dim, {}) ? std::string("a plain number") : spec.units.format(q.dim));
    if (!std::isfinite(q.value) || q.value < spec.dt * (1 - 1e-9))
      return "--grid " + grid + ": the grid must be at least one step long";
    every = q.value;
    // Times in the grid's own unit when it is one ("month": 0, 1, 2, ...).
    if (const UnitSpec* u = spec.units.find(grid)) out.timeUnit = grid, out.timeScale = u->scale;
  }
  out.steps.push_back(0);
  for (uint64_t k : gridSteps(every, spec.dt, spec.steps)) out.steps.push_back(k);
  out.paths = paths;
  return "";
}

void appendSeries(const SimSpec& spec, const SeriesRequest& r, const std::vector<double>& buffer, uint64_t runPaths,
                  PathData& d) {
  const uint64_t paths = std::min(r.paths, runPaths), points = r.steps.size();
  if (d.values.empty()) {
    for (uint32_t i : r.items) d.names.push_back(spec.series[i].name);
    d.timeName = r.timeUnit;
    for (uint64_t k : r.steps) {
      double t = static_cast<double>(k) * spec.dt / r.timeScale;  // 30 days is 1 month, not 1.0000000000000002
      d.times.push_back(std::fabs(t - std::round(t)) < 1e-9 * std::max(1.0, t) ? std::round(t) : t);
    }
    d.paths = paths;
  }
  auto& cols = d.values.emplace_back();
  for (uint32_t i : r.items) {
    auto& v = cols.emplace_back(paths * points);
    for (uint64_t j = 0; j < paths; ++j)
      for (uint64_t g = 0; g < points; ++g)
        v[j * points + g] = buffer[seriesIndex(spec, r, g, i, j)] / spec.series[i].unitScale;
  }
}

}  // namespace sitrt
