#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "er/model/logistic_regression.h"

namespace kindred::er {
namespace {

struct Data {
  FeatureMatrix x;
  std::vector<int> y;
  std::vector<double> true_p;  // the generating probability of each row
};

// Rows with `d` standard-normal features; P(match) = sigmoid(scale * (w . x) + bias).
// Only the first few weights are non-zero, so the rest is noise.
Data Synthetic(int64_t rows, int d, double scale, double bias, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unif(0.0, 1.0);
  const double w[] = {2.0, -1.5, 1.0};
  Data data;
  data.x.rows = rows;
  data.x.cols = d;
  for (int c = 0; c < d; ++c) data.x.names.push_back("f" + std::to_string(c));
  for (int64_t r = 0; r < rows; ++r) {
    double z = bias;
    for (int c = 0; c < d; ++c) {
      const double v = normal(rng);
      data.x.values.push_back(static_cast<float>(v));
      if (c < 3) z += scale * w[c] * v;
    }
    const double p = 1.0 / (1.0 + std::exp(-z));
    data.true_p.push_back(p);
    data.y.push_back(unif(rng) < p ? 1 : 0);
  }
  return data;
}

double Accuracy(const std::vector<float>& p, const std::vector<int>& y) {
  int64_t right = 0;
  for (size_t i = 0; i < y.size(); ++i) right += (p[i] >= 0.5f) == (y[i] == 1);
  return static_cast<double>(right) / y.size();
}

TEST(LogisticRegression, SeparableData) {
  Data train = Synthetic(1000, 3, 50.0, 0.0, 1);  // scale 50: labels are almost deterministic
  Data test = Synthetic(2000, 3, 50.0, 0.0, 2);
  LogisticRegression m;
  ASSERT_TRUE(m.Fit(train.x, train.y).ok());
  EXPECT_GT(Accuracy(m.Predict(test.x), test.y), 0.97);
  EXPECT_EQ(m.num_features(), 3);
  EXPECT_GT(m.weights()[0], 0);
  EXPECT_LT(m.weights()[1], 0);
}

TEST(LogisticRegression, NoisyDataReachesBayesAccuracy) {
  Data train = Synthetic(3000, 6, 1.0, 0.3, 3);
  Data test = Synthetic(5000, 6, 1.0, 0.3, 4);
  LogisticRegression m;
  ASSERT_TRUE(m.Fit(train.x, train.y).ok());
  std::vector<float> truth(test.true_p.begin(), test.true_p.end());
  const double bayes = Accuracy(truth, test.y);
  const double acc = Accuracy(m.Predict(test.x), test.y);
  EXPECT_GT(bayes, 0.7);
  EXPECT_GT(acc, bayes - 0.02) << "bayes " << bayes;
  // The noise features get little weight compared to the signal.
  for (int c = 3; c < 6; ++c) EXPECT_LT(std::fabs(m.weights()[c]), 0.25 * m.weights()[0]);
}

TEST(LogisticRegression, CrossValidationPicksStrongerL2OnTinyNoisyData) {
  Data tiny = Synthetic(24, 10, 0.2, 0.0, 5);
  Data large = Synthetic(4000, 3, 20.0, 0.0, 6);
  LogisticRegression tiny_model, large_model;
  ASSERT_TRUE(tiny_model.Fit(tiny.x, tiny.y).ok());
  ASSERT_TRUE(large_model.Fit(large.x, large.y).ok());
  EXPECT_GT(tiny_model.chosen_l2(), large_model.chosen_l2());
  EXPECT_GE(tiny_model.chosen_l2(), 0.1);
  EXPECT_LE(large_model.chosen_l2(), 1e-2);
  EXPECT_GT(tiny_model.cv_log_loss(), large_model.cv_log_loss());
}

TEST(LogisticRegression, CalibratedOnImbalancedData) {
  // About 10% matches; class balancing shifts raw scores, calibration must undo it.
  Data train = Synthetic(4000, 4, 1.0, -3.0, 7);
  Data test = Synthetic(20000, 4, 1.0, -3.0, 8);
  LogisticRegression m;
  ASSERT_TRUE(m.Fit(train.x, train.y).ok());
  std::vector<float> p = m.Predict(test.x);
  double mean = 0, rate = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    mean += p[i];
    rate += test.y[i];
  }
  mean /= p.size();
  rate /= p.size();
  EXPECT_GT(rate, 0.05);
  EXPECT_LT(rate, 0.2);
  EXPECT_NEAR(mean, rate, 0.05);
  // Calibration within bins too: rows predicted around 0.5 match about half the time.
  double in_bin = 0, matched = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] > 0.3 && p[i] < 0.7) ++in_bin, matched += test.y[i];
  }
  ASSERT_GT(in_bin, 100);
  EXPECT_NEAR(matched / in_bin, 0.5, 0.1);
}

TEST(LogisticRegression, DeterministicFit) {
  Data d = Synthetic(5000, 5, 1.0, 0.0, 9);
  LogisticRegression a, b;
  ASSERT_TRUE(a.Fit(d.x, d.y).ok());
  ASSERT_TRUE(b.Fit(d.x, d.y).ok());
  EXPECT_EQ(a.weights(), b.weights());
  EXPECT_EQ(a.bias(), b.bias());
  EXPECT_EQ(a.calibration_a(), b.calibration_a());
}

