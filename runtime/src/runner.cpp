#include "sitrt/runner.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <unistd.h>

#include "sitrt/cholesky.h"
#include "sitrt/curve_tables.h"
#include "sitrt/limits.h"
#include "sitrt/ranks.h"
#include "sitrt/scheduler.h"
#include "sitrt/stats.h"

namespace sitrt {

namespace {

// A run's futures curves and hedge books (curve.h, hedge.h), built from the spec and the run's params: the
// kernel reads them through SitKernelArgs::books.
struct Books {
  std::vector<double> lag;
  std::vector<std::unique_ptr<CurveData>> curves;
  std::vector<HedgeBook> hedges;
  std::vector<const void*> pointers;
};

void prepareBooks(const SimSpec& spec, const Kernel& k, const RunOptions& opt, Books& b) {
  b.lag.assign(spec.lagSize, 0.0);
  if (spec.lagSize && k.prepare) k.prepare(opt.params.data(), b.lag.data(), opt.user);
  b.hedges.clear();
  std::vector<bool> daily(spec.curves.size(), false);
  for (const auto& h : spec.hedges) {
    const HedgeParamLayout at = h.params();
    HedgeBook book{};
    book.terms = h.terms;  // with the terms --set can change, from params
    for (uint32_t t = 0; t < kSettableTerms; ++t)
      settableTerm(book.terms, SettableTerm(t)) = opt.params[at.term(SettableTerm(t))];
    book.average = spec.curves[h.curve].average;
    book.base = opt.params.data() + at.position(0);
    book.calibration = opt.params.data() + at.calibration(0);
    book.callPremium = opt.params.data() + at.callPremium(0);
    book.putPremium = opt.params.data() + at.putPremium(0);
    for (uint32_t m = 0; m < at.periods; ++m) book.active |= book.base[m] != 0;
    daily[h.curve] = daily[h.curve] || (book.active && !h.terms.legs);  // options need only settlement days
    b.hedges.push_back(book);
  }
  b.curves.clear();
  for (size_t c = 0; c < spec.curves.size(); ++c) {
    b.curves.push_back(std::make_unique<CurveData>());
    buildCurve(spec.curves[c], spec.steps, b.lag.data(), daily[c], *b.curves.back());
  }
  for (size_t i = 0; i < spec.hedges.size(); ++i) b.hedges[i].ends = b.curves[spec.hedges[i].curve]->ends.data();
  b.pointers.clear();
  for (const auto& c : b.curves) b.pointers.push_back(&c->view);
  for (const auto& h : b.hedges) b.pointers.push_back(&h);
}

}  // namespace

std::string checkRequirements(const SimSpec& spec, const Kernel& k, const std::vector<double>& params, const void* user) {
  if (spec.requirements.empty() || !k.checkParams) return "";
  int32_t failed = k.checkParams(params.data(), user);
  if (failed <= 0) return "";
  size_t i = static_cast<size_t>(failed - 1);
  return i < spec.requirements.size() ? spec.requirements[i] : "error: a process requirement is not met";
}

namespace {

// A run's per-path values on this rank: its block of paths [first, first + count) of n (all of them without MPI
// ranks), column c of its path first + j at values[c * stride + j].
struct PathBlock {
  std::vector<double> values;
  uint64_t first = 0, count = 0, n = 0, stride = 0;
  const Ranks* ranks = nullptr;
  const double* at(uint32_t c) const { return values.data() + static_cast<size_t>(c) * stride; }
  Column column(uint32_t c) const { return of(at(c)); }
  Column of(const double* x) const { return {x, count, first, n, ranks}; }  // a per-path array of this block
};

// Runs the paths of this rank's block of chunks (with opt.ranks; all of them without): their values into `out`,
// the series (which every rank keeps in full, indexed by absolute path) gathered on the root. Every rank returns
// the same error: the first failing path of the whole run, explained by the root.
std::string runBlock(const SimSpec& spec, const Kernel& k, const RunOptions& opt, uint32_t stream, PathBlock& out,
                     std::vector<double>* series = nullptr) {
  const Ranks* ranks = opt.ranks && opt.ranks->size() > 1 ? opt.ranks : nullptr;
  const auto [c0, c1] = ranks ? ranks->share(chunkCount(opt.paths)) : std::pair<uint64_t, uint64_t>{0, chunkCount(opt.paths)};
  const uint64_t p0 = std::min(c0 * kChunkPaths, opt.paths), p1 = std::min(c1 * kChunkPaths, opt.paths);
  out.first = p0, out.count = p1 - p0, out.n = opt.paths, out.stride = columnStride(p1 - p0), out.ranks = ranks;
  out.values.clear();
  out.values.assign(static_cast<size_t>(spec.numOutputs) * out.stride, 0.0);
  Books books;
  prepareBooks(spec, k, opt, books);
  KernelRun run;
  run.fn = k.run;
  run.params = opt.params.data();
  run.seed = opt.seed;
  run.stream = stream;
  run.paths = opt.paths;
  run.threads = opt.threads;
  run.firstChunk = c0, run.lastChunk = c1, run.outFirst = p0;
  run.out = out.values.data();
  run.stride = out.stride;
  run.user = opt.user;
  run.books = books.pointers.data();
  std::vector<int32_t> pointOfStep;
  if (series && opt.series && opt.series->paths && !spec.series.empty()) {
    const SeriesRequest& r = *opt.series;
    series->assign(r.steps.size() * spec.series.size() * r.stride(), 0.0);
    pointOfStep = r.pointOfStep(spec.steps);
    run.series = series->data();
    run.seriesStride = r.stride();
    run.seriesPaths = std::min(r.paths, opt.paths);
    run.seriesPoint = pointOfStep.data();
  }
  if (opt.progress) {
    opt.progress->phase(stream ? "pilot" : "main", p1 - p0);
    run.done = &opt.progress->done();
  }
  KernelFailure f = runChunks(run);
  const bool root = !ranks || ranks->root();
  if (ranks) {
    if (run.series) {  // the series are stored by absolute path: each rank's paths below seriesPaths
      uint64_t s0 = std::min(p0, run.seriesPaths), s1 = std::min(p1, run.seriesPaths);
      ranks->gatherRows(root ? nullptr : series->data() + s0, run.seriesStride, series->data(), run.seriesStride,
                        opt.series->steps.size() * spec.series.size(), s0, s1 - s0);
    }
    // The first failing path of the run is the first of the ranks' first failing paths.
    std::vector<uint64_t> all = ranks->allGather({f.check ? f.path : UINT64_MAX, static_cast<uint64_t>(f.check)});
    f = {};
    for (size_t i = 0; i < all.size(); i += 2)
      if (all[i + 1] && (f.check == 0 || all[i] < f.path)) f = {static_cast<int32_t>(all[i + 1]), all[i]};
  }
  if (f.check == 0) return "";
  size_t idx = static_cast<size_t>(f.check - 1);
  std::string where = idx < spec.checks.size() ? spec.checks[idx] : "kernel: error: run-time check failed";
  where += " (first on " + std::string(stream ? "pilot " : "") + "path " + std::to_string(f.path) + ", seed " +
           std::to_string(opt.seed) + ")";
  if (opt.explain && root) {  // the root speaks for the ranks: it replays the path, whichever rank ran it
    SitKernelArgs a{};
    a.params = run.params, a.seed = run.seed, a.stream = run.stream, a.firstPath = f.path, a.numPaths = 1;
    a.books = run.books;
    if (std::string e = opt.explain(a, where); !e.empty()) return e;
  }
  return where;
}

// Every path's values on the root (column c of path p at c * columnStride(n) + p), for --paths-out and tools.
std::vector<double> gatherPaths(const SimSpec& spec, const PathBlock& b) {
  if (!b.ranks) return b.values;
  std::vector<double> all;
  if (b.ranks->root()) {
    all.assign(static_cast<size_t>(spec.numOutputs) * columnStride(b.n), 0.0);
    for (uint32_t c = 0; c < spec.numOutputs; ++c)
      std::copy(b.at(c), b.at(c) + b.count, all.data() + static_cast<size_t>(c) * columnStride(b.n) + b.first);
  }
  b.ranks->gatherRows(b.ranks->root() ? nullptr : b.values.data(), b.stride, all.data(), columnStride(b.n),
                      spec.numOutputs, b.first, b.count);
  return all;
}

}  // namespace

namespace {

// Heteroskedasticity-robust (HC3, MacKinnon and White) standard errors of the slopes b of the regression of y on the
// columns x[0..P) with an intercept: Var(b) = A^-1 (sum_j u_j^2 z_j z_j^T) A^-1, z_j the centred regressors of path
// j, A = sum_j z_j z_j^T, u_j = e_j / (1 - h_j) its residual scaled by its leverage h_j = 1/n + z_j^T A^-1 z_j.
// `factor` is the Cholesky factor of A / (n - 1) (for one regressor: its variance). Surge paths make the residuals far
// larger where the gains are large; the textbook formula, which assumes one residual variance for all paths, then
// understates the error 2-3x (test/lit/stats/hedge-ratio-se.test checks these against the seed-to-seed spread).
// Only the diagonal is needed: Var(b_r) = sum_j u_j^2 (w_r . z_j)^2, w_r the r-th row of A^-1.
std::vector<double> robustSlopeErrors(const Column& y, const std::vector<const double*>& x,
                                      const std::vector<double>& factor, const std::vector<double>& b) {
  const size_t P = x.size();
  const uint64_t n = y.n;
  std::vector<double> mx(P), w(P * P);
  for (size_t r = 0; r < P; ++r) mx[r] = mean(y.with(x[r]));
  double my = mean(y);
  for (size_t r = 0; r < P; ++r) {
    std::vector<double> unit(P, 0.0);
    unit[r] = 1;
    std::vector<double> row = P == 1 ? std::vector<double>{1 / factor[0]} : choleskySolve(factor, std::move(unit), P);
    for (size_t c = 0; c < P; ++c) w[r * P + c] = row[c] / static_cast<double>(n - 1);
  }
  std::vector<double> z(P), wz(P);
  std::vector<double> se = pathSums(y, P, [&](size_t j, std::vector<CompensatedSum>& sum) {
    double e = y.x[j] - my;
    for (size_t r = 0; r < P; ++r) {
      z[r] = x[r][j] - mx[r];
      e -= b[r] * z[r];
    }
    double leverage = 1 / static_cast<double>(n);
    for (size_t r = 0; r < P; ++r) {
      wz[r] = 0;
      for (size_t c = 0; c < P; ++c) wz[r] += w[r * P + c] * z[c];
      leverage += z[r] * wz[r];
    }
    double u = leverage < 1 ? e / (1 - leverage) : e;  // a path of leverage 1 alone fixes the fit
    for (size_t r = 0; r < P; ++r) sum[r].add(u * u * wz[r] * wz[r]);
  });
  for (size_t r = 0; r < P; ++r) se[r] = n > P + 1 ? std::sqrt(se[r]) : NAN;
  return se;
}

// The pricing measure's scale of period m's settlement: 1 + risk premium x the tenor to the period's last day
// (1 without a risk premium, the model's own measure).
double pricingScale(const SimSpec& spec, const HedgeSpec& h, size_t m) {
  return 1 + h.riskPremium * static_cast<double>(spec.curves[h.curve].ends[m]) * spec.dt;
}

// An option hedge's fair premiums per token and period: the pilot means of each leg's payoff at the period's
// settlement under the pricing measure (the model's own, scaled by the risk premium), into the run's params.
void optionPremiums(const SimSpec& spec, const HedgeSpec& h, const PathBlock& out, HedgeSetup& s,
                    std::vector<double>& params, std::vector<double>& pilotParams) {
  const uint64_t n = out.count;
  const uint32_t P = static_cast<uint32_t>(h.terms.periods);
  s.callPremium.assign(P, 0.0);
  s.putPremium.assign(P, 0.0);
  s.callPremiumSe.assign(P, 0.0);
  s.putPremiumSe.assign(P, 0.0);
  for (uint32_t m = 0; m < P; ++m) {
    const double* a = out.at(h.colSettle + m);
    const double q = pricingScale(spec, h, m);
    const double d = discountFactor(h.terms, spec.curves[h.curve].ends[m]);  // paid at the period's end
    std::vector<double> call(n), put(n);
    for (uint64_t j = 0; j < n; ++j) call[j] = callPayoff(h.terms, q * a[j]), put[j] = putPayoff(h.terms, q * a[j]);
    if (h.terms.discount > 0)
      for (uint64_t j = 0; j < n; ++j) call[j] *= d, put[j] *= d;
    if (h.terms.legs & kCallLeg) {
      Estimate e = estimateMean(out.of(call.data()));
      s.callPremium[m] = e.value, s.callPremiumSe[m] = e.se;
    }
    if (h.terms.legs & kPutLeg) {
      Estimate e = estimateMean(out.of(put.data()));
      s.putPremium[m] = e.value, s.putPremiumSe[m] = e.se;
    }
    params[h.params().callPremium(m)] = pilotParams[h.params().callPremium(m)] = s.callPremium[m];
    params[h.params().putPremium(m)] = pilotParams[h.params().putPremium(m)] = s.putPremium[m];
  }
}

// The premium the book pays on day 0 (hedge.h), with the standard error of its estimate: the same sum over the
// pilot paths' (discounted) payoffs instead of their means. settle: the pilot settlements under the pricing
// measure, period by period (this rank's block of paths each).
Estimate premiumPaid(const SimSpec& spec, const HedgeSpec& h, const HedgeSetup& s, const std::vector<double>& settle,
                     const PathBlock& out) {
  const uint64_t n = out.count;
  std::vector<double> x(n, 0.0);
  for (size_t m = 0; m < s.base.size(); ++m) {
    const double d = discountFactor(h.terms, spec.curves[h.curve].ends[m]);
    for (uint64_t j = 0; j < n; ++j) {
      double a = settle[m * n + j], call = callPayoff(h.terms, a), put = putPayoff(h.terms, a);
      if (h.terms.discount > 0) call *= d, put *= d;
      x[j] += optionPremium(h.terms, s.base[m], call, put);
    }
  }
  return estimateMean(out.of(x.data()));
}

// Whether a minimum-variance futures book's pilot gains need a second run at unit ratio: a rolling book moves
// between contracts and a discounted one weighs each day's gain by its own discount factor, so neither gain
// telescopes to size x (settlement - entry).
bool gainsFromSecondRun(const HedgeSpec& h) { return !h.terms.legs && (h.terms.roll != 0 || h.terms.discount > 0); }

// Tokens a unit of hedge ratio holds in period m of book h: its expected quantity (a calendar spread's: the
// expected quantity of the period that sizes it), signed by the strip's cover of the period (sim_spec.h).
double unitQuantity(const HedgeSpec& h, const HedgeSetup& s, size_t m) {
  double q = s.expectedQuantity[h.sizedBy >= 0 ? static_cast<size_t>(h.sizedBy) : m];
  return h.coverOf(static_cast<uint32_t>(m)) * q;
}

// A label's bracket for book b of a hedge, period m (1-based; 0: none): "[3]" for a one-book hedge, "[SITQ 3]"
// or "[SITQ]" for a strip's book.
std::string bookBracket(const HedgeSpec& head, const HedgeSpec& b, size_t m) {
  std::string p = head.books > 1 ? b.instrument : "";
  if (m > 0) p += (p.empty() ? "" : " ") + std::to_string(m);
  return p.empty() ? "" : "[" + p + "]";
}

// The minimum-variance ratios of one hedge (books first .. first + head.books): the OLS slopes of its unhedged
// cost on its gains at unit ratio, one regressor per book (per covered period with per_period), with robust
// standard errors, into each book's setup. gains(b, m): book b's pilot gain column in period m at unit ratio;
// total(b): its gain summed over periods. A lone regressor (the usual one-book hedge) keeps the plain
// covariance ratio.
std::string minVarianceRatios(const SimSpec& spec, size_t first, const Column& cu,
                              const std::function<const double*(size_t, size_t)>& gains,
                              const std::function<const double*(size_t)>& total, std::vector<HedgeSetup>& setups) {
  const HedgeSpec& head = spec.hedges[first];
  std::vector<const double*> x;
  std::vector<std::pair<size_t, int>> slot;  // book, period (-1: every period)
  for (size_t b = first; b < first + head.books; ++b) {
    const HedgeSpec& h = spec.hedges[b];
    if (!h.ratioPerPeriod()) {
      x.push_back(total(b)), slot.push_back({b, -1});
      continue;
    }
    for (uint32_t m = 0; m < static_cast<uint32_t>(h.terms.periods); ++m)
      if (h.coverOf(m) != 0) x.push_back(gains(b, m)), slot.push_back({b, static_cast<int>(m)});
  }
  const size_t P = x.size();
  std::vector<double> coef, se;
  if (P == 1 && !head.perPeriod) {
    const Column g = cu.with(x[0]);
    double vg = covariance(g, g);
    double hs = vg > 0 ? covariance(cu, g) / vg : 0.0;
    coef = {hs};
    se = {vg > 0 ? robustSlopeErrors(cu, x, {vg}, coef)[0] : 0.0};
  } else {
    std::vector<double> a(P * P), rhs(P);
    double trace = 0;
    for (size_t r = 0; r < P; ++r) {
      rhs[r] = covariance(cu, cu.with(x[r]));
      for (size_t c = 0; c <= r; ++c) a[r * P + c] = a[c * P + r] = covariance(cu.with(x[r]), cu.with(x[c]));
      trace += a[r * P + r];
    }
    for (size_t r = 0; r < P; ++r) a[r * P + r] += 1e-12 * trace / static_cast<double>(P) + 1e-300;
    std::vector<double> l;
    if (cholesky(a, P, l))
      return "error: hedge '" + head.name + "': the " +
             (head.books > 1 ? std::string("minimum-variance regression on the strip's instruments")
                             : std::string("per-period minimum-variance regression")) +
             " is singular";
    coef = choleskySolve(l, rhs, P);
    se = robustSlopeErrors(cu, x, l, coef);
  }
  for (size_t r = 0; r < P; ++r) {
    HedgeSetup& s = setups[slot[r].first];
    if (slot[r].second < 0) {
      s.ratio.assign(s.ratio.size(), coef[r]);
      s.ratioSe.assign(s.ratio.size(), se[r]);
    } else {
      s.ratio[static_cast<size_t>(slot[r].second)] = coef[r];
      s.ratioSe[static_cast<size_t>(slot[r].second)] = se[r];
    }
  }
  return "";
}

}  // namespace

// The hedges' ratios from the pilot runs' paths (`out`: the last run's), then their positions, into `params`.
static std::string hedgePositions(const SimSpec& spec, const PathBlock& out,
                                  const std::vector<std::vector<double>>& staticGains,
                                  const std::vector<std::vector<double>>& pilotSettle, std::vector<double>& params,
                                  std::vector<HedgeSetup>& setups) {
  for (size_t i = 0; i < spec.hedges.size(); ++i) {
    const HedgeSpec& h = spec.hedges[i];
    size_t P = static_cast<size_t>(h.terms.periods);
    setups[i].ratio.assign(P, h.strategy == HedgeSpec::Strategy::Fixed ? h.ratio : 0.0);
    setups[i].ratioSe.assign(P, 0.0);
  }
  for (size_t i = 0; i < spec.hedges.size(); ++i) {  // ratios: one regression per hedge, over all its books
    const HedgeSpec& h = spec.hedges[i];
    if (h.leg || h.strategy != HedgeSpec::Strategy::MinVariance) continue;
    // Static books' gains come from the first run; a rolling hedge's (never a strip) from the second run's books.
    std::vector<std::vector<double>> totals(spec.hedges.size());
    const uint64_t n = out.count;
    auto gains = [&](size_t b, size_t m) {
      return !gainsFromSecondRun(spec.hedges[b]) ? staticGains[b].data() + m * n
                                                 : out.at(spec.hedges[b].colPeriodGain + static_cast<uint32_t>(m));
    };
    auto total = [&](size_t b) -> const double* {
      const HedgeSpec& hb = spec.hedges[b];
      if (gainsFromSecondRun(hb) && hb.books == 1 && !hb.leg) return out.at(hb.colGain);
      totals[b].assign(n, 0.0);  // a strip's colGain is all its books': sum this book's periods
      for (size_t m = 0; m < static_cast<size_t>(hb.terms.periods); ++m)
        for (uint64_t j = 0; j < n; ++j) totals[b][j] += gains(b, m)[j];
      return totals[b].data();
    };
    if (std::string e = minVarianceRatios(spec, i, out.column(h.colUnhedged), gains, total, setups); !e.empty())
      return e;
  }
  for (size_t i = 0; i < spec.hedges.size(); ++i) {
    const HedgeSpec& h = spec.hedges[i];
    HedgeSetup& s = setups[i];
    size_t P = static_cast<size_t>(h.terms.periods);
    s.base.assign(P, 0.0);
    s.capped = 0;
    for (size_t m = 0; m < P; ++m) {
      double lots = h.strategy == HedgeSpec::Strategy::Quantity ? h.quantity[m] / h.terms.size
                                                                : s.ratio[m] * unitQuantity(h, s, m) / h.terms.size;
      if (h.wholeContracts) lots = std::round(lots);
      if (h.terms.positionLimit > 0 && std::fabs(lots) > h.terms.positionLimit) {
        lots = std::copysign(h.terms.positionLimit, lots);
        ++s.capped;
      }
      s.base[m] = lots;
      params[h.params().position(static_cast<uint32_t>(m))] = lots;
    }
    if (h.terms.legs) s.premium = premiumPaid(spec, h, s, pilotSettle[i], out);
  }
  return "";
}

// Pilot runs (RNG stream 1, independent of the main run). One run without positions gives the expected
// consumption per period, each period's entry price and final settlement (and from them the entry = pilot
// calibration). A static hedge's futures gain per contract telescopes to size x (final settlement - entry),
// whatever the daily path between, so its minimum-variance ratio comes from the same run: the gain at h = 1 is
// G = sum_m E[Q_m] (settlement_m - entry_m). Only a rolling minimum-variance hedge, whose positions move between
// contracts, needs a second run at h = 1. Neither run applies the position limit: it caps the positions the
// ratio gives, not the exposure the ratio is estimated from.
static std::string setupHedges(const SimSpec& spec, const Kernel& k, const RunOptions& opt, std::vector<double>& params,
                               std::vector<HedgeSetup>& setups) {
  RunOptions pilot = opt;
  pilot.paths = 0;
  for (const auto& h : spec.hedges) pilot.paths = std::max(pilot.paths, h.pilotPaths ? h.pilotPaths : opt.paths);
  pilot.paths = std::max<uint64_t>(pilot.paths, 40);
  PathBlock out;
  pilot.params = params;  // base positions are zero: no hedge
  for (const auto& h : spec.hedges) pilot.params[h.params().term(SettableTerm::PositionLimit)] = 0;  // h* ignores limits
  if (std::string e = runBlock(spec, k, pilot, 1, out); !e.empty()) return e;
  // With MPI ranks (ranks.h) each rank holds its block of the pilot paths; every statistic below is reduced over
  // all of them, so every rank reaches the same decisions and params.
  const uint64_t n = out.count;
  bool needRolling = false;
  // Per-period futures gains at h = 1 of static minimum-variance hedges, from this run.
  std::vector<std::vector<double>> staticGains(spec.hedges.size());
  for (size_t i = 0; i < spec.hedges.size(); ++i) {
    const HedgeSpec& h = spec.hedges[i];
    HedgeSetup& s = setups[i];
    size_t P = static_cast<size_t>(h.terms.periods);
    s.pilotPaths = pilot.paths;
    s.expectedQuantity.resize(P);
    for (size_t m = 0; m < P; ++m) s.expectedQuantity[m] = mean(out.column(h.colQuantity + m));
    s.calibration.assign(P, 0.0);
    for (size_t m = 0; m < P; ++m) {
      if (h.pilotEntry) {
        double entry = mean(out.column(h.colEntry + m));
        double settle = mean(out.column(h.colSettle + m));
        s.calibration[m] = entry != 0 ? settle / entry - 1 : 0.0;
      }
      // The premium at t = 0 on top of the calibration (sim_spec.h): entry = pilot's price times 1 + premium x tenor.
      if (h.riskPremium != 0) s.calibration[m] = (1 + s.calibration[m]) * pricingScale(spec, h, m) - 1;
      pilot.params[h.params().calibration(m)] = params[h.params().calibration(m)] = s.calibration[m];
    }
    if (h.terms.legs) optionPremiums(spec, h, out, s, params, pilot.params);
    if (h.strategy != HedgeSpec::Strategy::MinVariance) continue;
    if (h.terms.legs) {  // an option's gain per token is its payoff less its fair premium
      std::vector<double>& g = staticGains[i];
      g.assign(P * n, 0.0);
      for (size_t m = 0; m < P; ++m) {
        const double* settle = out.at(h.colSettle + m);
        double premium = s.callPremium[m] - s.putPremium[m];
        double u = unitQuantity(h, s, m);
        const double d = discountFactor(h.terms, spec.curves[h.curve].ends[m]);
        for (uint64_t j = 0; j < n; ++j) {
          double payoff = optionPayoff(h.terms, settle[j]);
          g[m * n + j] = u * ((h.terms.discount > 0 ? d * payoff : payoff) - premium);
        }
      }
    } else if (!gainsFromSecondRun(h)) {
      std::vector<double>& g = staticGains[i];
      g.assign(P * n, 0.0);
      for (size_t m = 0; m < P; ++m) {
        const double* settle = out.at(h.colSettle + m);
        const double* entry = out.at(h.colEntry + m);
        double u = unitQuantity(h, s, m);
        for (uint64_t j = 0; j < n; ++j) g[m * n + j] = u * (settle[j] - (1.0 + s.calibration[m]) * entry[j]);
      }
    } else {
      needRolling = true;
      for (uint32_t m = 0; m < P; ++m) pilot.params[h.params().position(m)] = unitQuantity(h, s, m) / h.terms.size;
    }
  }
  // Option hedges' pilot settlements under the pricing measure, for the premium's standard error once positions
  // are known.
  std::vector<std::vector<double>> pilotSettle(spec.hedges.size());
  for (size_t i = 0; i < spec.hedges.size(); ++i)
    if (spec.hedges[i].terms.legs)
      for (int32_t m = 0; m < spec.hedges[i].terms.periods; ++m) {
        const double* c = out.at(spec.hedges[i].colSettle + static_cast<uint32_t>(m));
        const double q = pricingScale(spec, spec.hedges[i], static_cast<size_t>(m));
        for (uint64_t j = 0; j < n; ++j) pilotSettle[i].push_back(q * c[j]);
      }
  // A second run (the same paths, so the same unhedged costs) for rolling hedges' gains.
  if (needRolling)
    if (std::string e = runBlock(spec, k, pilot, 1, out); !e.empty()) return e;
  return hedgePositions(spec, out, staticGains, pilotSettle, params, setups);
}

std::string memoryRefusal(double bytes, const std::string& what) {
  long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGE_SIZE);
  double physical = pages > 0 && pageSize > 0 ? static_cast<double>(pages) * static_cast<double>(pageSize) : 0;
  if (physical <= 0 || bytes <= limits::kMaxOutputMemoryFraction * physical) return "";
  char buf[200];
  snprintf(buf, sizeof buf, "would need %.1f GB of %s, more than %.0f%% of this machine's %.1f GB of memory", bytes / 1e9,
           what.c_str(), limits::kMaxOutputMemoryFraction * 100, physical / 1e9);
  return buf;
}

