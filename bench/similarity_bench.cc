// Similarity kernel throughput: 10M candidate pairs of name-like strings ("firstname lastname",
// 8-20 bytes, a quarter with one typo, a few UTF-8 names), scored by the column pair kernels on
// the default thread pool and by the scalar functions on one thread. items/s = pairs/second.
// Results and the command line: bench/results/similarity.md.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "er/similarity/pair_kernels.h"
#include "er/similarity/string_distance.h"

namespace kindred::er {
namespace {

constexpr int64_t kPairs = 10'000'000;
constexpr int64_t kRows = 200'000;

struct BenchData {
  ColumnPtr names;
  std::vector<std::string> strings;
  std::vector<int64_t> left, right;
};

// Built once: pairs are half near-duplicates (row i with its typo twin) and half random rows,
// the mix a blocked candidate set has.
const BenchData& Data() {
  static BenchData* d = [] {
    auto* data = new BenchData;
    const char* kFirst[] = {"john",   "jonathan", "mary",  "maria",   "william", "elizabeth",
                            "robert", "michael",  "sarah", "jessica", "josé",    "françois",
                            "ahmed",  "wei",      "olga",  "thomas"};
    const char* kLast[] = {"smith",  "johnson", "williams",  "brown",    "jones",  "garcia",
                           "miller", "davis",   "rodriguez", "martinez", "müller", "nguyen",
                           "kumar",  "ivanova", "oconnor",   "anderson"};
    std::mt19937_64 rng(2024);
    ColumnBuilder b(DataType::String(), kRows);
    for (int64_t r = 0; r < kRows; ++r) {
      std::string s = std::string(kFirst[rng() % 16]) + " " + kLast[rng() % 16];
      if (rng() % 4 == 0) {  // one typo: substitute, delete or swap
        const size_t p = rng() % (s.size() - 1);
        switch (rng() % 3) {
          case 0:
            s[p] = static_cast<char>('a' + rng() % 26);
            break;
          case 1:
            s.erase(p, 1);
            break;
          default:
            std::swap(s[p], s[p + 1]);
            break;
        }
      }
      b.AppendString(s);
      data->strings.push_back(std::move(s));
    }
    data->names = b.Finish();
    data->left.resize(kPairs);
    data->right.resize(kPairs);
    for (int64_t i = 0; i < kPairs; ++i) {
      data->left[i] = static_cast<int64_t>(rng() % kRows);
      data->right[i] = i % 2 ? static_cast<int64_t>(rng() % kRows) : (data->left[i] ^ 1);
    }
    return data;
  }();
  return *d;
}

void RunKernel(benchmark::State& state, PairKernel kernel) {
  const BenchData& d = Data();
  std::vector<float> out(kPairs);
  for (auto _ : state) {
    ComputePairKernel(kernel, *d.names, *d.names, d.left.data(), d.right.data(), kPairs,
                      out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kPairs);
}

void BM_JaroWinklerKernel(benchmark::State& state) { RunKernel(state, PairKernel::kJaroWinkler); }
void BM_LevenshteinKernel(benchmark::State& state) { RunKernel(state, PairKernel::kLevenshtein); }
void BM_DamerauLevenshteinKernel(benchmark::State& state) {
  RunKernel(state, PairKernel::kDamerauLevenshtein);
}
void BM_QGram3Kernel(benchmark::State& state) { RunKernel(state, PairKernel::kQGram3); }
void BM_SoundexEqualKernel(benchmark::State& state) { RunKernel(state, PairKernel::kSoundexEqual); }

// The scalar functions on one thread, for the per-core cost.
template <typename Fn>
void RunScalar(benchmark::State& state, Fn fn) {
  const BenchData& d = Data();
  for (auto _ : state) {
    double sum = 0;
    for (int64_t i = 0; i < kPairs; ++i) sum += fn(d.strings[d.left[i]], d.strings[d.right[i]]);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kPairs);
}

void BM_JaroWinklerScalarOneThread(benchmark::State& state) {
  RunScalar(state, [](const std::string& a, const std::string& b) { return JaroWinkler(a, b); });
}
void BM_LevenshteinScalarOneThread(benchmark::State& state) {
  RunScalar(state,
            [](const std::string& a, const std::string& b) { return LevenshteinSimilarity(a, b); });
}

BENCHMARK(BM_JaroWinklerKernel)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LevenshteinKernel)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DamerauLevenshteinKernel)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QGram3Kernel)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SoundexEqualKernel)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JaroWinklerScalarOneThread)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LevenshteinScalarOneThread)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace kindred::er

BENCHMARK_MAIN();
