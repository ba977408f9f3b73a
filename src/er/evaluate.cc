#include "er/evaluate.h"

#include <cstdio>
#include <cstring>
#include <vector>

#include "common/thread_pool.h"

namespace kindred::er {

namespace {

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// A fast non-cryptographic hash; collisions are resolved by comparing the values themselves.
uint64_t HashBytes(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = Mix64(h ^ w);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = Mix64(h ^ w ^ (uint64_t{n} << 59));
  }
  return Mix64(h);
}

// Maps every record's label to a dense id in [0, distinct). Equal non-null values share an id;
// every null gets an id of its own (a singleton). Returns the number of ids.
//
// Rows are hashed in parallel, then split by the top hash bits into partitions that are
// deduplicated independently, each with an open-addressing table small enough to stay in
// cache; equal values always land in the same partition. Hash matches are verified by
// comparing the values, so a collision never merges two labels.
int64_t DenseIds(const Column& col, std::vector<int64_t>* ids) {
  const int64_t n = col.length();
  ids->resize(n);
  int64_t* out = ids->data();
  const DataType& type = col.type();
  const int width = type.byte_width();
  const bool is_list = type.id == TypeId::kList;
  if (type.id == TypeId::kNull || (width == 0 && !type.is_string_like() && !is_list)) {
    for (int64_t i = 0; i < n; ++i) out[i] = i;  // nothing comparable: all singletons
    return n;
  }

  // Labels are compared as byte strings: the value bytes of fixed-width types, the text of
  // strings, and the printed form of lists (rare as labels; they have no flat byte form).
  std::vector<std::string> printed;
  if (is_list) {
    printed.resize(n);
    for (int64_t i = 0; i < n; ++i)
      if (col.IsValid(i)) printed[i] = col.FormatValue(i);
  }
  const char* fixed = reinterpret_cast<const char*>(col.values_buffer().data());
  auto key = [&](int64_t i) -> std::string_view {
    if (type.is_string_like()) return col.GetString(i);
    if (is_list) return printed[i];
    return std::string_view(fixed + i * width, width);
  };

  ThreadPool& pool = ThreadPool::Default();
  constexpr int64_t kMorsel = 1 << 16;
  std::vector<uint64_t> hash(n);
  const bool has_nulls = col.has_nulls();
  pool.ParallelFor(n, kMorsel, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) hash[i] = HashBytes(key(i));
  });

  // Partition the non-null rows by the top hash bits (a stable counting sort).
  const int bits = n < (1 << 16) ? 0 : 8;
  const int64_t parts = int64_t{1} << bits;
  auto part_of = [bits](uint64_t h) -> int64_t {
    return bits == 0 ? 0 : int64_t(h >> (64 - bits));
  };
  std::vector<int64_t> start(parts + 1, 0);
  for (int64_t i = 0; i < n; ++i)
    if (!has_nulls || col.IsValid(i)) ++start[part_of(hash[i]) + 1];
  for (int64_t p = 0; p < parts; ++p) start[p + 1] += start[p];
  std::vector<int64_t> rows(start[parts]);
  {
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int64_t i = 0; i < n; ++i)
      if (!has_nulls || col.IsValid(i)) rows[fill[part_of(hash[i])]++] = i;
  }

  // Local ids per partition, made global by a prefix sum over the partitions' counts.
  std::vector<int64_t> distinct(parts + 1, 0);
  pool.ParallelFor(parts, 1, [&](int64_t pb, int64_t pe) {
    struct Slot {
      uint64_t hash;
      int64_t id;  // -1 = empty
    };
    std::vector<Slot> table;
    std::vector<int64_t> representative;  // local id -> first row with that value
    for (int64_t p = pb; p < pe; ++p) {
      const int64_t count = start[p + 1] - start[p];
      uint64_t cap = 16;
      while (cap < static_cast<uint64_t>(count) * 2) cap <<= 1;
      const uint64_t mask = cap - 1;
      table.assign(cap, Slot{0, -1});
      representative.clear();
      for (int64_t k = start[p]; k < start[p + 1]; ++k) {
        const int64_t i = rows[k];
        const uint64_t h = hash[i];
        uint64_t pos = h & mask;  // the low bits: the top ones chose the partition
        for (;;) {
          Slot& s = table[pos];
          if (s.id < 0) {
            s.hash = h;
            s.id = static_cast<int64_t>(representative.size());
            representative.push_back(i);
            out[i] = s.id;
            break;
          }
          if (s.hash == h && key(representative[s.id]) == key(i)) {
            out[i] = s.id;
            break;
          }
          pos = (pos + 1) & mask;
        }
      }
      distinct[p + 1] = static_cast<int64_t>(representative.size());
    }
  });
  for (int64_t p = 0; p < parts; ++p) distinct[p + 1] += distinct[p];
  if (parts > 1) {
    pool.ParallelFor(parts, 1, [&](int64_t pb, int64_t pe) {
      for (int64_t p = pb; p < pe; ++p)
        for (int64_t k = start[p]; k < start[p + 1]; ++k) out[rows[k]] += distinct[p];
    });
  }
  int64_t next = distinct[parts];
  if (has_nulls)
    for (int64_t i = 0; i < n; ++i)
      if (col.IsNull(i)) out[i] = next++;
  return next;
}

