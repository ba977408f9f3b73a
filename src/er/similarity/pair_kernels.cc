#include "er/similarity/pair_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

#include "common/strings.h"
#include "common/thread_pool.h"
#include "er/similarity/numeric.h"
#include "er/similarity/phonetic.h"
#include "er/similarity/string_distance.h"

namespace kindred::er {
namespace {

using internal::SimilarityScratch;

// Pairs per morsel: large enough to amortise scheduling, small enough to balance 2..64 cores.
constexpr int64_t kPairMorsel = 16 * 1024;
constexpr int64_t kRowMorsel = 64 * 1024;
constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

struct KernelInfo {
  PairKernel kernel;
  const char* name;
};
constexpr KernelInfo kKernels[] = {
    {PairKernel::kExact, "exact"},
    {PairKernel::kJaroWinkler, "jaro_winkler"},
    {PairKernel::kLevenshtein, "levenshtein"},
    {PairKernel::kDamerauLevenshtein, "damerau_levenshtein"},
    {PairKernel::kJaccardWords, "jaccard_words"},
    {PairKernel::kQGram2, "qgram2"},
    {PairKernel::kQGram3, "qgram3"},
    {PairKernel::kTokenSortJaroWinkler, "token_sort_jaro_winkler"},
    {PairKernel::kAffix, "affix"},
    {PairKernel::kSoundexEqual, "soundex_equal"},
    {PairKernel::kMetaphoneEqual, "metaphone_equal"},
    {PairKernel::kNumeric, "numeric"},
    {PairKernel::kNumericWithUnits, "numeric_with_units"},
    {PairKernel::kOnlyAlphabetsExact, "only_alphabets_exact"},
    {PairKernel::kOnlyAlphabetsJaroWinkler, "only_alphabets_jaro_winkler"},
    {PairKernel::kEmailLocalExact, "email_local_exact"},
    {PairKernel::kEmailLocalJaroWinkler, "email_local_jaro_winkler"},
    {PairKernel::kPincodeExact, "pincode_exact"},
    {PairKernel::kLengthRatio, "length_ratio"},
    {PairKernel::kBothBlank, "both_blank"},
};

bool AllNull(const Column& col) { return col.type().id == TypeId::kNull; }
bool IsText(const Column& col) { return col.type().is_string_like(); }
bool IsIntegral(const Column& col) {
  const TypeId id = col.type().id;
  return col.type().is_integer() || id == TypeId::kBool || id == TypeId::kDate32 ||
         id == TypeId::kTimestamp;
}

// Read access to a string column without virtual calls; `holder` keeps a derived column alive.
struct TextView {
  const int32_t* offsets = nullptr;
  const char* data = nullptr;
  const uint8_t* validity = nullptr;  // null when every row is valid
  bool all_null = false;
  ColumnPtr holder;

