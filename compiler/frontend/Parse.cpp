#include "frontend/Parse.h"

#include "SitParser.h"
#include "frontend/AstBuilder.h"
#include "frontend/Lexing.h"

namespace sitc::frontend {

std::unique_ptr<ast::Module> parseModule(const SourceManager& sm, uint32_t file, std::string moduleName,
                                         DiagEngine& diags) {
  size_t errorsBefore = diags.errorCount();
  LexedFile lexed;
  try {
    if (!lexFile(sm, file, diags, lexed)) return nullptr;
    sitparser::SitParser parser(lexed.tokens.get());
    parser.removeErrorListeners();
    parser.addErrorListener(lexed.listener.get());
    auto* tree = parser.file();
    if (diags.errorCount() != errorsBefore) return nullptr;
    return buildAst(tree, file, std::move(moduleName), diags);
  } catch (const TooManyErrors&) {
    return nullptr;
  }
}

std::string dumpTokens(const SourceManager& sm, uint32_t file, DiagEngine& diags) {
  LexedFile lexed;
  std::string out;
  try {
    if (!lexFile(sm, file, diags, lexed)) return out;
  } catch (const TooManyErrors&) {
    return out;
  }
  const auto& vocab = lexed.lexer->getVocabulary();
  for (antlr4::Token* t : lexed.tokens->getTokens()) {
    std::string kind = t->getType() == antlr4::Token::EOF ? "EOF" : vocab.getSymbolicName(t->getType());
    if (kind.empty()) kind = "PUNCT";
    out += std::to_string(t->getLine()) + ":" + std::to_string(t->getCharPositionInLine() + 1) + " " + kind;
    if (t->getType() != antlr4::Token::EOF) out += " '" + t->getText() + "'";
    out += "\n";
  }
  return out;
}

}  // namespace sitc::frontend
