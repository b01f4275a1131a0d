// instrument = strip(...): one hedge of several books (sitrt::HedgeSpec), each a contract of its own. A leg
// `CONTRACT = N` covers N consecutive periods of that contract from where the leg before it ended (the first from
// t = 0), so strip(SITM = 3, SITQ = 3, SITA = 2) holds monthly contracts for months 1-3, quarterly ones for months
// 4-12 and annual ones for years 2-3; `spread(CONTRACT, buy = I, sell = J)` adds a calendar spread, long period I
// and short period J, sized by period I's expected quantity.
#include <cmath>

#include "sema/Elaborator.h"
#include "sitrt/format.h"
#include "sitrt/hedge.h"

namespace sitc::sema {

namespace {
constexpr size_t kMaxStripBooks = 16;
constexpr double kMonth = 1.0 / 12;  // base time units (years) per month, for messages

std::string months(double t) { return sitrt::formatReadable(t / kMonth) + " months"; }
}  // namespace

const Instance* Elaborator::stripLegs(const ast::Expr& e, const ast::HedgeDecl& h, ir::HedgeInfo& head,
                                      std::vector<ir::HedgeInfo>& legs, bool& broken) {
  if (e.args.empty() || e.args.size() > kMaxStripBooks) {
    diags_.report(Diag::HedgeStripSize, e.range, {std::to_string(kMaxStripBooks), std::to_string(e.args.size())});
    return nullptr;
  }
  const Instance* first = nullptr;
  bool ok = true;
  double covered = 0;  // time the covering legs so far reach, from t = 0
  std::vector<ir::HedgeInfo> books;
  for (const auto& a : e.args) {
    const ast::Expr& v = *a.value;
    const bool spread = a.name.name.empty() && v.kind == ast::ExprKind::Call && v.name.name == "spread";
    const ast::Expr* buy = nullptr;
    const ast::Expr* sell = nullptr;
    if (spread) {
      for (size_t i = 1; i < v.args.size(); ++i) {
        const std::string& n = v.args[i].name.name;
        if (n == "buy" && !buy) buy = v.args[i].value.get();
        else if (n == "sell" && !sell) sell = v.args[i].value.get();
        else buy = sell = nullptr, i = v.args.size();
      }
      if (v.args.size() != 3 || !buy || !sell || !v.args[0].name.name.empty() ||
          v.args[0].value->kind != ast::ExprKind::Name) {
        diags_.report(Diag::HedgeStripForm, v.range);
        ok = false;
        continue;
      }
    } else if (a.name.name.empty()) {
      diags_.report(Diag::HedgeStripForm, v.range);
      ok = false;
      continue;
    }
    ir::HedgeInfo b;
    b.name = head.name;
    b.range = head.range;
    const std::string& name = spread ? v.args[0].value->name.name : a.name.name;
    SourceRange at = spread ? v.args[0].value->range : a.name.range;
    const Instance* under = hedgeInstrument(&name, at, h, b, broken);
    if (!under) {
      ok = false;
      continue;
    }
    const ir::ContractInfo& k = b.contract;
    if (!books.empty() && !k.quote.isError() && !books.front().contract.quote.isError() &&
        k.quote.dim != books.front().contract.quote.dim) {
      diags_.report(Diag::HedgeStripQuote, at,
                    {books.front().contract.name, unitName(books.front().contract.quote), k.name, unitName(k.quote)});
      ok = false;
    }
    if (!(k.period > 0) || !(model_.horizon > 0)) {
      ok = false;  // the contract's own errors say why
      continue;
    }
    if (model_.dt > k.period * (1 + 1e-9)) diags_.report(Diag::HedgeStepLongerThanPeriod, at), ok = false;
    // A whole number from 1 to `hi`, or nullopt (reported with `bad`).
    auto whole = [&](const ast::Expr& x, const char* what, double hi) -> std::optional<uint32_t> {
      ir::ExprPtr c = constant(x, what);
      if (c->type.isError()) return std::nullopt;
      if (!c->type.isReal() || !c->type.dim.dimensionless() || c->value != std::floor(c->value) || c->value < 1 ||
          c->value > hi)
        return std::nullopt;
      return static_cast<uint32_t>(c->value);
    };
    if (spread) {
      // The periods the spread may trade: the listed ones that end within the horizon.
      uint32_t within = static_cast<uint32_t>(
          std::min<double>(k.listed, std::floor(model_.horizon / k.period * (1 + 1e-9))));
      auto i = whole(*buy, "a spread's period", within), j = whole(*sell, "a spread's period", within);
      if (!i || !j || *i == *j) {
        diags_.report(Diag::HedgeSpreadPeriods, v.range,
                      {std::to_string(within), k.periodName, k.name, sm_.text(buy->range), sm_.text(sell->range)});
        ok = false;
        continue;
      }
      b.periods = std::max(*i, *j);
      b.cover.assign(b.periods, 0);
      b.cover[*i - 1] = 1;
      b.cover[*j - 1] = -1;
      b.sizedBy = static_cast<int32_t>(*i - 1);
      b.instrument = "spread(" + k.name + ", " + std::to_string(*i) + ", " + std::to_string(*j) + ")";
    } else {
      auto n = whole(v, "a strip leg's period count", 1200);
      if (!n) {
        diags_.report(Diag::HedgeStripCount, v.range);
        ok = false;
        continue;
      }
      double from = covered / k.period;
      if (std::fabs(from - std::round(from)) > 1e-9 * std::max(1.0, from)) {
        diags_.report(Diag::HedgeStripAlignment, at, {k.name, "after " + months(covered), k.periodName});
        ok = false;
        continue;
      }
      uint32_t lo = static_cast<uint32_t>(std::round(from)), hi = lo + *n;
      covered += *n * k.period;
      if (covered > model_.horizon * (1 + 1e-9)) {
        diags_.report(Diag::HedgeStripBeyond, v.range,
                      {std::to_string(*n), k.periodName, k.name, months(covered), months(model_.horizon)});
        ok = false;
        continue;
      }
      if (hi > k.listed) {
        diags_.report(Diag::HedgeStripListed, v.range, {std::to_string(hi), k.periodName, k.name, std::to_string(k.listed)});
        ok = false;
        continue;
      }
      b.periods = hi;
      b.cover.assign(hi, 0);
      for (uint32_t m = lo; m < hi; ++m) b.cover[m] = 1;
      b.instrument = k.name;
    }
    bool repeated = false;  // reports name a strip's books by their instrument, so each must be unique
    for (const auto& o : books) repeated = repeated || o.instrument == b.instrument;
    if (repeated) {
      diags_.report(Diag::HedgeStripRepeated, spread ? v.range : at, {b.instrument});
      ok = false;
      continue;
    }
    if (b.periods > sitrt::kMaxHedgePeriods) {
      diags_.report(Diag::HedgeTooManyPeriods, at, {std::to_string(sitrt::kMaxHedgePeriods)});
      ok = false;
    }
    if (books.empty()) first = under;
    books.push_back(std::move(b));
  }
  if (!ok || books.empty()) return nullptr;
  head.contract = std::move(books.front().contract);
  head.instance = books.front().instance;
  head.underlying = std::move(books.front().underlying);
  head.forward = std::move(books.front().forward);
  head.periods = books.front().periods;
  head.cover = std::move(books.front().cover);
  head.sizedBy = books.front().sizedBy;
  head.instrument = std::move(books.front().instrument);
  head.books = static_cast<uint32_t>(books.size());
  for (size_t i = 1; i < books.size(); ++i) legs.push_back(std::move(books[i]));
  return first;
}

}  // namespace sitc::sema
