// Column-wise similarity kernels over candidate pairs: the hot path of entity resolution.
//
// Candidate pairs are two arrays of row indexes, `left[i]` into `left_col` and `right[i]` into
// `right_col` (the same column object when deduplicating one dataset). A kernel writes one float
// per pair. A null on either side yields NaN, never a score: the caller turns NaN into explicit
// "missing" indicator features. Work runs in morsels on ThreadPool::Default(); per-thread scratch
// buffers are reused, so nothing is allocated per pair. Kernels that need a per-row derived value
// (phonetic code, letters only, e-mail local part, pincode) compute it once per row per call, so
// call once with all pairs rather than pair by pair. Safe to call concurrently.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "common/status.h"

namespace kindred::er {

enum class PairKernel {
  kExact,                     // 1 if equal else 0 (numbers compared as numbers)
  kJaroWinkler,               // JaroWinkler
  kLevenshtein,               // LevenshteinSimilarity
  kDamerauLevenshtein,        // DamerauLevenshteinSimilarity
  kJaccardWords,              // JaccardWordSimilarity
  kQGram2,                    // QGramJaccard, q = 2
  kQGram3,                    // QGramJaccard, q = 3
  kTokenSortJaroWinkler,      // TokenSortJaroWinkler
  kAffix,                     // AffixMatch
  kSoundexEqual,              // 1 if the Soundex codes are equal
  kMetaphoneEqual,            // 1 if the Metaphone codes are equal
  kNumeric,                   // NumericSimilarity; text is parsed, unparsable text yields NaN
  kNumericWithUnits,          // text split by SplitNumberWithUnits: 0 when both units are given
                              // and differ, else NumericSimilarity; no number yields NaN
  kOnlyAlphabetsExact,        // 1 if the OnlyAlphabets projections are equal
  kOnlyAlphabetsJaroWinkler,  // JaroWinkler of the OnlyAlphabets projections
  kEmailLocalExact,           // 1 if the parts before '@' are equal
  kEmailLocalJaroWinkler,     // JaroWinkler of the parts before '@'
  kPincodeExact,              // 1 if the first 5 digits are equal
  kLengthRatio,               // shorter / longer length in characters; 1 for two empty strings
  kBothBlank,                 // 1 if both values are non-null but empty after trimming
};
// For the derived-value kernels (Soundex .. Pincode), a value whose derived form is empty
// (no letters, no digits) matches only an identical raw value.

// Stable snake_case name ("jaro_winkler", "qgram2", ...), as written in model files.
const char* PairKernelName(PairKernel kernel);
// The kernel named `name` (exact snake_case name); InvalidArgument listing the valid names.
Result<PairKernel> PairKernelFromName(std::string_view name);
// Every kernel, in enum order.
const std::vector<PairKernel>& AllPairKernels();

// Fills out[0..n) with `kernel` applied to pairs (left_col[left[i]], right_col[right[i]]).
// String columns are compared by text; numeric columns (integers, floats, decimals, dates,
// bools) by value for kExact / kNumeric / kNumericWithUnits and by their text form otherwise.
// Indexes must be valid rows of their columns. `out` must hold n floats.
void ComputePairKernel(PairKernel kernel, const Column& left_col, const Column& right_col,
                       const int64_t* left, const int64_t* right, int64_t n, float* out);

}  // namespace kindred::er
