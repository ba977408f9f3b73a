// Bigram sets of every row of a text column, built once so that comparing a pair is one linear
// merge instead of building and sorting two gram lists. Immutable after construction; safe for
// concurrent reads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/column.h"

namespace kindred::er {

class BigramSets {
 public:
  // Padded bigrams ("^a", "ab", "b$") of each non-null row, sorted and de-duplicated.
  explicit BigramSets(const Column& text);
  // Jaccard similarity of row a's set and row b of `other`; NaN when either row is null.
  float Jaccard(int64_t a, const BigramSets& other, int64_t b) const;

 private:
  std::vector<int64_t> offsets_;  // row r owns grams_[offsets_[r], ends_[r])
  std::vector<int64_t> ends_;
  std::vector<uint16_t> grams_;
};

// Fills out[k] with the bigram Jaccard of pairs (li[k], ri[k]) on all cores.
void BigramJaccard(const BigramSets& left, const BigramSets& right, const int64_t* li,
                   const int64_t* ri, int64_t n, float* out);

}  // namespace kindred::er
