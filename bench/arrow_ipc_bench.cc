// Arrow IPC serialisation speed: 10M rows of (bigint, double, string of ~10 bytes), the shape of
// a typical Spark Connect result. The writer should run at memcpy speed; bytes/s counts the
// bytes of the produced stream. Results and the command line: bench/results/arrow_ipc.md.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "columnar/table.h"
#include "format/arrow_ipc/reader.h"
#include "format/arrow_ipc/writer.h"

namespace kindred {
namespace {

constexpr int64_t kRows = 10'000'000;

Schema BenchSchema() {
  return Schema({{"id", DataType::Int64(), false},
                 {"score", DataType::Float64(), true},
                 {"name", DataType::String(), true}});
}

// Built once and shared by every benchmark.
const TablePtr& BenchTable(bool with_nulls) {
  static TablePtr tables[2];
  TablePtr& t = tables[with_nulls];
  if (t) return t;
  ColumnBuilder id(DataType::Int64(), kRows), score(DataType::Float64(), kRows),
      name(DataType::String(), kRows);
  char buf[16];
  for (int64_t r = 0; r < kRows; ++r) {
    id.AppendInt(r * 31);
    if (with_nulls && r % 10 == 3) {
      score.AppendNull();
    } else {
      score.AppendDouble(r * 0.25);
    }
    int n = std::snprintf(buf, sizeof(buf), "name%06lld", static_cast<long long>(r % 1000000));
    name.AppendString(std::string_view(buf, n));  // 10 bytes
  }
  t = Table::Make(BenchSchema(), {id.Finish(), score.Finish(), name.Finish()});
  return t;
}

std::vector<TablePtr> Batches(const TablePtr& t, int64_t rows_per_batch) {
  std::vector<TablePtr> out;
  for (int64_t off = 0; off < t->num_rows(); off += rows_per_batch)
    out.push_back(t->Slice(off, rows_per_batch));
  return out;
}

// The whole table as one stream with one record batch.
void BM_WriteStreamOneBatch(benchmark::State& state) {
  const TablePtr& t = BenchTable(state.range(0));
  int64_t bytes = 0;
  for (auto _ : state) {
    Result<std::string> s = WriteArrowIpcStream(t->schema(), {t});
    bytes = static_cast<int64_t>(s->size());
    benchmark::DoNotOptimize(s->data());
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(state.iterations() * kRows),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteStreamOneBatch)->Arg(0)->Arg(1)->ArgName("nulls")->Unit(benchmark::kMillisecond);

// Lower bound for the one-batch case: copying the same column buffers into a fresh string.
// A fresh 280 MB allocation is paid for in page faults, whoever fills it.
void BM_MemcpyBaseline(benchmark::State& state) {
  const TablePtr& t = BenchTable(false);
  int64_t bytes = 0;
  for (auto _ : state) {
    size_t total = 0;
    for (const ColumnPtr& c : t->columns())
      total += c->values_buffer().size() + c->offsets_buffer().size();
    std::string s;
    s.reserve(total);
    for (const ColumnPtr& c : t->columns()) {
      s.append(reinterpret_cast<const char*>(c->offsets_buffer().data()),
               c->offsets_buffer().size());
      s.append(reinterpret_cast<const char*>(c->values_buffer().data()), c->values_buffer().size());
    }
    bytes = static_cast<int64_t>(s.size());
    benchmark::DoNotOptimize(s.data());
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_MemcpyBaseline)->Unit(benchmark::kMillisecond);

// One message per batch through the incremental writer, as a server streams a result.
void BM_WriteStreamBatched(benchmark::State& state) {
  static std::vector<TablePtr> batches;
  static int64_t batch_rows = 0;
  if (batch_rows != state.range(0)) {
    batches = Batches(BenchTable(false), state.range(0));
    batch_rows = state.range(0);
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    ArrowIpcStreamWriter w(BenchSchema());
    bytes += w.Begin().size();
    for (const TablePtr& b : batches) {
      Result<std::string> m = w.AppendBatch(*b);
      bytes += m->size();
      benchmark::DoNotOptimize(m->data());
    }
    bytes += w.End().size();
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_WriteStreamBatched)
    ->Arg(65536)
    ->Arg(1 << 20)
    ->ArgName("rows_per_batch")
    ->Unit(benchmark::kMillisecond);

void BM_ReadStream(benchmark::State& state) {
  static std::string stream =
      *WriteArrowIpcStream(BenchSchema(), Batches(BenchTable(false), 1 << 20));
  for (auto _ : state) {
    Result<TablePtr> t = ReadArrowIpcStream(stream);
    benchmark::DoNotOptimize(t->get());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(stream.size()));
}
BENCHMARK(BM_ReadStream)->Unit(benchmark::kMillisecond);

// Bool columns are the one per-value step: bytes are packed to bits.
void BM_WriteBools(benchmark::State& state) {
  static TablePtr t = [] {
    ColumnBuilder b(DataType::Bool(), kRows);
    for (int64_t r = 0; r < kRows; ++r) b.AppendBool((r * 7) % 3 == 0);
    return Table::Make(Schema({{"flag", DataType::Bool(), false}}), {b.Finish()});
  }();
  for (auto _ : state) {
    Result<std::string> s = WriteArrowIpcStream(t->schema(), {t});
    benchmark::DoNotOptimize(s->data());
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(state.iterations() * kRows),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteBools)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kindred

BENCHMARK_MAIN();
