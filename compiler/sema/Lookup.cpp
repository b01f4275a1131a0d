// Names in expressions: locals, a process's parameters, states and lets, hedge totals, scenario instances, params
// and lets, t and dt, units; what is said when a name is unknown or used too early.
#include <cmath>

#include "sema/Builtins.h"
#include "sema/DisplayUnits.h"
#include "sema/Elaborator.h"
#include "sitrt/suggest.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

std::string Elaborator::unitName(const Type& t) const {
  if (t.isBool()) return "a boolean";
  if (t.dim.dimensionless()) return "a plain number";  // also a percentage: its "%" is only how reports show it
  if (!t.display.name.empty()) return t.display.name;
  std::string f = units_.format(t.dim);
  return f.empty() ? "a plain number" : f;
}

std::string Elaborator::unitHint(const std::string& unit) const {
  std::string hint = sitrt::didYouMean(unit, units_.names());
  return hint.empty() ? importHint(program_, unit) : hint;
}

// --- names -----------------------------------------------------------------------------------------------------

ExprPtr Elaborator::lookup(const ast::Expr& e, const Scope& s) {
  const std::string& name = e.name.name;
  auto at = [&](ExprPtr x) {
    x->range = e.range;
    return x;
  };
  bool scenarioScope = scenario_ && !s.inst && !s.inFunction &&
                       (s.ctx == Ctx::Observed || s.ctx == Ctx::PathEnd || s.ctx == Ctx::Const);

  if (!e.member.name.empty()) {
    auto it = instanceByName_.find(name);
    if (!scenarioScope || it == instanceByName_.end()) {
      if (usedTooEarly(e, s)) return error();
      diags_.report(Diag::MemberOfNonInstance, e.range, {name, e.member.name});
      return error();
    }
    Instance& in = *it->second;
    if (argsOf_ == &in) {
      diags_.report(Diag::InstanceRefersToItself, e.range, {name});
      return error();
    }
    instanceHeader(in);
    if (auto st = in.states.find(e.member.name); st != in.states.end()) {
      const auto& info = model_.states[st->second];
      return ir::makeLeaf(Op::State, st->second, info.type, Variability::Step, e.range);
    }
    for (size_t p = 0; p < in.proc->params.size(); ++p)
      if (in.proc->params[p].name.name == e.member.name) return at(argument(in, p, e.range));
    auto* d = diags_.report(Diag::NoSuchInstanceMember, e.member.range, {in.proc->name.name, e.member.name});
    DiagEngine::note(d, Diag::MemberProcessDeclaredHere, in.proc->name.range, {in.proc->name.name});
    return error();
  }

  for (const Scope* sc = &s; sc; sc = sc->parent)
    if (auto it = sc->locals.find(name); it != sc->locals.end()) return at(copy(*it->second, e.range));

  if (Instance* in = s.inst) {
    const auto& params = in->proc->params;
    for (size_t p = 0; p < params.size(); ++p)
      if (params[p].name.name == name) return at(argument(*in, p, e.range));
    if (s.ctx == Ctx::ProcRequire) {
      bool state = false, let = false;
      for (const auto& st : in->proc->states) state |= st.name.name == name;
      for (const auto& l : in->proc->lets) let |= l.name.name == name;
      for (const auto& u : in->proc->update) let |= u.isLet && u.binding.name.name == name;
      if (state || let) {
        diags_.report(Diag::RequirementUsesLocal, e.range, {name, state ? "a state" : "computed at the start of each step"});
        return error();
      }
    }
    if (auto st = in->states.find(name); st != in->states.end()) {
      const auto& info = model_.states[st->second];
      return ir::makeLeaf(Op::State, st->second, info.type, Variability::Step, e.range);
    }
    if (auto l = in->stepLets.find(name); l != in->stepLets.end()) {
      if (s.ctx != Ctx::ProcStep) {
        diags_.report(Diag::StepLetUnavailable, e.range,
                      {name, s.ctx == Ctx::ProcInit ? "in an initial value" : "in the process value"});
        return error();
      }
      return at(copy(*l->second, e.range));
    }
    for (const auto& st : in->proc->states)
      if (st.name.name == name) {
        diags_.report(Diag::StateUsedBeforeDeclared, e.range, {name});
        return error();
      }
    bool stepLet = false;
    for (const auto& l : in->proc->lets) stepLet |= l.name.name == name;
    for (const auto& u : in->proc->update) stepLet |= u.isLet && u.binding.name.name == name;
    if (stepLet) {
      diags_.report(Diag::StepLetUnavailable, e.range,
                    {name, s.ctx == Ctx::ProcStep   ? "before it is defined"
                           : s.ctx == Ctx::ProcInit ? "in an initial value"
                                                    : "in the process value"});
      return error();
    }
  }

  if (s.hedge >= 0) {
    const ir::HedgeInfo& h = model_.hedges[static_cast<size_t>(s.hedge)];
    for (uint32_t v = 0; v < ir::kHedgeValues; ++v)
      if (name == ir::hedgeValueName(static_cast<ir::HedgeValue>(v), h.seller))
        return hedgeValue(s.hedge, ir::HedgeValue(v), e.range);
    for (auto v : {ir::HedgeValue::Unhedged, ir::HedgeValue::Hedged})
      if (name == ir::hedgeValueName(v, !h.seller)) {  // the other side's name: a cost for a seller, or vice versa
        diags_.report(Diag::HedgeValueOfOtherSide, e.range,
                      {h.name, h.seller ? "sells (produce)" : "buys (consume)",
                       ir::hedgeValueName(ir::HedgeValue::Unhedged, h.seller),
                       ir::hedgeValueName(ir::HedgeValue::Hedged, h.seller), name});
        return error();
      }
  }
  if (scenarioScope) {
    if (auto it = instanceByName_.find(name); it != instanceByName_.end()) {
      Instance& in = *it->second;
      if (argsOf_ == &in) {
        diags_.report(Diag::InstanceRefersToItself, e.range, {name});
        return error();
      }
      instanceHeader(in);
      return at(copy(*in.value, e.range));
    }
    if (auto it = paramByName_.find(name); it != paramByName_.end()) {
      const auto& p = model_.params[it->second];
      return ir::makeLeaf(Op::Param, it->second, p.type, Variability::Param, e.range);
    }
    if (auto it = lets_.find(name); it != lets_.end()) {
      ExprPtr v = scenarioLet(it->second);
      if (v->var == Variability::Path && s.ctx != Ctx::PathEnd) {
        auto* d = diags_.report(Diag::PathLetUsedBeforePathEnd, e.range, {name});
        DiagEngine::note(d, Diag::PathLetDefinedHere, it->second.decl->range, {name});
        return error();
      }
      return at(std::move(v));
    }
  }

  if (name == "t") {
    if (s.ctx == Ctx::Const) {
      diags_.report(Diag::TimeNotConstant, e.range);
      return error();
    }
    Type tt = Type::real(Dim::base(kTime));
    tt.display = {"yr", 1, {}};
    return ir::makeLeaf(Op::Time, 0, tt, Variability::Step, e.range);
  }
  if (name == "dt") {
    if (model_.dt <= 0) {
      diags_.report(Diag::DtNotKnown, e.range);
      return error();
    }
    Type tt = Type::real(Dim::base(kTime));
    tt.display = {"day", 1 / units_.daysPerYear(), {}};
    return ir::makeConst(model_.dt, tt, e.range);
  }
  if (name == "pi") return ir::makeConst(M_PI, Type::real(), e.range);

  if (const UnitDef* u = units_.find(name)) {
    Type tt = Type::real(u->dim);
    tt.display = {u->name, u->scale, {}};
    return ir::makeConst(u->scale, tt, e.range);
  }
  if (globals_.fns.count(name)) {
    diags_.report(Diag::FunctionUsedAsValue, e.range, {name});
  } else if (globals_.processes.count(name)) {
    diags_.report(Diag::ProcessUsedInExpression, e.range, {name});
  } else if (findMathFn(name) || findDraw(name) || findAggregate(name) || findStat(name)) {
    diags_.report(Diag::BuiltinFunctionUsedAsValue, e.range, {name});
  } else if (unitsAhead_.count(name)) {
    diags_.report(Diag::UnitDeclaredLater, e.range, {name});
  } else {
    if (usedTooEarly(e, s)) return error();
    std::string hint = sitrt::didYouMean(name, visibleNames(s));
    diags_.report(Diag::UndeclaredName, e.range, {name, hint.empty() ? importHint(program_, name) : hint});
  }
  return error();
}

