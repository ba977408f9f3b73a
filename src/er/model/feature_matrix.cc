#include "er/model/feature_matrix.h"

#include "common/thread_pool.h"

namespace kindred::er {

FeatureMatrix WithInteractions(const FeatureMatrix& base,
                               const std::vector<std::pair<int, int>>& pairs) {
  FeatureMatrix out;
  out.rows = base.rows;
  out.cols = base.cols + static_cast<int>(pairs.size());
  out.values.resize(static_cast<size_t>(out.rows) * out.cols);
  out.names = base.names;
  out.names.resize(base.cols);
  for (auto [a, b] : pairs) out.names.push_back(out.names[a] + "*" + out.names[b]);
  ThreadPool::Default().ParallelFor(base.rows, 1 << 14, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* src = base.row(r);
      float* dst = out.values.data() + static_cast<size_t>(r) * out.cols;
      for (int c = 0; c < base.cols; ++c) dst[c] = src[c];
      for (size_t k = 0; k < pairs.size(); ++k) {
        dst[base.cols + k] = src[pairs[k].first] * src[pairs[k].second];
      }
    }
  });
  return out;
}

}  // namespace kindred::er
