// Diagnostics are detected in one place (frontend, sema, lowering) and rendered in another (renderAll), so the
// same diagnostic can be printed for a human, or matched against `expected-error` annotations in -verify mode.
#pragma once
#include <cstdint>
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

// Every diagnostic kind (Diagnostics.def).
enum class Diag : uint16_t {
#define SITC_DIAG(kind, severity, format) kind,
#define SITC_WARN(kind, format) kind,
#include "support/Diagnostics.def"
};
constexpr size_t kNumDiags = 0
#define SITC_DIAG(kind, severity, format) +1
#define SITC_WARN(kind, format) +1
#include "support/Diagnostics.def"
    ;
struct DiagKindInfo {
  const char* name;                // "UnknownProcess", as --verify and the coverage log spell it
  Severity severity;
  const char* format;              // the message, with {0}, {1}, ... for the arguments
  std::optional<Warning> warning;  // a warning's -W group
};
const DiagKindInfo& diagInfo(Diag k);
std::optional<Diag> diagByName(const std::string& name);
// The kind's message with its arguments in place of {0}, {1}, ...
std::string formatDiag(Diag k, const std::vector<std::string>& args);

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;
  std::vector<Diagnostic> notes;  // related places ("declared here", "in instance 'TPI'")
  std::optional<Warning> warning;  // which warning, for warnings
  std::optional<Diag> kind;
};

class DiagEngine {
 public:
  static constexpr size_t kDefaultErrorLimit = 50;

  // Reports a diagnostic of kind `k` at `r`, its message filled in with `args`. Returns the stored diagnostic so
  // callers can attach notes, or nullptr when it was a duplicate, over the limit or a warning `-W no-NAME` turned
  // off.
  Diagnostic* report(Diag k, const SourceRange& r, std::vector<std::string> args = {});
  // Attaches a note of kind `k` to `d` (nothing when d is null).
  static void note(Diagnostic* d, Diag k, const SourceRange& r, std::vector<std::string> args = {});

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
  void pushContext(Diag k, const SourceRange& r, std::vector<std::string> args = {});
  void popContext() { context_.pop_back(); }

 private:
  Diagnostic* add(Diag k, const SourceRange& r, std::string msg);
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
