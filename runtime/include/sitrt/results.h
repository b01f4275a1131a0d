// Result sets and their three renderings. Every rendering starts with the manifest (docs/language.md section 6.3).
#pragma once
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "sitrt/format.h"

namespace sitrt {

struct ResultRow {
  std::string label;
  std::string unit;
  double value = 0;
  double se = 0;  // NaN or 0 when the statistic has none
  std::string note;  // why `value` is NaN, when it is for a stated reason ("needs at least 4 paths")
  // For machine-readable output (docs/output.md): the statistic ("mean", "quantile", "VaR", "hedge_ratio",
  // "per_period.position", ...), its level (quantiles, VaR, CVaR; NaN otherwise), the hedge it belongs to ("" for
  // none) and the window or period it is of (1-based; 0 for none).
  std::string stat;
  double level = NAN;
  std::string hedge;
  uint32_t window = 0;
};

// The version of the JSON and CSV layouts (docs/output.md); a change that breaks a reader is a new version.
constexpr const char* kResultsSchema = "sitc-results/1";

struct ResultSet {
  std::vector<std::pair<std::string, std::string>> manifest;  // ordered key/value pairs
  std::vector<ResultRow> rows;
  // A --set sweep instead of `rows`: one row set per point (same statistics in the same order), named by its
  // settings ("kappa=2/yr"). Rendered side by side.
  std::vector<std::string> points;
  std::vector<std::vector<ResultRow>> sweep;
};

enum class Format { Table, Json, Csv };
bool parseFormat(const std::string& s, Format& out);

std::string render(const ResultSet& r, Format f);



}  // namespace sitrt
