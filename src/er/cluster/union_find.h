// Union-find (disjoint sets) and the clustering helpers built on it: connected components of
// the matched-pair graph and Zingg's per-record score range.
// Not thread-safe: a UnionFind is used by one thread at a time; the free functions are
// reentrant (they share no state).
#pragma once

#include <cstdint>
#include <vector>

namespace kindred::er {

class UnionFind {
 public:
  // n singleton sets {0}, {1}, ..., {n-1}. n must be >= 0.
  explicit UnionFind(int64_t n);

  int64_t size() const { return static_cast<int64_t>(parent_.size()); }
  // The representative of x's set (0 <= x < size()). Compresses the path by halving.
  int64_t Find(int64_t x);
  // Merges the sets of a and b (smaller under larger). Returns true when they were distinct.
  bool Union(int64_t a, int64_t b);
  // Number of elements in x's set.
  int64_t SetSize(int64_t x) { return size_[Find(x)]; }

 private:
  std::vector<int64_t> parent_;
  std::vector<int64_t> size_;
};

// Connected components of the graph with nodes [0, n) and edges (a[i], b[i]) for i < m.
// Returns one component id per node: the smallest node index in its component, so the result
// does not depend on edge order. When `sizes` is not null it receives, per node, the number
// of nodes in that node's component. Edges with an endpoint outside [0, n) are ignored.
std::vector<int64_t> ConnectedComponents(int64_t n, const int64_t* a, const int64_t* b, int64_t m,
                                         std::vector<int64_t>* sizes = nullptr);

// Zingg's z_minScore / z_maxScore: for each node, the min / max of score[i] over the edges i
// incident to it. Nodes without an edge (singletons) get 0 / 0. NaN scores are skipped;
// edges with an endpoint outside [0, n) are ignored. Both outputs are resized to n.
void IncidentScoreRange(int64_t n, const int64_t* a, const int64_t* b, const float* score,
                        int64_t m, std::vector<float>* min_score, std::vector<float>* max_score);

}  // namespace kindred::er
