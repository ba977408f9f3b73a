#include "er/bigram_sets.h"

#include <algorithm>
#include <limits>

#include "common/thread_pool.h"

namespace kindred::er {

BigramSets::BigramSets(const Column& text) {
  const int64_t n = text.length();
  offsets_.assign(n + 1, 0);
  for (int64_t r = 0; r < n; ++r)
    offsets_[r + 1] = offsets_[r] + (text.IsNull(r) ? 0 : text.GetString(r).size() + 1);
  grams_.resize(offsets_[n]);
  ends_.resize(n);
  ThreadPool::Default().ParallelFor(n, 1 << 13, [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      ends_[r] = offsets_[r];
      if (text.IsNull(r)) continue;
      std::string_view v = text.GetString(r);
      uint16_t* g = grams_.data() + offsets_[r];
      unsigned char prev = 1;  // start-of-string padding
      for (size_t i = 0; i <= v.size(); ++i) {
        unsigned char c = i < v.size() ? static_cast<unsigned char>(v[i]) : 2;  // end padding
        g[i] = static_cast<uint16_t>(prev << 8 | c);
        prev = c;
      }
      std::sort(g, g + v.size() + 1);
      ends_[r] = offsets_[r] + (std::unique(g, g + v.size() + 1) - g);
    }
  });
}

float BigramSets::Jaccard(int64_t a, const BigramSets& other, int64_t b) const {
  const uint16_t *x = grams_.data() + offsets_[a], *xe = grams_.data() + ends_[a];
  const uint16_t *y = other.grams_.data() + other.offsets_[b];
  const uint16_t *ye = other.grams_.data() + other.ends_[b];
  const int64_t nx = xe - x, ny = ye - y;
  if (nx == 0 || ny == 0) return std::numeric_limits<float>::quiet_NaN();
  // Branch-free merge: which side advances is data-dependent and unpredictable.
  int64_t inter = 0;
  while (x < xe && y < ye) {
    const uint16_t a = *x, b = *y;
    inter += a == b;
    x += a <= b;
    y += b <= a;
  }
  return static_cast<float>(inter) / static_cast<float>(nx + ny - inter);
}

void BigramJaccard(const BigramSets& left, const BigramSets& right, const int64_t* li,
                   const int64_t* ri, int64_t n, float* out) {
  ThreadPool::Default().ParallelFor(n, 1 << 14, [&](int64_t b, int64_t e) {
    for (int64_t k = b; k < e; ++k) out[k] = left.Jaccard(li[k], right, ri[k]);
  });
}

}  // namespace kindred::er
