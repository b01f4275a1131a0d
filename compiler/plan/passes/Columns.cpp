#include "plan/passes/Columns.h"

#include <tuple>

namespace sitc::plan {

bool layOutColumns(Plan& p, DiagEngine&) {
  const ir::Model& m = p.model;
  for (const auto& o : m.outputs) {
    p.outputColumn.push_back(p.numColumns);
    p.numColumns += ir::outputColumns(o);
  }
  for (const auto& v : m.pathValues) {
    p.pathValueColumn.push_back(p.numColumns);
    p.numColumns += std::max<uint32_t>(1, v.type.windows);
  }
  p.numParams = static_cast<uint32_t>(m.params.size());
  for (const auto& h : m.hedges) {
    HedgePlan hp;
    hp.name = h.name;
    hp.contract = h.contract.name;
    using S = sitrt::HedgeSpec::Strategy;
    switch (h.strategy) {
      case ir::StrategyKind::None: hp.strategy = S::None; break;
      case ir::StrategyKind::Fixed: hp.strategy = S::Fixed; break;
      case ir::StrategyKind::MinVariance: hp.strategy = S::MinVariance; break;
      case ir::StrategyKind::Quantity: hp.strategy = S::Quantity; break;
    }
    hp.ratio = h.ratio;
    hp.quantity = h.fixedQuantity;
    hp.perPeriod = h.perPeriod;
    hp.wholeContracts = h.wholeContracts;
    hp.pilotPaths = h.pilotPaths;
    hp.pilotEntry = h.pilotEntry;
    hp.seller = h.seller;
    hp.riskPremium = h.riskPremium;
    hp.books = h.books;
    hp.leg = h.leg;
    hp.instrument = h.instrument;
    hp.cover = h.cover;
    hp.sizedBy = h.sizedBy;
    std::tie(hp.quantityUnit, hp.quantityScale) = displayUnit(m, h.quantity);
    std::tie(hp.priceUnit, hp.priceScale) = displayUnit(m, h.price);
    std::tie(hp.moneyUnit, hp.moneyScale) = displayUnit(m, h.money);
    const auto& k = h.contract;
    hp.terms.size = k.size;
    hp.terms.initial = k.initialMargin;
    hp.terms.maintenance = k.maintenanceMargin;
    hp.terms.limit = k.dailyLimit;
    hp.terms.halfSpread = (k.spread >= 0 ? k.spread : k.tick) / 2;  // market makers' half-spread, else half a tick
    hp.terms.funding = h.fundingRate * m.dt;  // accrued each day (step) of the book
    hp.terms.discount = h.discountRate * m.dt;  // day k's money counts exp(-discount k)
    hp.terms.positionLimit = k.positionLimit;
    hp.terms.periods = static_cast<int32_t>(h.periods);
    hp.terms.roll = static_cast<int32_t>(h.roll);
    hp.terms.legs = h.optionLegs;
    hp.terms.callStrike = h.callStrike;
    hp.terms.putStrike = h.putStrike;
    hp.terms.loading = h.loading;
    if (h.optionLegs) hp.terms.halfSpread = 0;  // an option's price is its premium (with its loading)
    const auto& ends = p.windowEnds[h.quantityAgg];
    for (uint32_t i = 0; i < h.periods; ++i) hp.ends.push_back(static_cast<int64_t>(ends[i]));
    hp.firstParam = p.numParams;
    p.numParams += hp.params().size();
    auto block = [&](uint32_t n) {
      uint32_t c = p.numColumns;
      p.numColumns += n;
      return c;
    };
    // Hedges of one exposure share its accumulators (Model::addAggregate), so they share these columns too: the
    // quantities of the same periods, the unhedged cost of the same spending.
    const HedgePlan* quantityTwin = nullptr;
    const HedgePlan* costTwin = nullptr;
    for (size_t j = 0; j < p.hedges.size(); ++j) {
      if (!quantityTwin && m.hedges[j].quantityAgg == h.quantityAgg && m.hedges[j].periods >= h.periods)
        quantityTwin = &p.hedges[j];  // a strip's book may hold fewer of the aggregate's periods than another
      if (!costTwin && !m.hedges[j].leg && m.hedges[j].costAgg == h.costAgg) costTwin = &p.hedges[j];
    }
    hp.colQuantity = quantityTwin ? quantityTwin->colQuantity : block(h.periods);
    hp.colPeriodGain = block(h.periods);
    hp.colEntry = block(h.periods);
    hp.colSettle = block(h.periods);
    hp.sharesQuantity = quantityTwin != nullptr;
    hp.sharesUnhedged = costTwin != nullptr;
    hp.colUnhedged = costTwin ? costTwin->colUnhedged : block(1);
    if (h.leg) {  // a strip's leg: its costs are its head's, the nearest hedge before it that is not a leg
      const HedgePlan* head = &p.hedges.back();
      while (head->leg) --head;
      hp.sharesUnhedged = true;
      hp.colUnhedged = head->colUnhedged;
    }
    hp.colHedged = h.leg ? hp.colUnhedged : block(1);  // unused for a leg: its strip's costs are the head's
    hp.colGain = block(1);  // a leg's own gain; the head's, the hedge's
    hp.colBookGain = h.leg ? hp.colGain : h.books > 1 ? block(1) : 0;  // HEDGE.hedge_gain[SITQ] in --paths-out
    p.hedges.push_back(std::move(hp));
  }
  return true;
}

}  // namespace sitc::plan
