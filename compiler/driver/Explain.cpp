#include "driver/Explain.h"

#include <cmath>

#include "plan/RefEval.h"
#include "sitrt/results.h"

namespace sitc::driver {

namespace {

std::string num(double v) { return sitrt::formatReadable(v); }

// What went wrong, in the user's terms: "log() of a negative number (-0.43)".
std::string describe(const plan::NonFinite& f) {
  const double* a = f.args;
  switch (f.op->op) {
    case ir::Op::Log: return a[0] == 0 ? "log() of 0" : "log() of a negative number (" + num(a[0]) + ")";
    case ir::Op::Sqrt: return "sqrt() of a negative number (" + num(a[0]) + ")";
    case ir::Op::Div:
      return a[0] == 0 && a[1] == 0 ? "0 / 0" : a[1] == 0 ? "division by zero (" + num(a[0]) + " / 0)"
                                                          : num(a[0]) + " / " + num(a[1]) + " overflowed";
    case ir::Op::Exp: return "exp(" + num(a[0]) + ") overflowed";
    case ir::Op::Pow:
      return std::isnan(f.result) ? num(a[0]) + " ^ " + num(a[1]) + " is not a real number"
                                  : num(a[0]) + " ^ " + num(a[1]) + " overflowed";
    case ir::Op::Mul: return num(a[0]) + " * " + num(a[1]) + " overflowed";
    case ir::Op::Add: return num(a[0]) + " + " + num(a[1]) + " overflowed";
    case ir::Op::Sub: return num(a[0]) + " - " + num(a[1]) + " overflowed";
    default: return std::string(ir::opName(f.op->op)) + "() gave " + (std::isnan(f.result) ? "NaN" : "an infinity");
  }
}

}  // namespace

std::string explainFailure(const Compilation& c, const plan::Plan& p, const SitKernelArgs& path,
                           const std::string& check) {
  plan::NonFinite f = plan::findNonFinite(p, path, path.firstPath);
  if (!f.op || !f.op->range.valid()) return "";
  std::string when = f.step ? "step " + std::to_string(f.step) + " of " + std::to_string(p.model.steps)
                            : "the path's start or end";
  Diagnostic d;
  d.severity = Severity::Error;
  d.range = f.op->range;
  d.message = describe(f) + " on " + (path.stream ? "pilot " : "") + "path " + std::to_string(path.firstPath) +
              ", " + when + ", seed " + std::to_string(path.seed);
  // The check's own message without its "file:line:col: error: " prefix, as a note.
  std::string then = check;
  if (size_t first = then.rfind(" (first on "); first != std::string::npos) then = then.substr(0, first);
  if (size_t e = then.find(": error: "); e != std::string::npos) then = then.substr(e + 9) + " (" + then.substr(0, e) + ")";
  d.notes.push_back({Severity::Note, {}, "so " + then, {}, {}, {}});
  std::string out;
  renderDiagnostic(out, c.sm, d, false, c.style);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace sitc::driver
