// A program: the user's spec plus every module it imports, and the global names they declare.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ast/Ast.h"
#include "support/Diagnostics.h"

namespace sitc::sema {

struct LoadOptions {
  std::string stdlibDir;                 // holds std/processes.sit for `import std.processes;`
  std::vector<std::string> searchPath;   // -I directories; the spec's own directory is searched too
};

struct Program {
  std::vector<std::unique_ptr<ast::Module>> modules;  // [0] is the user's file, then imports in load order
  std::string stdlibDir;                              // where `import std...` looked
};

// Loads and parses, transitively, every module the parsed spec out.modules[0] imports (Imports.cpp). Returns
// false when one cannot be found or read or has errors (all reported).
bool loadImports(SourceManager& sm, const LoadOptions& opt, DiagEngine& diags, Program& out);

// For an unknown name: " (module 'std' declares it: add 'import std;')" when a standard-library module that was
// not imported declares a contract, process, function or unit of that name; "" otherwise.
std::string importHint(const Program& p, const std::string& name);

// Global declarations visible everywhere (imports are flat: an imported module's names are the importer's).
struct Globals {
  std::map<std::string, const ast::UnitDecl*> units;
  std::map<std::string, const ast::FnDecl*> fns;
  std::map<std::string, const ast::ProcessDecl*> processes;
  std::map<std::string, const ast::ScenarioDecl*> scenarios;
  std::map<std::string, const ast::ContractDecl*> contracts;
  std::map<std::string, const ast::HedgeDecl*> hedges;
};

// Collects the globals, reporting duplicates and declarations that shadow built-ins (Globals.cpp).
Globals collectGlobals(const Program& p, DiagEngine& diags);

}  // namespace sitc::sema
