// The daily futures book of one hedge, written once for scalar and SIMD lanes (see lanes.h) and used by both the
// reference evaluator and compiled kernels (through the runtime bitcode), so they agree bit for bit.
//
// A hedge holds positions in consecutive contract periods m = 0..periods-1 (months, quarters or years) of a curve
// (curve.h); period m ends after day ends[m] (day k is the state after step k; day 0 is t = 0). Each day its
// futures price of every live period is the curve's, fix + scale * fwd[m] for the current period and
// scale * fwd[m] for later ones (for average settlement fix and fwd are per day of the period; for final
// settlement the price on the period's last day is the index itself), with
// scale = 1 + calibration[m] (ends[m] - k) / ends[m]: the pilot calibration (entry = pilot) in full at t = 0,
// none at the period's end. hedgeDay then, for day k >= 1:
//   1. settles every live period: settle[m] = fair[m], capped to settle[m] (1 -/+ limit) except on the last day
//      (a capped day counts as locked); gain[m] += pos[m] size (settle[m] - previous); periods that end today
//      are closed at their final settlement;
//   2. moves positions to their targets (static: base[m]; stack-and-roll over N: base[m] for the N-1 nearest
//      live periods and the sum of all later base[] in the N-th), each capped at the position limit (a day with a
//      capped target counts as capped), paying halfSpread per token traded;
//   3. books the day's variation margin: balance += sum of gains; cumVm += it; peakOut = max(peakOut, -cumVm);
//      if balance < maintenance x notional, a margin call tops the account up to initial x notional; on a day a
//      period expires, a balance above initial x notional (of the positions still open) is cut to it (the excess
//      is released);
//   4. accrues the cost of funding the margin: funding x the hedger's net cash in it (deposits less withdrawals,
//      balance - cumVm; without a margin account, the variation margin paid out, -cumVm), when positive.
// Day 0 opens the book: settle = fair, positions to targets (with costs), balance = initial x notional.
//
// An option book (terms.legs != 0) holds, per period, European options cash-settled on the period's final
// settlement A (the same settlement a future of the period has). Its per-token payoff in the book's sign is
//   payoff(A) = max(A - callStrike, 0) (call leg) + min(A - putStrike, 0) (put leg, minus a put's payoff),
// rising with A like a future's gain, so positions keep the futures sign: long calls and short puts for a buyer's
// book (pos > 0), long puts and short calls for a seller's (pos < 0). The premium is paid on day 0: per token,
// pos (call - put) + |pos| loading (call + put), call and put the legs' fair premiums (pilot means of their
// payoffs), so the loading is charged on each leg bought and taken off each leg written. There is no daily
// settlement, margin, price limit or trading cost; on its last day a period's options pay pos size payoff(A). The
// funding term accrues on the premium not yet paid back by payoffs.
// hedgedCost below turns a book into the hedged cost.
// Positions depend on the day and the terms only, never on the path: they are plain numbers shared by all lanes,
// and targets change only on the days a period expires.
#pragma once
#include <algorithm>
#include <cstdint>

#include "sitrt/lanes.h"
#include "sitrt/math.h"