  bool IsNull(int64_t i) const { return all_null || (validity && !GetBit(validity, i)); }
  std::string_view Get(int64_t i) const {
    return std::string_view(data + offsets[i], offsets[i + 1] - offsets[i]);
  }
};

TextView ViewOf(const Column& col, ColumnPtr holder = nullptr) {
  TextView v;
  v.all_null = AllNull(col);
  if (v.all_null) return v;
  v.offsets = col.offsets();
  v.data = reinterpret_cast<const char*>(col.values_buffer().data());
  v.validity = col.validity_buffer().empty() ? nullptr : col.validity_buffer().data();
  v.holder = std::move(holder);
  return v;
}

// A string column whose row i is derive(i, &text) for valid rows and null for null rows, built
// in parallel over row morsels.
template <typename Derive>
ColumnPtr DeriveStrings(const Column& col, const Derive& derive) {
  const int64_t len = col.length();
  const int64_t chunks = (len + kRowMorsel - 1) / kRowMorsel;
  if (chunks == 0) return ColumnBuilder(DataType::String()).Finish();
  std::vector<ColumnPtr> parts(chunks);
  ThreadPool::Default().ParallelFor(chunks, 1, [&](int64_t cb, int64_t ce) {
    std::string text;
    for (int64_t c = cb; c < ce; ++c) {
      const int64_t begin = c * kRowMorsel, end = std::min(len, begin + kRowMorsel);
      ColumnBuilder builder(DataType::String(), end - begin);
      for (int64_t i = begin; i < end; ++i) {
        if (AllNull(col) || col.IsNull(i)) {
          builder.AppendNull();
          continue;
        }
        text.clear();
        derive(i, &text);
        builder.AppendString(text);
      }
      parts[c] = builder.Finish();
    }
  });
  return chunks == 1 ? parts[0] : ConcatColumns(parts);
}

// The text of `col`: the column itself for strings, its Spark text form otherwise.
TextView TextOf(const Column& col) {
  if (IsText(col) || AllNull(col)) return ViewOf(col);
  ColumnPtr text =
      DeriveStrings(col, [&](int64_t i, std::string* out) { *out = col.FormatValue(i); });
  return ViewOf(*text, text);
}

// Applies `transform` (string_view -> std::string) to every row of `raw`.
template <typename Transform>
TextView DerivedOf(const Column& col, const TextView& raw, const Transform& transform) {
  if (raw.all_null) return raw;
  ColumnPtr derived =
      DeriveStrings(col, [&](int64_t i, std::string* out) { *out = transform(raw.Get(i)); });
  return ViewOf(*derived, derived);
}

// Runs score(a, b, scratch) for every pair whose sides are both non-null; NaN otherwise.
template <typename Score>
void ForTextPairs(const TextView& l, const TextView& r, const int64_t* left, const int64_t* right,
                  int64_t n, float* out, const Score& score) {
  ThreadPool::Default().ParallelFor(n, kPairMorsel, [&](int64_t b, int64_t e) {
    SimilarityScratch* s = &internal::ThreadScratch();
    for (int64_t i = b; i < e; ++i) {
      const int64_t li = left[i], ri = right[i];
      if (l.IsNull(li) || r.IsNull(ri)) {
        out[i] = kMissing;
        continue;
      }
      out[i] = static_cast<float>(score(l.Get(li), r.Get(ri), s));
    }
  });
}

// Kernels on a derived value; raw values are needed to decide pairs whose derived forms are
// empty (see the header).
template <typename Score>
void ForDerivedPairs(const TextView& lraw, const TextView& rraw, const TextView& lder,
                     const TextView& rder, const int64_t* left, const int64_t* right, int64_t n,
                     float* out, const Score& score) {
  ThreadPool::Default().ParallelFor(n, kPairMorsel, [&](int64_t b, int64_t e) {
    SimilarityScratch* s = &internal::ThreadScratch();
    for (int64_t i = b; i < e; ++i) {
      const int64_t li = left[i], ri = right[i];
      if (lraw.IsNull(li) || rraw.IsNull(ri)) {
        out[i] = kMissing;
        continue;
      }
      const std::string_view da = lder.Get(li), db = rder.Get(ri);
      if (da.empty() || db.empty()) {
        out[i] = da.empty() && db.empty() && lraw.Get(li) == rraw.Get(ri) ? 1.0f : 0.0f;
      } else {
        out[i] = static_cast<float>(score(da, db, s));
      }
    }
  });
}

// Per-row numbers: the value for numeric columns, the parsed text for string columns; NaN for
// nulls and unparsable text.
std::vector<double> NumbersOf(const Column& col) {
  const int64_t len = col.length();
  std::vector<double> v(len, std::nan(""));
  if (AllNull(col)) return v;
  const bool text = IsText(col);
  ThreadPool::Default().ParallelFor(len, kRowMorsel, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      if (col.IsNull(i)) continue;
      if (text) {
        double d;
        if (ParseDouble(Trim(col.GetString(i)), &d)) v[i] = d;
      } else {
        v[i] = col.GetDouble(i);
      }
    }
  });
  return v;
}

void NumericPairs(const std::vector<double>& lv, const std::vector<double>& rv, const int64_t* left,
                  const int64_t* right, int64_t n, float* out) {
  ThreadPool::Default().ParallelFor(n, kPairMorsel, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      out[i] = static_cast<float>(NumericSimilarity(lv[left[i]], rv[right[i]]));
    }
  });
}

// Numbers with units: value per row plus a small integer id per distinct unit text (0 = none),
// shared by both sides so ids compare across columns.
struct UnitNumbers {
  std::vector<double> value;
  std::vector<int32_t> unit;
};

void ParseUnits(const Column& col, std::unordered_map<std::string, int32_t>* ids,
                UnitNumbers* out) {
  const int64_t len = col.length();
  out->value.assign(len, std::nan(""));
  out->unit.assign(len, 0);
  if (AllNull(col)) return;
  std::string units;
  for (int64_t i = 0; i < len; ++i) {
    if (col.IsNull(i)) continue;
    double v;
    if (!SplitNumberWithUnits(col.GetString(i), &v, &units)) continue;
    out->value[i] = v;
    if (!units.empty()) {
      auto it = ids->try_emplace(units, static_cast<int32_t>(ids->size()) + 1).first;
      out->unit[i] = it->second;
    }
  }
}

