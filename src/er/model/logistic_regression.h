// L2-regularised logistic regression that scores record pairs as match probabilities.
//
// Features are standardised (mean/std stored with the model); the L2 strength is chosen from a
// grid by stratified k-fold cross-validation on log-loss; the fit is Newton's method (IRLS) with
// a backtracking line search, run in a fixed order so the same data and options always give the
// same model. Platt scaling, fitted on out-of-fold scores, turns scores into calibrated
// probabilities (class weighting shifts raw scores; calibration undoes that shift).
// A trained model is immutable: Predict/PredictRow are safe to call concurrently.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "er/model/feature_matrix.h"

namespace kindred::er {

struct LogisticRegressionOptions {
  // Candidate L2 strengths (penalty l2/2 * |w|^2 added to the mean log-loss); the one with the
  // lowest cross-validated log-loss wins, ties going to the larger (simpler) one.
  std::vector<double> l2_grid = {1e-4, 1e-3, 1e-2, 0.1, 1, 10};
  int folds = 5;  // reduced to the size of the smaller class when that has fewer examples
  int max_iterations = 200;  // Newton iterations per fit
  uint64_t seed = 42;        // fold assignment
  // Weight classes so a 10:1 label imbalance does not swamp the minority (each class carries
  // half the total weight during fitting and cross-validation).
  bool class_balance = true;
};

class LogisticRegression {
 public:
  // Fits on rows of `x` labelled by `y` (1 = match, 0 = non-match). On success the model is
  // replaced. FailedPrecondition when either class has fewer than 2 examples (the message says
  // how many more of which class are needed); InvalidArgument for a size mismatch, a label other
  // than 0/1, a non-finite feature value (naming row and feature) or an empty l2 grid.
  Status Fit(const FeatureMatrix& x, const std::vector<int>& y,
             const LogisticRegressionOptions& opts = {});

  // Calibrated match probability of every row, computed in parallel. `x` must have the columns
  // the model was trained with, in the same order; returns an empty vector otherwise.
  std::vector<float> Predict(const FeatureMatrix& x) const;
  // Calibrated probability of one row of num_features() values.
  float PredictRow(const float* row) const;
  // Uncalibrated linear score (log-odds before Platt scaling) of one row.
  double Score(const float* row) const;

  int num_features() const { return static_cast<int>(weights_.size()); }
  const std::vector<std::string>& feature_names() const { return names_; }
  double chosen_l2() const { return l2_; }
  // Mean held-out log-loss of the chosen l2 (class-weighted when class_balance is on).
  double cv_log_loss() const { return cv_log_loss_; }
  // Weights apply to standardised features: (x - mean) / std.
  const std::vector<double>& weights() const { return weights_; }
  double bias() const { return bias_; }
  const std::vector<double>& means() const { return means_; }
  const std::vector<double>& stds() const { return stds_; }
  // Platt scaling: probability = 1 / (1 + exp(-(a * score + b))).
  double calibration_a() const { return platt_a_; }
  double calibration_b() const { return platt_b_; }

  // The model as JSON: {"model":"logistic_regression","version":1,"features":[{"name","weight",
  // "mean","std"}...],"bias","l2","cv_log_loss","calibration":{"a","b"}}.
  nlohmann::json ToJson() const;
  // Reads ToJson's form. InvalidArgument naming the missing or bad key.
  static Result<LogisticRegression> FromJson(const nlohmann::json& j);

 private:
  std::vector<std::string> names_;
  std::vector<double> weights_, means_, stds_, inv_stds_;
  double bias_ = 0;
  double l2_ = 0;
  double cv_log_loss_ = 0;
  double platt_a_ = 1, platt_b_ = 0;
};

}  // namespace kindred::er