// A constant (a param's value, a unit, a setting) that names a process instance or a scenario let, which the
// scenario declares but which are known only during a simulation: says so (true) rather than "undeclared".
bool Elaborator::usedTooEarly(const ast::Expr& e, const Scope& s) {
  if (s.ctx != Ctx::Const || !scenario_ || s.inst || s.inFunction) return false;
  const std::string& name = e.name.name;
  const char* what = nullptr;
  for (const auto& in : scenario_->instances)
    if (in.name.name == name) what = "a process instance";
  for (const auto& l : scenario_->lets)
    if (l.name.name == name) what = "a 'let'";
  if (what) diags_.report(Diag::SimulationValueInConstant, e.range, {name, what});
  return what != nullptr;
}

// The names an expression in scope `s` could mean, for "did you mean".
std::vector<std::string> Elaborator::visibleNames(const Scope& s) const {
  std::vector<std::string> out = {"t", "dt", "pi"};
  for (const Scope* sc = &s; sc; sc = sc->parent)
    for (const auto& [n, v] : sc->locals) out.push_back(n);
  if (const Instance* in = s.inst) {
    for (const auto& p : in->proc->params) out.push_back(p.name.name);
    for (const auto& st : in->proc->states) out.push_back(st.name.name);
    for (const auto& l : in->proc->lets) out.push_back(l.name.name);
  }
  if (s.hedge >= 0)
    for (uint32_t v = 0; v < ir::kHedgeValues; ++v)
      out.push_back(ir::hedgeValueName(static_cast<ir::HedgeValue>(v), model_.hedges[static_cast<size_t>(s.hedge)].seller));
  if (scenario_ && !s.inst && !s.inFunction) {
    for (const auto& [n, v] : instanceByName_) out.push_back(n);
    for (const auto& [n, v] : paramByName_) out.push_back(n);
    for (const auto& [n, v] : lets_) out.push_back(n);
  }
  for (const auto& n : units_.names()) out.push_back(n);
  return out;
}

}  // namespace sitc::sema
