#include "plan/RefEval.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

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
    hedges_.assign(p_.hedges.size(), {});
    for (size_t h = 0; h < p_.hedges.size(); ++h) {
      const HedgePlan& hp = p_.hedges[h];
      HedgeBook& b = hedges_[h];
      size_t n = hp.ends.size();
      for (auto* v : {&b.realized, &b.fair, &b.base, &b.settle, &b.pos, &b.gain, &b.entry}) v->assign(n, 0.0);
      for (size_t i = 0; i < n; ++i) b.base[i] = a_.params[hp.firstParam + i];
      hedgeDay(h, 0);
      b.entry = b.settle;
    }
    std::vector<double> next(states_.size());
    for (uint64_t k = 0; k < m_.steps; ++k) {
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
      for (size_t h = 0; h < p_.hedges.size(); ++h) hedgeDay(h, static_cast<int64_t>(k + 1));
    }
    t_ = static_cast<double>(m_.steps) * m_.dt;
    for (size_t a = 0; a < na; ++a)
      if (m_.aggs[a].windows == 0 && m_.aggs[a].kind == ir::AggKind::Average)
        acc_[a] = acc_[a] / static_cast<double>(m_.steps);
    for (size_t h = 0; h < p_.hedges.size(); ++h) {
      const HedgePlan& hp = p_.hedges[h];
      const HedgeBook& b = hedges_[h];
      auto put = [&](uint32_t c, double v) { a_.out[c * a_.outStride + col] = v; };
      for (size_t i = 0; i < hp.ends.size(); ++i) {
        put(hp.colQuantity + i, win_[m_.hedges[h].quantityAgg][i]);
        put(hp.colPeriodGain + i, b.gain[i]);
        put(hp.colEntry + i, b.entry[i]);
        put(hp.colSettle + i, b.settle[i]);
      }
      put(hp.colUnhedged, hedgeValue(h, ir::HedgeValue::Unhedged));
      put(hp.colHedged, hedgeValue(h, ir::HedgeValue::Hedged));
      put(hp.colGain, hedgeValue(h, ir::HedgeValue::Gain));
    }
    for (size_t o = 0; o < m_.outputs.size(); ++o) {
      if (!m_.outputs[o].expr) continue;
      uint32_t n = std::max<uint32_t>(1, m_.outputs[o].type.windows);
      for (uint32_t w = 0; w < n; ++w) {
        double v = eval(*m_.outputs[o].expr, w);
        if (!std::isfinite(v)) flag(static_cast<int32_t>(p_.firstOutputCheck + o));
        a_.out[(p_.outputColumn[o] + w) * a_.outStride + col] = v;
      }
    }
    return fail_ == INT32_MAX ? 0 : fail_ + 1;
  }

 private:
  static double initial(ir::AggKind k) {
    if (k == ir::AggKind::Maximum) return -std::numeric_limits<double>::infinity();
    if (k == ir::AggKind::Minimum) return std::numeric_limits<double>::infinity();
    return 0;
  }
  void flag(int32_t check) {
    if (check >= 0) fail_ = std::min(fail_, check);
  }

  // The hedge book's day k: the underlying's realized sum in its current period, today's futures price of every
  // live period from the process's forward, then the shared book logic (sitrt/hedge.h).
  void hedgeDay(size_t h, int64_t k) {
    const HedgePlan& hp = p_.hedges[h];
    const ir::HedgeInfo& info = m_.hedges[h];
    HedgeBook& b = hedges_[h];
    size_t n = hp.ends.size();
    double s = eval(*info.underlying, 0);
    while (b.cur < n && hp.ends[b.cur] < k) ++b.cur;
    if (k > 0 && b.cur < n) b.realized[b.cur] = b.realized[b.cur] + s;
    // A book with no positions needs prices only to open (day 0) and to settle (each period's last day).
    bool active = false;
    for (double x : b.base) active |= x != 0;
    for (size_t m = b.cur; m < n; ++m) {
      if (!active && k != 0 && k != hp.ends[m]) continue;
      int64_t start = m ? hp.ends[m - 1] : 0;
      // The model's forward for delivery day d, scaled by the pilot calibration (0 unless entry = pilot).
      double cal = a_.params[hp.firstParam + n + m];
      auto forward = [&](int64_t d) {
        tau_ = static_cast<double>(d - k) * m_.dt;
        double w = static_cast<double>(d - k) / static_cast<double>(d);
        return eval(*info.forward, 0) * (1.0 + cal * w);
      };
      if (info.contract.averageSettlement) {
        double sum = 0;
        for (int64_t d = std::max(k + 1, start + 1); d <= hp.ends[m]; ++d) sum = sum + forward(d);
        b.fair[m] = (b.realized[m] + sum) / hp.days[m];
      } else {
        b.fair[m] = k < hp.ends[m] ? forward(hp.ends[m]) : s;
      }
    }
    sitrt::HedgeTerms terms = hp.terms;  // with the settable terms from params (sim_spec.h)
    const double* settable = a_.params + hp.firstParam + 2 * n;
    terms.initial = settable[0], terms.maintenance = settable[1], terms.limit = settable[2];
    terms.positionLimit = settable[3];
    sitrt::hedgeDay(terms, k, hp.ends.data(), b.fair.data(), b.base.data(), b.settle.data(), b.pos.data(),
                    b.gain.data(), b.book);
  }

  double hedgeValue(size_t h, ir::HedgeValue v) const {
    const double* book = hedges_[h].book;
    switch (v) {
      case ir::HedgeValue::Unhedged: return acc_[m_.hedges[h].costAgg];
      case ir::HedgeValue::Hedged: return acc_[m_.hedges[h].costAgg] - book[sitrt::kGain] + book[sitrt::kCosts];
      case ir::HedgeValue::Gain: return book[sitrt::kGain];
      case ir::HedgeValue::Calls: return book[sitrt::kCalls];
      case ir::HedgeValue::PeakOut: return book[sitrt::kPeakOut];
      case ir::HedgeValue::Locked: return book[sitrt::kLocked];
      case ir::HedgeValue::Costs: return book[sitrt::kCosts];
      case ir::HedgeValue::CappedDays: return book[sitrt::kCapped];
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
      case Op::TauTable: return eval(*p_.tauTables[e.index], elem);
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
        return ir::applyScalar(e.op, args);
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
  struct HedgeBook {
    std::vector<double> realized, fair, base, settle, pos, gain, entry;
    double book[sitrt::kHedgeBookSize] = {};
    size_t cur = 0;
  };
  std::vector<HedgeBook> hedges_;
  double t_ = 0, tau_ = 0;
  int32_t fail_ = INT32_MAX;
};

}  // namespace

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
