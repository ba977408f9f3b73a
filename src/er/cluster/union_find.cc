#include "er/cluster/union_find.h"

#include <cmath>
#include <limits>
#include <utility>

namespace kindred::er {

UnionFind::UnionFind(int64_t n) : parent_(n > 0 ? n : 0), size_(n > 0 ? n : 0, 1) {
  for (int64_t i = 0; i < static_cast<int64_t>(parent_.size()); ++i) parent_[i] = i;
}

int64_t UnionFind::Find(int64_t x) {
  // Path halving: every node on the path skips to its grandparent; one pass, no recursion.
  while (parent_[x] != x) {
    parent_[x] = parent_[parent_[x]];
    x = parent_[x];
  }
  return x;
}

bool UnionFind::Union(int64_t a, int64_t b) {
  a = Find(a);
  b = Find(b);
  if (a == b) return false;
  if (size_[a] < size_[b]) std::swap(a, b);
  parent_[b] = a;
  size_[a] += size_[b];
  return true;
}

std::vector<int64_t> ConnectedComponents(int64_t n, const int64_t* a, const int64_t* b, int64_t m,
                                         std::vector<int64_t>* sizes) {
  if (n < 0) n = 0;
  UnionFind uf(n);
  for (int64_t i = 0; i < m; ++i) {
    const int64_t x = a[i], y = b[i];
    if (x < 0 || x >= n || y < 0 || y >= n) continue;
    uf.Union(x, y);
  }
  // Nodes are visited in increasing order, so the first node seen for a root is the smallest
  // of its component; the label then no longer depends on which node became the root.
  std::vector<int64_t> min_of_root(n, -1);
  std::vector<int64_t> component(n);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = uf.Find(i);
    if (min_of_root[r] < 0) min_of_root[r] = i;
    component[i] = min_of_root[r];
  }
  if (sizes != nullptr) {
    sizes->resize(n);
    for (int64_t i = 0; i < n; ++i) (*sizes)[i] = uf.SetSize(i);
  }
  return component;
}

void IncidentScoreRange(int64_t n, const int64_t* a, const int64_t* b, const float* score,
                        int64_t m, std::vector<float>* min_score, std::vector<float>* max_score) {
  if (n < 0) n = 0;
  min_score->assign(n, std::numeric_limits<float>::infinity());
  max_score->assign(n, -std::numeric_limits<float>::infinity());
  float* lo = min_score->data();
  float* hi = max_score->data();
  for (int64_t i = 0; i < m; ++i) {
    const float s = score[i];
    const int64_t x0 = a[i], y0 = b[i];
    if (std::isnan(s) || x0 < 0 || x0 >= n || y0 < 0 || y0 >= n) continue;
    for (const int64_t x : {x0, y0}) {
      if (s < lo[x]) lo[x] = s;
      if (s > hi[x]) hi[x] = s;
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    if (lo[i] > hi[i]) lo[i] = hi[i] = 0.0f;  // untouched: a singleton
  }
}

}  // namespace kindred::er