std::string checkRunSize(const SimSpec& spec, uint64_t paths, unsigned ranks) {
  auto countOk = [](uint64_t n) { return n >= 1 && n <= limits::kMaxPaths; };
  if (!countOk(paths))
    return "the path count must be 1 .. 2^40 (" + std::to_string(limits::kMaxPaths) + "), not " + std::to_string(paths);
  uint64_t pilot = 0;
  for (const auto& h : spec.hedges) {
    uint64_t n = h.pilotPaths ? h.pilotPaths : paths;
    if (!countOk(n))
      return "hedge '" + h.name + "': the pilot path count must be 1 .. 2^40, not " + std::to_string(n);
    pilot = std::max(pilot, n);
  }
  // The outputs of a rank's block of paths (all of them for one rank), plus one column's copy for sorting quantiles
  // (docs/design.md, "Memory").
  auto block = [&](uint64_t n) {
    uint64_t chunks = (chunkCount(n) + ranks - 1) / std::max(1u, ranks);
    return static_cast<double>(columnStride(std::min(n, chunks * kChunkPaths)));
  };
  double columns = static_cast<double>(spec.numOutputs) + 1;
  double main = block(paths) * columns * 8;
  double pilots = block(std::max<uint64_t>(pilot, 1)) * columns * 8;
  double curves = static_cast<double>(spec.lagSize) * 8;
  for (const auto& c : spec.curves)
    curves += static_cast<double>(spec.steps + 1) * static_cast<double>(c.ends.size()) * 4 + 224.0 * static_cast<double>(c.ends.size());
  if (std::string e = memoryRefusal(main + curves, "path outputs and futures curves"); !e.empty())
    return std::to_string(paths) + " paths x " + std::to_string(spec.numOutputs) + " per-path values " + e;
  if (std::string e = memoryRefusal(pilots + curves, "pilot outputs and futures curves"); !e.empty())
    return "the hedges' " + std::to_string(pilot) + " pilot paths " + e;
  return "";
}

