// `--set NAME=VALUE[,VALUE...]`: what a compiled spec lets its user change at run time, and applying it.
//
// Settable are the scenario's `param`s, the contract terms the daily book reads (CONTRACT.margin.initial,
// CONTRACT.margin.maintenance, CONTRACT.daily_limit, CONTRACT.position_limit) and hedge terms (HEDGE.ratio for a
// fixed ratio, HEDGE.pilot). Values are typed with units and checked against the declared unit, and against the
// same rules the compiler checks the spec's terms with (term_rules.h).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "sitrt/sim_spec.h"

namespace sitrt {

struct Settable {
  std::string name;     // as typed after --set
  std::string unit;     // display unit ("" plain number, "%" fraction)
  double value = 0;     // current value in that unit
  std::string what;     // one-line description for --help
};
std::vector<Settable> settables(const SimSpec& spec, const std::vector<double>& params);

// One --set argument: a name and one value, or several (a sweep).
struct SetArg {
  std::string name;
  std::vector<std::string> values;
};
// Splits "name=v1,v2" arguments; "" or an error message.
std::string parseSetArgs(const std::vector<std::string>& raw, std::vector<SetArg>& out);

// The settings of each point of a sweep: every list has the same length (zipped); single values apply to all
// points. "" or an error message.
using SweepPoint = std::vector<std::pair<std::string, std::string>>;
std::string sweepPoints(const std::vector<SetArg>& sets, std::vector<SweepPoint>& points);
// "kappa=2/yr level=1USD/Mtok": how results name a point.
std::string pointLabel(const SweepPoint& point);

// Applies name=value to the spec (contract and hedge terms) or to `params` (scenario params, internal units).
// Returns "" or an error message naming the setting, its unit and what was typed.
std::string applySetting(SimSpec& spec, std::vector<double>& params, const std::string& name, const std::string& value);
// The rules that span several terms (the margins, term_rules.h), once every setting is applied; "" or the first
// violation.
std::string validateSettings(const SimSpec& spec);

// Applies settings of one value each ("name=value") and validates the result; "" or an error message.
std::string applySettings(SimSpec& spec, std::vector<double>& params, const std::vector<std::string>& sets);

}  // namespace sitrt
