#include "plan/RefEval.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "sitrt/curve.h"
#include "sitrt/draws.h"
#include "sitrt/hedge.h"
#include "sitrt/math.h"

namespace sitc::plan {

using ir::Op;

namespace {

class PathEval {
 public:
  PathEval(const Plan& p, const SitKernelArgs& a) : p_(p), m_(p.model), a_(a) {
    // Every normal is computed eagerly here (a kernel leaves out its lazy ones, with the same values).
    for (size_t d = 0; d < m_.draws.size(); ++d)
      if (m_.draws[d].kind == ir::DrawKind::Normal) normalSlots_.push_back(static_cast<int32_t>(p_.drawSlot[d]));
    for (uint32_t c : p_.correlated) correlatedSlots_.push_back(static_cast<int32_t>(p_.drawSlot[c]));
    layout_ = {static_cast<int32_t>(p_.slots), static_cast<int32_t>(normalSlots_.size()), normalSlots_.data(),
               static_cast<int32_t>(correlatedSlots_.size()), correlatedSlots_.data(), p_.chol.data()};
  }

  // Record the first operation that makes a non-finite value out of finite ones (findNonFinite).
  void watch(NonFinite* w) { watch_ = w; }

  // A tau-only expression (a curve's lag table entry) at tau.
  double atTau(const ir::Expr& e, double tau) {
    tau_ = tau;
    return eval(e, 0);
  }

  // Simulates one path; writes its output columns; returns the lowest failing check + 1, or 0.
  int32_t run(uint64_t path, uint64_t col) {
    fail_ = INT32_MAX;
    states_.assign(m_.states.size(), 0);
    temps_.assign(m_.temps.size(), 0);
    draws_.assign(m_.draws.size(), 0);
    size_t na = m_.aggs.size();
    acc_.assign(na, 0);
    win_.assign(na, {});
    winIdx_.assign(na, 0);
    winStart_.assign(na, 0);
    for (size_t a = 0; a < na; ++a) acc_[a] = initial(m_.aggs[a].kind);

    t_ = 0;
    for (const auto& it : p_.init) {
      if (it.isState) states_[it.index] = eval(*m_.states[it.index].init, 0);
      else temps_[it.index] = eval(*m_.temps[it.index].expr, 0);
    }
    openHedges();
    recordSeries(path, 0);
    std::vector<double> next(states_.size());
    for (uint64_t k = 0; k < m_.steps; ++k) {
      step_ = k + 1;
      t_ = static_cast<double>(k) * m_.dt;
      drawStep(path, static_cast<uint32_t>(k));
      for (auto i : p_.stepTemps) temps_[i] = eval(*m_.temps[i].expr, 0);
      for (size_t s = 0; s < states_.size(); ++s) {
        next[s] = m_.states[s].update ? eval(*m_.states[s].update, 0) : states_[s];
        if (m_.states[s].update && !std::isfinite(next[s])) flag(p_.stateCheck[s]);
      }
      states_.swap(next);
      t_ = static_cast<double>(k + 1) * m_.dt;
      for (auto i : p_.observed) temps_[i] = eval(*m_.temps[i].expr, 0);
      for (size_t a = 0; a < na; ++a) sample(a, k);
      hedgesDay(static_cast<int64_t>(k + 1));
      recordSeries(path, k + 1);
    }
    t_ = static_cast<double>(m_.steps) * m_.dt;
    step_ = 0;
    for (size_t a = 0; a < na; ++a)
      if (m_.aggs[a].windows == 0 && m_.aggs[a].kind == ir::AggKind::Average)
        acc_[a] = acc_[a] / static_cast<double>(m_.steps);
    for (size_t h = 0; h < p_.hedges.size(); ++h) {
      const HedgePlan& hp = p_.hedges[h];
      const BookState& b = hedges_[h];
      auto put = [&](uint32_t c, double v) { a_.out[c * a_.outStride + col] = v; };
      for (size_t i = 0; i < hp.ends.size(); ++i) {
        if (!hp.sharesQuantity) put(hp.colQuantity + i, win_[m_.hedges[h].quantityAgg][i]);
        put(hp.colPeriodGain + i, b.gain[i]);
        put(hp.colEntry + i, b.entry[i]);
        put(hp.colSettle + i, b.settle[i]);
      }
      if (!hp.sharesUnhedged) put(hp.colUnhedged, hedgeValue(h, ir::HedgeValue::Unhedged));
      if (!hp.leg) put(hp.colHedged, hedgeValue(h, ir::HedgeValue::Hedged));
      put(hp.colGain, hedgeValue(h, ir::HedgeValue::Gain));
      if (hp.books > 1) put(hp.colBookGain, b.book[sitrt::kGain]);
    }
    for (size_t o = 0; o < m_.outputs.size(); ++o) {
      if (!m_.outputs[o].expr) continue;
      uint32_t n = ir::outputColumns(m_.outputs[o]);
      for (uint32_t w = 0; w < n; ++w) {
        double v = eval(*m_.outputs[o].expr, w);
        if (!std::isfinite(v)) flag(static_cast<int32_t>(p_.firstOutputCheck + o));
        a_.out[(p_.outputColumn[o] + w) * a_.outStride + col] = v;
      }
    }
    for (size_t i = 0; i < m_.pathValues.size(); ++i)  // not checked: a let no report uses may be NaN
      for (uint32_t w = 0; w < std::max<uint32_t>(1, m_.pathValues[i].type.windows); ++w)
        a_.out[(p_.pathValueColumn[i] + w) * a_.outStride + col] = eval(*m_.pathValues[i].expr, w);
    return fail_ == INT32_MAX ? 0 : fail_ + 1;
  }

