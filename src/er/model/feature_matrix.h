// FeatureMatrix: dense, row-major float features of record pairs, one named column per feature.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kindred::er {

struct FeatureMatrix {
  int64_t rows = 0;
  int cols = 0;
  std::vector<float> values;       // rows * cols, row-major
  std::vector<std::string> names;  // cols names

  float at(int64_t r, int c) const { return values[static_cast<size_t>(r) * cols + c]; }
  const float* row(int64_t r) const { return values.data() + static_cast<size_t>(r) * cols; }
};

// `base` with one column appended per pair (a, b): the product of base columns a and b, named
// "<name a>*<name b>". Indexes must be valid columns of `base`.
FeatureMatrix WithInteractions(const FeatureMatrix& base,
                               const std::vector<std::pair<int, int>>& pairs);

}  // namespace kindred::er
