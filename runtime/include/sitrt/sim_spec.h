// What the runtime needs to know about a compiled scenario to run it and report on it: its parameters, its
// output columns, the statistics to report and the source locations of its run-time checks. The compiler fills
// it in; a standalone simulator reads it back from JSON embedded in its object file (sim_spec_json.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace sitrt {

struct ParamSpec {
  std::string name;
  double value = 0;        // default, in internal (base) units
  std::string unit;        // unit it is displayed and set in, e.g. "1/yr"
  double unitScale = 1;    // internal value = displayed value * unitScale
};

enum class StatKind { Mean, Sd, Variance, Quantile, Prob, Skewness, Min, Max };
const char* statName(StatKind k);

struct ReportSpec {
  std::string label;       // e.g. "mean(TPI)" or the user's label
  StatKind stat = StatKind::Mean;
  double arg = 0;          // quantile level
  uint32_t column = 0;     // first output column
  uint32_t count = 1;      // > 1 for per-window quantities: one row per window
  std::string unit;        // display unit ("" = dimensionless)
  double unitScale = 1;    // displayed = internal / unitScale
};

struct SimSpec {
  std::string scenario;
  std::vector<ParamSpec> params;
  uint32_t numOutputs = 0;
  uint64_t steps = 0;
  std::vector<ReportSpec> reports;
  std::vector<std::string> checks;  // "file:line:col: what" of each run-time check, by index
};

}  // namespace sitrt
