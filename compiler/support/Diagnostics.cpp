#include "support/Diagnostics.h"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

#include "support/Utf8.h"

namespace sitc {

namespace {
struct WarningInfo {
  const char* name;
  const char* what;
};
constexpr WarningInfo kWarnings[] = {
#define SITC_WARNING(id, name, what) {name, what},
#include "support/Warnings.def"
};
}  // namespace

const char* warningName(Warning w) { return kWarnings[static_cast<size_t>(w)].name; }
const char* warningDescription(Warning w) { return kWarnings[static_cast<size_t>(w)].what; }
std::optional<Warning> warningByName(const std::string& name) {
  for (size_t i = 0; i < kNumWarnings; ++i)
    if (name == kWarnings[i].name) return static_cast<Warning>(i);
  return std::nullopt;
}

namespace {
constexpr DiagKindInfo kDiags[] = {
#define SITC_DIAG(kind, severity, format) {#kind, Severity::severity, format, std::nullopt},
#define SITC_WARN(kind, format) {#kind, Severity::Warning, format, Warning::kind},
#include "support/Diagnostics.def"
};

// SITC_DIAG_LOG=FILE: every kind reported is appended to FILE, one name per line, so the test suite can show which
// kinds no test produces (test/diagnostics_coverage.py). One write per line: concurrent tests do not interleave.
void logKind(Diag k) {
  static const char* path = std::getenv("SITC_DIAG_LOG");
  if (!path || !*path) return;
  int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  std::string line = std::string(diagInfo(k).name) + "\n";
  (void)!::write(fd, line.data(), line.size());
  ::close(fd);
}
}  // namespace

const DiagKindInfo& diagInfo(Diag k) { return kDiags[static_cast<size_t>(k)]; }

std::optional<Diag> diagByName(const std::string& name) {
  for (size_t i = 0; i < kNumDiags; ++i)
    if (name == kDiags[i].name) return static_cast<Diag>(i);
  return std::nullopt;
}

std::string formatDiag(Diag k, const std::vector<std::string>& args) {
  std::string out;
  for (const char* p = diagInfo(k).format; *p; ++p) {
    if (p[0] == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}') {
      size_t i = static_cast<size_t>(p[1] - '0');
      out += i < args.size() ? args[i] : std::string("{?}");  // a missing argument shows, rather than crash
      p += 2;
      continue;
    }
    out += *p;
  }
  return out;
}

Diagnostic* DiagEngine::report(Diag k, const SourceRange& r, std::vector<std::string> args) {
  const DiagKindInfo& info = diagInfo(k);
  if (info.warning && disabled_[static_cast<size_t>(*info.warning)]) return nullptr;
  Diagnostic* d = add(k, r, formatDiag(k, args));
  if (d) d->warning = info.warning;
  return d;
}

void DiagEngine::note(Diagnostic* d, Diag k, const SourceRange& r, std::vector<std::string> args) {
  if (!d) return;
  logKind(k);
  d->notes.push_back({Severity::Note, r, formatDiag(k, args), {}, {}, k});
}

void DiagEngine::pushContext(Diag k, const SourceRange& r, std::vector<std::string> args) {
  context_.push_back({Severity::Note, r, formatDiag(k, args), {}, {}, k});
}

Diagnostic* DiagEngine::add(Diag k, const SourceRange& r, std::string msg) {
  Severity s = diagInfo(k).severity;
  logKind(k);
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
  diags_.push_back({s, r, std::move(msg), {}, {}, k});
  // Innermost context first. A deep chain of calls (f40 calls f39 calls ...) shows its innermost and outermost
  // few, not hundreds of notes.
  constexpr size_t kEnds = 3;
  std::vector<Diagnostic> notes;
  for (auto it = context_.rbegin(); it != context_.rend(); ++it)
    if (it->range.file != r.file || it->range.begin.line != r.begin.line) notes.push_back(*it);
  for (size_t i = 0; i < notes.size(); ++i) {
    if (notes.size() > 2 * kEnds + 1 && i == kEnds) {
      size_t skipped = notes.size() - 2 * kEnds;
      diags_.back().notes.push_back(
          {Severity::Note, {}, formatDiag(Diag::MoreContexts, {std::to_string(skipped)}), {}, {}, Diag::MoreContexts});
      logKind(Diag::MoreContexts);
      i += skipped - 1;
      continue;
    }
    logKind(*notes[i].kind);
    diags_.back().notes.push_back(std::move(notes[i]));
  }
  return &diags_.back();
}

