// The contract and hedge term rules that sema and --set share (sitrt/term_rules.h).
#include <gtest/gtest.h>

#include <cmath>

#include "sitrt/format.h"
#include "sitrt/term_rules.h"

using namespace sitrt;

TEST(TermRules, Margins) {
  EXPECT_EQ(rules::margins(0.10, 0.075).message, "");
  EXPECT_EQ(rules::margins(0.10, 0.10).message, "");
  auto over = rules::margins(0.05, 0.08);
  EXPECT_EQ(over.term, rules::MarginTerm::Maintenance);
  EXPECT_EQ(over.message, "the maintenance margin (8%) must not exceed the initial margin (5%)");
  EXPECT_EQ(rules::margins(0.10, 0).message, "the maintenance margin must be above 0%");
  EXPECT_EQ(rules::margins(0.10, std::nan("")).message, "the maintenance margin must be above 0%");
  auto full = rules::margins(1.5, 0.1);
  EXPECT_EQ(full.term, rules::MarginTerm::Initial);
  EXPECT_EQ(full.message, "the initial margin (150%) must not exceed 100%");
}

TEST(TermRules, LimitsAndCounts) {
  EXPECT_EQ(rules::dailyLimit(0.15), "");
  for (double bad : {0.0, -0.05, 1.0, 1.5, std::nan("")}) EXPECT_NE(rules::dailyLimit(bad), "") << bad;
  EXPECT_EQ(rules::positionLimit(7500), "");
  for (double bad : {0.0, -10.0, 7500.5, HUGE_VAL}) EXPECT_NE(rules::positionLimit(bad), "") << bad;
  EXPECT_EQ(rules::pilotPaths(40), "");
  EXPECT_EQ(rules::pilotPaths(1e9), "");
  for (double bad : {39.0, 40.5, 1e9 + 1, std::nan("")}) EXPECT_NE(rules::pilotPaths(bad), "") << bad;
}

TEST(TermRules, FixedRatioHintsAtAMissingPercentSign) {
  EXPECT_EQ(rules::fixedRatio(0.8), "");
  EXPECT_EQ(rules::fixedRatio(2), "");
  EXPECT_EQ(rules::fixedRatio(150),
            "a hedge ratio must be from 0 to 2 (0% to 200% of the expected consumption), not 150 (did you mean 150%?)");
  EXPECT_EQ(rules::fixedRatio(-0.5).find("did you mean"), std::string::npos);
  EXPECT_EQ(rules::fixedRatio(1000).find("did you mean"), std::string::npos);
}

TEST(Format, OneFormatterForEveryPrecision) {
  EXPECT_EQ(formatExact(0.1), "0.1");
  EXPECT_EQ(formatExact(1000), "1000");
  EXPECT_EQ(formatExact(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(formatExact(-HUGE_VAL), "-inf");
  EXPECT_EQ(formatReadable(1.0 / 3), "0.333333");
  EXPECT_EQ(formatDigits(0.2, 17), "0.20000000000000001");
  EXPECT_EQ(formatDigits(1.0 / 360, 10), "0.002777777778");
  EXPECT_EQ(formatPercent(0.075), "7.5%");
}