RunOutcome runAndReport(const SimSpec& spec, const Kernel& k, const RunOptions& opt) {
  RunOutcome res;
  auto t0 = std::chrono::steady_clock::now();
  RunOptions main = opt;
  // The book's settable terms reach the kernel through params (sim_spec.h), so --set changes them.
  for (const auto& h : spec.hedges)
    for (uint32_t t = 0; t < kSettableTerms; ++t)
      main.params[h.params().term(SettableTerm(t))] = settableTerm(h.terms, SettableTerm(t));
  res.hedges.resize(spec.hedges.size());
  if (!spec.hedges.empty()) {
    res.error = setupHedges(spec, k, main, main.params, res.hedges);
    if (!res.error.empty()) return res;
  }
  PathBlock out;
  res.error = runBlock(spec, k, main, 0, out, &res.series);
  auto t1 = std::chrono::steady_clock::now();
  res.simulateMs = std::chrono::duration<double, std::milli>(t1 - t0).count();
  if (!res.error.empty()) return res;
  // Every rank computes every statistic over its block, reduced over the ranks (stats.h): all get the same rows.
  if (opt.progress) opt.progress->phase("statistics");
  for (const auto& r : spec.reports) {
    auto col = [&](uint32_t c) { return out.column(c); };
    const std::string stat = r.name.empty() ? statName(r.stat) : r.name;
    const bool leveled = r.stat == StatKind::Quantile || r.stat == StatKind::CVaR;
    const std::string hedge = r.hedge >= 0 ? spec.hedges[r.hedge].name : "";
    // window: the 1-based window or period of a per-window row (0: none); part: a per_period row's quantity.
    auto add = [&](const std::string& label, Estimate e, const std::string& unit, double scale, uint32_t window = 0,
                   const std::string& part = "") {
      res.rows.push_back({label, unit, e.value / scale, e.se / scale, e.undefined ? e.undefined : "",
                          part.empty() ? stat : stat + "." + part, leveled ? r.arg : NAN, hedge, window});
      // A value that is NaN or infinite without a stated reason overflowed: report it rather than print "nan".
      if (!std::isfinite(e.value / scale) && !e.undefined && res.error.empty())
        res.error = (r.where.empty() ? "" : r.where + ": ") + "error: the reported statistic '" + label + "' is " +
                    (std::isnan(e.value) ? "NaN" : "infinite") +
                    ": computing it from the path values overflowed (they are too large for it)";
    };
    switch (r.stat) {
      case StatKind::VolReduction:
      case StatKind::HedgeEffectiveness:
        add(r.label, estimateReduction(col(r.column), col(r.column2), r.stat == StatKind::HedgeEffectiveness), "", 1);
        break;
      case StatKind::HedgeRatio: {  // per period with min_variance(per_period); per book of a strip
        const HedgeSpec& head = spec.hedges[r.hedge];
        for (size_t b = static_cast<size_t>(r.hedge); b < static_cast<size_t>(r.hedge) + head.books; ++b) {
          const HedgeSetup& s = res.hedges[b];
          const HedgeSpec& h = spec.hedges[b];
          if (h.ratioPerPeriod()) {
            for (size_t m = 0; m < s.ratio.size(); ++m)
              if (h.coverOf(static_cast<uint32_t>(m)) != 0)
                add(r.label + bookBracket(head, h, m + 1), {s.ratio[m], s.ratioSe[m]}, "", 1,
                    static_cast<uint32_t>(m + 1));
          } else {
            add(r.label + bookBracket(head, h, 0),
                {s.ratio.empty() ? 0.0 : s.ratio[0], s.ratioSe.empty() ? 0.0 : s.ratioSe[0]}, "", 1);
          }
        }
        break;
      }
      case StatKind::CappedPeriods: {
        uint32_t capped = 0;
        for (uint32_t b = 0; b < spec.hedges[r.hedge].books; ++b) capped += res.hedges[r.hedge + b].capped;
        add(r.label, {static_cast<double>(capped), 0}, "", 1);
        break;
      }
      case StatKind::Premium:
        add(r.label, res.hedges[r.hedge].premium, spec.hedges[r.hedge].moneyUnit, spec.hedges[r.hedge].moneyScale);
        break;
      case StatKind::PerPeriod:  // every period of a one-book hedge; the covered periods of each book of a strip
        for (size_t b = static_cast<size_t>(r.hedge); b < static_cast<size_t>(r.hedge) + spec.hedges[r.hedge].books; ++b) {
          const HedgeSetup& s = res.hedges[b];
          const HedgeSpec& h = spec.hedges[b];
          for (size_t m = 0; m < s.base.size(); ++m) {
            if (h.coverOf(static_cast<uint32_t>(m)) == 0) continue;
            std::string p = r.label + bookBracket(spec.hedges[r.hedge], h, m + 1) + " ";
            uint32_t w = static_cast<uint32_t>(m + 1);
            add(p + "position", {s.base[m], 0}, "contracts", 1, w, "position");
            // A seller's book quantity is minus what it sells: the row shows the quantity sold.
            add(p + "expected quantity", {h.seller ? -s.expectedQuantity[m] : s.expectedQuantity[m], NAN},
                h.quantityUnit, h.quantityScale, w, "expected_quantity");
            if (h.terms.legs & kCallLeg)
              add(p + "call premium", {s.callPremium[m], s.callPremiumSe[m]}, h.priceUnit, h.priceScale, w, "call_premium");
            if (h.terms.legs & kPutLeg)
              add(p + "put premium", {s.putPremium[m], s.putPremiumSe[m]}, h.priceUnit, h.priceScale, w, "put_premium");
            if (!h.terms.legs)
              add(p + "entry price", estimateMean(col(h.colEntry + m)), h.priceUnit, h.priceScale, w, "entry_price");
            add(p + "settlement", estimateMean(col(h.colSettle + m)), h.priceUnit, h.priceScale, w, "settlement");
            add(p + (h.terms.legs ? "option payoff" : "futures gain"), estimateMean(col(h.colPeriodGain + m)),
                h.moneyUnit, h.moneyScale, w, h.terms.legs ? "option_payoff" : "futures_gain");
          }
        }
        break;
      default:
        for (uint32_t i = 0; i < r.count; ++i) {
          Estimate e = estimate(r.stat, col(r.column + i), r.arg, r.lowTail);
          add(r.count > 1 ? r.label + "[" + std::to_string(i + 1) + "]" : r.label, e, r.unit, r.unitScale,
              r.count > 1 ? i + 1 : 0);
        }
    }
  }
  res.statisticsMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  if (!res.error.empty()) res.rows.clear();
  else if (opt.keepPaths) res.paths = gatherPaths(spec, out);
  return res;
}

}  // namespace sitrt
