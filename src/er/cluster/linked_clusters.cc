#include "er/cluster/linked_clusters.h"

#include <algorithm>
#include <numeric>

#include "er/cluster/union_find.h"

namespace kindred::er {

namespace {
// Two clusters join when the mean score of the pairs between them reaches this share of the
// threshold: strict enough that one wrong link is outvoted, lenient enough that an entity whose
// records are individually weak links (heavy typos, missing values) still comes together.
constexpr double kLinkShare = 0.8;
// ... and when matched pairs join at least this share of their record pairs: two groups of four
// records are not one entity on the strength of a single matched pair between them.
constexpr double kMinEvidence = 0.25;

struct Link {
  int64_t node;  // any member of the neighbouring cluster; resolved with Find
  float score;
};
}  // namespace

std::vector<int64_t> LinkedClusters(int64_t n, const int64_t* a, const int64_t* b,
                                    const float* score, int64_t m, float threshold) {
  // Each cluster keeps the candidate pairs leaving it; lists merge small-into-large.
  std::vector<std::vector<Link>> links(n);
  std::vector<int64_t> matched;
  // Only records with a matched pair can ever join a cluster, so links of the others are skipped.
  std::vector<char> active(n, 0);
  for (int64_t i = 0; i < m; ++i) {
    if (a[i] < 0 || b[i] < 0 || a[i] >= n || b[i] >= n || a[i] == b[i]) continue;
    if (score[i] >= threshold) {
      matched.push_back(i);
      active[a[i]] = active[b[i]] = 1;
    }
  }
  for (int64_t i = 0; i < m; ++i) {
    if (a[i] < 0 || b[i] < 0 || a[i] >= n || b[i] >= n || a[i] == b[i]) continue;
    if (!active[a[i]] || !active[b[i]]) continue;
    links[a[i]].push_back({b[i], score[i]});
    links[b[i]].push_back({a[i], score[i]});
  }
  std::stable_sort(matched.begin(), matched.end(),
                   [&](int64_t x, int64_t y) { return score[x] > score[y]; });
  UnionFind uf(n);
  for (int64_t e : matched) {
    int64_t ra = uf.Find(a[e]), rb = uf.Find(b[e]);
    if (ra == rb) continue;
    // Mean score of the candidate pairs between the two clusters, from the shorter list.
    const auto& shorter = links[ra].size() <= links[rb].size() ? links[ra] : links[rb];
    int64_t other = links[ra].size() <= links[rb].size() ? rb : ra;
    double sum = 0;
    int64_t count = 0, matched_links = 0;
    for (const Link& l : shorter) {
      if (uf.Find(l.node) == other) {
        sum += l.score;
        ++count;
        matched_links += l.score >= threshold;
      }
    }
    if (count == 0 || sum / count < threshold * kLinkShare) continue;
    if (double(matched_links) < kMinEvidence * double(uf.SetSize(ra)) * double(uf.SetSize(rb)))
      continue;
    uf.Union(ra, rb);
    int64_t root = uf.Find(ra);
    int64_t gone = root == ra ? rb : ra;
    auto& keep = links[root];
    auto& drop = links[gone];
    if (keep.size() < drop.size()) keep.swap(drop);
    keep.insert(keep.end(), drop.begin(), drop.end());
    std::vector<Link>().swap(drop);
    // Drop links that became internal so later scans stay short.
    if (keep.size() > 64) {
      keep.erase(std::remove_if(keep.begin(), keep.end(),
                                [&](const Link& l) { return uf.Find(l.node) == root; }),
                 keep.end());
    }
  }
  std::vector<int64_t> smallest(n, -1), out(n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t r = uf.Find(i);
    if (smallest[r] < 0) smallest[r] = i;
    out[i] = smallest[r];
  }
  return out;
}

}  // namespace kindred::er