 private:
  // --series at a grid point (kernel_abi.h), as the kernel records it.
  void recordSeries(uint64_t path, uint64_t k) {
    if (p_.series.empty() || path >= a_.seriesPaths || a_.seriesPoint[k] < 0) return;
    uint64_t first = static_cast<uint64_t>(a_.seriesPoint[k]) * p_.series.size();
    for (size_t i = 0; i < p_.series.size(); ++i)
      a_.series[(first + i) * a_.seriesStride + path] = eval(*m_.observables[p_.series[i]].expr, 0);
  }

  static double initial(ir::AggKind k) {
    if (k == ir::AggKind::Maximum) return -std::numeric_limits<double>::infinity();
    if (k == ir::AggKind::Minimum) return std::numeric_limits<double>::infinity();
    return 0;
  }
  void flag(int32_t check) {
    if (check >= 0) fail_ = std::min(fail_, check);
  }

  // Curves and books through the runtime's own templates (curve.h, hedge.h), as compiled kernels do; the
  // runner built the curves' tables and the books (SitKernelArgs::books).
  const sitrt::CurveView& view(size_t c) const { return *static_cast<const sitrt::CurveView*>(a_.books[c]); }
  const sitrt::HedgeBook& book(size_t h) const {
    return *static_cast<const sitrt::HedgeBook*>(a_.books[p_.curves.size() + h]);
  }

  void curveMarks(size_t c, int64_t k) {
    const CurvePlan& cp = p_.curves[c];
    CurveState& cs = curves_[c];
    double pv[sitrt::kMaxCurveTerms];
    for (size_t i = 0; i < cp.terms.size(); ++i) pv[i] = cp.terms[i].path ? eval(*cp.terms[i].path, 0) : 1.0;
    double pc = cp.coupledPath ? eval(*cp.coupledPath, 0) : 1.0;
    double q = cp.coupledQ ? eval(*cp.coupledQ, 0) : 0.0;
    sitrt::curveMarks(view(c), k, cs.cur, pv, pc, q, cs.realized.data(), cs.fwd.data(), cs.fix);
  }

  void hedgeDay(size_t h, int64_t k) {
    const CurveState& cs = curves_[p_.hedges[h].curve];
    BookState& b = hedges_[h];
    sitrt::hedgeDay(book(h), k, cs.fix, cs.fwd.data(), cs.s, b.settle.data(), b.gain.data(), b.book, b.pos.data());
  }

  void openHedges() {
    curves_.assign(p_.curves.size(), {});
    for (size_t c = 0; c < p_.curves.size(); ++c) {
      CurveState& cs = curves_[c];
      cs.realized.assign(p_.curves[c].ends.size(), 0.0);
      cs.fwd.assign(p_.curves[c].ends.size(), 0.0);
      cs.s = eval(*p_.curves[c].underlying, 0);
      curveMarks(c, 0);
    }
    hedges_.assign(p_.hedges.size(), {});
    for (size_t h = 0; h < p_.hedges.size(); ++h) {
      BookState& b = hedges_[h];
      size_t n = p_.hedges[h].ends.size();
      for (auto* v : {&b.settle, &b.gain}) v->assign(n, 0.0);
      b.pos.assign(n + sitrt::kHedgeStateSize, 0.0);
      hedgeDay(h, 0);
      b.entry = b.settle;
    }
  }

