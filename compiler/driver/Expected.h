// Expected-results files for `sitc test` (SPEC.expected beside SPEC.sit): human-readable, diff-friendly, one
// metric per line in report order, numbers in the shortest text that reads back exactly.
//
//   # comment lines
//   paths: 2000
//   seed: 1
//   set: kappa=2/yr              (any number of these)
//   rng: philox4x32-10 stream v1
//
//   [scenario base]
//   mean(TPI) = 1.4641123 | se 0.0090016 | USD/Mtok
//   buyer: volatility_reduction = 0.4163 | se 0.0111 | - | tolerance 4 se     ('-': no unit)
//
// A metric matches bit for bit unless it declares `tolerance abs X`, `tolerance rel X` (or `rel X%`) or
// `tolerance K se` (K times the expected file's standard error).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace sitc::driver {

struct Tolerance {
  enum class Kind { Exact, Abs, Rel, Se } kind = Kind::Exact;
  double x = 0;
  std::string text() const;  // "" for Exact, else "tolerance abs 0.01" etc.
  bool accepts(double expected, double se, double actual) const;
};

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
  std::vector<ExpectedScenario> scenarios;
  const ExpectedScenario* find(const std::string& scenario) const;
};

// Returns "" or "PATH:LINE: error: what is wrong".
std::string parseExpected(const std::string& text, const std::string& path, ExpectedFile& out);
std::string renderExpected(const ExpectedFile& f, const std::string& specName);

}  // namespace sitc::driver
