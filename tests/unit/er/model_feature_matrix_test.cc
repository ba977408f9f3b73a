#include <gtest/gtest.h>

#include "er/model/feature_matrix.h"

namespace kindred::er {
namespace {

TEST(FeatureMatrix, WithInteractionsAppendsProducts) {
  FeatureMatrix m;
  m.rows = 2;
  m.cols = 3;
  m.names = {"a", "b", "c"};
  m.values = {1, 2, 3, 4, 5, 6};
  FeatureMatrix x = WithInteractions(m, {{0, 1}, {2, 2}});
  ASSERT_EQ(x.rows, 2);
  ASSERT_EQ(x.cols, 5);
  EXPECT_EQ(x.names, (std::vector<std::string>{"a", "b", "c", "a*b", "c*c"}));
  EXPECT_EQ(x.at(0, 3), 2.0f);
  EXPECT_EQ(x.at(0, 4), 9.0f);
  EXPECT_EQ(x.at(1, 0), 4.0f);
  EXPECT_EQ(x.at(1, 3), 20.0f);
  EXPECT_EQ(x.at(1, 4), 36.0f);

  FeatureMatrix same = WithInteractions(m, {});
  EXPECT_EQ(same.values, m.values);
  EXPECT_EQ(same.names, m.names);
}

}  // namespace
}  // namespace kindred::er
