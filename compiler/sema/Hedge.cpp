// Hedge declarations: the exposure, the instrument, the strategy, and the hedge's report.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "sema/Builtins.h"
#include "sema/Elaborator.h"
#include "sitrt/limits.h"
#include "sitrt/format.h"
#include "sitrt/suggest.h"
#include "sitrt/term_rules.h"

namespace sitc::sema {

using ir::ExprPtr;
using ir::Op;

std::optional<double> Elaborator::initialValue(const ir::Expr& e) const {
  return ir::evaluate(e, [&](const ir::Expr& leaf) -> std::optional<double> {
    switch (leaf.op) {
      case Op::Time: return 0.0;
      case Op::State: {
        const auto& init = model_.states[leaf.index].init;
        return init ? initialValue(*init) : std::nullopt;
      }
      case Op::Temp:
        return model_.temps[leaf.index].stage == ir::Stage::Observed ? initialValue(*model_.temps[leaf.index].expr)
                                                                     : std::nullopt;
      default: return std::nullopt;
    }
  });
}

// The unit of a rate consumed or produced, and of a fixed quantity's rate: what the contract's quote prices, per
// time (token/yr for a contract quoted per token).
static Dim exposureRate(const ir::ContractInfo& k) {
  if (k.size > 0 && !k.quote.isError()) return Dim::base(kCurrency) / k.quote.dim / Dim::base(kTime);
  return Dim::base(kToken) / Dim::base(kTime);
}

// `quantity = RATE` or `quantity = schedule(RATE, ...)` (one rate per period): each period holds rate x period
// tokens, whatever the exposure turns out to be, short for a seller.
void Elaborator::fixedQuantity(const ast::Expr& e, ir::HedgeInfo& info) {
  const ir::ContractInfo& k = info.contract;
  const bool schedule = e.kind == ast::ExprKind::Call && e.name.name == "schedule";
  std::vector<const ast::Expr*> rates;
  if (!schedule) {
    rates.push_back(&e);
  } else {
    rejectNamedArgs(e);
    for (const auto& a : e.args) rates.push_back(a.value.get());
    if (rates.size() != info.periods) {
      diags_.report(Diag::HedgeScheduleLength, e.range,
                    {std::to_string(rates.size()), std::to_string(info.periods), k.periodName});
      return;
    }
  }
  const Dim want = exposureRate(info.contract);
  std::vector<double> tokens;
  for (const ast::Expr* r : rates) {
    ExprPtr v = constant(*r, "a fixed quantity");
    if (v->type.isError()) return;
    if (!v->type.isReal() || v->type.dim != want) {
      diags_.report(Diag::HedgeQuantityNotRate, r->range, {units_.format(want), unitName(v->type)});
      return;
    }
    if (!(v->value > 0) || !std::isfinite(v->value * k.period)) {
      diags_.report(Diag::HedgeQuantityNotPositive, r->range);
      return;
    }
    tokens.push_back((info.seller ? -1 : 1) * v->value * k.period);
  }
  if (!schedule) tokens.assign(info.periods, tokens.front());
  for (size_t m = 0; m < info.cover.size() && m < tokens.size(); ++m) tokens[m] *= info.cover[m];  // a strip's book
  info.fixedQuantity = std::move(tokens);
  info.strategy = ir::StrategyKind::Quantity;
}

// call(K, strike = P), put(K, strike = P), collar(K, put = P1, call = P2), each with loading = F: the legs, their
// strikes in the contract's quote unit and the premium loading.
void Elaborator::optionTerms(const ast::Expr& e, ir::HedgeInfo& info) {
  const std::string& kind = e.name.name;
  std::map<std::string, const ast::Expr*> args;
  bool ok = true;
  for (size_t i = 1; i < e.args.size(); ++i) {
    const std::string& n = e.args[i].name.name;
    bool known = n == "loading" || (kind == "collar" ? n == "put" || n == "call" : n == "strike");
    ok = ok && known && args.emplace(n, e.args[i].value.get()).second;
  }
  ok = ok && (kind == "collar" ? args.count("put") && args.count("call") : args.count("strike") != 0);
  if (!ok) {
    diags_.report(Diag::HedgeOptionForm, e.range);
    return;
  }
  const Type& quote = info.contract.quote;
  auto strike = [&](const char* name) -> std::optional<double> {
    ExprPtr v = constant(*args[name], "a strike");
    if (v->type.isError()) return std::nullopt;
    if (!v->type.isReal() || v->type.dim != quote.dim || !(v->value >= 0) || !std::isfinite(v->value)) {
      diags_.report(Diag::HedgeStrikeNotPrice, args[name]->range, {unitName(quote), unitName(v->type)});
      return std::nullopt;
    }
    return v->value;
  };
  std::optional<double> call, put;
  if (kind != "put") call = strike(kind == "collar" ? "call" : "strike");
  if (kind != "call") put = strike(kind == "collar" ? "put" : "strike");
  if (kind == "collar" && call && put && *put > *call) {
    diags_.report(Diag::HedgeCollarStrikes, args["put"]->range,
                  {sm_.text(args["put"]->range), sm_.text(args["call"]->range)});  // as written: in its own unit
    return;
  }
  if (auto it = args.find("loading"); it != args.end()) {
    ExprPtr v = constant(*it->second, "a premium loading");
    if (v->type.isError()) return;
    if (!v->type.isReal() || !v->type.dim.dimensionless() || !(v->value >= 0 && v->value < 1)) {
      diags_.report(Diag::HedgeLoadingRange, it->second->range,
                    {v->type.isReal() && v->type.dim.dimensionless() ? sitrt::formatReadable(v->value * 100) + "%"
                                                                   : unitName(v->type)});
      return;
    }
    info.loading = v->value;
  }
  if (kind != "put" && !call) return;
  if (kind != "call" && !put) return;
  info.optionLegs = (call ? sitrt::kCallLeg : 0) | (put ? sitrt::kPutLeg : 0);
  info.callStrike = call.value_or(0);
  info.putStrike = put.value_or(0);
}

// The contract `name` (null: the instrument is not a name) written at `at`, as a hedge's instrument: into info
// its terms, its underlying's instance, value and forward, with the quote checked against the index's unit.
// Returns the underlying's instance, or null after an error; `broken`: the instance's forward failed (reported).
const Instance* Elaborator::hedgeInstrument(const std::string* name, SourceRange at, const ast::HedgeDecl& h,
                                            ir::HedgeInfo& info, bool& broken) {
  const Instance* under = nullptr;
  bool quoteGiven = true;  // false: the contract has no quote, so its prices are in the underlying's unit
  auto c = name ? globals_.contracts.find(*name) : globals_.contracts.end();
  if (c == globals_.contracts.end()) {
    std::string why;
    if (name) {
      std::vector<std::string> known;
      for (const auto& [n, k] : globals_.contracts) known.push_back(n);
      auto match = sitrt::closestMatch(*name, known);
      std::string imp = importHint(program_, *name);  // " (module 'std' declares it: ...)"
      why = " ('" + *name + "' is not one" +
            (match ? "; did you mean '" + *match + "'?" : imp.empty() ? "" : "; " + imp.substr(2, imp.size() - 3)) + ")";
    }
    diags_.report(Diag::HedgeInstrumentNotContract, at, {why});
    return nullptr;
  }
  auto terms = contract(*c->second);
  if (!terms) return nullptr;
  info.contract = std::move(*terms);
  quoteGiven = std::any_of(c->second->terms.begin(), c->second->terms.end(),
                           [](const ast::Term& t) { return t.name.name == "quote"; });
  auto in = instanceByName_.find(info.contract.underlying.name);
  if (in == instanceByName_.end()) {
    auto* d = diags_.report(Diag::HedgeUnderlyingNotInstance, at,
                            {info.contract.name, info.contract.underlying.name, scenario_->name.name});
    DiagEngine::note(d, Diag::HedgeUnderlyingNamedHere, info.contract.underlying.range);
    return nullptr;
  }
  under = in->second;
  const auto& inst = model_.instances[under->index];
  info.instance = under->index;
  info.underlying = ir::clone(*under->value);
  if (!inst.forward && under->proc->forward) {
    broken = true;  // the process has a forward, but this instance's failed: its error is already reported
  } else if (!inst.forward) {
    auto* d = diags_.report(Diag::HedgeProcessHasNoForward, h.name.range, {under->proc->name.name, inst.name});
    DiagEngine::note(d, Diag::HedgeDeclareForwardHere, under->proc->name.range);
  } else {
    info.forward = ir::clone(*inst.forward);
  }
  ir::ContractInfo& k = info.contract;
  const Type& ut = under->value->type;
  if (k.quote.isError()) k.quote = ut;
  if (!ut.isError() && ut.dim != k.quote.dim) {
    // Without a quote, the tick's unit (checked to be a price) stands for the quote: it must be the underlying's.
    std::string quotedIn = quoteGiven ? "is quoted in " + unitName(k.quote)
                                      : "has its tick in " + unitName(k.quote) +
                                            " (with no quote, prices are in the underlying's unit)";
    auto* d = diags_.report(Diag::HedgeUnderlyingUnitMismatch, h.name.range, {inst.name, unitName(ut), k.name, quotedIn});
    DiagEngine::note(d, Diag::HedgeContractDeclaredHere, k.range);
  } else if (auto s0 = initialValue(*under->value); s0 && k.tick > 0.01 * *s0) {  // the tick is in the index's unit
    auto* d = diags_.report(Diag::CoarseTick, h.name.range, {k.name});
    DiagEngine::note(d, Diag::HedgeContractDeclaredHere, k.range);
  }
  return under;
}

namespace {
ExprPtr mul(ExprPtr a, ExprPtr b, Type t) {
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(a));
  kids.push_back(std::move(b));
  return ir::foldConstants(ir::makeNode(Op::Mul, std::move(kids), std::move(t)));
}
}  // namespace

