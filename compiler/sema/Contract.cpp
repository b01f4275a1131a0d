// Contract declarations: every term of a SIT future, checked for units, ranges and suspicious designs.
#include <cmath>
#include <map>
#include <set>

#include "sema/Elaborator.h"
#include "sitrt/format.h"
#include "sitrt/suggest.h"
#include "sitrt/term_rules.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

namespace {

// The terms of one block (top level, margin, market_maker), with duplicate and unknown-name errors.
std::map<std::string, const ast::Term*> termMap(const std::vector<ast::Term>& terms, const std::set<std::string>& known,
                                                const std::string& where, DiagEngine& diags) {
  std::map<std::string, const ast::Term*> out;
  for (const auto& t : terms) {
    if (!known.count(t.name.name)) {
      diags.report(Diag::UnknownContractTerm, t.name.range,
                   {where, t.name.name, sitrt::knownTermsHint(t.name.name, {known.begin(), known.end()})});
      continue;
    }
    auto [it, fresh] = out.emplace(t.name.name, &t);
    if (!fresh) {
      auto* d = diags.report(Diag::TermGivenTwice, t.name.range, {t.name.name});
      DiagEngine::note(d, Diag::FirstGivenHere, it->second->range);
    }
  }
  return out;
}

}  // namespace

// Schedules, settlement forms and strategies take their arguments by position: a name would be silently ignored.
void Elaborator::rejectNamedArgs(const ast::Expr& call) {
  for (const auto& a : call.args)
    if (!a.name.name.empty()) diags_.report(Diag::ContractFormTakesNoNamedArgs, a.name.range, {call.name.name});
}

