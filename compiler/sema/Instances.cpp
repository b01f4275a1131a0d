// Process instances (`TPI ~ mrjd(...)`): their arguments, each checked against the parameter's declared unit,
// and the process body elaborated per instance with them, like a template.
#include <functional>
#include <set>

#include "sema/Builtins.h"
#include "sema/Elaborator.h"
#include "sitrt/suggest.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

ExprPtr Elaborator::argument(Instance& in, size_t p, const SourceRange& use) {
  if (in.argValue[p]) return copy(*in.argValue[p], use);
  const auto& param = in.proc->params[p];
  if (in.argBusy[p]) {
    auto* d = diags_.report(Diag::ArgumentDependsOnItself, use, {param.name.name, in.decl->name.name});
    DiagEngine::note(d, Diag::ArgumentGivenHere, in.args[p] ? in.args[p]->range : in.decl->range);
    return error();
  }
  if (!in.args[p]) return error();  // missing: reported where the instance is declared
  in.argBusy[p] = true;
  Instance* saved = argsOf_;
  argsOf_ = &in;
  Scope sc;
  sc.ctx = Ctx::Observed;
  ExprPtr v = expr(*in.args[p], sc);
  argsOf_ = saved;
  if (param.unit && !v->type.isError()) {
    std::vector<size_t> refs;
    ExprPtr want = parameterUnit(in, p, &refs);
    if (!want->type.isError() && v->type.isReal() && want->type.dim != v->type.dim) {
      // "expects 1/sqrt(yr) (sigma: x0/sqrt(yr), and 'x0' is a plain number)": say where a derived unit comes from.
      std::string how;
      for (size_t j : refs)
        how += (how.empty() ? " (" + param.name.name + ": " + sm_.text(param.unit->range) + ", and '" : ", '") +
               in.proc->params[j].name.name + "' is " + unitName(argument(in, j, in.args[j]->range)->type);
      if (!how.empty()) how += ")";
      auto* d = diags_.report(Diag::ArgumentWrongUnit, in.args[p]->range,
                              {param.name.name, in.decl->name.name, unitName(v->type), in.proc->name.name,
                               unitName(want->type), how});
      for (size_t j : refs) DiagEngine::note(d, Diag::ParameterGivenHere, in.args[j]->range, {in.proc->params[j].name.name});
      if (refs.empty()) DiagEngine::note(d, Diag::ExpectedUnitDeclaredHere, param.unit->range);
      v = error();
    }
  }
  in.argBusy[p] = false;
  in.argValue[p] = bindObserved(in.decl->name.name + "." + param.name.name, std::move(v), in.args[p]->range);
  return copy(*in.argValue[p], use);
}

// The unit a parameter declares (`kappa: 1/yr`), which may be that of an earlier parameter (`level: s0`,
// `sigma: x0/sqrt(yr)`): each earlier parameter named in it stands for one unit of its argument. `refs` gets the
// parameters it names. An error type (no diagnostic) when a named argument has none.
ExprPtr Elaborator::parameterUnit(Instance& in, size_t p, std::vector<size_t>* refs) {
  const auto& params = in.proc->params;
  std::vector<ExprPtr> ones;
  Scope sc;
  sc.ctx = Ctx::Const;
  bool unknown = false;
  std::function<void(const ast::Expr&)> bind = [&](const ast::Expr& e) {
    if (e.kind == ast::ExprKind::Name && e.member.name.empty())
      for (size_t j = 0; j < p; ++j)
        if (params[j].name.name == e.name.name && !sc.locals.count(e.name.name)) {
          Type t = in.args[j] ? argument(in, j, e.range)->type : Type::error();
          if (refs) refs->push_back(j);
          unknown |= t.isError() || !t.isReal();
          ones.push_back(ir::makeConst(1, t.isReal() ? Type::real(t.dim) : Type::error(), e.range));
          sc.locals[e.name.name] = ones.back().get();
        }
    for (const auto& a : e.args) bind(*a.value);
    for (const auto& k : e.kids) bind(*k);
  };
  bind(*params[p].unit);
  ExprPtr v = expr(*params[p].unit, sc);
  if (unknown || v->type.isError()) return error();
  if (v->op != Op::Const) {
    diags_.report(Diag::ParameterUnitNotConstant, params[p].unit->range);
    return error();
  }
  return v;
}

