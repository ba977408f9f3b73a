// Query engine benchmarks on 10M rows: hash group-by aggregate, hash join, sort, and the
// projection whose result the Spark Connect streaming benchmark sends (bench/connect).
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

// Like Run, but the result goes batch by batch to a sink that only counts rows, as a server
// streams it: no concatenation into one table, and memory is reused from batch to batch.
void RunStreaming(benchmark::State& state, const PlanPtr& plan) {
  ExecContext ctx;
  int64_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    Status st = ExecutePlanStreaming(plan, ctx, nullptr, [&](const TablePtr& batch) {
      rows += batch->num_rows();
      return OkStatus();
    });
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return;
    }
  }
  state.counters["out_rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(state.iterations() * kRows);
}

// The columns of bench/connect's streaming test: d = id * 0.5, s = concat('r', cast(id % 100000
// as string)); and its two string kernels alone.
void BM_StreamColumns(benchmark::State& state) {
  PlanPtr p = Project(Range(0, kRows),
                      {Col("id"), Alias(Call("*", {Col("id"), Lit(0.5)}), "d"),
                       Alias(Call("concat", {Lit("r"), Cast(Call("%", {Col("id"), Lit(int64_t{100000})}),
                                                            DataType::String())}),
                             "s")});
  RunStreaming(state, p);
}

void BM_CastIntegerToString(benchmark::State& state) {
  RunStreaming(state, Project(LocalTable(Facts()), {Alias(Cast(Col("v"), DataType::String()), "s")}));
}

void BM_ConcatStrings(benchmark::State& state) {
  static TablePtr strings = Materialize(Project(
      LocalTable(Facts()), {Alias(Cast(Col("k"), DataType::String()), "a"),
                            Alias(Cast(Col("v"), DataType::String()), "b")}));
  RunStreaming(state, Project(LocalTable(strings), {Alias(Call("concat", {Col("a"), Lit("-"), Col("b")}), "s")}));
}

BENCHMARK(BM_GroupByAggregate)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_HashJoin)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_Sort)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_StreamColumns)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_CastIntegerToString)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_ConcatStrings)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

}  // namespace
}  // namespace kindred::sql

BENCHMARK_MAIN();
