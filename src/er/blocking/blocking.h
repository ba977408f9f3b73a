// Blocking: which record pairs are compared at all. A BlockingScheme is a union of rules; a rule
// is a conjunction of key functions (prefix of a field, its Soundex code, a numeric bucket, ...).
// Two records are a candidate pair when some rule gives them the same non-empty key. Blocks
// larger than the cap are split further by other keys and, as a last resort, compared only
// within a sliding window over sorted keys: never all pairs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "er/preprocess.h"

namespace kindred::er {

enum class KeyKind : uint8_t {
  kExact,        // the whole normalised value
  kPrefix,       // first `param` characters
  kSuffix,       // last `param` characters
  kFirstWord,
  kLastWord,
  kSoundex,      // Soundex of the first word
  kMetaphone,    // Metaphone of the first word
  kSortedWords,  // words sorted: "smith john" == "john smith"
  kDigitsPrefix, // first `param` digits, ignoring other characters
  kInitials,     // first letter of each word
  kNumericBucket,  // floor(value / 10^param)
};

struct KeyFunction {
  int field = 0;  // index into PreparedData::fields
  KeyKind kind = KeyKind::kExact;
  int param = 0;

  bool operator==(const KeyFunction& o) const {
    return field == o.field && kind == o.kind && param == o.param;
  }
  // "prefix3(surname)"
  std::string Name(const std::vector<PreparedField>& fields) const;
};

struct BlockingRule {
  std::vector<KeyFunction> keys;  // all must agree
};

struct BlockingScheme {
  std::vector<BlockingRule> rules;
  int64_t block_cap = 100;

  nlohmann::json ToJson(const std::vector<PreparedField>& fields) const;
  // Field names in the JSON are resolved against `fields`; InvalidArgument names an unknown one.
  static Result<BlockingScheme> FromJson(const nlohmann::json& j,
                                         const std::vector<PreparedField>& fields);
  std::string Describe(const std::vector<PreparedField>& fields) const;
};

// Key hash of every row (0 = no key: the value is missing or too short).
std::vector<uint64_t> ComputeKeys(const KeyFunction& key, const PreparedField& field);

// Candidate pairs, each (left, right) with left < right, sorted and unique.
struct CandidatePairs {
  std::vector<int64_t> left;
  std::vector<int64_t> right;
  int64_t size() const { return static_cast<int64_t>(left.size()); }
  int64_t oversized_blocks = 0;  // blocks that exceeded the cap and were split
};

// Generates the candidate pairs of `data` under `scheme`, on all cores. With `source` set (link),
// only pairs of rows whose source ids differ are kept.
CandidatePairs GenerateCandidates(const BlockingScheme& scheme, const PreparedData& data,
                                  const std::vector<int32_t>* source = nullptr);

// Rules that need no labels: a wide net used to find the first pairs to label.
BlockingScheme DefaultBlockingScheme(const PreparedData& data, int64_t block_cap);

// Learns a scheme from labelled pairs. The pairs are given as two prepared tables of equal
// length, row i of `left` paired with row i of `right`; `is_match[i]` is 1 for a match.
// Cost is measured on `data` (a sample of it when large) so the scheme stays within
// `max_comparisons_per_record` on average.
struct BlockingLearnOptions {
  double max_comparisons_per_record = 12;
  int coverage_target = 4;   // try to cover each labelled match by this many rules (robustness)
  int max_rules = 12;
  int64_t block_cap = 100;
  int64_t cost_sample_rows = 100000;
};
struct BlockingLearnReport {
  int positives = 0;
  int covered = 0;            // labelled matches the learned scheme keeps together
  double estimated_comparisons_per_record = 0;
};
Result<BlockingScheme> LearnBlockingScheme(const PreparedData& data, const PreparedData& left,
                                           const PreparedData& right,
                                           const std::vector<int>& is_match,
                                           const BlockingLearnOptions& opts,
                                           BlockingLearnReport* report = nullptr);

// Share of the labelled matches (left[i], right[i]) that the scheme keeps together.
double BlockingRecall(const BlockingScheme& scheme, const PreparedData& left,
                      const PreparedData& right, const std::vector<int>& is_match);

}  // namespace kindred::er
