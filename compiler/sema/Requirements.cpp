// A process's `require` conditions (`require kappa > 0/yr;`), checked for each instance with its arguments.
//
// A condition of constant arguments is decided here. One of `param`s is decided here with the params' defaults
// and kept in the model, so that a run checks it again with the values `--set` gives before it starts. One of
// arguments that change along a path (an expression of other instances) is not checked before the run; the
// run-time checks catch the NaN it leads to and name the operation (docs/language.md section 4.2).
#include <algorithm>
#include <functional>
#include <optional>

#include "sema/Elaborator.h"

namespace sitc::sema {

using ir::ExprPtr;

namespace {

// The value of a Param-variability expression with every param at its default.
std::optional<double> withDefaults(const ir::Expr& e, const std::vector<ir::ParamInfo>& params) {
  return ir::evaluate(e, [&](const ir::Expr& leaf) -> std::optional<double> {
    if (leaf.op == ir::Op::Param && leaf.index < params.size()) return params[leaf.index].value;
    return std::nullopt;
  });
}

}  // namespace

bool Elaborator::requirements(Instance& in) {
  const ast::ProcessDecl& p = *in.proc;
  bool met = true;
  for (const auto& req : p.requirements) {
    Scope sc;
    sc.ctx = Ctx::ProcRequire;
    sc.inst = &in;
    ExprPtr cond;
    {
      InstanceContext ctx(diags_, in, !checkingDecls_);  // a mistake in the condition is the process's
      cond = expr(*req, sc);
      if (cond->type.isReal())
        diags_.report(Diag::RequirementNotACondition, req->range, {unitName(cond->type)});
    }
    if (!cond->type.isBool() || checkingDecls_) continue;
    // Name the parameters it uses; blame the first one the caller gave, else the instance (all defaults).
    std::vector<std::string> names;
    const ast::Expr* given = nullptr;
    std::function<void(const ast::Expr&)> collect = [&](const ast::Expr& e) {
      if (e.kind == ast::ExprKind::Name && e.member.name.empty())
        for (size_t j = 0; j < p.params.size(); ++j)
          if (p.params[j].name.name == e.name.name) {
            if (std::find(names.begin(), names.end(), e.name.name) == names.end()) names.push_back(e.name.name);
            if (!given && in.args[j] && in.args[j] != p.params[j].defaultValue.get()) given = in.args[j];
          }
      for (const auto& a : e.args) collect(*a.value);
      for (const auto& k : e.kids) collect(*k);
    };
    collect(*req);
    std::string subject = names.size() == 1 ? "argument" : "arguments";
    for (size_t i = 0; i < names.size(); ++i) subject += (i ? ", '" : " '") + names[i] + "'";
    // {0} of '{1}' must satisfy '{2}' (a requirement of process '{3}'){4}: {4} says why it is broken, when not plain
    std::vector<std::string> args = {subject, in.decl->name.name, sm_.text(req->range), p.name.name, ""};
    SourceRange at = given ? given->range : in.decl->range;
    if (cond->var > Variability::Param) continue;  // known only along a path: see the file comment
    std::optional<double> holds = withDefaults(*cond, model_.params);
    if (holds && *holds == 0) {
      if (cond->var == Variability::Param) args[4] = ", which it does not with the params' defaults";
      auto* d = diags_.report(Diag::RequirementBroken, at, args);
      DiagEngine::note(d, Diag::RequiredHere, req->range);
      met = false;
      continue;
    }
    if (cond->var == Variability::Param)  // the runtime adds why, with the --set that breaks it
      model_.requirements.push_back({std::move(cond), formatDiag(Diag::RequirementBroken, args), at});
  }
  return met;
}

}  // namespace sitc::sema
