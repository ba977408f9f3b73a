#include <gtest/gtest.h>

#include <cmath>

#include "er/similarity/numeric.h"

namespace kindred::er {
namespace {

TEST(DigitsOnly, KeepsDigits) {
  EXPECT_EQ(DigitsOnly("+1 (555) 010-2"), "15550102");
  EXPECT_EQ(DigitsOnly("abc"), "");
}

TEST(SplitNumberWithUnits, NumberAndUnits) {
  double v = 0;
  std::string u;
  ASSERT_TRUE(SplitNumberWithUnits("12.5kg", &v, &u));
  EXPECT_DOUBLE_EQ(v, 12.5);
  EXPECT_EQ(u, "kg");
  ASSERT_TRUE(SplitNumberWithUnits("1,200 ml", &v, &u));
  EXPECT_DOUBLE_EQ(v, 1200);
  EXPECT_EQ(u, "ml");
  ASSERT_TRUE(SplitNumberWithUnits("$ 30", &v, &u));
  EXPECT_DOUBLE_EQ(v, 30);
  EXPECT_EQ(u, "$");
  ASSERT_TRUE(SplitNumberWithUnits("-3 e", &v, &u));
  EXPECT_DOUBLE_EQ(v, -3);
  EXPECT_EQ(u, "e");
  ASSERT_TRUE(SplitNumberWithUnits(".5 l", &v, &u));
  EXPECT_DOUBLE_EQ(v, 0.5);
  EXPECT_EQ(u, "l");
  ASSERT_TRUE(SplitNumberWithUnits("42", &v, &u));
  EXPECT_DOUBLE_EQ(v, 42);
  EXPECT_EQ(u, "");
  ASSERT_TRUE(SplitNumberWithUnits("1,20 kg", &v, &u));  // not a thousands group
  EXPECT_DOUBLE_EQ(v, 1);
  EXPECT_EQ(u, ",20 kg");
}

TEST(SplitNumberWithUnits, NoNumber) {
  double v = 7;
  std::string u = "keep";
  EXPECT_FALSE(SplitNumberWithUnits("kg", &v, &u));
  EXPECT_FALSE(SplitNumberWithUnits("", &v, &u));
  EXPECT_DOUBLE_EQ(v, 7);
  EXPECT_EQ(u, "keep");
}

TEST(NumericSimilarity, RelativeDifference) {
  EXPECT_DOUBLE_EQ(NumericSimilarity(10, 10), 1.0);
  EXPECT_DOUBLE_EQ(NumericSimilarity(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(NumericSimilarity(10, 5), 0.5);
  EXPECT_DOUBLE_EQ(NumericSimilarity(-10, -5), 0.5);
  EXPECT_DOUBLE_EQ(NumericSimilarity(10, -10), 0.0);  // clipped
  EXPECT_DOUBLE_EQ(NumericSimilarity(0, 3), 0.0);
  EXPECT_TRUE(std::isnan(NumericSimilarity(std::nan(""), 1)));
}

}  // namespace
}  // namespace kindred::er
