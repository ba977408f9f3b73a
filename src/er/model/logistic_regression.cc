#include "er/model/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "common/thread_pool.h"

namespace kindred::er {
namespace {

// Rows per partial sum. Fixed (not derived from the thread count) so sums are added in the same
// order on every machine and a fit is bit-for-bit reproducible.
constexpr int64_t kChunk = 2048;
constexpr int kMinPerClass = 2;

double Sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

// -[t log p + (1-t) log(1-p)] with p = sigmoid(z), without overflow; t may be fractional.
double LogLoss(double z, double t) {
  return std::max(z, 0.0) - t * z + std::log1p(std::exp(-std::fabs(z)));
}

// Training view: standardisation, labels and sample weights.
struct TrainData {
  const FeatureMatrix* x = nullptr;
  int d = 0;
  std::vector<double> mean, inv_std, y, w;

  // Linear score of row r under beta = [bias, w_1..w_d].
  double Score(int64_t r, const double* beta) const {
    const float* row = x->row(r);
    double z = beta[0];
    for (int j = 0; j < d; ++j) z += beta[j + 1] * ((row[j] - mean[j]) * inv_std[j]);
    return z;
  }
};

// Weighted log-loss sum, and optionally gradient and Hessian sums, over `rows`.
struct Sums {
  double loss = 0, weight = 0;
  std::vector<double> g, h;  // D and D*D (lower triangle filled)
};

Sums Accumulate(const TrainData& t, const std::vector<int64_t>& rows, const double* beta,
                bool derivatives) {
  const int dim = t.d + 1;
  const int64_t n = static_cast<int64_t>(rows.size());
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<Sums> parts(chunks);
  ThreadPool::Default().ParallelFor(chunks, 1, [&](int64_t cb, int64_t ce) {
    std::vector<double> z(dim);
    for (int64_t c = cb; c < ce; ++c) {
      Sums& s = parts[c];
      if (derivatives) {
        s.g.assign(dim, 0.0);
        s.h.assign(static_cast<size_t>(dim) * dim, 0.0);
      }
      const int64_t end = std::min(n, (c + 1) * kChunk);
      for (int64_t k = c * kChunk; k < end; ++k) {
        const int64_t r = rows[k];
        const double score = t.Score(r, beta);
        const double w = t.w[r];
        s.loss += w * LogLoss(score, t.y[r]);
        s.weight += w;
        if (!derivatives) continue;
        const float* row = t.x->row(r);
        z[0] = 1.0;
        for (int j = 0; j < t.d; ++j) z[j + 1] = (row[j] - t.mean[j]) * t.inv_std[j];
        const double p = Sigmoid(score);
        const double gr = w * (p - t.y[r]);
        const double hr = w * p * (1.0 - p);
        for (int a = 0; a < dim; ++a) {
          s.g[a] += gr * z[a];
          const double ha = hr * z[a];
          double* hrow = s.h.data() + static_cast<size_t>(a) * dim;
          for (int b = 0; b <= a; ++b) hrow[b] += ha * z[b];
        }
      }
    }
  });
  Sums total;
  if (derivatives) {
    total.g.assign(dim, 0.0);
    total.h.assign(static_cast<size_t>(dim) * dim, 0.0);
  }
  for (const Sums& s : parts) {
    total.loss += s.loss;
    total.weight += s.weight;
    if (!derivatives) continue;
    for (int a = 0; a < dim; ++a) total.g[a] += s.g[a];
    for (size_t k = 0; k < total.h.size(); ++k) total.h[k] += s.h[k];
  }
  return total;
}

// Solves A x = b for symmetric positive definite A (lower triangle used; A is overwritten).
// Returns false if A is not numerically positive definite.
bool CholeskySolve(std::vector<double>* a, int n, const std::vector<double>& b,
                   std::vector<double>* x) {
  std::vector<double>& m = *a;
  for (int j = 0; j < n; ++j) {
    double diag = m[j * n + j];
    for (int k = 0; k < j; ++k) diag -= m[j * n + k] * m[j * n + k];
    if (!(diag > 0)) return false;
    const double l = std::sqrt(diag);
    m[j * n + j] = l;
    for (int i = j + 1; i < n; ++i) {
      double v = m[i * n + j];
      for (int k = 0; k < j; ++k) v -= m[i * n + k] * m[j * n + k];
      m[i * n + j] = v / l;
    }
  }
  x->assign(b.begin(), b.end());
  std::vector<double>& y = *x;
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < i; ++k) y[i] -= m[i * n + k] * y[k];
    y[i] /= m[i * n + i];
  }
  for (int i = n - 1; i >= 0; --i) {
    for (int k = i + 1; k < n; ++k) y[i] -= m[k * n + i] * y[k];
    y[i] /= m[i * n + i];
  }
  return true;
}

