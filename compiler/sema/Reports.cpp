// Report items: statistics of path-end quantities, and a scenario's default report (mean and sd of every instance).
// A hedge's own report items are in HedgeReports.cpp.
#include "sema/Builtins.h"
#include "sema/DisplayUnits.h"
#include "sema/Elaborator.h"
#include "sitrt/format.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

// fan(X, WINDOW[, LEVEL...]): quantiles of X at the end of each window across all paths (by default 5%, 25%, 50%,
// 75%, 95%): one quantile output per level of last(X, WINDOW), so each band at each grid point is an exact quantile
// with its standard error, from paths x windows values rather than paths x steps.
void Elaborator::fanItem(const ast::ReportItem& item, int hedge) {
  const ast::Expr& e = *item.expr;
  if (e.args.size() < 2) {
    diags_.report(Diag::FanArity, e.range);
    return;
  }
  std::vector<double> levels;
  for (size_t i = 2; i < e.args.size(); ++i) {
    ExprPtr p = constant(*e.args[i].value, "a quantile level");
    if (p->type.isError()) return;
    if (!p->type.dim.dimensionless() || !(p->value > 0 && p->value < 1)) {
      diags_.report(Diag::QuantileLevelRange, e.args[i].value->range);
      return;
    }
    levels.push_back(p->value);
  }
  if (levels.empty()) levels = {0.05, 0.25, 0.5, 0.75, 0.95};
  ExprPtr v = aggregateOf(e, ir::AggKind::Last, true, /*numbersOnly=*/true);
  if (v->type.isError()) return;
  std::string label = item.label.empty() ? sm_.text(e.range) : item.label;
  if (hedge >= 0) label = model_.hedges[hedge].name + ": " + label;
  for (double level : levels) {
    ir::OutputInfo out;
    out.stat = sitrt::StatKind::Quantile;
    out.arg = level;
    out.label = label + ": " + sitrt::formatPercent(level);
    if (hedge >= 0) out.hedge = hedge;
    out.range = item.range;
    out.type = v->type;
    out.expr = ir::clone(*v);
    model_.outputs.push_back(std::move(out));
  }
}

// volatility_reduction(x, y) and hedge_effectiveness(x, y): how much less risky y is than x, two values per path
// of the same unit (any two costs of a scenario), with the hedges' grouped-jackknife standard error.
void Elaborator::pairedItem(const ast::ReportItem& item, int hedge) {
  const ast::Expr& e = *item.expr;
  if (e.args.size() != 2 || !e.args[0].name.name.empty() || !e.args[1].name.name.empty()) {
    diags_.report(Diag::PairedStatArity, e.range, {e.name.name});
    return;
  }
  Scope sc;
  sc.ctx = Ctx::PathEnd;
  sc.hedge = hedge;
  ExprPtr x = expr(*e.args[0].value, sc), y = expr(*e.args[1].value, sc);
  if (x->type.isError() || y->type.isError()) return;
  for (size_t i = 0; i < 2; ++i) {
    const ExprPtr& v = i == 0 ? x : y;
    if (!v->type.isReal() || v->type.windows > 0) {
      diags_.report(Diag::PairedStatNeedsPathNumber, e.args[i].value->range,
                    {e.name.name, v->type.windows > 0 ? "one value per window" : unitName(v->type)});
      return;
    }
  }
  if (x->type.dim != y->type.dim) {
    diags_.report(Diag::PairedStatUnitsDiffer, e.range, {e.name.name, unitName(x->type), unitName(y->type)});
    return;
  }
  ir::OutputInfo out;
  out.stat = e.name.name == "volatility_reduction" ? sitrt::StatKind::VolReduction : sitrt::StatKind::HedgeEffectiveness;
  out.label = item.label.empty() ? sm_.text(e.range) : item.label;
  if (hedge >= 0) out.label = model_.hedges[hedge].name + ": " + out.label, out.hedge = hedge;
  out.range = item.range;
  out.type = Type::real();
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(x));
  kids.push_back(std::move(y));
  out.expr = ir::makeNode(Op::Pair, std::move(kids), Type::real(), e.range);
  model_.outputs.push_back(std::move(out));
}

