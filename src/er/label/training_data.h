// Training pairs on disk, under <zinggDir>/<modelId>/trainingData/:
//   unmarked.csv  pairs waiting for a label (written by findTrainingData)
//   marked.csv    labelled pairs (written after every answer of the labeller)
// Both are CSV with a header: z_cluster (pair id), z_isMatch (1 match, 0 no match, 2 not sure,
// -1 pending), z_score (the model's guess when the pair was picked), z_zid (row index in the data),
// then every input column. Two consecutive rows form one pair. Written atomically.
#pragma once

#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "er/config/config.h"
#include "er/preprocess.h"

namespace kindred::er {

constexpr int kLabelNoMatch = 0;
constexpr int kLabelMatch = 1;
constexpr int kLabelUnsure = 2;
constexpr int kLabelPending = -1;

struct TrainingPair {
  std::string id;
  int label = kLabelPending;
  float score = -1;  // -1 when no model guessed yet
  int64_t left_zid = -1, right_zid = -1;
  std::vector<std::string> left, right;  // one value per column; "" = missing
};

struct TrainingSet {
  std::vector<std::string> columns;  // input column names
  std::vector<TrainingPair> pairs;

  int Count(int label) const;
};

std::string MarkedPath(const Config& c);
std::string UnmarkedPath(const Config& c);

// A missing file is an empty set (with no columns).
Result<TrainingSet> LoadTrainingSet(const std::string& path);
Status SaveTrainingSet(const std::string& path, const TrainingSet& set);

// Pairs from labelled rows (Zingg's trainingSamples and training-pair layouts): rows sharing
// z_cluster form a group labelled by its first row's z_isMatch (1 match, 0 no match, 2 unsure,
// -1 pending); a group of k rows gives every pair within it, and a two-row group keeps
// id_prefix + its z_cluster as the pair id. Rows with a null z_cluster or z_isMatch are skipped;
// z_zid and z_score are kept when present; the data columns are those not starting with "z_".
// InvalidArgument naming `what`, the row and the cluster for a missing column or a bad label.
Result<TrainingSet> TrainingSetFromTable(const Table& table, const std::string& what,
                                         const std::string& id_prefix);

// The pairs of a Zingg trainingSamples pipe (TrainingSetFromTable of the pipe's rows).
Result<TrainingSet> LoadTrainingSamples(const Pipe& pipe);

// The pairs as rows, two consecutive rows per pair: z_cluster (pair id), z_zid, z_prediction
// (1 when the pair's score >= threshold, 0 below, -1 without a score), z_score, z_isMatch, then
// the data columns as strings (null for a missing value).
TablePtr TrainingSetToTable(const TrainingSet& set, double threshold);

// Appends `other`'s pairs to `set`, aligning columns by name (missing ones become "").
void MergeTrainingSets(TrainingSet* set, const TrainingSet& other);

// Left and right records of the given pairs as tables (string columns), prepared for `config`.
struct PairTables {
  PreparedData left, right;
  std::vector<int> labels;
};
Result<PairTables> PreparePairs(const Config& config, const TrainingSet& set,
                                const std::vector<int>& labels_to_keep);

// Builds pairs from rows (li[k], ri[k]) of `table`.
TrainingSet PairsFromRows(const Table& table, const std::vector<int64_t>& li,
                          const std::vector<int64_t>& ri, const std::vector<float>& scores,
                          const std::string& id_prefix);

}  // namespace kindred::er