double Penalty(const std::vector<double>& beta, double l2) {
  double s = 0;
  for (size_t j = 1; j < beta.size(); ++j) s += beta[j] * beta[j];
  return 0.5 * l2 * s;
}

// Minimises mean weighted log-loss + l2/2 |w|^2 (bias unpenalised) over `rows` by Newton's
// method with backtracking; `beta` is the starting point and the result.
void NewtonFit(const TrainData& t, const std::vector<int64_t>& rows, double l2, int max_iterations,
               std::vector<double>* beta) {
  const int dim = t.d + 1;
  std::vector<double> step, cand(dim);
  for (int it = 0; it < max_iterations; ++it) {
    Sums s = Accumulate(t, rows, beta->data(), /*derivatives=*/true);
    const double inv_w = 1.0 / s.weight;
    const double f = s.loss * inv_w + Penalty(*beta, l2);
    for (int a = 0; a < dim; ++a) {
      s.g[a] *= inv_w;
      for (int b = 0; b <= a; ++b) s.h[a * dim + b] *= inv_w;
    }
    for (int a = 1; a < dim; ++a) {
      s.g[a] += l2 * (*beta)[a];
      s.h[a * dim + a] += l2;
    }
    // A tiny ridge keeps the system solvable when a class is perfectly separated or a feature
    // is constant.
    for (int a = 0; a < dim; ++a) s.h[a * dim + a] += 1e-10;
    std::vector<double> h = s.h;
    double jitter = 1e-8;
    while (!CholeskySolve(&h, dim, s.g, &step)) {
      h = s.h;
      for (int a = 0; a < dim; ++a) h[a * dim + a] += jitter;
      jitter *= 10;
      if (jitter > 1e6) return;
    }
    double decrement = 0;  // Newton decrement squared: g' H^-1 g
    for (int a = 0; a < dim; ++a) decrement += s.g[a] * step[a];
    if (decrement < 1e-14) return;
    double scale = 1.0;
    bool accepted = false;
    for (int k = 0; k < 40; ++k, scale *= 0.5) {
      for (int a = 0; a < dim; ++a) cand[a] = (*beta)[a] - scale * step[a];
      const Sums c = Accumulate(t, rows, cand.data(), /*derivatives=*/false);
      const double fc = c.loss * inv_w + Penalty(cand, l2);
      if (fc <= f - 1e-4 * scale * decrement) {
        accepted = true;
        break;
      }
    }
    if (!accepted) return;  // no further progress at double precision
    beta->swap(cand);
    cand.resize(dim);
  }
}

