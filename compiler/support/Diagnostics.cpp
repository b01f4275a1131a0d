#include "support/Diagnostics.h"

#include <vector>

namespace sitc {

Diagnostic* DiagEngine::add(Severity s, const SourceRange& r, std::string msg) {
  // Process bodies are checked once per instance, so the same problem can be found more than once.
  for (auto& d : diags_)
    if (d.severity == s && d.range.file == r.file && d.range.begin.line == r.begin.line &&
        d.range.begin.col == r.begin.col && d.message == msg)
      return nullptr;
  if (s == Severity::Error) {
    if (errors_ >= errorLimit_) return nullptr;
    ++errors_;
  } else if (s == Severity::Warning) {
    ++warnings_;
  }
  diags_.push_back({s, r, std::move(msg), {}});
  return &diags_.back();
}

// Number of bytes in the UTF-8 sequence that starts with byte c (1 for stray continuation bytes).
static size_t utf8Len(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

static void renderOne(std::string& out, const SourceManager& sm, const Diagnostic& d, const char* label) {
  if (d.range.valid()) {
    out += sm.name(d.range.file) + ":" + std::to_string(d.range.begin.line) + ":" +
           std::to_string(d.range.begin.col) + ": ";
  } else {
    out += "sitc: ";
  }
  out += label;
  out += ": ";
  out += d.message;
  out += "\n";
  if (!d.range.valid()) return;
  std::string_view line = sm.line(d.range.file, d.range.begin.line);
  out += line;
  out += "\n";
  // Caret line: walk the source line by code points, keeping tabs so the caret lines up.
  uint32_t endCol = d.range.end.line == d.range.begin.line ? d.range.end.col : 0;
  uint32_t col = 1;
  std::string caret;
  for (size_t i = 0; i < line.size(); i += utf8Len(static_cast<unsigned char>(line[i])), ++col) {
    if (col < d.range.begin.col) {
      caret += line[i] == '\t' ? '\t' : ' ';
    } else if (col == d.range.begin.col) {
      caret += '^';
    } else if (endCol == 0 ? false : col < endCol) {
      caret += '~';
    } else {
      break;
    }
  }
  if (col <= d.range.begin.col) {  // range starts at the end of the line (e.g. a missing ';' at end of file)
    caret.append(d.range.begin.col - col, ' ');
    caret += '^';
  }
  out += caret + "\n";
}

void renderDiagnostic(std::string& out, const SourceManager& sm, const Diagnostic& d, bool warningsAsErrors) {
  const char* label = d.severity == Severity::Error     ? "error"
                      : d.severity == Severity::Warning ? (warningsAsErrors ? "error" : "warning")
                                                        : "note";
  renderOne(out, sm, d, label);
  for (const auto& n : d.notes) renderOne(out, sm, n, "note");
}

std::string renderAll(const SourceManager& sm, const DiagEngine& diags) {
  std::string out;
  for (const auto& d : diags.all()) renderDiagnostic(out, sm, d, diags.warningsAsErrors());
  size_t errors = diags.errorCount() + (diags.warningsAsErrors() ? diags.warningCount() : 0);
  size_t warnings = diags.warningsAsErrors() ? 0 : diags.warningCount();
  if (diags.limitReached()) out += "sitc: fatal error: too many errors emitted, stopping now\n";
  if (warnings) out += std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") + (errors ? " and " : " generated.\n");
  if (errors) out += std::to_string(errors) + (errors == 1 ? " error" : " errors") + " generated.\n";
  return out;
}

}  // namespace sitc
