// Throughput of the synthetic record generator, the clustering metrics and connected
// components at ER sizes (100k and 1M records). Uses the default pool (KINDRED_THREADS).
#include <benchmark/benchmark.h>

#include <vector>

#include "er/cluster/union_find.h"
#include "er/evaluate.h"
#include "er/generate.h"

namespace kindred::er {
namespace {

void BM_GeneratePersonRecords(benchmark::State& state) {
  GenerateOptions o;
  o.rows = state.range(0);
  for (auto _ : state) {
    auto t = GeneratePersonRecords(o);
    if (!t.ok()) state.SkipWithError(t.status().ToString().c_str());
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations() * o.rows);
}
BENCHMARK(BM_GeneratePersonRecords)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Truth = entity_id of a generated table; prediction = the truth with every tenth record split
// off as a singleton, so the metrics have real work (mixed cells) to do.
void BM_EvaluateClusters(benchmark::State& state) {
  GenerateOptions o;
  o.rows = state.range(0);
  auto t = GeneratePersonRecords(o);
  if (!t.ok()) {
    state.SkipWithError(t.status().ToString().c_str());
    return;
  }
  ColumnPtr truth = (*t)->column((*t)->num_columns() - 1);
  ColumnBuilder b(DataType::String(), o.rows);
  for (int64_t i = 0; i < o.rows; ++i) {
    if (i % 10 == 0) {
      b.AppendNull();
    } else {
      b.AppendString(truth->GetString(i));
    }
  }
  ColumnPtr predicted = b.Finish();
  for (auto _ : state) {
    auto m = EvaluateClusters(*predicted, *truth);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations() * o.rows);
}
BENCHMARK(BM_EvaluateClusters)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_ConnectedComponents(benchmark::State& state) {
  const int64_t n = state.range(0);
  const int64_t m = n;  // one random edge per node: a giant component plus small ones
  std::vector<int64_t> a(m), b(m);
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  for (int64_t i = 0; i < m; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    a[i] = static_cast<int64_t>(x % n);
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    b[i] = static_cast<int64_t>(x % n);
  }
  for (auto _ : state) {
    auto c = ConnectedComponents(n, a.data(), b.data(), m);
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations() * m);
}
BENCHMARK(BM_ConnectedComponents)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kindred::er

BENCHMARK_MAIN();
