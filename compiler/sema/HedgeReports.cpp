// A hedge's report: the items only hedges have (volatility_reduction, hedge_ratio, VaR(95%), margin_calls, ...) and
// the default report of a hedge that gives none, built directly as outputs.
#include "sema/Builtins.h"
#include "sema/Elaborator.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

ExprPtr Elaborator::hedgeValue(int hedge, ir::HedgeValue v, const SourceRange& r) {
  using V = ir::HedgeValue;
  const ir::HedgeInfo& h = model_.hedges[static_cast<size_t>(hedge)];
  bool count = v == V::Calls || v == V::Locked || v == V::CappedDays;  // the others are money
  ExprPtr leaf = ir::makeLeaf(Op::Hedge, static_cast<uint32_t>(hedge) * ir::kHedgeValues + static_cast<uint32_t>(v),
                              count ? Type::real() : h.money, Variability::Path, r);
  if (!h.seller || (v != V::Unhedged && v != V::Hedged)) return leaf;
  Type t = leaf->type;
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(leaf));
  return ir::makeNode(Op::Neg, std::move(kids), std::move(t));  // a seller's revenue is minus the book's cost
}

void Elaborator::addHedgeOutput(int hedge, sitrt::StatKind k, ExprPtr e, Type t, double arg, std::string label,
                                SourceRange r, std::string statName) {
  ir::OutputInfo out;
  out.stat = k;
  out.statName = std::move(statName);
  out.arg = arg;
  out.hedge = hedge;
  out.label = model_.hedges[static_cast<size_t>(hedge)].name + ": " + label;
  out.type = std::move(t);
  out.expr = std::move(e);
  out.range = r;
  model_.outputs.push_back(std::move(out));
}

// Report items that only hedges have; returns false when `item` is an ordinary statistic.
bool Elaborator::hedgeReportItem(const ast::ReportItem& item, int hedge) {
  const ast::Expr& e = *item.expr;
  std::string label = item.label.empty() ? sm_.text(e.range) : item.label;
  const bool seller = model_.hedges[static_cast<size_t>(hedge)].seller;
  auto add = [&](sitrt::StatKind k, ExprPtr expr, Type t, double arg = 0, std::string name = "") {
    addHedgeOutput(hedge, k, std::move(expr), std::move(t), arg, label, item.range, std::move(name));
  };
  auto value = [&](ir::HedgeValue v) { return hedgeValue(hedge, v, e.range); };
  if (e.kind == ast::ExprKind::Name && e.member.name.empty()) {
    const std::string& n = e.name.name;
    using K = sitrt::StatKind;
    if (n == "volatility_reduction") return add(K::VolReduction, nullptr, Type::real()), true;
    if (n == "hedge_effectiveness") return add(K::HedgeEffectiveness, nullptr, Type::real()), true;
    if (n == "hedge_ratio" && model_.hedges[static_cast<size_t>(hedge)].strategy == ir::StrategyKind::Quantity)
      return diags_.report(Diag::HedgeRatioOfFixedQuantity, e.range, {model_.hedges[static_cast<size_t>(hedge)].name}), true;
    if (n == "hedge_ratio") return add(K::HedgeRatio, nullptr, Type::real()), true;
    if (n == "per_period" || n == "per_month") return add(K::PerPeriod, nullptr, Type::real()), true;
    if (n == "capped_periods") return add(K::CappedPeriods, nullptr, Type::real()), true;
    if (n == "premium" && !model_.hedges[static_cast<size_t>(hedge)].optionLegs)
      return diags_.report(Diag::HedgePremiumOfFutures, e.range, {model_.hedges[static_cast<size_t>(hedge)].name}), true;
    if (n == "premium") return add(K::Premium, nullptr, Type::real()), true;
    for (uint32_t v = 0; v < ir::kHedgeValues; ++v)
      if (n == ir::hedgeValueName(static_cast<ir::HedgeValue>(v), seller)) {
        ExprPtr leaf = value(static_cast<ir::HedgeValue>(v));
        Type t = leaf->type;
        add(K::Mean, std::move(leaf), t);
        return true;
      }
    return false;
  }
  // Value at risk and expected shortfall; `var` and `cvar` are the same items, spelled in lower case.
  bool isVar = e.name.name == "VaR" || e.name.name == "var", isCvar = e.name.name == "CVaR" || e.name.name == "cvar";
  if (e.kind == ast::ExprKind::Call && (isVar || isCvar)) {
    if (e.args.empty() || e.args.size() > 2) {
      diags_.report(Diag::HedgeVaRArity, e.range, {e.name.name, seller ? "revenue" : "cost"});
      return true;
    }
    ExprPtr x = value(ir::HedgeValue::Hedged);
    if (e.args.size() == 2) {
      Scope sc;
      sc.ctx = Ctx::PathEnd;
      sc.hedge = hedge;
      x = expr(*e.args[0].value, sc);
      if (x->type.isError()) return true;
    }
    ExprPtr p = constant(*e.args.back().value, "a VaR level");
    if (p->type.isError()) return true;
    if (!p->type.dim.dimensionless() || !(p->value > 0 && p->value < 1)) {
      diags_.report(Diag::HedgeVaRLevelRange, e.args.back().value->range);
      return true;
    }
    Type t = x->type;
    add(isVar ? sitrt::StatKind::Quantile : sitrt::StatKind::CVaR, std::move(x), t, p->value, isVar ? "VaR" : "CVaR");
    model_.outputs.back().lowTail = seller;  // a seller's risk is earning too little
    return true;
  }
  return false;
}

