// The daily futures book of one hedge, written once for scalar and SIMD lanes (see lanes.h) and used by both the
// reference evaluator and compiled kernels (through the runtime bitcode), so they agree bit for bit.
//
// A hedge holds positions in consecutive contract periods m = 0..periods-1 (months, quarters or years); period m
// ends after day ends[m] (day k is the state after step k; day 0 is t = 0). Each day the caller supplies the
// model's futures price of every live period, fair[m] = E_k[settlement of m] (on its last day: the settlement
// itself). hedgeDay then, for day k >= 1:
//   1. settles every live period: settle[m] = fair[m], capped to settle[m] (1 -/+ limit) except on the last day
//      (a capped day counts as locked); gain[m] += pos[m] size (settle[m] - previous); periods that end today
//      are closed at their final settlement;
//   2. moves positions to their targets (static: base[m]; stack-and-roll over N: base[m] for the N-1 nearest
//      live periods and the sum of all later base[] in the N-th), each capped at the position limit (a day with a
//      capped target counts as capped), paying halfSpread per token traded;
//   3. books the day's variation margin: balance += sum of gains; cumVm += it; peakOut = max(peakOut, -cumVm);
//      if balance < maintenance x notional, a margin call tops the account up to initial x notional.
// Day 0 opens the book: settle = fair, positions to targets (with costs), balance = initial x notional.
#pragma once
#include <algorithm>
#include <cstdint>

#include "sitrt/lanes.h"

namespace sitrt {

constexpr int kMaxHedgePeriods = 120;

extern "C" {
struct HedgeTerms {
  double size;         // tokens per contract
  double initial;      // initial margin, fraction of notional (0: no margin account)
  double maintenance;  // maintenance margin, fraction of notional
  double limit;        // daily price limit, fraction of the previous settlement (0: none)
  double positionLimit;  // contracts per period, either side (0: none)
  double halfSpread;   // cost per token traded (price units)
  int32_t periods;     // contract periods hedged, <= kMaxHedgePeriods
  int32_t roll;        // 0: static hedge; N: stack-and-roll over the N nearest live periods
};
}

// Per-lane running totals of the book, in this order in memory.
enum HedgeBookField { kBalance, kCumVm, kPeakOut, kCalls, kLocked, kCosts, kGain, kCapped, kHedgeBookSize };

// Today's target positions; returns the lanes where the position limit capped one.
template <class F>
inline typename Lanes<F>::Mask hedgeTargets(const HedgeTerms& T, int64_t k, const int64_t* ends, const F* base,
                                            F* target) {
  int first = 0;  // first live period after today's settlements
  while (first < T.periods && ends[first] <= k) ++first;
  int stack = T.roll == 0 ? T.periods : std::min(first + T.roll - 1, T.periods - 1);
  for (int m = 0; m < T.periods; ++m) target[m] = F{};
  for (int m = first; m < T.periods; ++m) {
    if (m < stack) target[m] = base[m];
    else target[stack] = target[stack] + base[m];  // stack the far exposure into the last contract held
  }
  typename Lanes<F>::Mask capped = F{} != F{};
  if (T.positionLimit > 0)
    for (int m = first; m < T.periods; ++m) {
      F hi = F{} + T.positionLimit, lo = F{} - T.positionLimit;
      auto above = target[m] > hi, below = target[m] < lo;
      capped = capped | above | below;
      target[m] = select(above, hi, select(below, lo, target[m]));
    }
  return capped;
}

template <class F>
inline void hedgeDay(const HedgeTerms& T, int64_t k, const int64_t* ends, const F* fair, const F* base, F* settle,
                     F* pos, F* gain, F* book) {
  using Mask = typename Lanes<F>::Mask;
  F dayGain = F{};
  Mask locked = F{} != F{};
  if (k > 0) {
    for (int m = 0; m < T.periods; ++m) {
      if (ends[m] < k) continue;  // settled before today
      F prev = settle[m];
      F s = fair[m];
      if (T.limit > 0 && ends[m] != k) {
        F lo = prev * (1.0 - T.limit), hi = prev * (1.0 + T.limit);
        Mask below = s < lo, above = s > hi;
        locked = locked | below | above;
        s = select(below, lo, select(above, hi, s));
      }
      settle[m] = s;
      F g = pos[m] * T.size * (s - prev);
      gain[m] = gain[m] + g;
      dayGain = dayGain + g;
      if (ends[m] == k) pos[m] = F{};
    }
  } else {
    for (int m = 0; m < T.periods; ++m) settle[m] = fair[m];
  }
  F target[kMaxHedgePeriods];
  Mask capped = hedgeTargets(T, k, ends, base, target);
  book[kCapped] = book[kCapped] + select(capped, F{} + 1.0, F{});
  F notional = F{};
  for (int m = 0; m < T.periods; ++m) {
    if (ends[m] <= k) continue;
    F traded = absLanes(target[m] - pos[m]);
    book[kCosts] = book[kCosts] + traded * T.size * T.halfSpread;
    pos[m] = target[m];
    notional = notional + absLanes(pos[m]) * T.size * settle[m];
  }
  if (k == 0) {
    book[kBalance] = notional * T.initial;
    return;
  }
  book[kGain] = book[kGain] + dayGain;
  book[kBalance] = book[kBalance] + dayGain;
  book[kCumVm] = book[kCumVm] + dayGain;
  F out = F{} - book[kCumVm];
  book[kPeakOut] = select(out > book[kPeakOut], out, book[kPeakOut]);
  book[kLocked] = book[kLocked] + select(locked, F{} + 1.0, F{});
  if (T.maintenance > 0) {
    Mask call = book[kBalance] < notional * T.maintenance;
    book[kCalls] = book[kCalls] + select(call, F{} + 1.0, F{});
    book[kBalance] = select(call, notional * T.initial, book[kBalance]);
  }
}

}  // namespace sitrt
