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
          diags_.error(u.name.range, "'" + u.name.name + "' is a built-in unit, not a new base dimension");
        } else if (!units_.addBase(u.name.name)) {
          diags_.error(u.name.range, "too many base dimensions (at most " + std::to_string(kMaxDims) + ")");
        }
        continue;
      }
      ExprPtr v = constant(*u.definition, "a unit definition");
      if (v->type.isError()) continue;
      if (!v->type.isReal() || v->value <= 0) {
        diags_.error(u.definition->range, "a unit must be a positive quantity");
        continue;
      }
      if (const UnitDef* old = units_.find(u.name.name); old && UnitTable::isBuiltin(u.name.name)) {
        if (old->dim != v->type.dim || std::fabs(old->scale / v->value - 1) > 1e-12)
          diags_.error(u.definition->range, "'" + u.name.name + "' is built in as " + units_.format(old->dim) +
                                                " x " + std::to_string(old->scale) +
                                                "; this declares it with a different meaning");
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
      diags_.error(b.name.range, "unknown scenario setting '" + b.name.name +
                                     "' (settings are horizon, step and calendar; use 'let' to name a value)");
      continue;
    }
    if (auto [it, fresh] = given.emplace(b.name.name, &b); !fresh) {
      auto* d = diags_.error(b.name.range, "setting '" + b.name.name + "' is given twice");
      DiagEngine::note(d, it->second->range, "first given here");
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
      diags_.error(it->second->value->range, "the calendar must be a constant, but this is known only per run (it "
                                             "uses a 'param')");
    else
      c = constant(*it->second->value, "the calendar");
    if (!c->type.isError()) {
      if (!c->type.isReal() || !c->type.dim.dimensionless() || c->value < 1 || c->value > 1000) {
        diags_.error(it->second->value->range, "calendar is the number of days in a year (e.g. 360 or 365)");
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
      if (required) diags_.error(s.name.range, std::string("scenario '") + s.name.name + "' has no " + key +
                                                   " (e.g. " + key + " = 36 month;)");
      return fallback;
    }
    ExprPtr v = constant(*it->second->value, (std::string("the ") + key).c_str());
    if (v->type.isError()) return fallback;
    if (v->type.dim != Dim::base(kTime) || !(v->value > 0)) {
      diags_.error(it->second->value->range, std::string("the ") + key + " must be a positive time (e.g. 36 month), but this is " +
                                                 unitName(v->type));
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
    diags_.error(where, "more than " + std::to_string(kMaxSteps) + " steps; use a longer step");
    // Reported: one step, so that what is derived from the horizon (windows, contract periods) stays in range.
    model_.horizon = model_.dt;
  } else if (!whole) {
    diags_.error(where, "the horizon is not a whole number of steps (" + std::to_string(n) + ")");
  } else {
    model_.steps = static_cast<uint64_t>(std::round(n));
  }
}

void Elaborator::params(const ast::ScenarioDecl& s) {
  for (const auto& p : s.params) {
    ExprPtr v = constant(*p.value, "a param's default value");
    if (!v->type.isReal() && !v->type.isError()) {
      diags_.error(p.value->range, "a param must be a number");
      continue;
    }
    paramByName_[p.name.name] = static_cast<uint32_t>(model_.params.size());
    model_.params.push_back({p.name.name, v->value, v->type, p.range});
  }
}

}  // namespace sitc::sema