std::optional<ir::ContractInfo> Elaborator::contract(const ast::ContractDecl& c) {
  size_t errorsBefore = diags_.errorCount();
  ir::ContractInfo k;
  k.name = c.name.name;
  k.range = c.range;
  static const std::set<std::string> kTop = {"underlying", "quote", "size", "tick", "listed", "last_trading",
                                             "settlement", "margin", "daily_limit", "position_limit",
                                             "market_maker"};
  auto terms = termMap(c.terms, kTop, "contract", diags_);
  auto blockOf = [&](const char* name) -> const ast::Term* {
    auto it = terms.find(name);
    if (it == terms.end()) return nullptr;
    if (it->second->value) {
      diags_.report(Diag::ContractTermIsBlock, it->second->range, {name});
      return nullptr;
    }
    return it->second;
  };
  // `block`: the margin or market_maker block the term belongs in (a missing term is reported there, not as the
  // contract's own: the contract may well have a `size` when its market_maker block has none).
  auto valueOf = [&](const std::map<std::string, const ast::Term*>& m, const char* name, bool required,
                     const ast::Term* block = nullptr) -> const ast::Expr* {
    auto it = m.find(name);
    if (it == m.end()) {
      if (required && block) diags_.report(Diag::ContractBlockMissingTerm, block->name.range, {block->name.name, name});
      else if (required) diags_.report(Diag::ContractMissingTerm, c.name.range, {c.name.name, name});
      return nullptr;
    }
    if (!it->second->value) {
      diags_.report(Diag::ContractTermTakesValue, it->second->range, {name});
      return nullptr;
    }
    return it->second->value.get();
  };
  // A constant of the given dimension; `what` names it in errors.
  auto quantity = [&](const ast::Expr* e, const char* what, std::optional<Dim> dim,
                      const std::string& dimName) -> std::optional<ExprPtr> {
    if (!e) return std::nullopt;
    ExprPtr v = constant(*e, what);
    if (v->type.isError()) return std::nullopt;
    if (!v->type.isReal() || (dim && v->type.dim != *dim)) {
      diags_.report(Diag::ContractTermWrongDimension, e->range, {what, unitName(v->type), dimName});
      return std::nullopt;
    }
    return v;
  };

  // underlying: the name of the index, resolved in each hedge's scenario.
  if (const ast::Expr* u = valueOf(terms, "underlying", true)) {
    if (u->kind != ast::ExprKind::Name || !u->member.name.empty())
      diags_.report(Diag::ContractUnderlyingNotIndex, u->range);
    else
      k.underlying = u->name;
  }
  // quote: the unit prices are quoted in (optional: the underlying's own unit).
  k.quote = Type::error();
  if (const ast::Expr* q = valueOf(terms, "quote", false)) {
    ExprPtr v = constant(*q, "the quote unit");
    if (!v->type.isError()) {
      if (v->type.dim.exp[kCurrency] != Rational::of(1))
        diags_.report(Diag::ContractQuoteNotPrice, q->range, {unitName(v->type)});
      else
        k.quote = v->type;
    }
  }
  bool quoteGiven = terms.count("quote") > 0;
  const ast::Expr* sizeExpr = valueOf(terms, "size", true);
  std::optional<Type> sizeType;
  if (auto v = quantity(sizeExpr, "the contract size", std::nullopt, "")) {
    k.size = (*v)->value;
    if (!(k.size > 0)) diags_.report(Diag::ContractSizeNotPositive, sizeExpr->range);
    sizeType = (*v)->type;
  }
  if (const ast::Expr* t = valueOf(terms, "tick", true)) {
    ExprPtr v = constant(*t, "the tick");
    if (!v->type.isError()) {
      if (!k.quote.isError() && v->type.dim != k.quote.dim) {
        diags_.report(Diag::ContractTickNotInQuoteUnit, t->range, {unitName(v->type), unitName(k.quote)});
      } else if (!quoteGiven && (!v->type.isReal() || v->type.dim.exp[kCurrency] != Rational::of(1))) {
        // Without a quote, prices are in the underlying's unit, a price: a plain-number tick would be read as
        // money per base unit (USD per token).
        diags_.report(Diag::ContractTickNotPrice, t->range, {unitName(v->type)});
      } else if (!(v->value > 0)) {
        diags_.report(Diag::ContractTickNotPositive, t->range);
      }
      k.tick = v->value;
      // No (valid) quote: the tick's unit stands for it in the checks below, and the hedge checks that it is the
      // underlying's unit (the default quote).
      if (k.quote.isError() && v->type.dim.exp[kCurrency] == Rational::of(1)) k.quote = v->type;
    }
  }
  // Checked once the quote is known: without a quote term, that is the tick's unit.
  if (sizeType && !k.quote.isError() && (k.quote.dim * sizeType->dim) != Dim::base(kCurrency))
    diags_.report(Diag::ContractSizeTimesQuoteNotMoney, sizeExpr->range,
                  {unitName(*sizeType), unitName(k.quote), quoteGiven ? "" : " (the tick's unit: the contract has no quote)"});
  if (const ast::Expr* l = valueOf(terms, "listed", true)) {
    static const std::pair<const char*, const char*> kSchedules[] = {
        {"monthly", "month"}, {"quarterly", "quarter"}, {"annual", "yr"}};
    const char* unit = nullptr;
    if (l->kind == ast::ExprKind::Call)
      for (auto [fn, u] : kSchedules)
        if (l->name.name == fn) unit = u;
    if (!unit || l->args.size() != 1) {
      diags_.report(Diag::ContractListedNotSchedule, l->range);
    } else {
      rejectNamedArgs(*l);
      if (auto n = quantity(l->args[0].value.get(), "the number of listed contracts", Dim{}, "a count")) {
        double v = (*n)->value;
        if (!(v >= 1) || v != std::floor(v) || v > 1200)
          diags_.report(Diag::ContractListedNotWholeCount, l->args[0].value->range);
        else
          k.listed = static_cast<uint32_t>(v);
        k.periodName = unit;
        k.period = units_.find(unit)->scale;
      }
    }
  }
  if (const ast::Expr* lt = valueOf(terms, "last_trading", false)) {
    if (lt->kind == ast::ExprKind::Name && lt->name.name == "last_business_day") {
      k.lastTradingBeforeEnd = 0;
    } else if (lt->kind == ast::ExprKind::Call && lt->name.name == "days_before_end" && lt->args.size() == 1) {
      rejectNamedArgs(*lt);
      if (auto d = quantity(lt->args[0].value.get(), "the last trading day", Dim::base(kTime), "a time (e.g. 2 day)")) {
        k.lastTradingBeforeEnd = (*d)->value;
        if ((*d)->value < 0 || (k.period > 0 && (*d)->value >= k.period))
          diags_.report(Diag::ContractLastTradingOutsidePeriod, lt->range);
      }
    } else {
      diags_.report(Diag::ContractLastTradingForm, lt->range);
    }
  }
  if (const ast::Expr* s = valueOf(terms, "settlement", true)) {
    const ast::Expr* inner = s->kind == ast::ExprKind::Call && s->name.name == "cash" && s->args.size() == 1
                                 ? s->args[0].value.get()
                                 : nullptr;
    bool ok = inner && inner->kind == ast::ExprKind::Call &&
              ((inner->name.name == "average" && inner->args.size() == 2) ||
               (inner->name.name == "final" && inner->args.size() == 1));
    if (!ok) {
      diags_.report(Diag::ContractSettlementForm, s->range);
    } else {
      rejectNamedArgs(*s);
      rejectNamedArgs(*inner);
      k.averageSettlement = inner->name.name == "average";
      const ast::Expr& idx = *inner->args[0].value;
      // Without a valid underlying (already reported) there is nothing to compare the index with.
      if (!k.underlying.name.empty() && (idx.kind != ast::ExprKind::Name || idx.name.name != k.underlying.name)) {
        auto* d = diags_.report(Diag::ContractSettlesAgainstOtherIndex, idx.range,
                                {ast::printExpr(idx), k.underlying.name});
        DiagEngine::note(d, Diag::ContractUnderlyingDeclaredHere, k.underlying.range);
      }
      if (k.averageSettlement) {
        const ast::Expr& win = *inner->args[1].value;
        if (auto w = quantity(&win, "the settlement window", Dim::base(kTime), "a time (e.g. month)"))
          if (k.period > 0 && std::fabs((*w)->value / k.period - 1) > 1e-9)
            diags_.report(Diag::ContractSettlementWindowNotPeriod, win.range,
                          {ast::printExpr(win), k.periodName == "yr" ? "annually" : "by " + k.periodName});
      }
    }
  }
  if (const ast::Term* m = blockOf("margin")) {
    auto mt = termMap(m->block, {"initial", "maintenance"}, "margin", diags_);
    auto im = quantity(valueOf(mt, "initial", true, m), "the initial margin", Dim{}, "a fraction (e.g. 10%)");
    auto mm = quantity(valueOf(mt, "maintenance", true, m), "the maintenance margin", Dim{}, "a fraction (e.g. 7.5%)");
    if (im && mm) {
      k.initialMargin = (*im)->value;
      k.maintenanceMargin = (*mm)->value;
      sitrt::rules::MarginBreak b = sitrt::rules::margins(k.initialMargin, k.maintenanceMargin);
      if (b.term == sitrt::rules::MarginTerm::Initial && !b.message.empty()) {
        diags_.report(Diag::ContractInitialMarginRule, mt["initial"]->range, {b.message});
      } else if (!b.message.empty()) {
        auto* d = diags_.report(Diag::ContractMaintenanceMarginRule, mt["maintenance"]->range, {b.message});
        if (k.maintenanceMargin > 0) DiagEngine::note(d, Diag::ContractInitialMarginSetHere, mt["initial"]->range);
      }
    }
  }
  if (const ast::Expr* d = valueOf(terms, "daily_limit", false)) {
    if (auto v = quantity(d, "the daily limit", Dim{}, "a fraction of the previous settlement (e.g. 15%)")) {
      k.dailyLimit = (*v)->value;
      if (std::string e = sitrt::rules::dailyLimit(k.dailyLimit); !e.empty()) diags_.report(Diag::ContractDailyLimitRule, d->range, {e});
    }
  }
  if (const ast::Expr* p = valueOf(terms, "position_limit", false)) {
    if (auto v = quantity(p, "the position limit", Dim::base(kContract), "a number of contracts (e.g. 7500 contracts)")) {
      k.positionLimit = (*v)->value;
      if (std::string e = sitrt::rules::positionLimit(k.positionLimit); !e.empty()) diags_.report(Diag::ContractPositionLimitRule, p->range, {e});
    }
  }
  if (const ast::Term* mm = blockOf("market_maker")) {
    auto mt = termMap(mm->block, {"spread", "size"}, "market_maker", diags_);
    if (const ast::Expr* s = valueOf(mt, "spread", true, mm)) {
      ExprPtr v = constant(*s, "the quoted spread");
      if (!v->type.isError()) {
        if (!k.quote.isError() && v->type.dim != k.quote.dim)
          diags_.report(Diag::ContractSpreadNotInQuoteUnit, s->range, {unitName(v->type), unitName(k.quote)});
        else if (!(v->value >= 0))
          diags_.report(Diag::ContractSpreadNegative, s->range);
        else if (k.tick > 0 && v->value < k.tick)
          diags_.report(Diag::NarrowSpread, s->range);
        k.spread = v->value;
      }
    }
    if (auto v = quantity(valueOf(mt, "size", true, mm), "the quoted size", Dim::base(kContract),
                          "a number of contracts (e.g. 50 contracts)"))
      k.quoteSize = (*v)->value;
  }
  // Suspicious but legal designs.
  // (Only for a valid limit: an out-of-range one already has its error.)
  if (k.initialMargin > 0 && k.dailyLimit > 0 && k.dailyLimit < 1 && k.initialMargin < k.dailyLimit)
    diags_.report(Diag::ThinMargin, terms.count("margin") ? terms["margin"]->range : c.name.range,
                  {sitrt::formatPercent(k.initialMargin), sitrt::formatPercent(k.dailyLimit)});
  if (diags_.errorCount() != errorsBefore) return std::nullopt;
  return k;
}

void Elaborator::checkContracts() {
  for (const auto& [name, c] : globals_.contracts) contract(*c);
}

}  // namespace sitc::sema
