// Collecting the global declarations (collectGlobals): one namespace for units, functions, processes, scenarios,
// contracts and hedges across the spec and its imports, with duplicates and shadowed built-ins reported.
#include "ir/Units.h"
#include "sema/Builtins.h"
#include "sema/Program.h"

namespace sitc::sema {

namespace {
struct Collector {
  DiagEngine& diags;
  const ast::Module* main;  // the user's file
  std::map<std::string, std::pair<SourceRange, const ast::Module*>> seen;

  // The user's file is collected first, so a clash with an import is found at the import's declaration; it is
  // reported at the user's (the one to rename), which stays declared.
  bool add(const ast::Ident& id, const char* what, const ast::Module& m) {
    if (isBuiltinName(id.name)) {
      diags.report(Diag::BuiltinNameDeclared, id.range, {what, id.name});
      return false;
    }
    auto [it, fresh] = seen.emplace(id.name, std::make_pair(id.range, &m));
    if (!fresh) {
      if (&m != main && it->second.second == main) {
        auto* d = diags.report(Diag::DeclaredByImport, it->second.first, {id.name, m.name});
        DiagEngine::note(d, Diag::ImportedDeclarationHere, id.range);
      } else {
        auto* d = diags.report(Diag::AlreadyDeclared, id.range, {id.name});
        DiagEngine::note(d, Diag::PreviousDeclarationHere, it->second.first);
      }
      return false;
    }
    return true;
  }
};
}  // namespace

Globals collectGlobals(const Program& p, DiagEngine& diags) {
  Globals g;
  Collector c{diags, p.modules.empty() ? nullptr : p.modules.front().get(), {}};
  for (const auto& m : p.modules) {
    for (const auto& u : m->units) {
      // Built-in units may be redeclared (a spec may say `unit Mtok = 1e6 token;`); sema checks the meaning agrees.
      if (UnitTable::isBuiltin(u.name.name) || c.add(u.name, "unit", *m)) g.units.emplace(u.name.name, &u);
    }
    for (const auto& f : m->fns)
      if (c.add(f.name, "function", *m)) g.fns.emplace(f.name.name, &f);
    for (const auto& pr : m->processes)
      if (c.add(pr.name, "process", *m)) g.processes.emplace(pr.name.name, &pr);
    for (const auto& s : m->scenarios)
      if (c.add(s.name, "scenario", *m)) g.scenarios.emplace(s.name.name, &s);
    for (const auto& k : m->contracts)
      if (c.add(k.name, "contract", *m)) g.contracts.emplace(k.name.name, &k);
    for (const auto& h : m->hedges)
      if (c.add(h.name, "hedge", *m)) g.hedges.emplace(h.name.name, &h);
  }
  return g;
}

}  // namespace sitc::sema