void Elaborator::instanceHeader(Instance& in) {
  if (in.header == Instance::Done) return;
  if (in.header == Instance::Busy) {
    diags_.report(Diag::InitialValueDependsOnItself, in.decl->name.range, {in.decl->name.name});
    in.value = error();
    return;
  }
  in.header = Instance::Busy;
  InstanceContext ctx(diags_, in, !checkingDecls_);
  const ast::ProcessDecl& p = *in.proc;
  Scope init;
  init.ctx = Ctx::ProcInit;
  init.inst = &in;
  for (const auto& st : p.states) {
    bool clash = in.states.count(st.name.name) > 0;
    for (const auto& prm : p.params) clash |= prm.name.name == st.name.name;
    if (clash) {
      diags_.report(Diag::AlreadyDeclaredInProcess, st.name.range, {st.name.name, p.name.name});
      continue;
    }
    ExprPtr v = expr(*st.value, init);
    if (v->type.isBool()) {
      diags_.report(Diag::StateNotANumber, st.value->range);
      v = error();
    }
    Type t = v->type;
    model_.states.push_back({in.decl->name.name + "." + st.name.name, std::move(v), nullptr, t, st.range, {}});
    in.states[st.name.name] = static_cast<uint32_t>(model_.states.size() - 1);
  }
  if (p.value) {
    Scope vs;
    vs.ctx = Ctx::ProcValue;
    vs.inst = &in;
    in.value = bindObserved(in.decl->name.name, expr(*p.value, vs), p.value->range);
  } else if (p.states.size() == 1 && in.states.size() == 1) {
    uint32_t idx = in.states.begin()->second;
    in.value = ir::makeLeaf(Op::State, idx, model_.states[idx].type, Variability::Step, in.decl->range);
  } else {
    diags_.report(Diag::ProcessNeedsValue, p.name.range, {p.name.name, std::to_string(p.states.size())});
    in.value = error();
  }
  if (in.index < model_.instances.size() && in.value->op == Op::Temp)
    model_.instances[in.index].valueTemp = in.value->index;
  in.header = Instance::Done;
}

void Elaborator::instanceBody(Instance& in) {
  if (in.bodyDone) return;
  in.bodyDone = true;
  // A broken requirement is the caller's mistake: its error, not the NaNs it causes inside the process.
  bool met = requirements(in);
  instanceHeader(in);
  if (!met) return;
  InstanceContext ctx(diags_, in, !checkingDecls_);
  const ast::ProcessDecl& p = *in.proc;
  Scope step;
  step.ctx = Ctx::ProcStep;
  step.inst = &in;
  auto addLet = [&](const ast::Binding& b) {
    bool clash = in.states.count(b.name.name) || in.stepLets.count(b.name.name);
    for (const auto& prm : p.params) clash |= prm.name.name == b.name.name;
    if (clash) {
      diags_.report(Diag::AlreadyDeclaredInProcess, b.name.range, {b.name.name, p.name.name});
      return;
    }
    ExprPtr v = expr(*b.value, step);
    if (ir::isLeaf(v->op) && v->op != Op::Normal && v->op != Op::Uniform) {
      in.stepLets[b.name.name] = std::move(v);
      return;
    }
    Type t = v->type;
    Variability var = v->var;
    uint32_t idx = addTemp(in.decl->name.name + "." + b.name.name, std::move(v), ir::Stage::StepStart, b.range);
    in.stepLets[b.name.name] = ir::makeLeaf(Op::Temp, idx, t, std::max(var, Variability::Step), b.range);
  };
  for (const auto& l : p.lets) addLet(l);
  std::map<std::string, SourceRange> assigned;
  for (const auto& u : p.update) {
    if (u.isLet) {
      addLet(u.binding);
      continue;
    }
    const std::string& target = u.binding.name.name;
    auto st = in.states.find(target);
    if (st == in.states.end()) {
      bool isParam = false;
      for (const auto& prm : p.params) isParam |= prm.name.name == target;
      if (isParam) diags_.report(Diag::AssignToParameter, u.binding.name.range, {target});
      else diags_.report(Diag::AssignToNonState, u.binding.name.range, {target, p.name.name});
      continue;
    }
    if (auto [it, fresh] = assigned.emplace(target, u.binding.range); !fresh) {
      auto* d = diags_.report(Diag::StateUpdatedTwice, u.binding.name.range, {target});
      DiagEngine::note(d, Diag::FirstUpdatedHere, it->second);
      continue;
    }
    ExprPtr v = expr(*u.binding.value, step);
    auto& info = model_.states[st->second];
    if (!v->type.isError() && !info.type.isError()) {
      if (!v->type.isReal() || v->type.dim != info.type.dim) {
        auto* d = diags_.report(Diag::StateUpdateWrongUnit, u.binding.value->range,
                                {target, unitName(v->type), unitName(info.type)});
        DiagEngine::note(d, Diag::StateDeclaredHere, info.range);
        continue;
      }
    }
    info.update = std::move(v);
    info.updateRange = u.binding.range;
  }
  if (p.forward) {
    // forward(tau) = E_t[value at t + tau]: the process's state and arguments now, tau a time.
    Scope fs;
    fs.ctx = Ctx::ProcValue;
    fs.inst = &in;
    Type tt = Type::real(Dim::base(kTime));
    ExprPtr tau = ir::makeLeaf(Op::Tau, 0, tt, Variability::Step, p.forwardHorizon.range);
    fs.locals[p.forwardHorizon.name] = tau.get();
    ExprPtr f = expr(*p.forward, fs);
    if (!f->type.isError() && !in.value->type.isError() && (!f->type.isReal() || f->type.dim != in.value->type.dim)) {
      diags_.report(Diag::ForwardWrongUnit, p.forward->range,
                    {p.forwardHorizon.name, unitName(f->type), unitName(in.value->type)});
    } else if (in.index < model_.instances.size() && !f->type.isError()) {
      model_.instances[in.index].forward = std::move(f);
    }
  }
}