// Platt scaling: a, b minimising the log-loss of sigmoid(a * s + b) against Platt's smoothed
// targets (which keep a and b finite when scores separate the classes).
void FitPlatt(const std::vector<double>& scores, const std::vector<double>& y, double* a_out,
              double* b_out) {
  double npos = 0, nneg = 0;
  for (double v : y) (v > 0.5 ? npos : nneg) += 1;
  const double tpos = (npos + 1) / (npos + 2), tneg = 1 / (nneg + 2);
  const size_t n = scores.size();
  auto objective = [&](double a, double b) {
    double f = 0;
    for (size_t i = 0; i < n; ++i) f += LogLoss(a * scores[i] + b, y[i] > 0.5 ? tpos : tneg);
    return f / n + 1e-9 * (a * a + b * b);
  };
  double a = 1, b = 0;
  for (int it = 0; it < 100; ++it) {
    double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (size_t i = 0; i < n; ++i) {
      const double s = scores[i];
      const double p = Sigmoid(a * s + b);
      const double r = p - (y[i] > 0.5 ? tpos : tneg);
      const double q = p * (1 - p);
      ga += r * s, gb += r;
      haa += q * s * s, hab += q * s, hbb += q;
    }
    ga = ga / n + 2e-9 * a, gb = gb / n + 2e-9 * b;
    haa = haa / n + 2e-9 + 1e-12, hab /= n, hbb = hbb / n + 2e-9 + 1e-12;
    const double det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const double da = (hbb * ga - hab * gb) / det;
    const double db = (haa * gb - hab * ga) / det;
    const double decrement = ga * da + gb * db;
    if (decrement < 1e-14) break;
    const double f = objective(a, b);
    double scale = 1;
    bool accepted = false;
    for (int k = 0; k < 40; ++k, scale *= 0.5) {
      if (objective(a - scale * da, b - scale * db) <= f - 1e-4 * scale * decrement) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    a -= scale * da;
    b -= scale * db;
  }
  *a_out = a;
  *b_out = b;
}

std::string Plural(int64_t n, const char* what) {
  return StrCat(n, " ", what, n == 1 ? " pair" : " pairs");
}

}  // namespace

