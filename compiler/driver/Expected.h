// Expected-results files for `sitc test` (SPEC.expected beside SPEC.sit): human-readable, diff-friendly, one
// metric per line in report order, numbers in the shortest text that reads back exactly.
//
//   # comment lines
//   paths: 2000
//   seed: 1
//   set: kappa=2/yr              (any number of these; a list kappa=1/yr,2/yr sweeps: one section per point,
//                                 named "[scenario base @ kappa=1/yr]")
//   tolerance: 3 se              (optional: the default for metrics without a tolerance of their own)
//   rng: philox4x32-10 stream v1
//
//   [scenario base]
//   mean(TPI) = 1.4641123 | se 0.0090016 | USD/Mtok
//   buyer: volatility_reduction = 0.4163 | se 0.0111 | - | tolerance 4 se     ('-': no unit)
//
// A metric matches bit for bit unless it (or the file's `tolerance:` line) declares `tolerance abs X`,
// `tolerance rel X` (or `rel X%`) or `tolerance K se` (K times the expected file's standard error);
// `tolerance exact` overrides a file default.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace sitc::driver {

struct Tolerance {
  // Unset: the file's default tolerance applies (itself exact unless the file has a `tolerance:` line).
  enum class Kind { Unset, Exact, Abs, Rel, Se } kind = Kind::Unset;
  double x = 0;
  std::string text() const;  // "" when unset, else "tolerance exact", "tolerance abs 0.01" etc.
  bool accepts(double expected, double se, double actual) const;
};
// Reads "exact", "abs X", "rel X", "rel X%" or "K se" (the text after "tolerance"); false if it is none.
bool parseTolerance(const std::string& text, Tolerance& out);

struct ExpectedMetric {
  std::string label;
  double value = 0, se = 0;
  std::string unit;
  Tolerance tolerance;
};

struct ExpectedScenario {
  std::string name;
  std::vector<ExpectedMetric> metrics;
};

struct ExpectedFile {
  uint64_t paths = 10000, seed = 1;
  std::vector<std::string> sets;
  std::vector<size_t> setLines;  // the line of each `set:` (0 when the sets came from the command line)
  std::string rng;
  Tolerance tolerance;           // the file's default (`tolerance:`)
  std::vector<ExpectedScenario> scenarios;
  const ExpectedScenario* find(const std::string& scenario) const;
};

// Returns "" or "PATH:LINE: error: what is wrong".
std::string parseExpected(const std::string& text, const std::string& path, ExpectedFile& out);
std::string renderExpected(const ExpectedFile& f, const std::string& specName);

}  // namespace sitc::driver