// The source line as display glyphs, one per code point: control characters and malformed UTF-8 become '?', so a
// diagnostic never writes raw binary to the terminal.
static std::vector<std::string> glyphs(std::string_view line) {
  std::vector<std::string> out;
  for (size_t i = 0; i < line.size();) {
    size_t len = utf8SequenceLength(line, i);
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (!len || (len == 1 && c != '\t' && (c < 0x20 || c == 0x7F))) {
      out.push_back("?");
      i += len ? len : 1;
      continue;
    }
    out.push_back(std::string(line.substr(i, len)));
    i += len;
  }
  return out;
}

// A message or file name as printed: control characters and bytes of malformed UTF-8 (which can come from the
// input, as in "unexpected character '\x1b'") are written as \xNN, so a diagnostic cannot drive the terminal.
static std::string printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8SequenceLength(s, i);
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!len || (len == 1 && (c < 0x20 || c == 0x7F))) {
      char hex[5];
      snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

// ANSI styles, as clang draws them: the location and message in bold, the severity in its colour, the caret green.
struct Ansi {
  const char *bold = "", *reset = "", *green = "";
  explicit Ansi(RenderStyle st) {
    if (st.color) bold = "\033[1m", reset = "\033[0m", green = "\033[1;32m";
  }
  const char* severity(const char* label, RenderStyle st) const {
    if (!st.color) return "";
    std::string_view l = label;
    return l == "error" ? "\033[1;31m" : l == "warning" ? "\033[1;35m" : "\033[1;36m";
  }
};

static void renderOne(std::string& out, const SourceManager& sm, const Diagnostic& d, const char* label,
                      RenderStyle style, const char* suffix = "") {
  Ansi a(style);
  out += a.bold;
  if (d.range.valid()) {
    out += printable(sm.name(d.range.file)) + ":" + std::to_string(d.range.begin.line) + ":" +
           std::to_string(d.range.begin.col) + ": ";
  } else {
    out += "sitc: ";
  }
  out += a.severity(label, style);
  out += label;
  out += ": ";
  out += a.reset;
  out += a.bold;
  out += printable(d.message);
  out += suffix;
  out += a.reset;
  out += "\n";
  if (!d.range.valid()) return;
  constexpr size_t kWidth = 120;  // long lines are shown as a window around the caret
  std::vector<std::string> g = glyphs(sm.line(d.range.file, d.range.begin.line));
  size_t caret = d.range.begin.col - 1;
  size_t endCol = d.range.end.line == d.range.begin.line ? std::max<size_t>(d.range.end.col - 1, caret + 1) : g.size();
  size_t from = 0, to = g.size();
  if (g.size() > kWidth) {
    from = caret > kWidth / 2 ? caret - kWidth / 2 : 0;
    to = std::min(g.size(), from + kWidth);
  }
  std::string text = from > 0 ? "..." : "", marks = from > 0 ? "   " : "";
  for (size_t i = from; i < to; ++i) text += g[i];
  if (to < g.size()) text += "...";
  for (size_t i = from; i < std::max(to, caret + 1); ++i) {
    if (i < caret) marks += i < g.size() && g[i] == "\t" ? '\t' : ' ';
    else if (i == caret) marks += '^';
    else if (i < endCol && i < to) marks += '~';
  }
  out += text + "\n" + a.green + marks + a.reset + "\n";
}

void renderDiagnostic(std::string& out, const SourceManager& sm, const Diagnostic& d, bool warningsAsErrors,
                      RenderStyle style) {
  const char* label = d.severity == Severity::Error     ? "error"
                      : d.severity == Severity::Warning ? (warningsAsErrors ? "error" : "warning")
                                                        : "note";
  std::string suffix;
  if (d.warning) suffix = std::string(warningsAsErrors ? " [-Werror,-W" : " [-W") + warningName(*d.warning) + "]";
  renderOne(out, sm, d, label, style, suffix.c_str());
  for (const auto& n : d.notes) renderOne(out, sm, n, "note", style);
}

std::string renderAll(const SourceManager& sm, const DiagEngine& diags, RenderStyle style) {
  std::string out;
  for (const auto& d : diags.all()) renderDiagnostic(out, sm, d, diags.warningsAsErrors(), style);
  size_t errors = diags.errorCount() + (diags.warningsAsErrors() ? diags.warningCount() : 0);
  size_t warnings = diags.warningsAsErrors() ? 0 : diags.warningCount();
  if (diags.limitReached()) out += "sitc: fatal error: too many errors emitted, stopping now\n";
  if (warnings) out += std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") + (errors ? " and " : " generated.\n");
  if (errors) out += std::to_string(errors) + (errors == 1 ? " error" : " errors") + " generated.\n";
  return out;
}

}  // namespace sitc