// The report of a hedge that declares none: how much the hedge removes, what it costs with and without it, its
// tail, and the margin, limit and position-limit figures its contract's terms make relevant.
void Elaborator::defaultHedgeReports(int hedge, const SourceRange& at) {
  using K = sitrt::StatKind;
  using V = ir::HedgeValue;
  const ir::HedgeInfo& h = model_.hedges[static_cast<size_t>(hedge)];
  auto stat = [&](K kind, const char* label) { addHedgeOutput(hedge, kind, nullptr, Type::real(), 0, label, at); };
  auto of = [&](K kind, V v, std::string label, double arg = 0, const char* name = "") {
    ExprPtr x = hedgeValue(hedge, v, at);
    Type t = x->type;
    addHedgeOutput(hedge, kind, std::move(x), t, arg, std::move(label), at, name);
    model_.outputs.back().lowTail = h.seller && (kind == K::Quantile || kind == K::CVaR);
  };
  const std::string unhedged = ir::hedgeValueName(V::Unhedged, h.seller), hedged = ir::hedgeValueName(V::Hedged, h.seller);
  stat(K::VolReduction, "volatility_reduction");
  stat(K::HedgeEffectiveness, "hedge_effectiveness");
  if (h.strategy != ir::StrategyKind::Quantity) stat(K::HedgeRatio, "hedge_ratio");
  of(K::Mean, V::Unhedged, "mean(" + unhedged + ")");
  of(K::Sd, V::Unhedged, "sd(" + unhedged + ")");
  of(K::Mean, V::Hedged, "mean(" + hedged + ")");
  of(K::Sd, V::Hedged, "sd(" + hedged + ")");
  of(K::Quantile, V::Hedged, "VaR(95%)", 0.95, "VaR");
  of(K::CVaR, V::Hedged, "CVaR(95%)", 0.95, "CVaR");
  if (h.optionLegs) stat(K::Premium, "premium");
  bool margin = false, limit = false, positionLimit = false;  // of any of the hedge's books (a strip has several)
  for (size_t b = static_cast<size_t>(hedge); b < static_cast<size_t>(hedge) + h.books; ++b) {
    const ir::ContractInfo& k = model_.hedges[b].contract;
    margin = margin || k.initialMargin > 0;
    limit = limit || k.dailyLimit > 0;
    positionLimit = positionLimit || k.positionLimit > 0;
  }
  if (margin && !h.optionLegs)  // options are paid for up front: no margin, no daily limit
    of(K::Mean, V::Calls, "margin_calls"), of(K::Mean, V::PeakOut, "peak_variation_margin");
  if (limit && !h.optionLegs) of(K::Mean, V::Locked, "locked_days");
  if (positionLimit) stat(K::CappedPeriods, "capped_periods"), of(K::Mean, V::CappedDays, "capped_days");
  if (h.fundingRate > 0) of(K::Mean, V::Funding, "funding_cost");
}

}  // namespace sitc::sema
