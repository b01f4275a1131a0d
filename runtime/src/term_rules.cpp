#include "sitrt/term_rules.h"

#include <cmath>

#include "sitrt/format.h"

namespace sitrt::rules {

namespace {
// fixed(r): above this a ratio is almost surely a percentage written without its % sign.
constexpr double kMaxFixedRatio = 2;
constexpr double kMinPilotPaths = 40, kMaxPilotPaths = 1e9;

bool whole(double v) { return std::isfinite(v) && v == std::floor(v); }
}  // namespace

MarginBreak margins(double initial, double maintenance) {
  if (!(maintenance > 0)) return {MarginTerm::Maintenance, "the maintenance margin must be above 0%"};
  if (maintenance > initial)
    return {MarginTerm::Maintenance, "the maintenance margin (" + formatPercent(maintenance) +
                                         ") must not exceed the initial margin (" + formatPercent(initial) + ")"};
  if (initial > 1) return {MarginTerm::Initial, "the initial margin (" + formatPercent(initial) + ") must not exceed 100%"};
  return {};
}

std::string dailyLimit(double fraction) {
  return fraction > 0 && fraction < 1 ? "" : "the daily limit must be between 0% and 100%, exclusive";
}

std::string positionLimit(double contracts) {
  return contracts > 0 && whole(contracts) ? "" : "the position limit must be a positive whole number of contracts";
}

std::string fixedRatio(double ratio) {
  if (ratio >= 0 && ratio <= kMaxFixedRatio) return "";
  // fixed(150) meant 150%: a ratio is a fraction of the expected consumption, and 150 would buy 150 times it.
  std::string hint = ratio > kMaxFixedRatio && ratio <= 100 * kMaxFixedRatio
                         ? " (did you mean " + formatReadable(ratio) + "%?)"
                         : "";
  return "a hedge ratio must be from 0 to 2 (0% to 200% of the expected consumption), not " + formatReadable(ratio) +
         hint;
}

std::string pilotPaths(double paths) {
  return whole(paths) && paths >= kMinPilotPaths && paths <= kMaxPilotPaths
             ? ""
             : "'pilot' must be a whole number from 40 to 1000000000";
}

}  // namespace sitrt::rules
