#include "sema/Builtins.h"

#include <cstring>

namespace sitc::sema {

static const MathFn kMath[] = {
    {"exp", ir::Op::Exp, 1, UnitRule::Dimensionless},  {"log", ir::Op::Log, 1, UnitRule::Dimensionless},
    {"sqrt", ir::Op::Sqrt, 1, UnitRule::Sqrt},         {"pow", ir::Op::Pow, 2, UnitRule::Pow},
    {"abs", ir::Op::Abs, 1, UnitRule::Same},           {"min", ir::Op::Min, 2, UnitRule::Same},
    {"max", ir::Op::Max, 2, UnitRule::Same},           {"floor", ir::Op::Floor, 1, UnitRule::Plain},
    {"ceil", ir::Op::Ceil, 1, UnitRule::Plain},
};

const MathFn* findMathFn(const std::string& name) {
  for (const auto& f : kMath)
    if (name == f.name) return &f;
  return nullptr;
}

std::optional<ir::DrawKind> findDraw(const std::string& n) {
  if (n == "normal") return ir::DrawKind::Normal;
  if (n == "uniform") return ir::DrawKind::Uniform;
  if (n == "poisson") return ir::DrawKind::Poisson;
  return std::nullopt;
}

std::optional<ir::AggKind> findAggregate(const std::string& n) {
  if (n == "sum") return ir::AggKind::Sum;
  if (n == "average") return ir::AggKind::Average;
  if (n == "maximum") return ir::AggKind::Maximum;
  if (n == "minimum") return ir::AggKind::Minimum;
  if (n == "last") return ir::AggKind::Last;
  return std::nullopt;
}

std::optional<sitrt::StatKind> findStat(const std::string& n) {
  using K = sitrt::StatKind;
  for (K k : {K::Mean, K::Sd, K::Variance, K::Quantile, K::Prob, K::Skewness})
    if (n == sitrt::statName(k)) return k;
  return std::nullopt;
}

bool isBuiltinName(const std::string& n) {
  return findMathFn(n) || findDraw(n) || findAggregate(n) || findStat(n) || n == "fan" || n == "t" || n == "dt" || n == "pi";
}

std::vector<std::string> builtinFunctionNames() {
  std::vector<std::string> out;
  for (const auto& f : kMath) out.push_back(f.name);
  for (const char* n : {"normal", "uniform", "poisson", "sum", "average", "maximum", "minimum"}) out.push_back(n);
  using K = sitrt::StatKind;
  for (K k : {K::Mean, K::Sd, K::Variance, K::Quantile, K::Prob, K::Skewness}) out.push_back(sitrt::statName(k));
  return out;
}

const char* const* scenarioSettings() {
  static const char* const kSettings[] = {"horizon", "step", "calendar", nullptr};
  return kSettings;
}

}  // namespace sitc::sema
