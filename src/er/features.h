// Feature vectors of record pairs: for each used field, the similarity kernels its match types
// call for, plus explicit indicators for missing values (one side missing, both missing) so the
// model learns what a missing value means instead of treating it as a perfect match.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "er/model/logistic_regression.h"
#include "er/preprocess.h"
#include "er/similarity/pair_kernels.h"

namespace kindred::er {

struct FieldKernel {
  int field = 0;  // index into PreparedData::fields
  PairKernel kernel = PairKernel::kExact;
  bool numeric = false;  // computed on the numeric column, not the text
};

struct FeatureSet {
  std::vector<FieldKernel> kernels;
  int num_fields = 0;
  // Products of base feature columns (indices into the base feature vector).
  std::vector<std::pair<int, int>> interactions;

  // Base feature layout: every kernel, then per field [one_missing, both_missing], then per field
  // digits_agree (+1 when both values hold digits and the digit sequences are equal, -1 when
  // they differ, 0 otherwise: house numbers, dates, phone numbers decide many pairs), then
  // record-level summaries: the mean main similarity over the fields present on both sides and
  // the share of such fields that agree exactly, and the q-gram similarity of whole records. The summaries pool evidence across fields, which
  // keeps a model learned from few labels from trusting one or two agreeing fields.
  int num_base() const { return static_cast<int>(kernels.size()) + 3 * num_fields + 3; }
  std::vector<std::string> BaseNames(const std::vector<PreparedField>& fields) const;
  nlohmann::json ToJson(const std::vector<PreparedField>& fields) const;
  static Result<FeatureSet> FromJson(const nlohmann::json& j,
                                     const std::vector<PreparedField>& fields);
};

// The kernels each match type calls for (documented in docs/er-guide.md). The compact set keeps
// one similarity and exact agreement per fuzzy field: fewer weights to learn from few labels.
FeatureSet DefaultFeatureSet(const std::vector<PreparedField>& fields, bool compact = false);
// Interactions between the main similarity of every two fields.
std::vector<std::pair<int, int>> MainInteractions(const FeatureSet& set);

// Features of n pairs: row k compares left row li[k] of `left` with right row ri[k] of `right`
// (the same object for deduplication). Includes the interaction columns.
FeatureMatrix ComputeFeatures(const FeatureSet& set, const PreparedData& left,
                              const PreparedData& right, const int64_t* li, const int64_t* ri,
                              int64_t n);

}  // namespace kindred::er
