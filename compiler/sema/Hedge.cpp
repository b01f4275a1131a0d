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
  switch (e.op) {
    case Op::Const: return e.value;
    case Op::Time: return 0.0;
    case Op::State: {
      const auto& init = model_.states[e.index].init;
      return init ? initialValue(*init) : std::nullopt;
    }
    case Op::Temp:
      return model_.temps[e.index].stage == ir::Stage::Observed ? initialValue(*model_.temps[e.index].expr)
                                                                  : std::nullopt;
    default: {
      if (ir::isLeaf(e.op) || e.op == Op::Poisson || e.op == Op::Let) return std::nullopt;
      double a[3] = {0, 0, 0};
      for (size_t i = 0; i < e.args.size(); ++i) {
        auto v = initialValue(*e.args[i]);
        if (!v) return std::nullopt;
        a[i] = *v;
      }
      return ir::applyScalar(e.op, a);
    }
  }
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
  static const std::set<std::string> kKnown = {"exposure", "instrument", "strategy", "roll", "pilot", "whole_contracts", "entry"};
  for (const auto& t : h.terms) {
    if (!kKnown.count(t.name.name)) {
      auto match = sitrt::closestMatch(t.name.name, {kKnown.begin(), kKnown.end()});
      diags_.error(t.name.range, "unknown hedge term '" + t.name.name + "' (" +
                                     (match ? "did you mean '" + *match + "'? " : "") +
                                     "known terms: exposure, instrument, strategy, roll, pilot, whole_contracts, entry)");
      continue;
    }
    if (auto [it, fresh] = given.emplace(t.name.name, t.range); !fresh) {
      auto* d = diags_.error(t.name.range, "term '" + t.name.name + "' is given twice");
      DiagEngine::note(d, it->second, "first given here");
      continue;
    }
    if (!t.value) {  // the term is there, so it is not also reported missing below
      diags_.error(t.name.range, "'" + t.name.name + "' is a value (" + t.name.name + " = ...), not a block");
      continue;
    }
    terms.emplace(t.name.name, t.value.get());
  }
  for (const char* req : {"exposure", "instrument"})
    if (!given.count(req)) diags_.error(h.name.range, "hedge '" + h.name.name + "' has no " + req);

  // The instrument and its underlying index.
  const Instance* under = nullptr;
  bool broken = false;  // the underlying instance has errors of its own
  bool quoteGiven = true;  // false: the contract has no quote, so its prices are in the underlying's unit
  if (auto it = terms.find("instrument"); it != terms.end()) {
    const ast::Expr& e = *it->second;
    auto c = e.kind == ast::ExprKind::Name ? globals_.contracts.find(e.name.name) : globals_.contracts.end();
    if (c == globals_.contracts.end()) {
      std::string why;
      if (e.kind == ast::ExprKind::Name) {
        std::vector<std::string> known;
        for (const auto& [n, k] : globals_.contracts) known.push_back(n);
        auto match = sitrt::closestMatch(e.name.name, known);
        std::string imp = importHint(program_, e.name.name);  // " (module 'std' declares it: ...)"
        why = " ('" + e.name.name + "' is not one" +
              (match ? "; did you mean '" + *match + "'?" : imp.empty() ? "" : "; " + imp.substr(2, imp.size() - 3)) + ")";
      }
      diags_.error(e.range, "the instrument must be a declared contract" + why);
    } else if (auto k = contract(*c->second)) {
      info.contract = std::move(*k);
      quoteGiven = std::any_of(c->second->terms.begin(), c->second->terms.end(),
                               [](const ast::Term& t) { return t.name.name == "quote"; });
      auto in = instanceByName_.find(info.contract.underlying.name);
      if (in == instanceByName_.end()) {
        auto* d = diags_.error(e.range, "contract '" + info.contract.name + "' is on '" +
                                            info.contract.underlying.name + "', which is not a process instance of "
                                            "scenario '" + scenario_->name.name + "'");
        DiagEngine::note(d, info.contract.underlying.range, "the underlying is named here");
      } else {
        under = in->second;
      }
    }
  }
  if (under) {
    const auto& inst = model_.instances[under->index];
    info.instance = under->index;
    info.underlying = ir::clone(*under->value);
    if (!inst.forward && under->proc->forward) {
      broken = true;  // the process has a forward, but this instance's failed: its error is already reported
    } else if (!inst.forward) {
      auto* d = diags_.error(h.name.range, "hedging needs futures prices along the path, but process '" +
                                               under->proc->name.name + "' of '" + inst.name +
                                               "' declares no forward(tau)");
      DiagEngine::note(d, under->proc->name.range, "declare 'forward(tau) = E_t[value at t + tau];' here");
    } else {
      info.forward = ir::clone(*inst.forward);
    }
    ir::ContractInfo& k = info.contract;
    const Type& ut = under->value->type;
    if (k.quote.isError()) k.quote = ut;
    if (!ut.isError() && ut.dim != k.quote.dim) {
      // Without a quote, the tick's unit (checked to be a price) stands for the quote: it must be the underlying's.
      auto* d = diags_.error(h.name.range, "'" + inst.name + "' is " + unitName(ut) + ", but contract '" + k.name +
                                               (quoteGiven ? "' is quoted in " + unitName(k.quote)
                                                           : "' has its tick in " + unitName(k.quote) +
                                                                 " (with no quote, prices are in the underlying's unit)"));
      DiagEngine::note(d, k.range, "the contract is declared here");
    } else if (auto s0 = initialValue(*under->value); s0 && k.tick > 0.01 * *s0) {  // the tick is in the index's unit
      auto* d = diags_.warning(Warning::CoarseTick, h.name.range, "contract '" + k.name + "': the tick is coarser than 1% of the index's "
                                                                    "initial value");
      DiagEngine::note(d, k.range, "the contract is declared here");
    }
  }

  // The exposure: consume(rate, price = ...), paid at the underlying unless a price is given.
  ExprPtr rate, price;
  if (auto it = terms.find("exposure"); it != terms.end()) {
    const ast::Expr& e = *it->second;
    if (e.kind != ast::ExprKind::Call || e.name.name != "consume" || e.args.empty() || e.args.size() > 2 ||
        !e.args[0].name.name.empty() || (e.args.size() == 2 && e.args[1].name.name != "price")) {
      diags_.error(e.range, "the exposure is consume(RATE) or consume(RATE, price = PRICE), e.g. "
                            "consume(100 Mtok/day * demand, price = TPI * basis)");
    } else {
      Scope sc;
      sc.ctx = Ctx::Observed;
      rate = expr(*e.args[0].value, sc);
      if (e.args.size() == 2) price = expr(*e.args[1].value, sc);
      else if (info.underlying) price = ir::clone(*info.underlying);
      Dim wantRate = Dim::base(kToken) / Dim::base(kTime);
      if (info.contract.size > 0 && !info.contract.quote.isError())
        wantRate = Dim::base(kCurrency) / info.contract.quote.dim / Dim::base(kTime);
      if (rate && !rate->type.isError() && (!rate->type.isReal() || rate->type.dim != wantRate)) {
        diags_.error(e.args[0].value->range, "consumption must be a rate (" + units_.format(wantRate) +
                                                 ", e.g. 100 Mtok/day), but this is " + unitName(rate->type));
        rate = nullptr;
      }
      if (price && !price->type.isError() && !info.contract.quote.isError() &&
          (!price->type.isReal() || price->type.dim != info.contract.quote.dim)) {
        diags_.error(e.args.size() == 2 ? e.args[1].value->range : e.range,
                     "the price paid is " + unitName(price->type) + ", but the contract is quoted in " +
                         unitName(info.contract.quote));
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
      diags_.error(e.range, what + " must be a whole number from " + std::to_string(static_cast<long long>(lo)) +
                                " to " + std::to_string(static_cast<long long>(hi)));
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
        diags_.error(e.args[0].value->range, "a hedge ratio is a plain number (e.g. 0.8 or 80%)");
      } else if (std::string err = sitrt::rules::fixedRatio(r->value); !r->type.isError() && !err.empty()) {
        diags_.error(e.args[0].value->range, err);
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
      diags_.error(e.range, "the strategy is none, naive, fixed(RATIO), min_variance, min_variance(per_period) or "
                            "rolling(N)" + hint);
    }
  } else {
    info.strategy = ir::StrategyKind::MinVariance;
  }
  if (auto r = count("roll", 1, 1200)) {
    if (rollingN && *rollingN != *r) {  // two different answers to one question: neither silently wins
      auto* d = diags_.error(terms["roll"]->range, "'roll' is " + std::to_string(static_cast<long long>(*r)) +
                                                       ", but the strategy is rolling(" +
                                                       std::to_string(static_cast<long long>(*rollingN)) + ")");
      DiagEngine::note(d, terms["strategy"]->range, "the strategy is given here");
    }
    info.roll = static_cast<uint32_t>(*r);
  }
  if (auto it = terms.find("pilot"); it != terms.end()) {
    ExprPtr v = constant(*it->second, "'pilot'");
    bool count = v->type.isReal() && v->type.dim.dimensionless();  // a quantity with a unit is no count: NaN
    std::string err = sitrt::rules::pilotPaths(count ? v->value : std::nan(""));
    if (!v->type.isError() && !err.empty()) diags_.error(it->second->range, err);
    else if (!v->type.isError()) info.pilotPaths = static_cast<uint64_t>(v->value);
  }
  if (auto it = terms.find("entry"); it != terms.end()) {
    const ast::Expr& e = *it->second;
    bool name = e.kind == ast::ExprKind::Name && e.member.name.empty();
    if (name && (e.name.name == "model" || e.name.name == "pilot")) info.pilotEntry = e.name.name == "pilot";
    else diags_.error(e.range, "entry is model (the underlying's forward) or pilot (calibrated to pilot paths)");
  }
  if (auto it = terms.find("whole_contracts"); it != terms.end()) {
    ExprPtr v = constant(*it->second, "whole_contracts");
    if (!v->type.isError() && !v->type.isBool()) diags_.error(it->second->range, "whole_contracts is true or false");
    info.wholeContracts = v->value != 0;
  }

  // Periods hedged: the listed periods that fit in the horizon.
  const ir::ContractInfo& k = info.contract;
  if (k.period > 0 && model_.horizon > 0) {
    double n = model_.horizon / k.period;
    if (std::fabs(n - std::round(n)) > 1e-9 * std::max(1.0, n) || std::round(n) < 1) {
      diags_.error(h.name.range, "the horizon is not a whole number of the contract's periods (" +
                                     std::to_string(n) + " " + k.periodName + "s)");
    } else {
      info.periods = static_cast<uint32_t>(std::min<double>(k.listed, std::round(n)));  // n may be huge
      if (info.periods < std::round(n)) {
        auto* d = diags_.warning(Warning::UnhedgedPeriods, h.name.range,
                                 "hedge '" + h.name.name + "': the horizon is " + sitrt::formatReadable(std::round(n)) + " " +
                                     k.periodName + "s, but contract '" + k.name + "' lists " +
                                     std::to_string(k.listed) + ": the last " + sitrt::formatReadable(std::round(n) - k.listed) +
                                     " " + k.periodName + "s of consumption are not hedged");
        DiagEngine::note(d, k.range, "the contract is declared here");
      }
      if (info.periods > sitrt::kMaxHedgePeriods)
        diags_.error(h.name.range, "at most " + std::to_string(sitrt::kMaxHedgePeriods) + " contract periods can be hedged");
      if (info.roll > info.periods) info.roll = info.periods;
    }
    if (model_.dt > k.period * (1 + 1e-9)) diags_.error(h.name.range, "the step is longer than a contract period");
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
  ExprPtr spend = mul(mul(ir::clone(*rate), ir::clone(*price), Type::real(info.money.dim / Dim::base(kTime))),
                      ir::clone(*dt), info.money);
  info.costAgg = model_.addAggregate({ir::AggKind::Sum, std::move(spend), 0, 0, h.range});
  uint32_t windows = k.period > 0 ? static_cast<uint32_t>(std::min<double>(std::round(model_.horizon / k.period),
                                                                            sitrt::limits::kMaxSteps))
                                  : 0;
  info.quantityAgg =
      model_.addAggregate({ir::AggKind::Sum, mul(std::move(rate), std::move(dt), info.quantity), k.period, windows, h.range});
  model_.hedges.push_back(std::move(info));

  // The hedge's report.
  int index = static_cast<int>(model_.hedges.size() - 1);
  bool any = false;
  for (const auto& r : h.reports)
    for (const auto& item : r.items) reportItem(item, index), any = true;
  if (any) return;
  defaultHedgeReports(index, h.name.range);
}

}  // namespace sitc::sema