void Elaborator::reportItem(const ast::ReportItem& item, int hedge) {
  if (hedge >= 0 && hedgeReportItem(item, hedge)) return;
  const ast::Expr& e = *item.expr;
  if (e.kind == ast::ExprKind::Call && e.name.name == "fan") return fanItem(item, hedge);
  if (e.kind == ast::ExprKind::Call && (e.name.name == "volatility_reduction" || e.name.name == "hedge_effectiveness"))
    return pairedItem(item, hedge);
  auto stat = e.kind == ast::ExprKind::Call ? findStat(e.name.name) : std::nullopt;
  if (!stat) {
    diags_.report(Diag::NotAStatistic, e.range,
                  {hedge >= 0 ? "; or, for a hedge: volatility_reduction, hedge_effectiveness, hedge_ratio, per_period, "
                                "var(95%), cvar(95%), margin_calls, peak_variation_margin, locked_days, capped_periods, "
                                "funding_cost"
                              : ""});
    return;
  }
  size_t want = *stat == sitrt::StatKind::Quantile ? 2 : 1;
  if (e.args.size() != want) {
    diags_.report(Diag::TakesArguments, e.range, {e.name.name, want == 2 ? "a quantity and a level" : "one quantity"});
    return;
  }
  Scope sc;
  sc.ctx = Ctx::PathEnd;
  sc.hedge = hedge;
  ExprPtr v = expr(*e.args[0].value, sc);
  if (v->type.isError()) return;
  ir::OutputInfo out;
  out.stat = *stat;
  out.label = item.label.empty() ? sm_.text(e.range) : item.label;
  if (hedge >= 0) out.label = model_.hedges[hedge].name + ": " + out.label, out.hedge = hedge;  // a row of the hedge
  out.range = item.range;
  Type t = v->type;
  switch (*stat) {
    case sitrt::StatKind::Prob:
      if (!v->type.isBool()) {
        diags_.report(Diag::ProbNeedsCondition, e.args[0].value->range);
        return;
      }
      t = Type::real();
      break;
    case sitrt::StatKind::Skewness:
      t = Type::real();
      break;
    case sitrt::StatKind::Variance:
      t.dim = t.dim.pow(Rational::of(2));
      t.display = powDisplay(t.display, Rational::of(2), units_);
      break;
    case sitrt::StatKind::Quantile: {
      ExprPtr p = constant(*e.args[1].value, "a quantile level");
      if (p->type.isError()) return;
      if (!p->type.dim.dimensionless() || !(p->value > 0 && p->value < 1)) {
        diags_.report(Diag::QuantileLevelRange, e.args[1].value->range);
        return;
      }
      out.arg = p->value;
      break;
    }
    default:
      if (v->type.isBool()) t = Type::real();
      break;
  }
  t.windows = v->type.windows;
  if (v->type.isBool()) v->type = Type::real();
  out.type = t;
  out.expr = std::move(v);
  model_.outputs.push_back(std::move(out));
}

void Elaborator::reports(const ast::ScenarioDecl& s) {
  bool any = false;
  for (const auto& r : s.reports)
    for (const auto& item : r.items) reportItem(item), any = true;
  for (const auto& r : program_.modules.front()->reports)  // top-level reports apply to every scenario
    for (const auto& item : r.items) reportItem(item), any = true;
  if (any) return;
  // No report: the mean and standard deviation of every instance's value at the horizon.
  for (auto& in : instances_) {
    if (in->value->type.isError()) continue;
    for (auto k : {sitrt::StatKind::Mean, sitrt::StatKind::Sd}) {
      ir::OutputInfo out;
      out.stat = k;
      out.label = std::string(sitrt::statName(k)) + "(" + in->decl->name.name + ")";
      out.expr = ir::clone(*in->value);
      out.type = in->value->type;
      out.range = in->decl->range;
      model_.outputs.push_back(std::move(out));
    }
  }
}

}  // namespace sitc::sema
