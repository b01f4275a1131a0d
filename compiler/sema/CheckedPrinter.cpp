// --emit=checked: the elaborated scenario with every value's unit and binding time.

#include "sema/Sema.h"
#include "sitrt/format.h"

namespace sitc {
namespace ir {

const char* stageName(Stage s) {
  switch (s) {
    case Stage::StepStart: return "step-start";
    case Stage::Observed: return "observed";
    case Stage::PathEnd: return "path-end";
  }
  return "?";
}

const char* aggName(AggKind k) {
  switch (k) {
    case AggKind::Sum: return "sum";
    case AggKind::Average: return "average";
    case AggKind::Maximum: return "maximum";
    case AggKind::Minimum: return "minimum";
    case AggKind::Last: return "last";
  }
  return "?";
}

Namer Model::namer() const {
  return [this](Op op, uint32_t i) -> std::string {
    switch (op) {
      case Op::Param: return i < params.size() ? params[i].name : "param#" + std::to_string(i);
      case Op::State: return i < states.size() ? states[i].name : "state#" + std::to_string(i);
      case Op::Temp: return i < temps.size() ? temps[i].name : "temp#" + std::to_string(i);
      case Op::Agg: return "agg#" + std::to_string(i);
      case Op::Normal: return "normal#" + std::to_string(i);
      case Op::Uniform: return "uniform#" + std::to_string(i);
      case Op::Poisson: return "poisson#" + std::to_string(i);
      case Op::Hedge:
        return (i / kHedgeValues < hedges.size() ? hedges[i / kHedgeValues].name : "hedge") + "." +
               hedgeValueName(static_cast<HedgeValue>(i % kHedgeValues));
      default: return "?";
    }
  };
}

}  // namespace ir

namespace sema {

static std::string num(double v) { return sitrt::formatDigits(v, 10); }

static std::string typeStr(const ir::Model& m, const Type& t) {
  if (t.isBool()) return "bool";
  if (t.isError()) return "<error>";
  std::string u = m.units.format(t.dim);
  std::string s = u.empty() ? "1" : u;
  if (!t.display.name.empty() && t.display.name != u) s += " (shown in " + t.display.name + ")";
  if (t.windows) s += " x " + std::to_string(t.windows) + " windows";
  return s;
}

std::string printModel(const ir::Model& m) {
  auto name = m.namer();
  auto ex = [&](const ir::Expr& e) { return ir::print(e, name); };
  std::string out = "scenario " + m.scenario + "\n";
  out += "  horizon " + num(m.horizon) + " yr, step " + num(m.dt) + " yr, " + std::to_string(m.steps) +
         " steps, calendar " + num(m.daysPerYear) + " days/yr\n";
  for (const auto& p : m.params) out += "  param " + p.name + " : " + typeStr(m, p.type) + " = " + num(p.value) + "\n";
  for (const auto& in : m.instances) out += "  instance " + in.name + " ~ " + in.process + "\n";
  for (const auto& s : m.states) {
    out += "  state " + s.name + " : " + typeStr(m, s.type) + "\n";
    out += "    init   = " + ex(*s.init) + "\n";
    if (s.update) out += "    update = " + ex(*s.update) + "\n";
  }
  for (const auto& t : m.temps)
    out += "  " + std::string(ir::stageName(t.stage)) + " " + t.name + " : " + typeStr(m, t.expr->type) + " [" +
           variabilityName(t.expr->var) + "] = " + ex(*t.expr) + "\n";
  for (size_t i = 0; i < m.draws.size(); ++i) {
    const auto& d = m.draws[i];
    static const char* kinds[] = {"normal", "uniform", "poisson"};
    out += "  draw #" + std::to_string(i) + " " + kinds[static_cast<int>(d.kind)] + " of " +
           m.instances[d.instance].name + (d.primary ? " (primary shock)" : "") + "\n";
  }
  for (size_t i = 0; i < m.aggs.size(); ++i) {
    const auto& a = m.aggs[i];
    out += "  agg#" + std::to_string(i) + " = " + ir::aggName(a.kind) + "(" + ex(*a.input) + ")";
    if (a.windows) out += " per window of " + num(a.window) + " yr (" + std::to_string(a.windows) + " windows)";
    out += " : " + typeStr(m, a.input->type) + "\n";
  }
  for (const auto& c : m.correlations) {
    out += "  correlation of";
    for (auto i : c.instances) out += " " + m.instances[i].name;
    out += ":";
    for (double v : c.matrix) out += " " + num(v);
    out += "\n";
  }
  for (const auto& o : m.outputs) {
    // Hedge statistics (volatility reduction, ratios, breakdowns) come from the book, not from an expression.
    std::string of = o.expr ? ex(*o.expr) : "hedge " + m.hedges[static_cast<size_t>(o.hedge)].name;
    out += "  report " + o.label + " = " + sitrt::statName(o.stat) + "(" + of + ") : " + typeStr(m, o.type) + "\n";
  }
  for (const auto& r : m.requirements) out += "  require " + ex(*r.cond) + " before a run\n";
  return out;
}

}  // namespace sema
}  // namespace sitc