TEST(LogisticRegression, JsonRoundTripGivesIdenticalPredictions) {
  Data d = Synthetic(800, 4, 1.0, 0.0, 10);
  LogisticRegression m;
  ASSERT_TRUE(m.Fit(d.x, d.y).ok());
  const std::string text = m.ToJson().dump(2);
  auto back = LogisticRegression::FromJson(nlohmann::json::parse(text));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->feature_names(), d.x.names);
  EXPECT_EQ(back->chosen_l2(), m.chosen_l2());
  std::vector<float> p1 = m.Predict(d.x), p2 = back->Predict(d.x);
  ASSERT_EQ(p1.size(), p2.size());
  for (size_t i = 0; i < p1.size(); ++i) ASSERT_EQ(p1[i], p2[i]) << i;
  EXPECT_EQ(m.PredictRow(d.x.row(3)), p1[3]);
}

TEST(LogisticRegression, FromJsonNamesTheBadKey) {
  Data d = Synthetic(200, 2, 1.0, 0.0, 11);
  LogisticRegression m;
  ASSERT_TRUE(m.Fit(d.x, d.y).ok());
  nlohmann::json j = m.ToJson();

  nlohmann::json missing = j;
  missing.erase("bias");
  auto r = LogisticRegression::FromJson(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("'bias' is missing"), std::string::npos)
      << r.status().message();

  nlohmann::json bad = j;
  bad["features"][1]["std"] = "wide";
  r = LogisticRegression::FromJson(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("features[1].std"), std::string::npos)
      << r.status().message();

  nlohmann::json no_cal = j;
  no_cal["calibration"].erase("a");
  r = LogisticRegression::FromJson(no_cal);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("calibration.a"), std::string::npos);

  EXPECT_FALSE(LogisticRegression::FromJson(nlohmann::json::array()).ok());
}

TEST(LogisticRegression, TooFewLabelsSaysWhatIsNeeded) {
  FeatureMatrix x;
  x.cols = 1;
  x.names = {"f"};
  std::vector<int> y;
  for (int i = 0; i < 11; ++i) {
    x.values.push_back(static_cast<float>(i));
    y.push_back(i == 0 ? 1 : 0);
  }
  x.rows = 11;
  LogisticRegression m;
  Status st = m.Fit(x, y);
  ASSERT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("have 1 matching and 10 non-matching"), std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("label 1 more matching pair"), std::string::npos) << st.message();

  x.rows = 1;
  x.values.resize(1);
  y = {0};
  st = m.Fit(x, y);
  ASSERT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("2 more matching pairs and 1 more non-matching pair"),
            std::string::npos)
      << st.message();
}

TEST(LogisticRegression, RejectsBadInput) {
  Data d = Synthetic(50, 2, 1.0, 0.0, 12);
  LogisticRegression m;
  std::vector<int> short_y(d.y.begin(), d.y.end() - 1);
  EXPECT_EQ(m.Fit(d.x, short_y).code(), StatusCode::kInvalidArgument);
  std::vector<int> bad_y = d.y;
  bad_y[4] = 2;
  EXPECT_EQ(m.Fit(d.x, bad_y).code(), StatusCode::kInvalidArgument);
  Data nan = d;
  nan.x.values[2 * 7 + 1] = std::nanf("");
  Status st = m.Fit(nan.x, nan.y);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("'f1'"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("row 7"), std::string::npos) << st.message();
  // Wrong width at prediction time.
  ASSERT_TRUE(m.Fit(d.x, d.y).ok());
  FeatureMatrix wide = d.x;
  wide.cols = 1;
  wide.values.resize(wide.rows);
  EXPECT_TRUE(m.Predict(wide).empty());
}

TEST(LogisticRegression, ConstantFeatureIsHarmless) {
  Data d = Synthetic(500, 2, 3.0, 0.0, 13);
  FeatureMatrix x;
  x.rows = d.x.rows;
  x.cols = 3;
  x.names = {"f0", "f1", "always_one"};
  for (int64_t r = 0; r < x.rows; ++r) {
    x.values.push_back(d.x.at(r, 0));
    x.values.push_back(d.x.at(r, 1));
    x.values.push_back(1.0f);
  }
  LogisticRegression m;
  ASSERT_TRUE(m.Fit(x, d.y).ok());
  EXPECT_EQ(m.weights()[2], 0.0);
  EXPECT_GT(Accuracy(m.Predict(x), d.y), 0.8);
}

TEST(LogisticRegression, UninformativeFeaturesPredictTheBaseRate) {
  FeatureMatrix x;
  x.rows = 40;
  x.cols = 2;
  x.names = {"same", "also_same"};
  std::vector<int> y;
  for (int r = 0; r < 40; ++r) {
    x.values.push_back(0.5f);
    x.values.push_back(1.0f);
    y.push_back(r % 4 == 0 ? 1 : 0);  // 25% matches
  }
  LogisticRegression m;
  ASSERT_TRUE(m.Fit(x, y).ok());
  std::vector<float> p = m.Predict(x);
  EXPECT_NEAR(p[0], 0.25, 0.05);
  EXPECT_TRUE(std::isfinite(m.calibration_a()) && std::isfinite(m.calibration_b()));
}

}  // namespace
}  // namespace kindred::er