Status LogisticRegression::Fit(const FeatureMatrix& x, const std::vector<int>& y,
                               const LogisticRegressionOptions& opts) {
  if (static_cast<int64_t>(y.size()) != x.rows) {
    return InvalidArgument("logistic regression: ", x.rows, " feature rows but ", y.size(),
                           " labels");
  }
  if (x.cols < 0 || static_cast<int64_t>(x.values.size()) != x.rows * x.cols) {
    return InvalidArgument("logistic regression: feature matrix has ", x.values.size(),
                           " values, expected rows * cols = ", x.rows, " * ", x.cols);
  }
  if (opts.l2_grid.empty()) return InvalidArgument("logistic regression: l2_grid is empty");
  for (double l2 : opts.l2_grid) {
    if (!(l2 >= 0) || !std::isfinite(l2)) {
      return InvalidArgument("logistic regression: l2_grid value ", l2, " is not >= 0");
    }
  }
  int64_t npos = 0, nneg = 0;
  for (int64_t r = 0; r < x.rows; ++r) {
    if (y[r] == 1) {
      ++npos;
    } else if (y[r] == 0) {
      ++nneg;
    } else {
      return InvalidArgument("logistic regression: label of row ", r, " is ", y[r],
                             "; expected 1 (match) or 0 (non-match)");
    }
  }
  if (npos < kMinPerClass || nneg < kMinPerClass) {
    std::string need;
    if (npos < kMinPerClass) need = Plural(kMinPerClass - npos, "more matching");
    if (nneg < kMinPerClass) {
      if (!need.empty()) need += " and ";
      need += Plural(kMinPerClass - nneg, "more non-matching");
    }
    return FailedPrecondition("too few labels to train: need at least ", kMinPerClass,
                              " matching and ", kMinPerClass, " non-matching pairs, have ", npos,
                              " matching and ", nneg, " non-matching; label ", need);
  }
  const int d = x.cols;
  auto feature_name = [&](int c) {
    return c < static_cast<int>(x.names.size()) ? x.names[c] : StrCat("#", c);
  };

  TrainData t;
  t.x = &x;
  t.d = d;
  t.mean.assign(d, 0.0);
  t.inv_std.assign(d, 1.0);
  std::vector<double> stds(d, 1.0);
  for (int64_t r = 0; r < x.rows; ++r) {
    const float* row = x.row(r);
    for (int c = 0; c < d; ++c) {
      if (!std::isfinite(row[c])) {
        return InvalidArgument("logistic regression: feature '", feature_name(c), "' (column ", c,
                               ") of row ", r, " is not finite (", row[c],
                               "); missing values must be encoded as indicator features");
      }
      t.mean[c] += row[c];
    }
  }
  for (int c = 0; c < d; ++c) t.mean[c] /= static_cast<double>(x.rows);
  {
    std::vector<double> var(d, 0.0);
    for (int64_t r = 0; r < x.rows; ++r) {
      const float* row = x.row(r);
      for (int c = 0; c < d; ++c) var[c] += (row[c] - t.mean[c]) * (row[c] - t.mean[c]);
    }
    for (int c = 0; c < d; ++c) {
      const double sd = std::sqrt(var[c] / static_cast<double>(x.rows));
      // A constant feature carries no information; std 1 leaves it at 0 after centring.
      stds[c] = sd > 1e-12 ? sd : 1.0;
      t.inv_std[c] = 1.0 / stds[c];
    }
  }
  t.y.resize(x.rows);
  t.w.resize(x.rows);
  const double n = static_cast<double>(x.rows);
  for (int64_t r = 0; r < x.rows; ++r) {
    t.y[r] = y[r];
    t.w[r] = !opts.class_balance ? 1.0 : y[r] == 1 ? n / (2.0 * npos) : n / (2.0 * nneg);
  }

  // Stratified folds: each class shuffled on its own and dealt round-robin. Fisher-Yates on
  // mt19937_64 (both fully specified by the standard) keeps folds identical across platforms.
  const int folds = static_cast<int>(
      std::max<int64_t>(2, std::min<int64_t>(std::max(opts.folds, 2), std::min(npos, nneg))));
  std::vector<int> fold(x.rows);
  {
    std::mt19937_64 rng(opts.seed);
    std::vector<int64_t> pos, neg;
    for (int64_t r = 0; r < x.rows; ++r) (y[r] == 1 ? pos : neg).push_back(r);
    for (auto* cls : {&pos, &neg}) {
      for (int64_t i = static_cast<int64_t>(cls->size()) - 1; i > 0; --i) {
        std::swap((*cls)[i], (*cls)[rng() % static_cast<uint64_t>(i + 1)]);
      }
      for (size_t k = 0; k < cls->size(); ++k) fold[(*cls)[k]] = static_cast<int>(k % folds);
    }
  }

  // Large to small l2, each fit warm-started from the previous (smoother) solution.
  std::vector<double> grid = opts.l2_grid;
  std::sort(grid.begin(), grid.end(), std::greater<double>());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  const int dim = d + 1;
  std::vector<double> cv_loss(grid.size(), 0.0);
  std::vector<std::vector<double>> oof(grid.size(), std::vector<double>(x.rows, 0.0));
  double total_weight = 0;
  for (int f = 0; f < folds; ++f) {
    std::vector<int64_t> train, test;
    for (int64_t r = 0; r < x.rows; ++r) (fold[r] == f ? test : train).push_back(r);
    std::vector<double> beta(dim, 0.0);
    for (size_t g = 0; g < grid.size(); ++g) {
      NewtonFit(t, train, grid[g], opts.max_iterations, &beta);
      for (int64_t r : test) {
        const double z = t.Score(r, beta.data());
        oof[g][r] = z;
        cv_loss[g] += t.w[r] * LogLoss(z, t.y[r]);
      }
    }
    for (int64_t r : test) total_weight += t.w[r];
  }
  size_t best = 0;
  for (size_t g = 1; g < grid.size(); ++g) {
    // Strictly better only: on a tie the larger l2 (earlier in the grid) stays.
    if (cv_loss[g] < cv_loss[best] * (1 - 1e-12)) best = g;
  }

  double platt_a = 1, platt_b = 0;
  FitPlatt(oof[best], t.y, &platt_a, &platt_b);

  std::vector<int64_t> all(x.rows);
  for (int64_t r = 0; r < x.rows; ++r) all[r] = r;
  std::vector<double> beta(dim, 0.0);
  NewtonFit(t, all, grid[best], opts.max_iterations, &beta);

  names_.clear();
  for (int c = 0; c < d; ++c) names_.push_back(feature_name(c));
  bias_ = beta[0];
  weights_.assign(beta.begin() + 1, beta.end());
  means_ = t.mean;
  stds_ = stds;
  inv_stds_ = t.inv_std;
  l2_ = grid[best];
  cv_log_loss_ = cv_loss[best] / total_weight;
  platt_a_ = platt_a;
  platt_b_ = platt_b;
  return OkStatus();
}

double LogisticRegression::Score(const float* row) const {
  double z = bias_;
  const int d = num_features();
  for (int j = 0; j < d; ++j) z += weights_[j] * ((row[j] - means_[j]) * inv_stds_[j]);
  return z;
}

