// The units algebra (ir/Units.h): rational exponents, dimensions, the unit table and its spelling.
#include <gtest/gtest.h>

#include "ir/Units.h"

using namespace sitc;

TEST(Rational, NormalisesSignAndCommonFactors) {
  EXPECT_EQ(Rational::of(2, 4), Rational::of(1, 2));
  EXPECT_EQ(Rational::of(1, -2), Rational::of(-1, 2));
  EXPECT_EQ(Rational::of(1, 2) + Rational::of(1, 3), Rational::of(5, 6));
  EXPECT_EQ(Rational::of(1, 2) - Rational::of(1, 2), Rational{});
  EXPECT_EQ((Rational::of(2, 3) * Rational::of(3, 4)).str(), "(1/2)");
  EXPECT_EQ(Rational::of(3).str(), "3");
}

TEST(Rational, FromDecimalExponents) {
  EXPECT_EQ(rationalFrom(0.5), Rational::of(1, 2));
  EXPECT_EQ(rationalFrom(-1.5), Rational::of(-3, 2));
  EXPECT_EQ(rationalFrom(1.0 / 3), Rational::of(1, 3));
  EXPECT_EQ(rationalFrom(0.1234), std::nullopt);  // no denominator up to 12
  EXPECT_EQ(rationalFrom(1e300), std::nullopt);
}

TEST(Dim, Algebra) {
  Dim usd = Dim::base(kCurrency), yr = Dim::base(kTime);
  EXPECT_TRUE(Dim{}.dimensionless());
  EXPECT_FALSE(usd.dimensionless());
  EXPECT_TRUE((usd / usd).dimensionless());
  Dim rootYr = yr.pow(Rational::of(1, 2));
  EXPECT_EQ(rootYr * rootYr, yr);
  EXPECT_EQ((usd / yr).pow(Rational::of(-1)), yr / usd);
}

TEST(UnitTable, CalendarAndSpelling) {
  UnitTable t(360);
  ASSERT_NE(t.find("month"), nullptr);
  EXPECT_DOUBLE_EQ(t.find("month")->scale, 1.0 / 12);
  EXPECT_DOUBLE_EQ(t.find("day")->scale, 1.0 / 360);
  EXPECT_DOUBLE_EQ(UnitTable(365).find("day")->scale, 1.0 / 365);
  EXPECT_EQ(t.find("furlong"), nullptr);
  Dim usd = Dim::base(kCurrency), tok = Dim::base(kToken), yr = Dim::base(kTime);
  EXPECT_EQ(t.format(usd / tok), "USD/token");
  EXPECT_EQ(t.format(Dim{} / yr.pow(Rational::of(1, 2))), "1/sqrt(yr)");
  EXPECT_EQ(t.format(Dim{}), "");
  EXPECT_TRUE(t.addBase("EUR"));
  ASSERT_NE(t.find("EUR"), nullptr);
}