std::string_view EmailLocal(std::string_view s) {
  const size_t at = s.find('@');
  return at == std::string_view::npos ? s : s.substr(0, at);
}

std::string Pincode(std::string_view s) {
  std::string d = DigitsOnly(s);
  if (d.size() > 5) d.resize(5);
  return d;
}

void ExactNumeric(const Column& l, const Column& r, const int64_t* left, const int64_t* right,
                  int64_t n, float* out) {
  const bool integral = IsIntegral(l) && IsIntegral(r);
  ThreadPool::Default().ParallelFor(n, kPairMorsel, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const int64_t li = left[i], ri = right[i];
      if (l.IsNull(li) || r.IsNull(ri)) {
        out[i] = kMissing;
      } else if (integral) {  // exact beyond 2^53, where doubles would merge neighbours
        out[i] = l.GetInt64(li) == r.GetInt64(ri) ? 1.0f : 0.0f;
      } else {
        out[i] = l.GetDouble(li) == r.GetDouble(ri) ? 1.0f : 0.0f;
      }
    }
  });
}

}  // namespace

const char* PairKernelName(PairKernel kernel) {
  for (const KernelInfo& k : kKernels) {
    if (k.kernel == kernel) return k.name;
  }
  return "unknown";
}

Result<PairKernel> PairKernelFromName(std::string_view name) {
  std::vector<std::string> names;
  for (const KernelInfo& k : kKernels) {
    if (name == k.name) return k.kernel;
    names.emplace_back(k.name);
  }
  return InvalidArgument("unknown similarity kernel '", name, "'; expected one of ",
                         StrJoin(names, ", "));
}

const std::vector<PairKernel>& AllPairKernels() {
  static const std::vector<PairKernel> all = [] {
    std::vector<PairKernel> v;
    for (const KernelInfo& k : kKernels) v.push_back(k.kernel);
    return v;
  }();
  return all;
}

