#include <gtest/gtest.h>

#include <queue>
#include <random>

#include "er/cluster/union_find.h"

namespace kindred::er {
namespace {

TEST(UnionFind, UnionAndFind) {
  UnionFind uf(6);
  EXPECT_TRUE(uf.Union(0, 1));
  EXPECT_TRUE(uf.Union(2, 3));
  EXPECT_FALSE(uf.Union(1, 0));
  EXPECT_TRUE(uf.Union(1, 3));
  EXPECT_EQ(uf.Find(0), uf.Find(2));
  EXPECT_NE(uf.Find(0), uf.Find(4));
  EXPECT_EQ(uf.SetSize(3), 4);
  EXPECT_EQ(uf.SetSize(5), 1);
}

TEST(ConnectedComponents, IdIsSmallestNodeAndSizes) {
  const std::vector<int64_t> a = {4, 7, 2, 9};
  const std::vector<int64_t> b = {7, 2, 8, 9};
  std::vector<int64_t> sizes;
  auto comp = ConnectedComponents(10, a.data(), b.data(), 4, &sizes);
  const std::vector<int64_t> want = {0, 1, 2, 3, 2, 5, 6, 2, 2, 9};
  EXPECT_EQ(comp, want);
  EXPECT_EQ(sizes[4], 4);
  EXPECT_EQ(sizes[9], 1);
  EXPECT_EQ(sizes[0], 1);
}

TEST(ConnectedComponents, IgnoresOutOfRangeEdges) {
  const std::vector<int64_t> a = {0, -1, 1};
  const std::vector<int64_t> b = {5, 1, 2};
  auto comp = ConnectedComponents(3, a.data(), b.data(), 3);
  EXPECT_EQ(comp, (std::vector<int64_t>{0, 1, 1}));
}

// Reference: breadth-first search over an adjacency list.
std::vector<int64_t> BfsComponents(int64_t n, const std::vector<int64_t>& a,
                                   const std::vector<int64_t>& b) {
  std::vector<std::vector<int64_t>> adj(n);
  for (size_t i = 0; i < a.size(); ++i) {
    adj[a[i]].push_back(b[i]);
    adj[b[i]].push_back(a[i]);
  }
  std::vector<int64_t> comp(n, -1);
  for (int64_t s = 0; s < n; ++s) {
    if (comp[s] >= 0) continue;
    std::queue<int64_t> q;
    q.push(s);
    comp[s] = s;
    while (!q.empty()) {
      int64_t x = q.front();
      q.pop();
      for (int64_t y : adj[x])
        if (comp[y] < 0) {
          comp[y] = s;
          q.push(y);
        }
    }
  }
  return comp;
}

TEST(ConnectedComponents, MatchesBfsOnRandomGraphs) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    const int64_t n = 1 + rng() % 300;
    const int64_t m = rng() % (2 * n);
    std::vector<int64_t> a(m), b(m);
    for (int64_t i = 0; i < m; ++i) {
      a[i] = rng() % n;
      b[i] = rng() % n;
    }
    std::vector<int64_t> sizes;
    auto got = ConnectedComponents(n, a.data(), b.data(), m, &sizes);
    auto want = BfsComponents(n, a, b);
    ASSERT_EQ(got, want) << "trial " << trial;
    std::vector<int64_t> count(n, 0);
    for (int64_t i = 0; i < n; ++i) ++count[want[i]];
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(sizes[i], count[want[i]]);
  }
}

TEST(IncidentScoreRange, MinMaxOfIncidentEdgesAndZeroForSingletons) {
  const std::vector<int64_t> a = {0, 1, 0};
  const std::vector<int64_t> b = {1, 2, 2};
  const std::vector<float> s = {0.9f, 0.6f, 0.75f};
  std::vector<float> lo, hi;
  IncidentScoreRange(4, a.data(), b.data(), s.data(), 3, &lo, &hi);
  EXPECT_FLOAT_EQ(lo[0], 0.75f);
  EXPECT_FLOAT_EQ(hi[0], 0.9f);
  EXPECT_FLOAT_EQ(lo[1], 0.6f);
  EXPECT_FLOAT_EQ(hi[1], 0.9f);
  EXPECT_FLOAT_EQ(lo[2], 0.6f);
  EXPECT_FLOAT_EQ(hi[2], 0.75f);
  EXPECT_FLOAT_EQ(lo[3], 0.0f);
  EXPECT_FLOAT_EQ(hi[3], 0.0f);
}

}  // namespace
}  // namespace kindred::er
