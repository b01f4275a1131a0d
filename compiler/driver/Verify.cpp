#include "driver/Verify.h"

#include <cstring>
#include <iostream>
#include <iterator>
#include <optional>
#include <regex>

namespace sitc::driver {

namespace {
struct Expected {
  Severity severity;
  uint32_t line;
  std::string text;
  std::optional<Diag> kind;  // expected-error[Kind]: the diagnostic's kind must be this
  bool met = false;
};

const char* name(Severity s) { return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note"; }
}  // namespace

constexpr const char* kMalformed =
    ": malformed expectation (write expected-error{{text}}, expected-error[Kind], expected-note@+1{{text}} or @LINE)\n";

bool verifyDiagnostics(const Compilation& c) {
  std::vector<Expected> expected;
  // expected-error{{text}}, expected-error[Kind]{{text}}, expected-error[Kind], each with an optional @+N/@-N/@N.
  static const std::regex re(R"(expected-(error|warning|note)(\[(\w+)\])?(@([+-]?)(\d+))?(\s*\{\{(.*?)\}\})?)");
  const std::string& text = c.sm.text(c.mainFile);
  uint32_t line = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string l = text.substr(start, end - start);
    // An annotation this parser does not read (`expected-note@* {{...}}`) would check nothing: an error instead.
    size_t mentions = 0;
    for (size_t at = l.find("expected-"); at != std::string::npos; at = l.find("expected-", at + 1))
      for (const char* kind : {"error", "warning", "note"})
        mentions += l.compare(at + 9, std::strlen(kind), kind) == 0;
    if (mentions != static_cast<size_t>(std::distance(std::sregex_iterator(l.begin(), l.end(), re), std::sregex_iterator()))) {
      std::cerr << c.sm.name(c.mainFile) << ":" << line
                << kMalformed;
      return false;
    }
    // Each annotation says what it expects: a text, a kind, or both.
    for (std::sregex_iterator it(l.begin(), l.end(), re), stop; it != stop; ++it)
      if (!(*it)[3].matched && !(*it)[7].matched) {
        std::cerr << c.sm.name(c.mainFile) << ":" << line << kMalformed;
        return false;
      } else if ((*it)[3].matched && !diagByName((*it)[3])) {
        std::cerr << c.sm.name(c.mainFile) << ":" << line << ": unknown diagnostic kind '" << (*it)[3]
                  << "' (support/Diagnostics.def lists them)\n";
        return false;
      }
    for (std::sregex_iterator it(l.begin(), l.end(), re), stop; it != stop; ++it) {
      const auto& m = *it;
      Severity s = m[1] == "error" ? Severity::Error : m[1] == "warning" ? Severity::Warning : Severity::Note;
      int64_t target = line;
      if (m[4].matched) {
        int64_t n = std::stoll(m[6]);
        target = m[5] == "+" ? line + n : m[5] == "-" ? line - n : n;
      }
      std::optional<Diag> kind = m[3].matched ? diagByName(m[3]) : std::nullopt;
      expected.push_back({s, static_cast<uint32_t>(target), m[8], kind, false});
    }
    ++line;
    start = end + 1;
  }

  bool ok = true;
  auto match = [&](const Diagnostic& d, Severity sev) {
    uint32_t at = d.range.begin.line;
    if (d.range.file != c.mainFile) {
      if (sev == Severity::Note) return;  // notes may point into the standard library
      // A problem inside an imported definition counts where the spec uses it (its context note).
      const Diagnostic* use = nullptr;
      for (const auto& n : d.notes)
        if (n.range.file == c.mainFile && !use) use = &n;
      if (!use) {
        std::cerr << "unexpected " << name(sev) << " outside the file: " << d.message << "\n";
        ok = false;
        return;
      }
      at = use->range.begin.line;
    }
    for (auto& e : expected)
      if (!e.met && e.severity == sev && e.line == at && d.message.find(e.text) != std::string::npos &&
          (!e.kind || e.kind == d.kind)) {
        e.met = true;
        return;
      }
    if (sev == Severity::Note) return;  // notes are checked only when expected
    std::cerr << c.sm.name(c.mainFile) << ":" << at << ": unexpected " << name(sev) << ": "
              << d.message << "\n";
    ok = false;
  };
  for (const auto& d : c.diags.all()) {
    match(d, d.severity);
    for (const auto& n : d.notes) match(n, Severity::Note);
  }
  for (const auto& e : expected)
    if (!e.met) {
      std::cerr << c.sm.name(c.mainFile) << ":" << e.line << ": expected " << name(e.severity)
                << " not produced: " << (e.kind ? std::string("[") + diagInfo(*e.kind).name + "]" : "") << "{{" << e.text
                << "}}\n";
      ok = false;
    }
  return ok;
}

}  // namespace sitc::driver
