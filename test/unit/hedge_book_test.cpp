// Margin accounting invariants of the daily futures book (sitrt/hedge.h), on random price paths with limits,
// margin calls and rolls, checked against quantities computed independently of the book.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "sitrt/hedge.h"

namespace {

using sitrt::HedgeTerms;

// A book whose prices are given directly: average settlement with no fixings and no calibration, so each day's
// price is the forward part passed in (hedge.h).
struct DirectBook {
  std::vector<double> cal;
  sitrt::HedgeBook book{};
  DirectBook(const HedgeTerms& T, const std::vector<int64_t>& ends, const std::vector<double>& base)
      : cal(T.periods, 0.0) {
    book.terms = T;
    book.average = 1;
    book.ends = ends.data();
    book.base = base.data();
    book.calibration = cal.data();
    for (double b : base) book.active |= b != 0;
  }
  // pos must hold periods + kHedgeStateSize values.
  void day(int64_t k, const std::vector<double>& fair, double* settle, double* pos, double* gain, double* bk) const {
    sitrt::hedgeDay(book, k, 0.0, fair.data(), 0.0, settle, gain, bk, pos);
  }
};

struct Life {
  std::vector<double> settle, pos, gain, book;
  std::vector<std::vector<double>> settleByDay, posByDay;  // [day][period], after that day's hedgeDay
};

// Runs the book over `days` days of random-walk fair prices; periods end every `len` days.
Life live(const HedgeTerms& T, int len, unsigned seed, double vol) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z;
  std::vector<int64_t> ends(T.periods);
  for (int m = 0; m < T.periods; ++m) ends[m] = static_cast<int64_t>(len) * (m + 1);
  std::vector<double> fair(T.periods, 1.5), base(T.periods);
  for (int m = 0; m < T.periods; ++m) base[m] = 2.0 + m % 3;  // lots per period
  Life L{std::vector<double>(T.periods), std::vector<double>(T.periods + sitrt::kHedgeStateSize),
         std::vector<double>(T.periods), std::vector<double>(sitrt::kHedgeBookSize), {}, {}};
  DirectBook b(T, ends, base);
  for (int64_t k = 0; k <= ends.back(); ++k) {
    if (k > 0)
      for (double& f : fair) f *= std::exp(vol * z(rng) - vol * vol / 2);
    b.day(k, fair, L.settle.data(), L.pos.data(), L.gain.data(), L.book.data());
    L.settleByDay.push_back(L.settle);
    L.posByDay.emplace_back(L.pos.begin(), L.pos.begin() + T.periods);
  }
  return L;
}

double largestPosition(const Life& L) {
  double most = 0;
  for (const auto& day : L.posByDay)
    for (double p : day) most = std::max(most, std::fabs(p));
  return most;
}

HedgeTerms terms(double limit, int roll) {
  return HedgeTerms{1000, 0.10, 0.075, limit, 0, 0.0005, 0, 6, roll, 0, 0, 0, 0, 0};  // futures, undiscounted
}

// Static hedge: each period's positions never change, so its variation margin over the life telescopes to
// lots x size x (final settlement - entry settlement), however the daily limits capped the path between.
TEST(HedgeBook, StaticVariationMarginEqualsFuturesGain) {
  for (double limit : {0.0, 0.02}) {
    HedgeTerms T = terms(limit, 0);
    Life L = live(T, 20, 7, 0.03);
    double expected = 0;
    for (int m = 0; m < T.periods; ++m) {
      double lots = 2.0 + m % 3, entry = L.settleByDay[0][m], final = L.settleByDay[20 * (m + 1)][m];
      expected += lots * T.size * (final - entry);
    }
    EXPECT_NEAR(L.book[sitrt::kCumVm], expected, 1e-9 * T.size) << "limit " << limit;
    EXPECT_DOUBLE_EQ(L.book[sitrt::kCumVm], L.book[sitrt::kGain]);
    if (limit > 0) {
      EXPECT_GT(L.book[sitrt::kLocked], 0) << "the path should have hit the 2% limit";
    }
  }
}