void ComputePairKernel(PairKernel kernel, const Column& left_col, const Column& right_col,
                       const int64_t* left, const int64_t* right, int64_t n, float* out) {
  if (n <= 0) return;
  if (AllNull(left_col) || AllNull(right_col)) {
    std::fill(out, out + n, kMissing);
    return;
  }
  const bool same = &left_col == &right_col;
  const bool numeric_sides = !IsText(left_col) && !IsText(right_col);

  // Numeric kernels work on values, not text.
  if (kernel == PairKernel::kExact && numeric_sides) {
    ExactNumeric(left_col, right_col, left, right, n, out);
    return;
  }
  if (kernel == PairKernel::kNumeric ||
      (kernel == PairKernel::kNumericWithUnits && numeric_sides)) {
    std::vector<double> lv = NumbersOf(left_col);
    std::vector<double> rv = same ? std::vector<double>() : NumbersOf(right_col);
    NumericPairs(lv, same ? lv : rv, left, right, n, out);
    return;
  }
  if (kernel == PairKernel::kNumericWithUnits) {
    std::unordered_map<std::string, int32_t> ids;
    // Units are parsed from the text form; numeric columns have no units.
    auto parse = [&](const Column& col, UnitNumbers* u) {
      if (IsText(col)) {
        ParseUnits(col, &ids, u);
      } else {
        u->value = NumbersOf(col);
        u->unit.assign(col.length(), 0);
      }
    };
    UnitNumbers lu, ru;
    parse(left_col, &lu);
    if (!same) parse(right_col, &ru);
    const UnitNumbers& r = same ? lu : ru;
    ThreadPool::Default().ParallelFor(n, kPairMorsel, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        const int64_t li = left[i], ri = right[i];
        const int32_t ua = lu.unit[li], ub = r.unit[ri];
        const double sim = NumericSimilarity(lu.value[li], r.value[ri]);
        out[i] = static_cast<float>(!std::isnan(sim) && ua && ub && ua != ub ? 0.0 : sim);
      }
    });
    return;
  }

  const TextView l = TextOf(left_col);
  const TextView r = same ? l : TextOf(right_col);
  auto derived = [&](auto transform) {
    TextView ld = DerivedOf(left_col, l, transform);
    TextView rd = same ? ld : DerivedOf(right_col, r, transform);
    return std::make_pair(ld, rd);
  };
  auto equal = [](std::string_view a, std::string_view b, SimilarityScratch*) {
    return a == b ? 1.0 : 0.0;
  };
  auto jaro_winkler = [](std::string_view a, std::string_view b, SimilarityScratch* s) {
    return internal::JaroWinkler(a, b, s);
  };

  switch (kernel) {
    case PairKernel::kExact:
      ForTextPairs(l, r, left, right, n, out, equal);
      return;
    case PairKernel::kJaroWinkler:
      ForTextPairs(l, r, left, right, n, out, jaro_winkler);
      return;
    case PairKernel::kLevenshtein:
      ForTextPairs(l, r, left, right, n, out,
                   [](std::string_view a, std::string_view b, SimilarityScratch* s) {
                     return internal::LevenshteinSimilarity(a, b, s);
                   });
      return;
    case PairKernel::kDamerauLevenshtein:
      ForTextPairs(l, r, left, right, n, out,
                   [](std::string_view a, std::string_view b, SimilarityScratch* s) {
                     return internal::DamerauLevenshteinSimilarity(a, b, s);
                   });
      return;
    case PairKernel::kJaccardWords:
      ForTextPairs(l, r, left, right, n, out,
                   [](std::string_view a, std::string_view b, SimilarityScratch* s) {
                     return internal::JaccardWordSimilarity(a, b, s);
                   });
      return;
    case PairKernel::kQGram2:
    case PairKernel::kQGram3: {
      const int q = kernel == PairKernel::kQGram2 ? 2 : 3;
      ForTextPairs(l, r, left, right, n, out,
                   [q](std::string_view a, std::string_view b, SimilarityScratch* s) {
                     return internal::QGramJaccard(a, b, q, s);
                   });
      return;
    }
    case PairKernel::kTokenSortJaroWinkler:
      ForTextPairs(l, r, left, right, n, out,
                   [](std::string_view a, std::string_view b, SimilarityScratch* s) {
                     return internal::TokenSortJaroWinkler(a, b, s);
                   });
      return;
    case PairKernel::kAffix:
      ForTextPairs(l, r, left, right, n, out,
                   [](std::string_view a, std::string_view b, SimilarityScratch*) {
                     return AffixMatch(a, b);
                   });
      return;
    case PairKernel::kLengthRatio:
      ForTextPairs(l, r, left, right, n, out,
                   [](std::string_view a, std::string_view b, SimilarityScratch*) {
                     const int64_t la = Utf8Length(a), lb = Utf8Length(b);
                     if (la == lb) return 1.0;
                     return static_cast<double>(std::min(la, lb)) / std::max(la, lb);
                   });
      return;
    case PairKernel::kBothBlank:
      ForTextPairs(l, r, left, right, n, out,
                   [](std::string_view a, std::string_view b, SimilarityScratch*) {
                     return Trim(a).empty() && Trim(b).empty() ? 1.0 : 0.0;
                   });
      return;
    case PairKernel::kSoundexEqual: {
      auto [ld, rd] = derived([](std::string_view s) { return Soundex(s); });
      ForDerivedPairs(l, r, ld, rd, left, right, n, out, equal);
      return;
    }
    case PairKernel::kMetaphoneEqual: {
      auto [ld, rd] = derived([](std::string_view s) { return Metaphone(s); });
      ForDerivedPairs(l, r, ld, rd, left, right, n, out, equal);
      return;
    }
    case PairKernel::kOnlyAlphabetsExact:
    case PairKernel::kOnlyAlphabetsJaroWinkler: {
      auto [ld, rd] = derived([](std::string_view s) { return OnlyAlphabets(s); });
      if (kernel == PairKernel::kOnlyAlphabetsExact) {
        ForDerivedPairs(l, r, ld, rd, left, right, n, out, equal);
      } else {
        ForDerivedPairs(l, r, ld, rd, left, right, n, out, jaro_winkler);
      }
      return;
    }
    case PairKernel::kEmailLocalExact:
    case PairKernel::kEmailLocalJaroWinkler: {
      auto [ld, rd] = derived([](std::string_view s) { return std::string(EmailLocal(s)); });
      if (kernel == PairKernel::kEmailLocalExact) {
        ForDerivedPairs(l, r, ld, rd, left, right, n, out, equal);
      } else {
        ForDerivedPairs(l, r, ld, rd, left, right, n, out, jaro_winkler);
      }
      return;
    }
    case PairKernel::kPincodeExact: {
      auto [ld, rd] = derived([](std::string_view s) { return Pincode(s); });
      ForDerivedPairs(l, r, ld, rd, left, right, n, out, equal);
      return;
    }
    case PairKernel::kNumeric:
    case PairKernel::kNumericWithUnits:
      return;  // handled above
  }
}

}  // namespace kindred::er