float LogisticRegression::PredictRow(const float* row) const {
  return static_cast<float>(Sigmoid(platt_a_ * Score(row) + platt_b_));
}

std::vector<float> LogisticRegression::Predict(const FeatureMatrix& x) const {
  if (x.cols != num_features() || static_cast<int64_t>(x.values.size()) != x.rows * x.cols) {
    return {};
  }
  std::vector<float> out(x.rows);
  ThreadPool::Default().ParallelFor(x.rows, 1 << 14, [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) out[r] = PredictRow(x.row(r));
  });
  return out;
}

nlohmann::json LogisticRegression::ToJson() const {
  nlohmann::json features = nlohmann::json::array();
  for (int j = 0; j < num_features(); ++j) {
    features.push_back(
        {{"name", names_[j]}, {"weight", weights_[j]}, {"mean", means_[j]}, {"std", stds_[j]}});
  }
  return {{"model", "logistic_regression"},
          {"version", 1},
          {"features", features},
          {"bias", bias_},
          {"l2", l2_},
          {"cv_log_loss", cv_log_loss_},
          {"calibration", {{"a", platt_a_}, {"b", platt_b_}}}};
}

Result<LogisticRegression> LogisticRegression::FromJson(const nlohmann::json& j) {
  auto bad = [](const std::string& key, const char* why) {
    return InvalidArgument("logistic regression model: key '", key, "' ", why);
  };
  auto number = [&](const nlohmann::json& obj, const char* key, const std::string& path,
                    double* out) -> Status {
    auto it = obj.find(key);
    if (it == obj.end()) return bad(path, "is missing");
    if (!it->is_number()) return bad(path, "must be a number");
    *out = it->get<double>();
    if (!std::isfinite(*out)) return bad(path, "must be finite");
    return OkStatus();
  };
  if (!j.is_object()) return InvalidArgument("logistic regression model: expected a JSON object");
  if (auto it = j.find("model");
      it != j.end() && (!it->is_string() || *it != "logistic_regression")) {
    return bad("model", "must be \"logistic_regression\"");
  }
  if (auto it = j.find("version"); it != j.end() && (!it->is_number_integer() || *it != 1)) {
    return bad("version", "must be 1");
  }
  LogisticRegression m;
  auto fit = j.find("features");
  if (fit == j.end()) return bad("features", "is missing");
  if (!fit->is_array()) return bad("features", "must be an array");
  for (size_t k = 0; k < fit->size(); ++k) {
    const nlohmann::json& f = (*fit)[k];
    const std::string path = StrCat("features[", k, "]");
    if (!f.is_object()) return bad(path, "must be an object");
    auto name = f.find("name");
    if (name == f.end()) return bad(path + ".name", "is missing");
    if (!name->is_string()) return bad(path + ".name", "must be a string");
    double w, mean, sd;
    RETURN_IF_ERROR(number(f, "weight", path + ".weight", &w));
    RETURN_IF_ERROR(number(f, "mean", path + ".mean", &mean));
    RETURN_IF_ERROR(number(f, "std", path + ".std", &sd));
    if (!(sd > 0)) return bad(path + ".std", "must be > 0");
    m.names_.push_back(name->get<std::string>());
    m.weights_.push_back(w);
    m.means_.push_back(mean);
    m.stds_.push_back(sd);
    m.inv_stds_.push_back(1.0 / sd);
  }
  RETURN_IF_ERROR(number(j, "bias", "bias", &m.bias_));
  RETURN_IF_ERROR(number(j, "l2", "l2", &m.l2_));
  if (j.contains("cv_log_loss") && !j["cv_log_loss"].is_null()) {
    RETURN_IF_ERROR(number(j, "cv_log_loss", "cv_log_loss", &m.cv_log_loss_));
  }
  auto cal = j.find("calibration");
  if (cal == j.end()) return bad("calibration", "is missing");
  if (!cal->is_object()) return bad("calibration", "must be an object");
  RETURN_IF_ERROR(number(*cal, "a", "calibration.a", &m.platt_a_));
  RETURN_IF_ERROR(number(*cal, "b", "calibration.b", &m.platt_b_));
  return m;
}

}  // namespace kindred::er
