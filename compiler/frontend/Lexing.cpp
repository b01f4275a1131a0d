#include "frontend/Lexing.h"

#include <regex>

#include "support/Utf8.h"
#include "sitrt/limits.h"

namespace sitc::frontend {

// Deeper bracket nesting than this is refused before parsing: the ANTLR parser recurses once per level.
using sitrt::limits::kMaxBracketNesting;

static uint32_t codePoints(const std::string& s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

SourceRange tokenRange(uint32_t file, const antlr4::Token* t) {
  SourceRange r;
  r.file = file;
  r.begin = {static_cast<uint32_t>(t->getLine()), static_cast<uint32_t>(t->getCharPositionInLine() + 1)};
  uint32_t len = t->getType() == antlr4::Token::EOF ? 1 : std::max<uint32_t>(1, codePoints(t->getText()));
  r.end = {r.begin.line, r.begin.col + len};
  return r;
}

// ANTLR's messages name tokens by their grammar symbols; say what a user would call them.
static std::string friendly(std::string msg) {
  static const std::pair<std::regex, const char*> rewrites[] = {
      {std::regex("^extraneous input (.*) expecting (.*)$"), "unexpected $1, expected $2"},
      {std::regex("^mismatched input (.*) expecting (.*)$"), "unexpected $1, expected $2"},
      {std::regex("^no viable alternative at input (.*)$"), "syntax error at $1"},
      {std::regex("^missing (.*) at (.*)$"), "missing $1 before $2"},
      {std::regex("^token recognition error at: (.*)$"), "unexpected character $1"},
      {std::regex("\\bID\\b"), "identifier"},
      {std::regex("\\bNUMBER\\b"), "number"},
      {std::regex("\\bSTRING\\b"), "string"},
      {std::regex("'<EOF>'|<EOF>"), "end of file"},
  };
  for (const auto& [re, repl] : rewrites) msg = std::regex_replace(msg, re, repl);
  return msg;
}

void DiagListener::syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t line, size_t charPos,
                               const std::string& msg, std::exception_ptr) {
  SourceRange r;
  if (offending) {
    r = tokenRange(file_, offending);
  } else {
    r.file = file_;
    r.begin = {static_cast<uint32_t>(line), static_cast<uint32_t>(charPos + 1)};
    r.end = {r.begin.line, r.begin.col + 1};
  }
  diags_.report(Diag::SyntaxError, r, {friendly(msg)});
  if (diags_.limitReached()) throw TooManyErrors{};
}

static SourceRange offsetRange(const SourceManager& sm, uint32_t file, size_t offset) {
  const std::string& text = sm.text(file);
  uint32_t line = 1;
  size_t lineStart = 0;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') ++line, lineStart = i + 1;
  uint32_t col = 1 + codePoints(text.substr(lineStart, offset - lineStart));
  return {file, {line, col}, {line, col + 1}};
}

bool lexFile(const SourceManager& sm, uint32_t file, DiagEngine& diags, LexedFile& out) {
  const std::string& text = sm.text(file);
  // The ANTLR 4.9 input stream throws on malformed UTF-8: check first and say where.
  if (auto bad = findInvalidUtf8(text)) {
    char hex[8];
    snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[*bad]));
    diags.report(Diag::InvalidUtf8, offsetRange(sm, file, *bad), {hex});
    return false;
  }
  try {
    out.input = std::make_unique<antlr4::ANTLRInputStream>(text);
  } catch (const std::exception& e) {
    diags.report(Diag::InternalUnreadableText, {file, {1, 1}, {1, 2}}, {e.what()});
    return false;
  }
  out.input->name = sm.name(file);
  out.lexer = std::make_unique<sitparser::SitLexer>(out.input.get());
  out.listener = std::make_unique<DiagListener>(diags, file);
  out.lexer->removeErrorListeners();
  out.lexer->addErrorListener(out.listener.get());
  out.tokens = std::make_unique<antlr4::CommonTokenStream>(out.lexer.get());
  out.tokens->fill();

  size_t depth = 0;
  for (antlr4::Token* t : out.tokens->getTokens()) {
    switch (t->getType()) {
      case sitparser::SitLexer::UNTERMINATED_COMMENT:
        diags.report(Diag::UnterminatedComment, tokenRange(file, t));
        break;
      case sitparser::SitLexer::UNTERMINATED_STRING:
        diags.report(Diag::UnterminatedString, tokenRange(file, t));
        break;
      default: {
        const std::string s = t->getText();
        if (s == "(" || s == "[" || s == "{") {
          if (++depth > static_cast<size_t>(kMaxBracketNesting)) {
            diags.report(Diag::BracketsTooDeep, tokenRange(file, t), {std::to_string(kMaxBracketNesting)});
            return false;
          }
        } else if ((s == ")" || s == "]" || s == "}") && depth > 0) {
          --depth;
        }
      }
    }
  }
  return true;
}

}  // namespace sitc::frontend
