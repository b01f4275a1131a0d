// The rules a contract's and a hedge's terms obey, written once: the compiler checks a spec's terms with them
// (sema/Contract.cpp, sema/Hedge.cpp) and `--set` checks a changed term with them again (overrides.cpp), so the
// two cannot disagree. Each returns "" when the rule holds, else what is wrong as a sentence both print.
//
// A term left out of a spec means "none" (no margining, no daily limit, no position limit, as many pilot paths as
// the run); --set says the same with 0, and does not call the rule for it.
#pragma once
#include <string>

namespace sitrt::rules {

// Initial and maintenance margin, fractions of notional: 0 < maintenance <= initial <= 100%.
enum class MarginTerm { Initial, Maintenance };
struct MarginBreak {
  MarginTerm term = MarginTerm::Maintenance;  // the term to point at
  std::string message;                       // "" when the rule holds
};
MarginBreak margins(double initial, double maintenance);

std::string dailyLimit(double fraction);      // of the previous settlement: above 0% and below 100%
std::string positionLimit(double contracts);  // per period: a positive whole number
std::string fixedRatio(double ratio);         // fixed(r): 0 to 2, with a hint for a percentage written without '%'
std::string pilotPaths(double paths);         // a whole number from 40 to 10^9

}  // namespace sitrt::rules