inline int64_t Pairs(int64_t k) { return k * (k - 1) / 2; }
inline double Ratio(double num, double den) { return den == 0 ? 1.0 : num / den; }
inline double Harmonic(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

}  // namespace

Result<ClusterMetrics> EvaluateClusters(const Column& predicted, const Column& truth) {
  if (predicted.length() != truth.length()) {
    return InvalidArgument("EvaluateClusters: predicted labels have ", predicted.length(),
                           " rows but truth labels have ", truth.length());
  }
  const int64_t n = predicted.length();
  std::vector<int64_t> pred, gold;
  const int64_t num_pred = DenseIds(predicted, &pred);
  const int64_t num_gold = DenseIds(truth, &gold);

  ClusterMetrics m;
  m.records = n;
  m.predicted_clusters = num_pred;
  m.true_clusters = num_gold;

  std::vector<int64_t> gold_size(num_gold, 0);
  for (int64_t i = 0; i < n; ++i) ++gold_size[gold[i]];
  for (int64_t j = 0; j < num_gold; ++j) m.true_pairs += Pairs(gold_size[j]);

  // Counting sort of the truth ids by predicted cluster, then one pass per predicted cluster
  // tallying its truth ids in a scratch array: the contingency table without hashing.
  std::vector<int64_t> start(num_pred + 1, 0);
  for (int64_t i = 0; i < n; ++i) ++start[pred[i] + 1];
  for (int64_t c = 0; c < num_pred; ++c) start[c + 1] += start[c];
  std::vector<int64_t> grouped(n);
  {
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int64_t i = 0; i < n; ++i) grouped[fill[pred[i]]++] = gold[i];
  }
  std::vector<int64_t> cell(num_gold, 0);
  std::vector<int64_t> touched;
  double bp_sum = 0, br_sum = 0;
  for (int64_t c = 0; c < num_pred; ++c) {
    const int64_t size = start[c + 1] - start[c];
    m.predicted_pairs += Pairs(size);
    touched.clear();
    for (int64_t k = start[c]; k < start[c + 1]; ++k) {
      const int64_t g = grouped[k];
      if (cell[g]++ == 0) touched.push_back(g);
    }
    for (const int64_t g : touched) {
      const double nij = static_cast<double>(cell[g]);
      m.true_positive_pairs += Pairs(cell[g]);
      bp_sum += nij * nij / static_cast<double>(size);
      br_sum += nij * nij / static_cast<double>(gold_size[g]);
      cell[g] = 0;
    }
  }

  m.precision =
      Ratio(static_cast<double>(m.true_positive_pairs), static_cast<double>(m.predicted_pairs));
  m.recall = Ratio(static_cast<double>(m.true_positive_pairs), static_cast<double>(m.true_pairs));
  m.f1 = Harmonic(m.precision, m.recall);
  m.bcubed_precision = Ratio(bp_sum, static_cast<double>(n));
  m.bcubed_recall = Ratio(br_sum, static_cast<double>(n));
  m.bcubed_f1 = Harmonic(m.bcubed_precision, m.bcubed_recall);
  return m;
}

std::string FormatMetrics(const ClusterMetrics& m) {
  char buf[512];
  std::snprintf(buf, sizeof(buf),
                "records %lld  predicted clusters %lld  true clusters %lld\n"
                "pairs    predicted %lld  true %lld  correct %lld\n"
                "pairwise precision %.4f  recall %.4f  f1 %.4f\n"
                "b-cubed  precision %.4f  recall %.4f  f1 %.4f\n",
                static_cast<long long>(m.records), static_cast<long long>(m.predicted_clusters),
                static_cast<long long>(m.true_clusters), static_cast<long long>(m.predicted_pairs),
                static_cast<long long>(m.true_pairs), static_cast<long long>(m.true_positive_pairs),
                m.precision, m.recall, m.f1, m.bcubed_precision, m.bcubed_recall, m.bcubed_f1);
  return buf;
}

std::string FebrlEntityId(std::string_view rec_id) {
  constexpr std::string_view kPrefix = "rec-";
  constexpr std::string_view kOrg = "-org";
  constexpr std::string_view kDup = "-dup-";
  if (rec_id.substr(0, kPrefix.size()) != kPrefix) return std::string(rec_id);
  std::string_view rest = rec_id.substr(kPrefix.size());
  size_t end = std::string_view::npos;
  if (rest.size() > kOrg.size() && rest.substr(rest.size() - kOrg.size()) == kOrg) {
    end = rest.size() - kOrg.size();
  } else {
    const size_t d = rest.rfind(kDup);
    if (d != std::string_view::npos && d > 0 && d + kDup.size() < rest.size()) {
      bool digits = true;
      for (char ch : rest.substr(d + kDup.size())) digits &= (ch >= '0' && ch <= '9');
      if (digits) end = d;
    }
  }
  if (end == std::string_view::npos || end == 0) return std::string(rec_id);
  return std::string(rest.substr(0, end));
}

}  // namespace kindred::er
