// Diagnostics are detected in one place (frontend, sema, lowering) and rendered in another (renderAll), so the
// same diagnostic can be printed for a human, or matched against `expected-error` annotations in -verify mode.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "support/Source.h"

namespace sitc {

enum class Severity { Error, Warning, Note };

// The warnings, each with a name for -W (Warnings.def).
enum class Warning {
#define SITC_WARNING(id, name, what) id,
#include "support/Warnings.def"
};
constexpr size_t kNumWarnings = 0
#define SITC_WARNING(id, name, what) +1
#include "support/Warnings.def"
    ;
const char* warningName(Warning w);
const char* warningDescription(Warning w);
std::optional<Warning> warningByName(const std::string& name);

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;
  std::vector<Diagnostic> notes;  // related places ("declared here", "in instance 'TPI'")
  std::optional<Warning> warning;  // which warning, for warnings
};

class DiagEngine {
 public:
  static constexpr size_t kDefaultErrorLimit = 50;

  // Returns the stored diagnostic so callers can attach notes, or nullptr when it was a duplicate or over the limit.
  Diagnostic* error(const SourceRange& r, std::string msg) { return add(Severity::Error, r, std::move(msg)); }
  // nullptr (nothing reported) when `-W no-NAME` turned this warning off.
  Diagnostic* warning(Warning w, const SourceRange& r, std::string msg);
  static void note(Diagnostic* d, const SourceRange& r, std::string msg) {
    if (d) d->notes.push_back({Severity::Note, r, std::move(msg), {}, {}});
  }

  bool hasErrors() const { return errors_ > 0 || (warningsAsErrors_ && warnings_ > 0); }
  size_t errorCount() const { return errors_; }
  size_t warningCount() const { return warnings_; }
  // True once the error limit is reached: stages should stop early instead of producing a cascade.
  bool limitReached() const { return errors_ >= errorLimit_; }
  void setWarningsAsErrors(bool on) { warningsAsErrors_ = on; }
  void setWarningEnabled(Warning w, bool on) { disabled_[static_cast<size_t>(w)] = !on; }
  bool warningsAsErrors() const { return warningsAsErrors_; }
  void setErrorLimit(size_t n) { errorLimit_ = n; }
  const std::vector<Diagnostic>& all() const { return diags_; }

  // While a context is open, errors and warnings get a note pointing at it ("in instance 'TPI' declared here"),
  // so a problem found inside a shared definition says which use of it caused the problem.
  void pushContext(const SourceRange& r, std::string msg) { context_.push_back({Severity::Note, r, std::move(msg), {}, {}}); }
  void popContext() { context_.pop_back(); }

 private:
  Diagnostic* add(Severity s, const SourceRange& r, std::string msg);
  std::vector<Diagnostic> diags_;
  std::vector<Diagnostic> context_;
  size_t errors_ = 0, warnings_ = 0, errorLimit_ = kDefaultErrorLimit;
  bool warningsAsErrors_ = false;
  bool disabled_[kNumWarnings] = {};
};

// How diagnostics are drawn: plain text, or with ANSI colours for a terminal (--color).
struct RenderStyle {
  bool color = false;
};

// `file:line:col: error: message`, the source line, a caret under the range; then each note the same way.
void renderDiagnostic(std::string& out, const SourceManager& sm, const Diagnostic& d, bool warningsAsErrors,
                      RenderStyle style = {});
// Renders every diagnostic, then a count line ("2 errors generated.") when there were errors.
std::string renderAll(const SourceManager& sm, const DiagEngine& diags, RenderStyle style = {});

}  // namespace sitc
