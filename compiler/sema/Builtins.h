// The names the language gives meaning to without a declaration: math functions, random draws, aggregates over
// a path, report statistics, and the scenario settings.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ir/Expr.h"
#include "ir/Model.h"
#include "sitrt/sim_spec.h"

namespace sitc::sema {

enum class UnitRule {
  Dimensionless,  // argument and result dimensionless (exp, log)
  Same,           // all arguments share a unit, result has it (abs, min, max)
  Plain,          // rounding (floor, ceil): a plain number, as rounding a base value (1.5 day in yr) is meaningless
  Sqrt,           // result exponent halved
  Pow,            // x^y: y dimensionless; a constant y when x has a unit
};

struct MathFn {
  const char* name;
  ir::Op op;
  int arity;
  UnitRule rule;
};
const MathFn* findMathFn(const std::string& name);

std::optional<ir::DrawKind> findDraw(const std::string& name);   // normal, uniform, poisson
std::optional<ir::AggKind> findAggregate(const std::string& name); // sum, average, maximum, minimum
std::optional<sitrt::StatKind> findStat(const std::string& name); // mean, sd, variance, quantile, prob, skewness

bool isBuiltinName(const std::string& name);  // any of the above, or t, dt, pi
std::vector<std::string> builtinFunctionNames();  // math functions, draws, aggregates and statistics
const char* const* scenarioSettings();         // null-terminated: horizon, step, calendar

}  // namespace sitc::sema