  void hedgesDay(int64_t k) {
    for (size_t c = 0; c < p_.curves.size(); ++c) {
      CurveState& cs = curves_[c];
      cs.s = eval(*p_.curves[c].underlying, 0);
      sitrt::curveRealize(view(c), k, cs.s, cs.realized.data(), cs.cur);
      if (sitrt::curveNeedsPrices(view(c), k, cs.cur)) curveMarks(c, k);
    }
    for (size_t h = 0; h < p_.hedges.size(); ++h) hedgeDay(h, k);
  }

  // A hedge's value: its book's, or a strip's over all its books in order (as the kernel sums them).
  double hedgeValue(size_t h, ir::HedgeValue v) const {
    double x = bookValue(h, v, h);
    for (size_t b = h + 1; b < h + m_.hedges[h].books && v != ir::HedgeValue::Unhedged; ++b)
      x = v == ir::HedgeValue::Hedged ? sitrt::hedgedCost(x, hedges_[b].book) : x + bookValue(b, v, h);
    return x;
  }
  // Book b's value (the unhedged cost and the first book's hedged cost are of hedge h's exposure).
  double bookValue(size_t b, ir::HedgeValue v, size_t h) const {
    const double* book = hedges_[b].book;
    switch (v) {
      case ir::HedgeValue::Unhedged: return acc_[m_.hedges[h].costAgg];
      case ir::HedgeValue::Hedged:
        return sitrt::hedgedCost(acc_[m_.hedges[h].costAgg], book);
      case ir::HedgeValue::Gain: return book[sitrt::kGain];
      case ir::HedgeValue::Calls: return book[sitrt::kCalls];
      case ir::HedgeValue::PeakOut: return book[sitrt::kPeakOut];
      case ir::HedgeValue::Locked: return book[sitrt::kLocked];
      case ir::HedgeValue::Costs: return book[sitrt::kCosts];
      case ir::HedgeValue::CappedDays: return book[sitrt::kCapped];
      case ir::HedgeValue::Funding: return book[sitrt::kFunding];
      case ir::HedgeValue::Premium: return book[sitrt::kPremium];
    }
    return 0;
  }

  void drawStep(uint64_t path, uint32_t step) {
    slotValues_.resize(p_.slots);
    sitrt::drawSteps<double, uint64_t>(layout_, a_.seed, a_.stream, path, step, 1, slotValues_.data());
    for (size_t d = 0; d < m_.draws.size(); ++d) draws_[d] = slotValues_[p_.drawSlot[d]];
  }

  void sample(size_t a, uint64_t k) {
    const ir::AggInfo& agg = m_.aggs[a];
    double x = eval(*agg.input, 0);
    double& acc = acc_[a];
    switch (agg.kind) {
      case ir::AggKind::Sum:
      case ir::AggKind::Average: acc = acc + x; break;
      case ir::AggKind::Maximum: acc = acc > x ? acc : x; break;
      case ir::AggKind::Minimum: acc = acc < x ? acc : x; break;
      case ir::AggKind::Last: acc = x; break;
    }
    if (agg.windows && k + 1 == p_.windowEnds[a][winIdx_[a]]) {
      double v = acc;
      if (agg.kind == ir::AggKind::Average) v = v / static_cast<double>(k + 1 - winStart_[a]);
      win_[a].push_back(v);
      winStart_[a] = k + 1;
      ++winIdx_[a];
      acc = initial(agg.kind);
    }
  }

