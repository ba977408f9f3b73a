// Query engine benchmarks on 10M rows: hash group-by aggregate, hash join, sort.
// Inputs are materialized once (LocalTable), so timings cover the operators, not data
// generation. See bench/results/query.md for numbers and the command line.
#include <benchmark/benchmark.h>

#include "sql/engine.h"

namespace kindred::sql {
namespace {

constexpr int64_t kRows = 10'000'000;

TablePtr Materialize(const PlanPtr& p) {
  ExecContext ctx;
  auto t = ExecutePlan(p, ctx);
  if (!t.ok()) {
    fprintf(stderr, "%s\n", t.status().ToString().c_str());
    abort();
  }
  return *t;
}

// id, k = id % 1000 (group key), v = pseudo-random value for sorting.
const TablePtr& Facts() {
  static TablePtr t = Materialize(Project(
      Range(0, kRows),
      {Col("id"), Alias(Call("%", {Col("id"), Lit(int64_t{1000})}), "k"),
       Alias(Call("%", {Call("*", {Col("id"), Lit(int64_t{2654435761})}), Lit(int64_t{1000000007})}), "v")}));
  return t;
}

const TablePtr& Dim() {
  static TablePtr t = Materialize(Project(Range(0, 1'000'000), {Alias(Col("id"), "dk"),
                                                               Alias(Call("*", {Col("id"), Lit(int64_t{3})}), "w")}));
  return t;
}

void Run(benchmark::State& state, const PlanPtr& plan) {
  ExecContext ctx;
  int64_t rows = 0;
  for (auto _ : state) {
    auto t = ExecutePlan(plan, ctx);
    if (!t.ok()) {
      state.SkipWithError(t.status().ToString().c_str());
      return;
    }
    rows = (*t)->num_rows();
    benchmark::DoNotOptimize(rows);
  }
  state.counters["out_rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_GroupByAggregate(benchmark::State& state) {
  PlanPtr p = Aggregate(LocalTable(Facts()), {Col("k")},
                        {Call("count", {Lit(1)}), Call("sum", {Col("v")}), Call("avg", {Col("id")}),
                         Call("max", {Col("v")})});
  Run(state, p);
}

void BM_HashJoin(benchmark::State& state) {
  // 10M probe rows against a 1M-row build side; every probe row matches once.
  PlanPtr probe = Project(LocalTable(Facts()), {Col("id"), Alias(Call("%", {Col("id"), Lit(int64_t{1000000})}), "fk")});
  PlanPtr p = Join(probe, LocalTable(Dim()), JoinType::kInner, Call("=", {Col("fk"), Col("dk")}));
  Run(state, p);
}

void BM_Sort(benchmark::State& state) {
  PlanPtr p = Sort(LocalTable(Facts()), {SortOrder(Col("v"))});
  Run(state, p);
}

BENCHMARK(BM_GroupByAggregate)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_HashJoin)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_Sort)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace kindred::sql

BENCHMARK_MAIN();