void Elaborator::hedge(const ast::HedgeDecl& h) {
  size_t errorsBefore = diags_.errorCount();
  ir::HedgeInfo info;
  info.name = h.name.name;
  info.range = h.range;
  std::map<std::string, const ast::Expr*> terms;
  std::map<std::string, SourceRange> given;  // where each known term is first given, even in a wrong shape
  static const std::vector<std::string> kKnown = {"exposure", "instrument", "strategy", "quantity", "roll", "pilot",
                                                   "whole_contracts", "entry", "funding", "risk_premium", "discount"};
  for (const auto& t : h.terms) {
    if (std::find(kKnown.begin(), kKnown.end(), t.name.name) == kKnown.end()) {
      diags_.report(Diag::UnknownHedgeTerm, t.name.range, {t.name.name, sitrt::knownTermsHint(t.name.name, kKnown)});
      continue;
    }
    if (auto [it, fresh] = given.emplace(t.name.name, t.range); !fresh) {
      auto* d = diags_.report(Diag::TermGivenTwice, t.name.range, {t.name.name});
      DiagEngine::note(d, Diag::FirstGivenHere, it->second);
      continue;
    }
    if (!t.value) {  // the term is there, so it is not also reported missing below
      diags_.report(Diag::HedgeTermIsValue, t.name.range, {t.name.name});
      continue;
    }
    terms.emplace(t.name.name, t.value.get());
  }
  for (const char* req : {"exposure", "instrument"})
    if (!given.count(req)) diags_.report(Diag::HedgeMissingTerm, h.name.range, {h.name.name, req});

  // The instrument and its underlying index.
  const Instance* under = nullptr;
  bool broken = false;  // the underlying instance has errors of its own
  const ast::Expr* option = nullptr;  // call(...), put(...) or collar(...): checked once the quote is known
  const ast::Expr* named = nullptr;   // the contract named
  const ast::Expr* strip = nullptr;   // strip(...): its first book is `info`, the others `legs` (Strip.cpp)
  std::vector<ir::HedgeInfo> legs;
  if (auto it = terms.find("instrument"); it != terms.end()) {
    const ast::Expr& e = *it->second;
    if (e.kind == ast::ExprKind::Call && e.name.name == "strip")
      strip = &e;
    else if (e.kind != ast::ExprKind::Call || (e.name.name != "call" && e.name.name != "put" && e.name.name != "collar"))
      named = &e;
    else if (e.args.empty() || !e.args[0].name.name.empty()) diags_.report(Diag::HedgeOptionForm, e.range);
    else option = &e, named = e.args[0].value.get();
  }
  if (strip) {
    under = stripLegs(*strip, h, info, legs, broken);
  } else if (named) {
    under = hedgeInstrument(named->kind == ast::ExprKind::Name ? &named->name.name : nullptr, named->range, h, info,
                            broken);
  }

  if (option && !info.contract.quote.isError()) optionTerms(*option, info);
  // Terms an option hedge or a strip refuses: rolling, and (options) the entry calibration or (strips) a schedule.
  const ast::Expr* rolling = nullptr;
  if (auto it = terms.find("strategy"); it != terms.end() && it->second->kind == ast::ExprKind::Call &&
                                        it->second->name.name == "rolling")
    rolling = it->second;
  if (option) {
    static const char* kNeverRolled = "an option of each period is held to its settlement, never rolled";
    if (auto it = given.find("roll"); it != given.end()) diags_.report(Diag::HedgeOptionTerm, it->second, {"roll", kNeverRolled});
    if (auto it = given.find("entry"); it != given.end())
      diags_.report(Diag::HedgeOptionTerm, it->second, {"entry", "an option's premium is already the pilot paths' expected payoff"});
    if (rolling) diags_.report(Diag::HedgeOptionTerm, rolling->range, {"rolling", kNeverRolled});
  }
  if (strip) {
    static const char* kHeld = "each contract period of a strip is held to its settlement (a strip is its own roll)";
    if (auto it = given.find("roll"); it != given.end()) diags_.report(Diag::HedgeStripTerm, it->second, {"roll", kHeld});
    if (rolling) diags_.report(Diag::HedgeStripTerm, rolling->range, {"rolling", kHeld});
    if (auto it = terms.find("quantity"); it != terms.end() && it->second->kind == ast::ExprKind::Call &&
                                          it->second->name.name == "schedule")
      diags_.report(Diag::HedgeStripTerm, it->second->range,
                    {"schedule", "a strip's fixed quantity is one rate, held in every period each contract covers"});
  }

  // The exposure: consume(rate, price = ...) for a buyer, produce(rate, price = ...) for a seller, at the underlying
  // unless a price is given.
  ExprPtr rate, price;
  if (auto it = terms.find("exposure"); it != terms.end()) {
    const ast::Expr& e = *it->second;
    bool side = e.kind == ast::ExprKind::Call && (e.name.name == "consume" || e.name.name == "produce");
    if (!side || e.args.empty() || e.args.size() > 2 || !e.args[0].name.name.empty() ||
        (e.args.size() == 2 && e.args[1].name.name != "price")) {
      diags_.report(Diag::HedgeExposureForm, e.range);
    } else {
      info.seller = e.name.name == "produce";
      Scope sc;
      sc.ctx = Ctx::Observed;
      rate = expr(*e.args[0].value, sc);
      if (e.args.size() == 2) price = expr(*e.args[1].value, sc);
      else if (info.underlying) price = ir::clone(*info.underlying);
      Dim wantRate = exposureRate(info.contract);
      if (rate && !rate->type.isError() && (!rate->type.isReal() || rate->type.dim != wantRate)) {
        diags_.report(Diag::HedgeConsumptionNotRate, e.args[0].value->range,
                      {info.seller ? "production" : "consumption", units_.format(wantRate), unitName(rate->type)});
        rate = nullptr;
      }
      if (price && !price->type.isError() && !info.contract.quote.isError() &&
          (!price->type.isReal() || price->type.dim != info.contract.quote.dim)) {
        diags_.report(Diag::HedgePriceNotInQuoteUnit, e.args.size() == 2 ? e.args[1].value->range : e.range,
                      {info.seller ? "received" : "paid", unitName(price->type), unitName(info.contract.quote)});
        price = nullptr;
      }
    }
  }

  // A whole number from lo to hi; `what` names it in errors.
  auto whole = [&](const ast::Expr& e, const std::string& what, double lo, double hi) -> std::optional<double> {
    ExprPtr v = constant(e, what.c_str());
    if (v->type.isError()) return std::nullopt;
    if (!v->type.isReal() || !v->type.dim.dimensionless() || v->value != std::floor(v->value) || v->value < lo ||
        v->value > hi) {
      diags_.report(Diag::HedgeTermNotWholeNumber, e.range,
                    {what, std::to_string(static_cast<long long>(lo)), std::to_string(static_cast<long long>(hi))});
      return std::nullopt;
    }
    return v->value;
  };
  auto count = [&](const char* term, double lo, double hi) -> std::optional<double> {
    auto it = terms.find(term);
    if (it == terms.end()) return std::nullopt;
    return whole(*it->second, std::string("'") + term + "'", lo, hi);
  };

  // Strategy.
  std::optional<double> rollingN;  // rolling(N): the same stack-and-roll as `roll = N`
  if (auto it = terms.find("strategy"); it != terms.end()) {
    const ast::Expr& e = *it->second;
    const std::string& n = e.name.name;
    bool call = e.kind == ast::ExprKind::Call;
    if (e.kind == ast::ExprKind::Name && (n == "none" || n == "naive" || n == "min_variance")) {
      info.strategy = n == "none" ? ir::StrategyKind::None
                      : n == "naive" ? ir::StrategyKind::Fixed : ir::StrategyKind::MinVariance;
      info.ratio = n == "naive" ? 1 : 0;
    } else if (call && n == "fixed" && e.args.size() == 1) {
      rejectNamedArgs(e);
      ExprPtr r = constant(*e.args[0].value, "a hedge ratio");
      if (!r->type.isError() && (!r->type.dim.dimensionless() || !r->type.isReal())) {
        diags_.report(Diag::HedgeRatioNotPlain, e.args[0].value->range);
      } else if (std::string err = sitrt::rules::fixedRatio(r->value); !r->type.isError() && !err.empty()) {
        diags_.report(Diag::HedgeFixedRatioRule, e.args[0].value->range, {err});
      }
      info.strategy = ir::StrategyKind::Fixed;
      info.ratio = r->value;
    } else if (call && n == "min_variance" && e.args.size() == 1 && e.args[0].value->kind == ast::ExprKind::Name &&
               (e.args[0].value->name.name == "per_period" || e.args[0].value->name.name == "per_month")) {
      rejectNamedArgs(e);
      info.strategy = ir::StrategyKind::MinVariance;
      info.perPeriod = true;
    } else if (call && n == "rolling" && e.args.size() == 1) {
      rejectNamedArgs(e);
      info.strategy = ir::StrategyKind::Fixed;
      info.ratio = 1;
      info.roll = 1;
      rollingN = whole(*e.args[0].value, "the number of periods in rolling(N)", 1, 1200);
      if (rollingN) info.roll = static_cast<uint32_t>(*rollingN);
    } else {
      std::string hint = sitrt::didYouMean(n, {"none", "naive", "fixed", "min_variance", "rolling"});
      diags_.report(Diag::HedgeUnknownStrategy, e.range, {hint});
    }
  } else {
    info.strategy = ir::StrategyKind::MinVariance;
  }
  if (auto r = count("roll", 1, 1200)) {
    if (rollingN && *rollingN != *r) {  // two different answers to one question: neither silently wins
      auto* d = diags_.report(Diag::HedgeRollConflictsWithStrategy, terms["roll"]->range,
                              {std::to_string(static_cast<long long>(*r)),
                               std::to_string(static_cast<long long>(*rollingN))});
      DiagEngine::note(d, Diag::HedgeStrategyGivenHere, terms["strategy"]->range);
    }
    info.roll = static_cast<uint32_t>(*r);
  }
  if (auto it = terms.find("pilot"); it != terms.end()) {
    ExprPtr v = constant(*it->second, "'pilot'");
    bool count = v->type.isReal() && v->type.dim.dimensionless();  // a quantity with a unit is no count: NaN
    std::string err = sitrt::rules::pilotPaths(count ? v->value : std::nan(""));
    if (!v->type.isError() && !err.empty()) diags_.report(Diag::HedgePilotPathsRule, it->second->range, {err});
    else if (!v->type.isError()) info.pilotPaths = static_cast<uint64_t>(v->value);
  }
  if (auto it = terms.find("entry"); it != terms.end()) {
    const ast::Expr& e = *it->second;
    bool name = e.kind == ast::ExprKind::Name && e.member.name.empty();
    if (name && (e.name.name == "model" || e.name.name == "pilot")) info.pilotEntry = e.name.name == "pilot";
    else diags_.report(Diag::HedgeEntryForm, e.range);
  }
  // Rates per time (funding, risk_premium, discount): the term's value into `out` when `allowed` accepts it, else
  // `kind`'s error saying what was given ("it is -1% per year", "this is USD").
  auto perTime = [&](const char* term, const char* what, Diag kind, double& out, auto allowed) {
    auto it = terms.find(term);
    if (it == terms.end()) return;
    ExprPtr v = constant(*it->second, what);
    if (v->type.isError()) return;
    bool rate = v->type.isReal() && v->type.dim == Dim::base(kTime).pow(Rational::of(-1));
    if (rate && std::isfinite(v->value) && allowed(v->value)) out = v->value;
    else diags_.report(kind, it->second->range,
                       {rate ? "it is " + sitrt::formatReadable(v->value * 100) + "% per year" : "this is " + unitName(v->type)});
  };
  perTime("funding", "a funding rate", Diag::HedgeFundingRate, info.fundingRate, [](double r) { return r >= 0; });
  perTime("discount", "a discount rate", Diag::HedgeDiscountRate, info.discountRate, [](double r) { return r >= 0; });
  // Futures (and the options' pricing measure) above the expected settlement by this much per year of tenor; every
  // period's price must stay positive.
  perTime("risk_premium", "a risk premium", Diag::HedgeRiskPremium, info.riskPremium,
          [&](double r) { return 1 + r * model_.horizon > 0; });
  if (auto it = terms.find("whole_contracts"); it != terms.end()) {
    ExprPtr v = constant(*it->second, "whole_contracts");
    if (!v->type.isError() && !v->type.isBool()) diags_.report(Diag::HedgeWholeContractsNotBool, it->second->range);
    info.wholeContracts = v->value != 0;
  }

  // Periods hedged: the listed periods that fit in the horizon (a strip's books: those they cover, Strip.cpp).
  const ir::ContractInfo& k = info.contract;
  if (k.period > 0 && model_.horizon > 0 && !strip) {
    double n = model_.horizon / k.period;
    if (std::fabs(n - std::round(n)) > 1e-9 * std::max(1.0, n) || std::round(n) < 1) {
      diags_.report(Diag::HedgeHorizonNotWholePeriods, h.name.range, {std::to_string(n), k.periodName});
    } else {
      info.periods = static_cast<uint32_t>(std::min<double>(k.listed, std::round(n)));  // n may be huge
      if (info.periods < std::round(n)) {
        auto* d = diags_.report(Diag::UnhedgedPeriods, h.name.range,
                                {h.name.name, sitrt::formatReadable(std::round(n)), k.periodName, k.name,
                                 std::to_string(k.listed), sitrt::formatReadable(std::round(n) - k.listed)});
        DiagEngine::note(d, Diag::HedgeContractDeclaredHere, k.range);
      }
      if (info.periods > sitrt::kMaxHedgePeriods)
        diags_.report(Diag::HedgeTooManyPeriods, h.name.range, {std::to_string(sitrt::kMaxHedgePeriods)});
      if (info.roll > info.periods) info.roll = info.periods;
    }
    if (model_.dt > k.period * (1 + 1e-9)) diags_.report(Diag::HedgeStepLongerThanPeriod, h.name.range);
  }
  if (auto it = terms.find("quantity"); it != terms.end() && info.periods > 0) {
    fixedQuantity(*it->second, info);
    for (auto& leg : legs) leg.seller = info.seller, fixedQuantity(*it->second, leg);
  }
  if (auto it = terms.find("quantity"); it != terms.end() && terms.count("strategy")) {
    auto* d = diags_.report(Diag::HedgeQuantityWithStrategy, it->second->range);
    DiagEngine::note(d, Diag::HedgeStrategyGivenHere, terms["strategy"]->range);
  }
  if (diags_.errorCount() != errorsBefore || broken || !rate || !price || !under) return;

  // The exposure's aggregates: the unhedged cost and the quantity consumed in each period.
  Type tDt = Type::real(Dim::base(kTime));
  info.money = Type::real(Dim::base(kCurrency));
  info.price = k.quote;
  info.quantity = Type::real(rate->type.dim * Dim::base(kTime));
  info.quantity.display = {"Mtok", 1e6, {}};
  if (rate->type.dim * Dim::base(kTime) != Dim::base(kToken)) info.quantity.display = {};
  ExprPtr dt = ir::makeConst(model_.dt, tDt);
  if (info.seller) dt = ir::makeConst(-model_.dt, tDt);  // the book's cost and quantity are minus the seller's
  ExprPtr spend = mul(mul(ir::clone(*rate), ir::clone(*price), Type::real(info.money.dim / Dim::base(kTime))),
                      ir::clone(*dt), info.money);
  if (info.discountRate > 0) {  // discount = r: each step's spending at its present value, exp(-r t)
    ExprPtr rt = mul(ir::makeConst(-info.discountRate, Type::real(Dim::base(kTime).pow(Rational::of(-1)))),
                     ir::makeLeaf(Op::Time, 0, tDt, Variability::Step, h.range), Type::real());
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(rt));
    spend = mul(std::move(spend), ir::makeNode(Op::Exp, std::move(kids), Type::real()), info.money);
  }
  info.costAgg = model_.addAggregate({ir::AggKind::Sum, std::move(spend), 0, 0, h.range});
  // A book's quantity per period of its contract over the horizon (a strip's book may end within a period).
  auto quantityAgg = [&](const ir::HedgeInfo& b) {
    const ir::ContractInfo& c = b.contract;
    uint32_t windows = c.period > 0 ? static_cast<uint32_t>(std::min<double>(
                                          std::ceil(model_.horizon / c.period * (1 - 1e-9)), sitrt::limits::kMaxSteps))
                                    : 0;
    return model_.addAggregate({ir::AggKind::Sum, mul(ir::clone(*rate), ir::clone(*dt), b.quantity), c.period,
                                windows, h.range});
  };
  info.quantityAgg = quantityAgg(info);
  const int index = static_cast<int>(model_.hedges.size());
  model_.hedges.push_back(std::move(info));
  for (auto& leg : legs) {
    // The strip's other books: the head's exposure and strategy, on contracts of their own.
    const ir::HedgeInfo& head = model_.hedges[static_cast<size_t>(index)];
    leg.leg = true;
    leg.seller = head.seller;
    leg.costAgg = head.costAgg;
    leg.strategy = head.strategy;
    leg.ratio = head.ratio;
    leg.perPeriod = head.perPeriod;
    leg.wholeContracts = head.wholeContracts;
    leg.pilotPaths = head.pilotPaths;
    leg.pilotEntry = head.pilotEntry;
    leg.fundingRate = head.fundingRate;
    leg.riskPremium = head.riskPremium;
    leg.discountRate = head.discountRate;
    leg.money = head.money, leg.price = leg.contract.quote, leg.quantity = head.quantity;
    leg.quantityAgg = quantityAgg(leg);
    model_.hedges.push_back(std::move(leg));
  }

  // The hedge's report.
  for (uint32_t v = 0; v < ir::kHedgeValues; ++v) {  // its values so far, for --series
    ExprPtr e = hedgeValue(index, ir::HedgeValue(v), h.name.range);
    Type t = e->type;
    model_.observables.push_back({h.name.name + "." + ir::hedgeValueName(ir::HedgeValue(v), model_.hedges[index].seller),
                                  std::move(e), t});
  }
  bool any = false;
  for (const auto& r : h.reports)
    for (const auto& item : r.items) reportItem(item, index), any = true;
  if (any) return;
  defaultHedgeReports(index, h.name.range);
}

}  // namespace sitc::sema
