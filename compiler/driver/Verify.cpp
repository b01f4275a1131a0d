#include "driver/Verify.h"

#include <cstring>
#include <iostream>
#include <iterator>
#include <regex>

namespace sitc::driver {

namespace {
struct Expected {
  Severity severity;
  uint32_t line;
  std::string text;
  bool met = false;
};

const char* name(Severity s) { return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note"; }
}  // namespace

bool verifyDiagnostics(const Compilation& c) {
  std::vector<Expected> expected;
  static const std::regex re(R"(expected-(error|warning|note)(@([+-]?)(\d+))?\s*\{\{(.*?)\}\})");
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
                << ": malformed expectation (write expected-error{{text}}, expected-note@+1{{text}} or @LINE)\n";
      return false;
    }
    for (std::sregex_iterator it(l.begin(), l.end(), re), stop; it != stop; ++it) {
      const auto& m = *it;
      Severity s = m[1] == "error" ? Severity::Error : m[1] == "warning" ? Severity::Warning : Severity::Note;
      int64_t target = line;
      if (m[2].matched) {
        int64_t n = std::stoll(m[4]);
        target = m[3] == "+" ? line + n : m[3] == "-" ? line - n : n;
      }
      expected.push_back({s, static_cast<uint32_t>(target), m[5], false});
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
      if (!e.met && e.severity == sev && e.line == at && d.message.find(e.text) != std::string::npos) {
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
                << " not produced: {{" << e.text << "}}\n";
      ok = false;
    }
  return ok;
}

}  // namespace sitc::driver