void Elaborator::instances(const ast::ScenarioDecl& s) {
  for (const auto& d : s.instances) {
    auto it = globals_.processes.find(d.process.name);
    if (it == globals_.processes.end()) {
      std::vector<std::string> known;
      for (const auto& [n, pr] : globals_.processes) known.push_back(n);
      std::string hint = sitrt::didYouMean(d.process.name, known);
      if (hint.empty()) hint = importHint(program_, d.process.name);
      if (globals_.fns.count(d.process.name)) diags_.report(Diag::FunctionNotProcess, d.process.range, {d.process.name});
      else diags_.report(Diag::UnknownProcess, d.process.range, {d.process.name, hint.empty() ? " (is an import missing?)" : hint});
      continue;
    }
    if (instanceByName_.count(d.name.name) || paramByName_.count(d.name.name) || units_.find(d.name.name) ||
        isBuiltinName(d.name.name)) {
      diags_.report(Diag::AlreadyDeclared, d.name.range, {d.name.name});
      continue;
    }
    auto in = std::make_unique<Instance>();
    in->decl = &d;
    in->proc = it->second;
    in->index = static_cast<uint32_t>(model_.instances.size());
    size_t np = in->proc->params.size();
    in->args.assign(np, nullptr);
    in->argValue.resize(np);
    in->argBusy.assign(np, false);
    size_t pos = 0;
    std::set<std::string> misspelt;  // parameters a misspelt argument name was probably meant for
    for (const auto& a : d.args) {
      size_t idx = np;
      if (a.name.name.empty()) {
        idx = pos++;
        if (idx >= np) {
          auto* diag = diags_.report(Diag::TooManyArguments, a.value->range, {d.process.name, std::to_string(np)});
          DiagEngine::note(diag, Diag::DeclaredHere, in->proc->name.range, {d.process.name});
          continue;
        }
      } else {
        for (size_t i = 0; i < np; ++i)
          if (in->proc->params[i].name.name == a.name.name) idx = i;
        if (idx == np) {
          std::vector<std::string> names;
          for (const auto& p : in->proc->params) names.push_back(p.name.name);
          auto match = sitrt::closestMatch(a.name.name, names);
          auto* diag = diags_.report(Diag::NoSuchParameter, a.name.range,
                                     {d.process.name, a.name.name, match ? " (did you mean '" + *match + "'?)" : ""});
          DiagEngine::note(diag, Diag::DeclaredHere, in->proc->name.range, {d.process.name});
          if (match) misspelt.insert(*match);  // one error for a typo, not a second "missing argument"
          continue;
        }
      }
      if (in->args[idx]) {
        diags_.report(Diag::ParameterGivenTwice, a.value->range, {in->proc->params[idx].name.name});
        continue;
      }
      in->args[idx] = a.value.get();
    }
    for (size_t i = 0; i < np; ++i)
      if (!in->args[i] && in->proc->params[i].defaultValue) in->args[i] = in->proc->params[i].defaultValue.get();
    for (size_t i = 0; i < np; ++i)
      if (!in->args[i] && !misspelt.count(in->proc->params[i].name.name)) {
        auto* diag = diags_.report(Diag::MissingArgument, d.range, {in->proc->params[i].name.name, d.process.name});
        DiagEngine::note(diag, Diag::ParameterDeclaredHere, in->proc->params[i].name.range);
      }
    model_.instances.push_back({d.name.name, d.process.name, 0, -1, nullptr, d.range});
    instanceByName_[d.name.name] = in.get();
    instances_.push_back(std::move(in));
  }
  for (auto& in : instances_) instanceBody(*in);
  for (auto& in : instances_) {  // each instance's value and states, for --series
    if (!in->value || in->value->type.isError()) continue;
    Type t = in->value->type;
    model_.observables.push_back({in->decl->name.name, copy(*in->value, in->decl->range), t});
    for (const auto& [name, idx] : in->states)
      model_.observables.push_back({model_.states[idx].name,
                                    ir::makeLeaf(Op::State, idx, model_.states[idx].type, Variability::Step, in->decl->range),
                                    model_.states[idx].type});
  }
}

}  // namespace sitc::sema
