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
    auto* d = diags_.error(use, "argument '" + param.name.name + "' of '" + in.decl->name.name +
                                    "' depends on itself");
    DiagEngine::note(d, in.args[p] ? in.args[p]->range : in.decl->range, "the argument is given here");
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
      auto* d = diags_.error(in.args[p]->range, "argument '" + param.name.name + "' of '" + in.decl->name.name +
                                                    "' is " + unitName(v->type) + ", but process '" +
                                                    in.proc->name.name + "' expects " + unitName(want->type) + how);
      for (size_t j : refs) DiagEngine::note(d, in.args[j]->range, "'" + in.proc->params[j].name.name + "' is given here");
      if (refs.empty()) DiagEngine::note(d, param.unit->range, "the expected unit is declared here");
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
    diags_.error(params[p].unit->range, "a parameter's unit must be a constant");
    return error();
  }
  return v;
}

void Elaborator::instanceHeader(Instance& in) {
  if (in.header == Instance::Done) return;
  if (in.header == Instance::Busy) {
    diags_.error(in.decl->name.range, "the initial value of '" + in.decl->name.name + "' depends on itself");
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
      diags_.error(st.name.range, "'" + st.name.name + "' is already declared in process '" + p.name.name + "'");
      continue;
    }
    ExprPtr v = expr(*st.value, init);
    if (v->type.isBool()) {
      diags_.error(st.value->range, "a state variable must be a number");
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
    diags_.error(p.name.range, "process '" + p.name.name + "' has " + std::to_string(p.states.size()) +
                                   " state variables; say which value it has with 'value = ...;'");
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
      diags_.error(b.name.range, "'" + b.name.name + "' is already declared in process '" + p.name.name + "'");
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
      diags_.error(u.binding.name.range, isParam ? "cannot assign to parameter '" + target + "'"
                                                 : "'" + target + "' is not a state variable of process '" +
                                                       p.name.name + "' (declare it with 'state " + target + " = ...;')");
      continue;
    }
    if (auto [it, fresh] = assigned.emplace(target, u.binding.range); !fresh) {
      auto* d = diags_.error(u.binding.name.range, "state '" + target + "' is updated twice");
      DiagEngine::note(d, it->second, "first updated here");
      continue;
    }
    ExprPtr v = expr(*u.binding.value, step);
    auto& info = model_.states[st->second];
    if (!v->type.isError() && !info.type.isError()) {
      if (!v->type.isReal() || v->type.dim != info.type.dim) {
        auto* d = diags_.error(u.binding.value->range, "the new value of '" + target + "' is " + unitName(v->type) +
                                                           ", but the state is " + unitName(info.type));
        DiagEngine::note(d, info.range, "the state is declared here");
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
      diags_.error(p.forward->range, "forward(" + p.forwardHorizon.name + ") is " + unitName(f->type) +
                                         ", but the process value is " + unitName(in.value->type));
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
      diags_.error(d.process.range, globals_.fns.count(d.process.name)
                                        ? "'" + d.process.name + "' is a function, not a process"
                                        : "unknown process '" + d.process.name + "'" +
                                              (hint.empty() ? " (is an import missing?)" : hint));
      continue;
    }
    if (instanceByName_.count(d.name.name) || paramByName_.count(d.name.name) || units_.find(d.name.name) ||
        isBuiltinName(d.name.name)) {
      diags_.error(d.name.range, "'" + d.name.name + "' is already declared");
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
          auto* diag = diags_.error(a.value->range, "too many arguments: process '" + d.process.name + "' takes " +
                                                        std::to_string(np));
          DiagEngine::note(diag, in->proc->name.range, "'" + d.process.name + "' is declared here");
          continue;
        }
      } else {
        for (size_t i = 0; i < np; ++i)
          if (in->proc->params[i].name.name == a.name.name) idx = i;
        if (idx == np) {
          std::vector<std::string> names;
          for (const auto& p : in->proc->params) names.push_back(p.name.name);
          auto match = sitrt::closestMatch(a.name.name, names);
          auto* diag = diags_.error(a.name.range, "process '" + d.process.name + "' has no parameter '" +
                                                      a.name.name + "'" +
                                                      (match ? " (did you mean '" + *match + "'?)" : ""));
          DiagEngine::note(diag, in->proc->name.range, "'" + d.process.name + "' is declared here");
          if (match) misspelt.insert(*match);  // one error for a typo, not a second "missing argument"
          continue;
        }
      }
      if (in->args[idx]) {
        diags_.error(a.value->range, "parameter '" + in->proc->params[idx].name.name + "' is given twice");
        continue;
      }
      in->args[idx] = a.value.get();
    }
    for (size_t i = 0; i < np; ++i)
      if (!in->args[i] && in->proc->params[i].defaultValue) in->args[i] = in->proc->params[i].defaultValue.get();
    for (size_t i = 0; i < np; ++i)
      if (!in->args[i] && !misspelt.count(in->proc->params[i].name.name)) {
        auto* diag = diags_.error(d.range, "missing argument '" + in->proc->params[i].name.name + "' for process '" +
                                               d.process.name + "'");
        DiagEngine::note(diag, in->proc->params[i].name.range, "the parameter is declared here");
      }
    model_.instances.push_back({d.name.name, d.process.name, 0, -1, nullptr, d.range});
    instanceByName_[d.name.name] = in.get();
    instances_.push_back(std::move(in));
  }
  for (auto& in : instances_) instanceBody(*in);
}

}  // namespace sitc::sema