namespace sitrt {

constexpr int kMaxHedgePeriods = 120;

extern "C" {
struct HedgeTerms {
  double size;           // tokens per contract
  double initial;        // initial margin, fraction of notional (0: no margin account)
  double maintenance;    // maintenance margin, fraction of notional
  double limit;          // daily price limit, fraction of the previous settlement (0: none)
  double positionLimit;  // contracts per period, either side (0: none)
  double halfSpread;     // cost per token traded (price units)
  double funding;        // interest per day on the hedger's net cash in the margin (funding rate x step; 0: none)
  int32_t periods;       // contract periods hedged, <= kMaxHedgePeriods
  int32_t roll;          // 0: static hedge; N: stack-and-roll over the N nearest live periods
  int32_t legs;          // 0: futures; else options, kCallLeg | kPutLeg
  double callStrike;     // option books: the call leg's strike (price units)
  double putStrike;      // option books: the put leg's strike
  double loading;        // option books: fraction of each leg's fair premium charged when bought, given up when written
  double discount;       // discount rate x step (0: none): day k's gains, costs and funding count d_k = exp(-discount k)
};
enum HedgeLegs { kCallLeg = 1, kPutLeg = 2 };

// One hedge's book as a run sees it (the runner fills it in from the spec and the run's parameters).
struct HedgeBook {
  HedgeTerms terms;
  int32_t average;             // the curve's settlement
  int32_t active;              // some base position is not zero
  const int64_t* ends;         // last day of each period
  const double* base;          // base positions, contracts
  const double* calibration;   // entry = pilot's forward correction per period (0: none)
  const double* callPremium;   // option books: each period's fair call premium per token (pilot mean payoff)
  const double* putPremium;    // option books: each period's fair put premium per token
};
}

// Per-lane running totals of the book, in this order in memory.
enum HedgeBookField { kBalance, kCumVm, kPeakOut, kCalls, kLocked, kCosts, kGain, kCapped, kFunding, kPremium,
                      kHedgeBookSize };

// The book's plain-number state: positions (periods values), then these.
enum HedgeStateField { kFirstLive, kTargetsFor, kTargetsCapped, kHedgeStateSize };

// Today's target positions (after today's settlements); returns whether the position limit capped one.
inline bool hedgeTargets(const HedgeTerms& T, int64_t k, const int64_t* ends, const double* base, double* target) {
  int first = 0;  // first live period after today's settlements
  while (first < T.periods && ends[first] <= k) ++first;
  int stack = T.roll == 0 ? T.periods : std::min(first + T.roll - 1, T.periods - 1);
  for (int m = 0; m < T.periods; ++m) target[m] = 0;
  for (int m = first; m < T.periods; ++m) {
    if (m < stack) target[m] = base[m];
    else target[stack] = target[stack] + base[m];  // stack the far exposure into the last contract held
  }
  bool capped = false;
  if (T.positionLimit > 0)
    for (int m = first; m < T.periods; ++m) {
      double hi = T.positionLimit, lo = -T.positionLimit;
      capped = capped || target[m] > hi || target[m] < lo;
      target[m] = std::min(std::max(target[m], lo), hi);
    }
  return capped;
}

// Day k of the book. fix/fwd: the curve's parts of today's prices (curveMarks); s: the index today.
// pos holds periods positions followed by kHedgeStateSize entries of state; all zero before day 0.
// An option book's payoff per token at final settlement a, in the book's sign (see the top of this file).
template <class F>
inline F optionPayoff(const HedgeTerms& T, F a) {
  F p = F{};
  if (T.legs & kCallLeg) {
    F up = a - T.callStrike;
    p = p + select(up > F{}, up, F{});
  }
  if (T.legs & kPutLeg) {
    F down = a - T.putStrike;
    p = p + select(down < F{}, down, F{});
  }
  return p;
}

// The present value at t = 0 of one unit of money on day k (discount = ...): 1 without discounting.
inline double discountFactor(const HedgeTerms& T, int64_t k) {
  return T.discount > 0 ? sitExp(-T.discount * static_cast<double>(k)) : 1.0;
}

// Each leg's payoff per token of an option held long at final settlement a (zero for a leg the book lacks).
inline double callPayoff(const HedgeTerms& T, double a) {
  return (T.legs & kCallLeg) && a > T.callStrike ? a - T.callStrike : 0.0;
}
inline double putPayoff(const HedgeTerms& T, double a) {
  return (T.legs & kPutLeg) && a < T.putStrike ? T.putStrike - a : 0.0;
}

// The premium of `pos` contracts of one period's options whose legs cost `call` and `put` per token (fair), the
// loading charged on a leg bought and taken off a leg written (see the top of this file).
inline double optionPremium(const HedgeTerms& T, double pos, double call, double put) {
  if (!(T.legs & kCallLeg)) call = 0;
  if (!(T.legs & kPutLeg)) put = 0;
  double lots = pos < 0 ? -pos : pos;
  return T.size * (pos * (call - put) + lots * T.loading * (call + put));
}

// Day k of an option book: the premium on day 0, each period's payoff on its last day.
template <class F>
inline void optionDay(const HedgeBook& H, int64_t k, F fix, const F* fwd, F s, F* settle, F* gain, F* book,
                      double* pos) {
  const HedgeTerms& T = H.terms;
  const int P = T.periods;
  double* state = pos + P;
  int64_t first = static_cast<int64_t>(state[kFirstLive]);
  while (first < P && H.ends[first] < k) ++first;
  state[kFirstLive] = static_cast<double>(first);
  auto fair = [&](int64_t m) {  // no calibration: it vanishes at a period's end, the only price options use
    if (H.average) return m == first ? fix + fwd[m] : fwd[m];
    return k < H.ends[m] ? fwd[m] : s;
  };
  if (k == 0) {
    for (int m = 0; m < P; ++m) settle[m] = fair(m);
    if (!H.active) return;
    double target[kMaxHedgePeriods];
    state[kTargetsCapped] = hedgeTargets(T, k, H.ends, H.base, target);
    double premium = 0;
    for (int m = 0; m < P; ++m) {
      pos[m] = target[m];
      premium += optionPremium(T, pos[m], H.callPremium[m], H.putPremium[m]);
    }
    book[kPremium] = F{} + premium;
  } else if (first < P && H.ends[first] == k) {  // a period ends today: its options pay
    F v = fair(first);
    settle[first] = v;
    if (pos[first] != 0) {
      F g = pos[first] * T.size * optionPayoff(T, v);
      if (T.discount > 0) g = g * discountFactor(T, k);
      gain[first] = g;
      book[kGain] = book[kGain] + g;
      pos[first] = 0;
    }
    if (H.active) {  // the position limit binds on the periods still live
      double target[kMaxHedgePeriods];
      state[kTargetsCapped] = hedgeTargets(T, k, H.ends, H.base, target);
    }
  }
  if (!H.active) return;
  if (state[kTargetsCapped] != 0) book[kCapped] = book[kCapped] + 1.0;
  if (T.funding > 0 && k > 0) {
    F cash = book[kPremium] - book[kGain];
    F interest = select(cash > F{}, cash, F{}) * T.funding;
    if (T.discount > 0) interest = interest * discountFactor(T, k);
    book[kFunding] = book[kFunding] + interest;
  }
}

template <class F>
inline void futuresDay(const HedgeBook& H, int64_t k, F fix, const F* fwd, F s, F* settle, F* gain, F* book,
                     double* pos) {
  using Mask = typename Lanes<F>::Mask;
  const HedgeTerms& T = H.terms;
  const int P = T.periods;
  double* state = pos + P;
  int64_t first = static_cast<int64_t>(state[kFirstLive]);  // first period not settled before today
  while (first < P && H.ends[first] < k) ++first;
  state[kFirstLive] = static_cast<double>(first);
  // A book with no positions needs prices only to open and to settle each period on its last day.
  if (!H.active && k > 0 && !(first < P && H.ends[first] == k)) return;
  auto fair = [&](int64_t m) {
    double scale = 1.0 + H.calibration[m] * static_cast<double>(H.ends[m] - k) / static_cast<double>(H.ends[m]);
    if (H.average) return m == first ? fix + scale * fwd[m] : scale * fwd[m];
    return k < H.ends[m] ? scale * fwd[m] : s;
  };
  F dayGain = F{};
  Mask locked = F{} != F{};
  const double d = discountFactor(T, k);  // what the day's money is worth at t = 0 (1 without discounting)
  if (k > 0) {
    for (int64_t m = first; m < P; ++m) {
      if (!H.active && H.ends[m] != k) continue;
      F prev = settle[m];
      F v = fair(m);
      if (T.limit > 0 && H.ends[m] != k) {
        F lo = prev * (1.0 - T.limit), hi = prev * (1.0 + T.limit);
        Mask below = v < lo, above = v > hi;
        locked = locked | below | above;
        v = select(below, lo, select(above, hi, v));
      }
      settle[m] = v;
      if (pos[m] != 0) {
        F g = pos[m] * T.size * (v - prev);
        gain[m] = gain[m] + (T.discount > 0 ? g * d : g);
        dayGain = dayGain + g;
      }
      if (H.ends[m] == k) pos[m] = 0;
    }
  } else {
    for (int m = 0; m < P; ++m) settle[m] = fair(m);
  }
  if (!H.active) return;  // no positions: no trades, no margin
  // Targets change only when a period has expired (and on day 0).
  int64_t live = first;
  while (live < P && H.ends[live] <= k) ++live;
  const bool expired = k > 0 && live > first;  // a period ended today
  if (k == 0 || static_cast<int64_t>(state[kTargetsFor]) != live) {
    double target[kMaxHedgePeriods];
    state[kTargetsCapped] = hedgeTargets(T, k, H.ends, H.base, target);
    state[kTargetsFor] = static_cast<double>(live);
    for (int64_t m = live; m < P; ++m) {
      double traded = target[m] > pos[m] ? target[m] - pos[m] : pos[m] - target[m];
      book[kCosts] = book[kCosts] + traded * T.size * T.halfSpread * d;
      pos[m] = target[m];
    }
  }
  if (state[kTargetsCapped] != 0) book[kCapped] = book[kCapped] + 1.0;
  auto notional = [&] {
    F n = F{};
    for (int64_t m = live; m < P; ++m) n = n + (pos[m] < 0 ? -pos[m] : pos[m]) * T.size * settle[m];
    return n;
  };
  if (k == 0) {
    book[kBalance] = notional() * T.initial;
    return;
  }
  book[kGain] = book[kGain] + (T.discount > 0 ? dayGain * d : dayGain);  // the margin moves undiscounted cash
  book[kBalance] = book[kBalance] + dayGain;
  book[kCumVm] = book[kCumVm] + dayGain;
  F out = F{} - book[kCumVm];
  book[kPeakOut] = select(out > book[kPeakOut], out, book[kPeakOut]);
  book[kLocked] = book[kLocked] + select(locked, F{} + 1.0, F{});
  if (T.maintenance > 0) {
    F n = notional();
    F required = n * T.initial;
    Mask call = book[kBalance] < n * T.maintenance;
    book[kCalls] = book[kCalls] + select(call, F{} + 1.0, F{});
    // A call tops the account up to the initial margin. On a day a period expires, the excess over the initial
    // margin of the positions still open is released (withdrawn), so expired positions and old gains stop
    // cushioning later losses; between expiries gains stay in the account (the hedger does not sweep daily).
    Mask reset = call;
    if (expired) reset = reset | (book[kBalance] > required);  // a Mask, so bool lanes pick select(bool, ...)
    book[kBalance] = select(reset, required, book[kBalance]);
  }
  if (T.funding > 0) {
    F cash = T.initial > 0 ? book[kBalance] - book[kCumVm] : F{} - book[kCumVm];
    F interest = select(cash > F{}, cash, F{}) * T.funding;
    book[kFunding] = book[kFunding] + (T.discount > 0 ? interest * d : interest);
  }
}

template <class F>
inline void hedgeDay(const HedgeBook& H, int64_t k, F fix, const F* fwd, F s, F* settle, F* gain, F* book,
                     double* pos) {
  if (H.terms.legs) optionDay(H, k, fix, fwd, s, settle, gain, book, pos);
  else futuresDay(H, k, fix, fwd, s, settle, gain, book, pos);
}

// The hedged cost of a book: the unhedged cost less the gain, plus trading costs, funding and premium, summed in
// this order (a futures book's premium is 0, so its hedged cost has the bits it had before options existed).
template <class F>
inline F hedgedCost(F unhedged, const F* book) {
  return unhedged - book[kGain] + book[kCosts] + book[kFunding] + book[kPremium];
}

}  // namespace sitrt
