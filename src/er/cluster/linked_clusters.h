// Clustering of scored candidate pairs that resists chaining. Matched pairs (score >= threshold)
// are united in descending score order with union-find, as connected components would, except
// that two clusters join only when the mean score of all candidate pairs between them is also
// at least 0.8 * threshold and at least a quarter of the record pairs between them are matched.
// With plain connected components one wrong link merges two whole entities (and pairwise
// precision collapses); here it is outvoted by the other pairs between them, or is too little
// evidence for the size of the clusters it would join.
#pragma once

#include <cstdint>
#include <vector>

namespace kindred::er {

// Nodes [0, n); candidate pairs (a[i], b[i], score[i]) for i < m, matched or not.
// Returns a cluster id per node: the smallest node index in its cluster (deterministic).
std::vector<int64_t> LinkedClusters(int64_t n, const int64_t* a, const int64_t* b,
                                    const float* score, int64_t m, float threshold);

}  // namespace kindred::er