// Stack-and-roll: positions move every day a period expires. The variation margin equals the P&L of the trades
// themselves: every lot bought at the day's settlement and marked to each later settlement until closed.
TEST(HedgeBook, RolledVariationMarginEqualsTradeProfit) {
  HedgeTerms T = terms(0.05, 2);
  Life L = live(T, 20, 11, 0.03);
  double pnl = 0;
  for (size_t k = 0; k < L.posByDay.size(); ++k)
    for (int m = 0; m < T.periods; ++m) {
      double before = k == 0 ? 0.0 : L.posByDay[k - 1][m];
      double expiredToday = k > 0 && static_cast<int64_t>(k) == 20 * (m + 1);
      if (expiredToday) pnl += before * T.size * L.settleByDay[k][m];  // closed at the final settlement
      else pnl -= (L.posByDay[k][m] - before) * T.size * L.settleByDay[k][m];  // bought at today's settlement
    }
  EXPECT_NEAR(L.book[sitrt::kCumVm], pnl, 1e-9 * T.size);
}

// Stack-and-roll stacks the far months' exposure into the last contract held; the position limit caps that
// stacked position too, every day, and counts the days it bound.
TEST(HedgeBook, PositionLimitCapsStackedPositions) {
  HedgeTerms T = terms(0.0, 2);
  T.positionLimit = 6;  // base positions are 2..4 lots; the stacked one is up to 17
  Life L = live(T, 20, 5, 0.02);
  EXPECT_EQ(largestPosition(L), 6);
  EXPECT_GT(L.book[sitrt::kCapped], 0);
  T.positionLimit = 0;  // no limit: the stacked position exceeds 6
  Life free = live(T, 20, 5, 0.02);
  EXPECT_GT(largestPosition(free), 6);
  EXPECT_EQ(free.book[sitrt::kCapped], 0);
}

// After every day's margin call the account is back to at least maintenance; calls happen on losing paths.
TEST(HedgeBook, MarginCallsRestoreTheAccount) {
  HedgeTerms T = terms(0.0, 0);
  T.periods = 1;
  std::vector<int64_t> ends = {60};
  std::vector<double> fair = {1.5}, base = {3}, settle(1), pos(1 + sitrt::kHedgeStateSize), gain(1),
                      book(sitrt::kHedgeBookSize);
  DirectBook b(T, ends, base);
  double calls = 0;
  for (int64_t k = 0; k < 60; ++k) {
    fair[0] = 1.5 * (1 - 0.01 * static_cast<double>(k));  // falls 1.5% of the start price a day
    b.day(k, fair, settle.data(), pos.data(), gain.data(), book.data());
    double notional = pos[0] * T.size * settle[0];
    EXPECT_GE(book[sitrt::kBalance], T.maintenance * notional - 1e-9) << "day " << k;
    calls = book[sitrt::kCalls];
  }
  EXPECT_GT(calls, 5);
  EXPECT_NEAR(book[sitrt::kPeakOut], 3 * T.size * 1.5 * 0.01 * 59, 1e-9);
}

// Excess margin is released when a period expires: after 30 days of gains on two periods, the first expires on
// day 30 and the account is cut to the initial margin of the one still open (10% of 3 lots at 1.95 = 585), so
// the 2.5% fall that follows (initial 10% - maintenance 7.5%) brings a margin call on day 34 (balance 405 below
// 7.5% of 3 x 1000 x 1.875). Kept, the 2,700 of gains would cushion it and no call would come.
TEST(HedgeBook, ExcessMarginIsReleasedAtExpiry) {
  HedgeTerms T = terms(0.0, 0);
  T.periods = 2;
  std::vector<int64_t> ends = {30, 60};
  std::vector<double> fair(2), base = {3, 3}, settle(2), pos(2 + sitrt::kHedgeStateSize), gain(2),
                      book(sitrt::kHedgeBookSize);
  DirectBook b(T, ends, base);
  int firstCall = -1;
  for (int64_t k = 0; k < 60; ++k) {
    // +1% of the start price a day for 30 days, then -1% a day.
    fair[0] = fair[1] = 1.5 * (1 + 0.01 * static_cast<double>(k <= 30 ? k : 60 - k));
    b.day(k, fair, settle.data(), pos.data(), gain.data(), book.data());
    if (k == 29) {
      EXPECT_GT(book[sitrt::kBalance], 3000);  // the gains are kept until an expiry
    } else if (k == 30) {
      EXPECT_NEAR(book[sitrt::kBalance], 0.1 * 3 * 1000 * 1.95, 1e-9);
    }
    if (firstCall < 0 && book[sitrt::kCalls] > 0) firstCall = static_cast<int>(k);
  }
  EXPECT_EQ(firstCall, 34);
}

}  // namespace
