#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "er/phases/phases.h"
#include "er/pipe_io.h"

namespace kindred::er {

namespace {

// The record-level mean similarity of the fields present on both sides: a label-free guess.
std::vector<float> HeuristicScores(const PreparedData& data, const CandidatePairs& pairs) {
  FeatureSet set = DefaultFeatureSet(data.fields, /*compact=*/true);
  FeatureMatrix x =
      ComputeFeatures(set, data, data, pairs.left.data(), pairs.right.data(), pairs.size());
  const int mean_similarity = set.num_base() - 3;  // see FeatureSet's layout
  std::vector<float> out(pairs.size());
  for (int64_t r = 0; r < pairs.size(); ++r) out[r] = x.values[r * x.cols + mean_similarity];
  return out;
}

// Picks `want` indices from `order` (sorted by preference) spread evenly over it.
void TakeSpread(const std::vector<int64_t>& order, size_t want, std::set<int64_t>* chosen) {
  if (order.empty() || want == 0) return;
  double step = std::max(1.0, double(order.size()) / double(want));
  for (double pos = 0; pos < order.size() && want > 0; pos += step) {
    if (chosen->insert(order[static_cast<size_t>(pos)]).second) --want;
  }
}

}  // namespace

Result<TrainingSet> FindTrainingPairs(const Config& config, TablePtr input,
                                      const TrainingSet& all_labelled, const TrainingSet& marked,
                                      int pairs_wanted, uint64_t seed, std::string* summary) {
  if (input == nullptr) return InvalidArgument("findTrainingData: no input records");
  const int64_t n = input->num_rows();
  if (n < 2) return InvalidArgument("data: need at least 2 records to find pairs, found ", n);

  // Zingg samples labelDataSampleSize of the data; a floor keeps small data sets useful, since
  // the share of true pairs in a sample falls with the square of its size.
  int64_t want_rows = std::max<int64_t>(
      static_cast<int64_t>(std::ceil(config.label_data_sample_size * n)), std::min<int64_t>(n, 20000));
  std::vector<int64_t> rows(n);
  for (int64_t i = 0; i < n; ++i) rows[i] = i;
  std::mt19937_64 rng(seed);
  if (want_rows < n) {
    std::shuffle(rows.begin(), rows.end(), rng);
    rows.resize(want_rows);
    std::sort(rows.begin(), rows.end());
  }
  TablePtr sample = want_rows < n ? input->Take(rows) : input;
  ASSIGN_OR_RETURN(PreparedData data, PrepareData(config, sample));

  std::set<std::pair<int64_t, int64_t>> seen;
  for (const auto& p : marked.pairs)
    seen.insert({std::min(p.left_zid, p.right_zid), std::max(p.left_zid, p.right_zid)});

  BlockingScheme scheme = DefaultBlockingScheme(data, config.block_size);
  bool have_model = false;
  TrainedModel model;
  int matches = all_labelled.Count(kLabelMatch), non_matches = all_labelled.Count(kLabelNoMatch);
  if (matches >= 3 && non_matches >= 3) {
    auto pairs = PreparePairs(config, all_labelled, {kLabelMatch, kLabelNoMatch});
    if (pairs.ok()) {
      BlockingLearnOptions bopts;
      bopts.block_cap = config.block_size;
      auto learned = LearnBlockingScheme(data, pairs->left, pairs->right, pairs->labels, bopts);
      if (learned.ok())
        for (const auto& r : learned->rules) scheme.rules.push_back(r);
      model.features = DefaultFeatureSet(data.fields);
      const int64_t m = static_cast<int64_t>(pairs->labels.size());
      std::vector<int64_t> idx(m);
      for (int64_t i = 0; i < m; ++i) idx[i] = i;
      FeatureMatrix x = ComputeFeatures(model.features, pairs->left, pairs->right, idx.data(),
                                        idx.data(), m);
      LogisticRegressionOptions lopts;
      lopts.folds = std::min(5, std::min(matches, non_matches));
      have_model = model.classifier.Fit(x, pairs->labels, lopts).ok();
    }
  }

  CandidatePairs cands = GenerateCandidates(scheme, data);
  // Work in data row ids (z_zid) and drop pairs already labelled.
  CandidatePairs fresh;
  for (int64_t k = 0; k < cands.size(); ++k) {
    int64_t a = rows[cands.left[k]], b = rows[cands.right[k]];
    if (seen.count({std::min(a, b), std::max(a, b)})) continue;
    fresh.left.push_back(cands.left[k]);
    fresh.right.push_back(cands.right[k]);
  }
  if (fresh.size() == 0)
    return FailedPrecondition("findTrainingData: no unlabelled candidate pairs left in the sample");
  std::vector<float> scores =
      have_model ? ScorePairs(model, data, data, fresh.left.data(), fresh.right.data(), fresh.size())
                 : HeuristicScores(data, fresh);

  const size_t want = static_cast<size_t>(std::max(1, pairs_wanted));
  std::set<int64_t> chosen;
  std::vector<int64_t> order(fresh.size());
  for (int64_t i = 0; i < fresh.size(); ++i) order[i] = i;
  if (have_model) {
    // Least sure first, from both sides of the threshold; then a random draw among the
    // predicted matches, where a confident mistake costs precision and doubt would never look.
    std::vector<int64_t> above, below;
    for (int64_t i : order) (scores[i] >= 0.5 ? above : below).push_back(i);
    auto by_doubt = [&](int64_t a, int64_t b) {
      return std::fabs(scores[a] - 0.5f) < std::fabs(scores[b] - 0.5f);
    };
    std::sort(above.begin(), above.end(), by_doubt);
    std::sort(below.begin(), below.end(), by_doubt);
    // Seven in ten picks go to doubt, split so the scarcer class gets more: a model trained
    // on few non-matches calls nearly everything a match, and its doubt must be spent below.
    const double share_below = double(matches) / double(matches + non_matches);
    size_t doubt = want * 7 / 10;
    size_t n_below = static_cast<size_t>(doubt * share_below + 0.5);
    size_t n_above = doubt - n_below;
    for (size_t i = 0; i < above.size() && i < n_above; ++i) chosen.insert(above[i]);
    for (size_t i = 0; i < below.size() && i < n_below; ++i) chosen.insert(below[i]);
    // The rest at random among the predicted matches (a confident mistake there costs
    // precision and doubt never looks at it), or among the rest when matches are plenty.
    std::vector<int64_t>& pool = share_below > 0.67 ? below : above;
    std::shuffle(pool.begin(), pool.end(), rng);
    for (size_t i = 0; i < pool.size() && chosen.size() < want; ++i) chosen.insert(pool[i]);
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t i = 0; i < order.size() && chosen.size() < want; ++i) chosen.insert(order[i]);
  } else {
    // No model yet: the most similar pairs (likely matches) and pairs spread over the rest.
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return scores[a] > scores[b]; });
    size_t top = want * 2 / 5;
    std::vector<int64_t> head(order.begin(), order.begin() + std::min(order.size(), 3 * top));
    TakeSpread(head, top, &chosen);
    // The rest from the upper tenth: near-duplicates and hard non-matches (a household, a
    // shared address) live there; the far tail only holds pairs any model rejects.
    size_t upper = std::max(head.size() + want, order.size() / 10);
    std::vector<int64_t> tail(order.begin() + std::min(order.size(), head.size()),
                              order.begin() + std::min(order.size(), upper));
    TakeSpread(tail, want * 3 / 10, &chosen);
    // And likely non-matches from the lower third, so the first labels hold both classes.
    std::vector<int64_t> low(order.begin() + std::min(order.size(), std::max(upper, order.size() * 2 / 3)),
                             order.end());
    TakeSpread(low, want - std::min(want, chosen.size()), &chosen);
    TakeSpread(order, want - std::min(want, chosen.size()), &chosen);
  }
  std::vector<int64_t> li, ri;
  std::vector<float> sc;
  for (int64_t k : chosen) {
    li.push_back(rows[fresh.left[k]]);
    ri.push_back(rows[fresh.right[k]]);
    sc.push_back(have_model ? scores[k] : -1.0f);
  }
  TrainingSet pending = PairsFromRows(*input, li, ri, sc, "pair-");
  if (summary != nullptr) {
    *summary = StrCat(pending.pairs.size(), " pairs to label from ", fresh.size(),
                      " candidates in a sample of ", data.num_rows(), " records",
                      have_model ? " (picked by the current model's doubt)"
                                 : " (no model yet: by similarity)",
                      "; labelled so far: ", all_labelled.Count(kLabelMatch), " matches, ",
                      all_labelled.Count(kLabelNoMatch), " non-matches");
  }
  return pending;
}

Status RunFindTrainingData(const Config& config, const PhaseOptions& opts) {
  ASSIGN_OR_RETURN(TablePtr input, ReadPipes(config.data));
  ASSIGN_OR_RETURN(TrainingSet marked, LoadTrainingSet(MarkedPath(config)));
  TrainingSet all_labelled = marked;
  for (const auto& pipe : config.training_samples) {
    ASSIGN_OR_RETURN(TrainingSet samples, LoadTrainingSamples(pipe));
    MergeTrainingSets(&all_labelled, samples);
  }
  std::string summary;
  ASSIGN_OR_RETURN(TrainingSet pending,
                   FindTrainingPairs(config, input, all_labelled, marked, opts.pairs_per_round,
                                     opts.seed, &summary));
  RETURN_IF_ERROR(SaveTrainingSet(UnmarkedPath(config), pending));
  *opts.out << "findTrainingData: " << summary << "\n";
  return OkStatus();
}

}  // namespace kindred::er
