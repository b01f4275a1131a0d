// The frontend: .sit text -> tokens -> parse tree -> AST. ANTLR types stay behind this header.
#pragma once
#include <memory>
#include <string>

#include "ast/Ast.h"
#include "support/Diagnostics.h"

namespace sitc::frontend {

// Parses one file. Returns null when it has lexical or syntax errors (all of them are reported to `diags`).
std::unique_ptr<ast::Module> parseModule(const SourceManager& sm, uint32_t file, std::string moduleName,
                                         DiagEngine& diags);

// --emit=tokens: one token per line as `line:col KIND 'text'`.
std::string dumpTokens(const SourceManager& sm, uint32_t file, DiagEngine& diags);

}  // namespace sitc::frontend
