// Internal to the frontend: parse tree -> AST.
#pragma once
#include <memory>

#include "SitParser.h"
#include "ast/Ast.h"
#include "support/Diagnostics.h"

namespace sitc::frontend {
// Builds the AST of a parse tree that had no syntax errors. Reports (and returns null for) expressions nested
// deeper than later stages can walk.
std::unique_ptr<ast::Module> buildAst(sitparser::SitParser::FileContext* tree, uint32_t file, std::string name,
                                      DiagEngine& diags);
}  // namespace sitc::frontend
