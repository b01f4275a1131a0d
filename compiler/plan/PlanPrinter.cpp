// --emit=plan

#include "plan/Plan.h"
#include "sitrt/format.h"
#include "sitrt/philox.h"

namespace sitc::plan {

static std::string num(double v) { return sitrt::formatDigits(v, 10); }

std::string printPlan(const Plan& p) {
  const ir::Model& m = p.model;
  auto name = m.namer();
  auto ex = [&](const ir::Expr& e) { return ir::print(e, name); };
  std::string out = "plan " + m.scenario + ": " + std::to_string(m.steps) + " steps of dt = " + num(m.dt) + " yr\n";
  out += std::string("rng: ") + sitrt::kRngName + " stream v" + std::to_string(sitrt::kStreamVersion) + ", " +
         std::to_string(p.slots) + " slots per step (" +
         std::to_string((p.slots + sitrt::kSlotsPerBlock - 1) / sitrt::kSlotsPerBlock) + " counter blocks)\n";
  // --print-after may show a plan the later passes have not filled in yet: print what is there.
  for (size_t i = 0; i < m.draws.size() && i < p.drawSlot.size(); ++i) {
    static const char* kinds[] = {"normal", "uniform", "poisson"};
    out += "  slot " + std::to_string(p.drawSlot[i]) + ": " + kinds[static_cast<int>(m.draws[i].kind)] + " of " +
           m.instances[m.draws[i].instance].name + (i < p.lazyNormal.size() && p.lazyNormal[i] ? " (lazy)" : "") + "\n";
  }
  if (!p.correlated.empty()) {
    out += "correlated normals (Cholesky rows):\n";
    size_t n = p.correlated.size();
    for (size_t i = 0; i < n; ++i) {
      out += "  normal#" + std::to_string(p.correlated[i]) + " =";
      for (size_t j = 0; j <= i; ++j)
        out += (j ? " + " : " ") + num(p.chol[i * n + j]) + " z" + std::to_string(p.correlated[j]);
      out += "\n";
    }
  }
  out += "init (t = 0):\n";
  for (const auto& it : p.init) {
    if (it.isState) out += "  " + m.states[it.index].name + " = " + ex(*m.states[it.index].init) + "\n";
    else out += "  " + m.temps[it.index].name + " = " + ex(*m.temps[it.index].expr) + "\n";
  }
  out += "each step (t = k dt):\n";
  for (auto i : p.stepTemps) out += "  " + m.temps[i].name + " = " + ex(*m.temps[i].expr) + "\n";
  for (const auto& s : m.states)
    if (s.update) out += "  " + s.name + "' = " + ex(*s.update) + "\n";
  out += "after each step (t = (k+1) dt):\n";
  for (auto i : p.observed) out += "  " + m.temps[i].name + " = " + ex(*m.temps[i].expr) + "\n";
  for (size_t a = 0; a < m.aggs.size(); ++a) {
    out += "  agg#" + std::to_string(a) + " " + ir::aggName(m.aggs[a].kind) + " <- " + ex(*m.aggs[a].input);
    const auto& ends = a < p.windowEnds.size() ? p.windowEnds[a] : std::vector<uint64_t>{};
    if (!ends.empty()) {
      out += " (windows end after steps";
      for (size_t w = 0; w < ends.size(); ++w) {
        if (w == 3 && ends.size() > 5) {
          out += " ... " + std::to_string(ends.back());
          break;
        }
        out += " " + std::to_string(ends[w]);
      }
      out += ")";
    }
    out += "\n";
  }
  out += "path end (t = " + num(static_cast<double>(m.steps) * m.dt) + " yr):\n";
  for (size_t i = 0; i < m.temps.size(); ++i)
    if (m.temps[i].stage == ir::Stage::PathEnd) out += "  " + m.temps[i].name + " = " + ex(*m.temps[i].expr) + "\n";
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    const auto& o = m.outputs[i];
    if (!o.expr) {  // a hedge statistic: from the book's columns
      out += "  " + o.label + ": " + sitrt::statName(o.stat) + " of hedge " + m.hedges[static_cast<size_t>(o.hedge)].name + "\n";
      continue;
    }
    uint32_t n = ir::outputColumns(o);
    if (i >= p.outputColumn.size()) {
      out += "  " + ex(*o.expr) + "  -> " + sitrt::statName(o.stat) + "\n";
      continue;
    }
    out += "  column " + std::to_string(p.outputColumn[i]) + (n > 1 ? ".." + std::to_string(p.outputColumn[i] + n - 1) : "") +
           ": " + ex(*o.expr) + "  -> " + sitrt::statName(o.stat) + "\n";
  }
  for (size_t c = 0; c < p.curves.size(); ++c) {
    const CurvePlan& cp = p.curves[c];
    out += "curve#" + std::to_string(c) + " of " + m.instances[cp.instance].name + " (" +
           std::to_string(cp.ends.size()) + " periods, " + (cp.average ? "average" : "final") + " settlement): F(tau) =";
    auto part = [&](const ir::ExprPtr& e) { return e ? ex(*e) : std::string("1"); };
    for (size_t i = 0; i < cp.terms.size(); ++i)
      out += (i ? " + " : " ") + part(cp.terms[i].path) + " * [" + part(cp.terms[i].tau) + "]";
    if (cp.coupledQ)
      out += (cp.terms.empty() ? " " : " + ") + part(cp.coupledPath) + " * [" + part(cp.coupledTau) + "] * exp(" +
             part(cp.coupledQ) + " * [" + part(cp.coupledU) + "])";
    out += "\n";
  }
  for (size_t h = 0; h < p.hedges.size(); ++h)
    out += "hedge " + m.hedges[h].name + ": curve#" + std::to_string(p.hedges[h].curve) + "\n";
  out += "checks:\n";
  for (size_t i = 0; i < p.checks.size(); ++i) out += "  #" + std::to_string(i) + " " + p.checks[i].what + "\n";
  return out;
}

}  // namespace sitc::plan