  double eval(const ir::Expr& e, uint32_t elem) {
    switch (e.op) {
      case Op::Const: return e.value;
      case Op::Param: return a_.params[e.index];
      case Op::State: return states_[e.index];
      case Op::Temp:
        if (m_.temps[e.index].stage == ir::Stage::PathEnd) return eval(*m_.temps[e.index].expr, elem);
        return temps_[e.index];
      case Op::Local: return locals_.at(e.index);
      case Op::Time: return t_;
      case Op::Dt: return m_.dt;
      case Op::Normal:
      case Op::Uniform: return draws_[e.index];
      case Op::Agg: return m_.aggs[e.index].windows ? win_[e.index][elem] : acc_[e.index];
      case Op::Tau: return tau_;
      case Op::At: return eval(*e.args[0], e.index);
      case Op::Pair: return eval(*e.args[elem], 0);
      case Op::OverWindows: {
        const uint32_t n = e.args[0]->type.windows;
        double r = eval(*e.args[0], 0);
        for (uint32_t w = 1; w < n; ++w) {
          double pair[2] = {r, eval(*e.args[0], w)};
          r = ir::applyScalar(ir::windowCombiner(e.index), pair);
        }
        return e.index == static_cast<uint32_t>(ir::AggKind::Average) ? r / n : r;
      }
      case Op::Hedge: return hedgeValue(e.index / ir::kHedgeValues, static_cast<ir::HedgeValue>(e.index % ir::kHedgeValues));
      case Op::Poisson: {
        double v = sitrt::poissonInv(eval(*e.args[0], elem), draws_[e.index]);
        if (std::isnan(v)) flag(p_.drawCheck[e.index]);
        return v;
      }
      case Op::Let: {
        double v = eval(*e.args[0], elem);
        auto saved = locals_.find(e.index) != locals_.end() ? std::optional<double>(locals_[e.index]) : std::nullopt;
        locals_[e.index] = v;
        double r = eval(*e.args[1], elem);
        if (saved) locals_[e.index] = *saved;
        else locals_.erase(e.index);
        return r;
      }
      default: {
        double args[3] = {0, 0, 0};
        for (size_t i = 0; i < e.args.size(); ++i) args[i] = eval(*e.args[i], elem);
        double r = ir::applyNode(e, args);
        if (watch_ && !watch_->op && !std::isfinite(r) && std::all_of(args, args + e.args.size(), [](double x) {
              return std::isfinite(x);
            })) {
          watch_->op = &e;
          std::copy(args, args + 3, watch_->args);
          watch_->result = r;
          watch_->step = step_;
        }
        return r;
      }
    }
  }

  const Plan& p_;
  const ir::Model& m_;
  const SitKernelArgs& a_;
  std::vector<double> states_, temps_, draws_, acc_;
  std::vector<std::vector<double>> win_;
  std::vector<uint32_t> winIdx_;
  std::vector<uint64_t> winStart_;
  std::unordered_map<uint32_t, double> locals_;
  std::vector<int32_t> normalSlots_, correlatedSlots_;
  sitrt::DrawLayout layout_{};
  std::vector<double> slotValues_;
  struct CurveState {
    std::vector<double> realized, fwd;
    double s = 0, fix = 0;
    int64_t cur = 0;
  };
  struct BookState {
    std::vector<double> settle, gain, entry, pos;
    double book[sitrt::kHedgeBookSize] = {};
  };
  std::vector<CurveState> curves_;
  std::vector<BookState> hedges_;
  double t_ = 0, tau_ = 0;
  uint64_t step_ = 0;
  int32_t fail_ = INT32_MAX;
  NonFinite* watch_ = nullptr;
};

}  // namespace

void referencePrepare(const double* params, double* lag, const void* user) {
  const Plan& p = *static_cast<const Plan*>(user);
  SitKernelArgs a{};
  a.params = params;
  a.user = user;
  PathEval ev(p, a);
  uint64_t n = p.model.steps + 1;
  for (const auto& c : p.curves) {
    std::vector<const ir::Expr*> tables;
    for (const auto& t : c.terms) tables.push_back(t.tau.get());
    if (c.coupledQ) tables.push_back(c.coupledTau.get()), tables.push_back(c.coupledU.get());
    for (size_t i = 0; i < tables.size(); ++i)
      for (uint64_t j = 0; j < n; ++j)
        lag[c.lagOffset + i * n + j] = ev.atTau(*tables[i], static_cast<double>(j) * p.model.dt);
  }
}

int32_t referenceCheckParams(const double* params, const void* user) {
  const Plan& p = *static_cast<const Plan*>(user);
  SitKernelArgs a{};
  a.params = params;
  a.user = user;
  PathEval ev(p, a);
  for (size_t i = 0; i < p.model.requirements.size(); ++i)
    if (ev.atTau(*p.model.requirements[i].cond, 0) == 0) return static_cast<int32_t>(i + 1);
  return 0;
}

NonFinite findNonFinite(const Plan& p, const SitKernelArgs& args, uint64_t path) {
  std::vector<double> out(static_cast<size_t>(p.numColumns) + 1);
  SitKernelArgs a = args;
  a.out = out.data();
  a.outStride = 1;
  a.user = &p;
  NonFinite w;
  PathEval ev(p, a);
  ev.watch(&w);
  ev.run(path, 0);
  return w;
}

int32_t referenceKernel(SitKernelArgs* a) {
  const Plan& p = *static_cast<const Plan*>(a->user);
  PathEval ev(p, *a);
  for (uint64_t i = 0; i < a->numPaths; ++i)
    if (int32_t f = ev.run(a->firstPath + i, i)) {  // the first failing path, as compiled kernels report it
      a->failPath = a->firstPath + i;
      return f;
    }
  return 0;
}

}  // namespace sitc::plan
