// The abstract syntax tree: what the spec says, with source ranges, and nothing from ANTLR.
// Expressions are one tagged node type: the language is small and a single node keeps walkers short.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "support/Source.h"

namespace sitc::ast {

struct Ident {
  std::string name;
  SourceRange range;
};

enum class ExprKind { Number, Bool, Name, Call, Unary, Binary, If, Percent, List, Index };
enum class UnOp { Neg, Plus, Not };
enum class BinOp { Add, Sub, Mul, Div, Pow, Lt, Le, Gt, Ge, Eq, Ne, And, Or };
const char* spelling(UnOp op);
const char* spelling(BinOp op);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Arg {
  Ident name;  // empty for a positional argument
  ExprPtr value;
};

struct Expr {
  ExprKind kind;
  SourceRange range;
  double number = 0;  // Number: the literal value; Bool: 0 or 1
  Ident unit;         // Number: the unit written after it (`36 month`), if any
  Ident name;         // Name / Call: the name (or callee)
  Ident member;       // Name: `inst.member`, if any
  UnOp unop = UnOp::Neg;
  BinOp binop = BinOp::Add;
  std::vector<Arg> args;       // Call
  std::vector<ExprPtr> kids;   // Unary/Percent: 1; Binary: 2; If: cond, then, else; List: the elements;
                               // Index: the value, the (1-based) window
};

struct Binding {  // `let x = e;`, `state x = e;`, `param x = e;`, `horizon = e;`
  Ident name;
  ExprPtr value;
  SourceRange range;
};

struct ImportDecl {
  std::vector<Ident> path;
  SourceRange range;
  std::string dotted() const;
};

struct UnitDecl {
  Ident name;
  ExprPtr definition;  // null: a new base dimension
  SourceRange range;
};

struct FnDecl {
  Ident name;
  std::vector<Ident> params;
  ExprPtr body;
  SourceRange range;
};

struct ProcParam {
  Ident name;
  ExprPtr unit;          // optional expected unit
  ExprPtr defaultValue;  // optional; used when an instance does not give the argument
};

struct UpdateStmt {
  bool isLet = false;
  Binding binding;
};

struct ProcessDecl {
  Ident name;
  std::vector<ProcParam> params;
  std::vector<Binding> states;
  std::vector<Binding> lets;          // process-level lets: evaluated at the start of every step
  std::vector<UpdateStmt> update;
  SourceRange updateRange;            // invalid when the process has no update block
  ExprPtr value;                      // null: the value is the only state variable
  Ident forwardHorizon;               // forward(tau) = ...
  ExprPtr forward;
  std::vector<ExprPtr> requirements;  // `require kappa > 0/yr;`: conditions on the parameters
  SourceRange range;
};

struct Instance {  // `TPI ~ mrjd(s0 = 1.5, ...);`
  Ident name;
  Ident process;
  std::vector<Arg> args;
  SourceRange range;
};

struct Correlation {  // `correlate(a, b) = 0.5;` or `correlation(a, b, c) = [[...], ...];`
  std::vector<Ident> names;
  ExprPtr value;
  bool matrix = false;
  SourceRange range;
};

struct ReportItem {
  std::string label;  // empty: printed from the expression
  ExprPtr expr;
  SourceRange range;
};

struct ReportDecl {
  std::vector<ReportItem> items;
  SourceRange range;
};

struct Term {  // contract and hedge terms: `size = 1000 Mtok;` or `margin { ... }`
  Ident name;
  ExprPtr value;             // null for a block
  std::vector<Term> block;
  SourceRange range;
};

struct ScenarioDecl {
  Ident name;
  std::vector<Instance> instances;
  std::vector<Binding> lets;
  std::vector<Binding> params;
  std::vector<Binding> settings;
  std::vector<Correlation> correlations;
  std::vector<ReportDecl> reports;
  SourceRange range;
};

struct ContractDecl {
  Ident name;
  std::vector<Term> terms;
  SourceRange range;
};

struct HedgeDecl {
  Ident name;
  Ident scenario;
  std::vector<Term> terms;
  std::vector<ReportDecl> reports;
  SourceRange range;
};

struct Module {
  std::string name;  // "main" for the user's file, "std.processes" for an import
  uint32_t file = 0;
  std::vector<ImportDecl> imports;
  std::vector<UnitDecl> units;
  std::vector<FnDecl> fns;
  std::vector<ProcessDecl> processes;
  std::vector<ScenarioDecl> scenarios;
  std::vector<ReportDecl> reports;
  std::vector<ContractDecl> contracts;
  std::vector<HedgeDecl> hedges;
};

// --emit=ast
std::string printModule(const Module& m);
std::string printExpr(const Expr& e);

}  // namespace sitc::ast
