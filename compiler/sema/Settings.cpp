// The scenario's settings (horizon, step, calendar), the units it may use and its `param`s.
#include <cmath>

#include "sema/Builtins.h"
#include "sema/Elaborator.h"
#include "sitrt/limits.h"
#include "sitrt/suggest.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

using sitrt::limits::kMaxSteps;

void Elaborator::declareUnits() {
  const ast::ScenarioDecl* saved = scenario_;
  scenario_ = nullptr;  // unit definitions see only other units
  for (const auto& m : program_.modules)
    for (const auto& u : m->units) unitsAhead_.insert(u.name.name);
  for (const auto& m : program_.modules) {
    for (const auto& u : m->units) {
      unitsAhead_.erase(u.name.name);
      if (!u.definition) {
        if (UnitTable::isBuiltin(u.name.name)) {
          diags_.report(Diag::BuiltinUnitAsBase, u.name.range, {u.name.name});
        } else if (!units_.addBase(u.name.name)) {
          diags_.report(Diag::TooManyBaseDimensions, u.name.range, {std::to_string(kMaxDims)});
        }
        continue;
      }
      ExprPtr v = constant(*u.definition, "a unit definition");
      if (v->type.isError()) continue;
      if (!v->type.isReal() || v->value <= 0) {
        diags_.report(Diag::UnitNotPositive, u.definition->range);
        continue;
      }
      if (const UnitDef* old = units_.find(u.name.name); old && UnitTable::isBuiltin(u.name.name)) {
        if (old->dim != v->type.dim || std::fabs(old->scale / v->value - 1) > 1e-12)
          diags_.report(Diag::BuiltinUnitRedefined, u.definition->range,
                        {u.name.name, units_.format(old->dim), std::to_string(old->scale)});
        continue;
      }
      units_.add({u.name.name, v->value, v->type.dim});
    }
  }
  unitsAhead_.clear();
  scenario_ = saved;
}

void Elaborator::settings(const ast::ScenarioDecl& s) {
  std::map<std::string, const ast::Binding*> given;
  for (const auto& b : s.settings) {
    bool known = false;
    for (const char* const* k = scenarioSettings(); *k; ++k) known |= b.name.name == *k;
    if (!known) {
      diags_.report(Diag::UnknownSetting, b.name.range, {b.name.name});
      continue;
    }
    if (auto [it, fresh] = given.emplace(b.name.name, &b); !fresh) {
      auto* d = diags_.report(Diag::SettingGivenTwice, b.name.range, {b.name.name});
      DiagEngine::note(d, Diag::FirstGivenHere, it->second->range);
    }
  }
  // The calendar first: it decides what day and month mean.
  if (auto it = given.find("calendar"); it != given.end()) {
    // Params are declared after the calendar (their values may use days and months), so a param here would be
    // reported as an undeclared name: say what is wrong with it instead.
    std::function<bool(const ast::Expr&)> usesParam = [&](const ast::Expr& e) {
      if (e.kind == ast::ExprKind::Name && e.member.name.empty())
        for (const auto& p : s.params)
          if (p.name.name == e.name.name) return true;
      for (const auto& a : e.args)
        if (usesParam(*a.value)) return true;
      for (const auto& k : e.kids)
        if (usesParam(*k)) return true;
      return false;
    };
    ExprPtr c = error();
    if (usesParam(*it->second->value))
      diags_.report(Diag::CalendarUsesParam, it->second->value->range);
    else
      c = constant(*it->second->value, "the calendar");
    if (!c->type.isError()) {
      if (!c->type.isReal() || !c->type.dim.dimensionless() || c->value < 1 || c->value > 1000) {
        diags_.report(Diag::CalendarNotDays, it->second->value->range);
      } else {
        units_ = UnitTable(c->value);
      }
    }
  }
  model_.daysPerYear = units_.daysPerYear();
  declareUnits();
  params(s);  // a horizon may not use them, but it should be told so
  auto time = [&](const char* key, double fallback, bool required) -> double {
    auto it = given.find(key);
    if (it == given.end()) {
      if (required) diags_.report(Diag::MissingSetting, s.name.range, {s.name.name, key});
      return fallback;
    }
    ExprPtr v = constant(*it->second->value, (std::string("the ") + key).c_str());
    if (v->type.isError()) return fallback;
    if (v->type.dim != Dim::base(kTime) || !(v->value > 0)) {
      diags_.report(Diag::SettingNotATime, it->second->value->range, {key, unitName(v->type)});
      return fallback;
    }
    return v->value;
  };
  model_.horizon = time("horizon", 1.0, true);
  model_.dt = time("step", 1.0 / units_.daysPerYear(), false);
  double n = model_.horizon / model_.dt;
  SourceRange where = given.count("step") ? given["step"]->range : s.name.range;
  bool whole = std::fabs(n - std::round(n)) <= 1e-9 * std::max(1.0, n) && std::round(n) >= 1;
  if (std::round(n) > static_cast<double>(kMaxSteps)) {
    diags_.report(Diag::TooManySteps, where, {std::to_string(kMaxSteps)});
    // Reported: one step, so that what is derived from the horizon (windows, contract periods) stays in range.
    model_.horizon = model_.dt;
  } else if (!whole) {
    diags_.report(Diag::HorizonNotWholeSteps, where, {std::to_string(n)});
  } else {
    model_.steps = static_cast<uint64_t>(std::round(n));
  }
}

void Elaborator::params(const ast::ScenarioDecl& s) {
  for (const auto& p : s.params) {
    ExprPtr v = constant(*p.value, "a param's default value");
    if (!v->type.isReal() && !v->type.isError()) {
      diags_.report(Diag::ParamNotANumber, p.value->range);
      continue;
    }
    paramByName_[p.name.name] = static_cast<uint32_t>(model_.params.size());
    model_.params.push_back({p.name.name, v->value, v->type, p.range});
  }
}

}  // namespace sitc::sema
