#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "er/phases/phases.h"
#include "er/pipe_io.h"

namespace kindred::er {

namespace {
constexpr int kMinMatches = 4;
constexpr int kMinNonMatches = 4;
}  // namespace

Result<TrainedModel> TrainModel(const Config& config, TablePtr input,
                                const TrainingSet& labelled, std::vector<PreparedField>* fields,
                                std::string* summary) {
  auto t0 = std::chrono::steady_clock::now();
  int matches = labelled.Count(kLabelMatch), non_matches = labelled.Count(kLabelNoMatch);
  if (matches < kMinMatches || non_matches < kMinNonMatches) {
    std::vector<std::string> need;
    if (matches < kMinMatches) need.push_back(StrCat(kMinMatches - matches, " more match(es)"));
    if (non_matches < kMinNonMatches)
      need.push_back(StrCat(kMinNonMatches - non_matches, " more non-match(es)"));
    return FailedPrecondition("too few labelled pairs to train: have ", matches, " match(es) and ",
                              non_matches, " non-match(es); need ", StrJoin(need, " and "),
                              " (run findTrainingData and label, or add trainingSamples)");
  }
  ASSIGN_OR_RETURN(PreparedData data, PrepareData(config, input));
  ASSIGN_OR_RETURN(PairTables pairs, PreparePairs(config, labelled, {kLabelMatch, kLabelNoMatch}));

  BlockingLearnOptions bopts;
  bopts.block_cap = config.block_size;
  BlockingLearnReport breport;
  ASSIGN_OR_RETURN(BlockingScheme blocking,
                   LearnBlockingScheme(data, pairs.left, pairs.right, pairs.labels, bopts, &breport));

  const int64_t m = static_cast<int64_t>(pairs.labels.size());
  std::vector<int64_t> idx(m);
  for (int64_t i = 0; i < m; ++i) idx[i] = i;
  std::vector<int> y(pairs.labels.begin(), pairs.labels.end());
  FeatureSet compact = DefaultFeatureSet(data.fields, /*compact=*/true);
  FeatureSet base = DefaultFeatureSet(data.fields);
  FeatureSet with_interactions = base;
  with_interactions.interactions = MainInteractions(base);
  // Interactions help when fields compensate for each other, but can overfit few labels:
  // cross-validation decides.
  TrainedModel best;
  double best_loss = 1e300;
  // The sets go from simplest to richest; a richer one must beat the best so far by a clear
  // margin (2% of log-loss): with few labels the difference is mostly noise, and the simpler
  // model generalises as well and scores pairs faster.
  for (const FeatureSet* set : {&compact, &base, &with_interactions}) {
    FeatureMatrix x = ComputeFeatures(*set, pairs.left, pairs.right, idx.data(), idx.data(), m);
    LogisticRegression lr;
    LogisticRegressionOptions lopts;
    // A few dozen labels are often separable, and cross-validated log-loss then rewards a
    // nearly unregularised, overconfident fit; a floor on the L2 strength keeps the weights sane.
    if (m < 500) lopts.l2_grid = {0.01, 0.03, 0.1, 0.3, 1.0};
    RETURN_IF_ERROR(lr.Fit(x, y, lopts));
    if (std::getenv("KINDRED_VERBOSE"))
      std::fprintf(stderr, "feature set with %d columns: cv log-loss %g\n", x.cols, lr.cv_log_loss());
    if (lr.cv_log_loss() < best_loss * 0.98) {
      best_loss = lr.cv_log_loss();
      best.features = *set;
      best.classifier = std::move(lr);
    }
  }
  best.blocking = blocking;
  best.threshold = config.threshold;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  best.stats = {{"labelledMatches", matches},
                {"labelledNonMatches", non_matches},
                {"cvLogLoss", best_loss},
                {"l2", best.classifier.chosen_l2()},
                {"interactions", !best.features.interactions.empty()},
                {"blockingRecallOnLabels",
                 breport.positives ? double(breport.covered) / breport.positives : 1.0},
                {"estimatedComparisonsPerRecord", breport.estimated_comparisons_per_record},
                {"trainingSeconds", secs}};
  if (summary != nullptr) {
    *summary = StrCat(
        "train: ", matches, " matches, ", non_matches, " non-matches",
        config.training_samples.empty() ? "" : " (incl. trainingSamples)", "\n",
        "train: blocking: ", blocking.Describe(data.fields), "\n",
        "train: blocking keeps ", breport.covered, "/", breport.positives,
        " labelled matches together; about ", breport.estimated_comparisons_per_record,
        " comparisons per record\n",
        "train: classifier: logistic regression, ", best.classifier.weights().size(), " features",
        best.features.interactions.empty() ? "" : " (with interactions)", ", l2 ",
        best.classifier.chosen_l2(), ", cross-validated log-loss ", best_loss, "\n");
  }
  if (fields != nullptr) *fields = data.fields;
  return best;
}

Status RunTrain(const Config& config, const PhaseOptions& opts) {
  auto t0 = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(TrainingSet labelled, LoadTrainingSet(MarkedPath(config)));
  for (const auto& pipe : config.training_samples) {
    ASSIGN_OR_RETURN(TrainingSet samples, LoadTrainingSamples(pipe));
    MergeTrainingSets(&labelled, samples);
  }
  // Checked before the data is read, so too few labels fail fast.
  if (labelled.Count(kLabelMatch) < kMinMatches || labelled.Count(kLabelNoMatch) < kMinNonMatches)
    return TrainModel(config, nullptr, labelled, nullptr, nullptr).status();
  ASSIGN_OR_RETURN(TablePtr input, ReadPipes(config.data));
  std::vector<PreparedField> fields;
  std::string summary;
  ASSIGN_OR_RETURN(TrainedModel model, TrainModel(config, input, labelled, &fields, &summary));
  RETURN_IF_ERROR(SaveModel(config, fields, model));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  *opts.out << summary << "train: model written to " << ModelPath(config) << " in " << secs
            << "s\n";
  return OkStatus();
}

}  // namespace kindred::er
