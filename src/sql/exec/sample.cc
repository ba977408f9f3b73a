// Bernoulli sampling (and Poisson sampling with replacement), deterministic for a seed: row
// r's draw depends only on (seed, r).
#include <cmath>

#include "sql/exec/operators.h"

namespace kindred::sql {

namespace {
uint64_t Mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
double Uniform(uint64_t seed, uint64_t row, uint64_t k) {
  return static_cast<double>(Mix(seed * 0x9E3779B97F4A7C15ULL + row * 0xD1B54A32D192ED03ULL + k) >> 11) * 0x1.0p-53;
}
}  // namespace

Result<Chunked> ExecSample(const BoundPlan& p, Chunked in, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  std::vector<int64_t> offsets = in.RowOffsets();
  out.batches.resize(in.batches.size());
  double frac = p.upper - p.lower;
  RETURN_IF_ERROR(st.ParallelFor(static_cast<int64_t>(in.batches.size()), [&](int64_t b) -> Status {
    const Table& t = *in.batches[b];
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < t.num_rows(); ++i) {
      uint64_t row = static_cast<uint64_t>(offsets[b] + i);
      if (!p.with_replacement) {
        double u = Uniform(static_cast<uint64_t>(p.seed), row, 0);
        if (u >= p.lower && u < p.upper) keep.push_back(i);
      } else {
        // Poisson(frac) copies by inversion.
        double u = Uniform(static_cast<uint64_t>(p.seed), row, 0);
        double prob = std::exp(-frac), cdf = prob;
        int k = 0;
        while (u > cdf && k < 1000) {
          ++k;
          prob *= frac / k;
          cdf += prob;
        }
        for (int c = 0; c < k; ++c) keep.push_back(i);
      }
    }
    out.batches[b] = t.Take(keep);
    return OkStatus();
  }));
  return out;
}

}  // namespace kindred::sql
