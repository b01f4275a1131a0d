// Internal to the frontend: running the ANTLR lexer with our error reporting.
#pragma once
#include <memory>

#include "SitLexer.h"
#include "antlr4-runtime.h"
#include "support/Diagnostics.h"

namespace sitc::frontend {

// Thrown from the error listener once the error limit is reached, to stop ANTLR's recovery early.
struct TooManyErrors {};

// Turns ANTLR's lexer and parser errors into diagnostics with 1-based columns and friendlier token names.
class DiagListener : public antlr4::BaseErrorListener {
 public:
  DiagListener(DiagEngine& diags, uint32_t file) : diags_(diags), file_(file) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t charPos,
                   const std::string& msg, std::exception_ptr e) override;

 private:
  DiagEngine& diags_;
  uint32_t file_;
};

struct LexedFile {
  std::unique_ptr<antlr4::ANTLRInputStream> input;
  std::unique_ptr<sitparser::SitLexer> lexer;
  std::unique_ptr<antlr4::CommonTokenStream> tokens;
  std::unique_ptr<DiagListener> listener;
};

// Lexes the whole file. Returns false (with diagnostics) when the text cannot be handed to a parser at all:
// malformed UTF-8 or brackets nested deeper than the parser can take. Unterminated comments and strings are
// reported here but lexing still succeeds.
bool lexFile(const SourceManager& sm, uint32_t file, DiagEngine& diags, LexedFile& out);

// The source range of a token (same line; the column counted in code points).
SourceRange tokenRange(uint32_t file, const antlr4::Token* t);

}  // namespace sitc::frontend
