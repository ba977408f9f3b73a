// Zingg's phases, run natively: findTrainingData, label, train, match, link, trainMatch,
// findAndLabel, updateLabel, recommend, generateDocs. Each reads the config's pipes and the model
// folder <zinggDir>/<modelId>/ and writes its results atomically.
#pragma once

#include <iostream>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "er/blocking/blocking.h"
#include "er/config/config.h"
#include "er/features.h"
#include "er/label/training_data.h"

namespace kindred::er {

struct PhaseOptions {
  // Simulated labeller: label pending pairs from this column (same value = match).
  std::string truth_column;
  // Optional regex whose first group extracts the entity from the truth value ("rec-(\d+)").
  std::string truth_regex;
  int rounds = 1;            // findAndLabel: find + label rounds
  int pairs_per_round = 20;  // pairs findTrainingData proposes per round
  std::string column;        // recommend: the column to suggest stop words for
  std::istream* in = &std::cin;
  std::ostream* out = &std::cout;
  uint64_t seed = 7;
};

// Everything the model folder holds: blocking, features, classifier.
struct TrainedModel {
  BlockingScheme blocking;
  FeatureSet features;
  LogisticRegression classifier;
  double threshold = 0.5;
  nlohmann::json stats;
};

std::string ModelPath(const Config& c);  // <modelDir>/model/model.json
// The model as the JSON document the model file holds, and back: ModelFromJson checks the
// document against `fields` (InvalidArgument naming `what` when it does not fit the config).
nlohmann::json ModelToJson(const Config& c, const std::vector<PreparedField>& fields,
                           const TrainedModel& m);
Result<TrainedModel> ModelFromJson(const Config& c, const nlohmann::json& j,
                                   const std::vector<PreparedField>& fields,
                                   const std::string& what);
Status SaveModel(const Config& c, const std::vector<PreparedField>& fields, const TrainedModel& m);
// NotFound "no trained model in <dir>: run train first" when absent; InvalidArgument when the
// model does not fit the config.
Result<TrainedModel> LoadModel(const Config& c, const std::vector<PreparedField>& fields);

// Probabilities for pairs (li[k], ri[k]), computed in chunks on all cores.
std::vector<float> ScorePairs(const TrainedModel& m, const PreparedData& left,
                              const PreparedData& right, const int64_t* li, const int64_t* ri,
                              int64_t n);

struct MatchStats {
  int64_t records = 0, candidate_pairs = 0, matched_pairs = 0, clusters = 0;
  int64_t oversized_blocks = 0;
  double seconds_prepare = 0, seconds_blocking = 0, seconds_scoring = 0, seconds_clustering = 0;
  double blocking_recall = -1;  // on the labelled matches, when there are any
};

// Deduplicates `input` with the trained model: returns the input columns plus z_cluster,
// z_minScore, z_maxScore. With `source_column` set (link), only records of different sources are
// compared and z_score replaces the min/max columns.
Result<TablePtr> MatchTable(const Config& config, const TrainedModel& model, TablePtr input,
                            const std::string& source_column, MatchStats* stats);

// Learns blocking and the classifier from the records of `input` and the labelled pairs (matches
// and non-matches; other labels are ignored). FailedPrecondition saying how many more of each
// are needed when there are fewer than 4 matches or 4 non-matches (checked before `input` is
// used, which may then be null). `fields` (may be null) receives the prepared fields the model
// was trained on; `summary` (may be null) a few lines on what was learned.
Result<TrainedModel> TrainModel(const Config& config, TablePtr input, const TrainingSet& labelled,
                                std::vector<PreparedField>* fields, std::string* summary);

// Pairs of `input` records to label next: by similarity while fewer than 3 matches and 3
// non-matches are labelled, then by the doubt of a model trained on `labelled`. Pairs whose
// records (by row index, z_zid) are in `seen` are skipped. Pair ids are "pair-<zid>-<zid>".
// InvalidArgument for fewer than 2 records; FailedPrecondition when no unlabelled candidate
// pair is left. `summary` (may be null) receives one line on what was picked.
Result<TrainingSet> FindTrainingPairs(const Config& config, TablePtr input,
                                      const TrainingSet& labelled, const TrainingSet& seen,
                                      int pairs_wanted, uint64_t seed, std::string* summary);

Status RunFindTrainingData(const Config& config, const PhaseOptions& opts);
Status RunLabel(const Config& config, const PhaseOptions& opts);
Status RunUpdateLabel(const Config& config, const PhaseOptions& opts);
Status RunTrain(const Config& config, const PhaseOptions& opts);
Status RunMatch(const Config& config, const PhaseOptions& opts);
Status RunLink(const Config& config, const PhaseOptions& opts);
Status RunRecommend(const Config& config, const PhaseOptions& opts);
Status RunGenerateDocs(const Config& config, const PhaseOptions& opts);

// Runs a phase by Zingg's name (case-insensitive); InvalidArgument lists the phases.
Status RunPhase(const std::string& phase, const Config& config, const PhaseOptions& opts);
const std::vector<std::string>& PhaseNames();

}  // namespace kindred::er
