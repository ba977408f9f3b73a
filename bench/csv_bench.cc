// CSV read/write throughput on a generated all-string file (about 100 MB by default; set
// KINDRED_CSV_BENCH_MB to change it). Reports MB/s of input (read) or output (write) text.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "common/file_util.h"
#include "common/thread_pool.h"
#include "format/csv/reader.h"
#include "format/csv/writer.h"

namespace kindred {
namespace {

// Febrl-like rows: ten string columns, a few quoted fields with commas, some empty fields.
const std::string& BenchText() {
  static const std::string text = [] {
    int64_t mb = 100;
    if (const char* e = std::getenv("KINDRED_CSV_BENCH_MB")) mb = std::atoll(e);
    std::string out =
        "rec_id,given_name,surname,street_number,address_1,address_2,suburb,"
        "postcode,state,soc_sec_id\n";
    const char* names[] = {"lachlan", "kayla", "deakin", "oliver", "mia", "jack", "ella"};
    const char* streets[] = {"tullaroop street", "giblin street", "\"goldfinch, circuit\"",
                             "maltby circuit", "kingsford smith drive"};
    uint64_t x = 88172645463325252ULL;
    auto next = [&] {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      return x;
    };
    for (int64_t i = 0; out.size() < static_cast<size_t>(mb) << 20; ++i) {
      out += "rec-" + std::to_string(i) + "-org,";
      out += names[next() % 7];
      out += ',';
      out += names[next() % 7];
      out += "son,";
      out += std::to_string(next() % 200);
      out += ',';
      out += streets[next() % 5];
      out += ',';
      if (next() % 3) out += "willaroo";
      out += ",st james,";
      out += std::to_string(2000 + next() % 8000);
      out += ",nsw,";
      out += std::to_string(1000000 + next() % 9000000);
      out += '\n';
    }
    return out;
  }();
  return text;
}

std::string BenchPath() {
  return (std::filesystem::temp_directory_path() / "kindred_csv_bench.csv").string();
}

void BM_CsvReadFile(benchmark::State& state) {
  const std::string& text = BenchText();
  std::string path = BenchPath();
  if (!WriteFileAtomic(path, text).ok()) {
    state.SkipWithError("cannot write the input file");
    return;
  }
  CsvReadOptions o;
  for (auto _ : state) {
    Result<TablePtr> t = ReadCsvFile(path, o);
    if (!t.ok()) {
      state.SkipWithError(t.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(t->get());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["threads"] = ThreadPool::Default().size() + 1;
  std::filesystem::remove(path);
}

void BM_CsvReadString(benchmark::State& state) {
  const std::string& text = BenchText();
  CsvReadOptions o;
  for (auto _ : state) {
    Result<TablePtr> t = ReadCsvString(text, o);
    benchmark::DoNotOptimize(t.ok());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

void BM_CsvWriteFile(benchmark::State& state) {
  Result<TablePtr> t = ReadCsvString(BenchText(), CsvReadOptions{});
  if (!t.ok()) {
    state.SkipWithError(t.status().ToString().c_str());
    return;
  }
  std::string path = BenchPath();
  for (auto _ : state) {
    Status st = WriteCsvFile(**t, path, CsvWriteOptions{});
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      break;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(BenchText().size()));
  std::filesystem::remove(path);
}

BENCHMARK(BM_CsvReadFile)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_CsvReadString)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_CsvWriteFile)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

}  // namespace
}  // namespace kindred

BENCHMARK_MAIN();
