#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "er/similarity/numeric.h"
#include "er/similarity/pair_kernels.h"
#include "er/similarity/phonetic.h"
#include "er/similarity/string_distance.h"

namespace kindred::er {
namespace {

ColumnPtr Strings(const std::vector<std::optional<std::string>>& values) {
  ColumnBuilder b(DataType::String());
  for (const auto& v : values) {
    if (v) {
      b.AppendString(*v);
    } else {
      b.AppendNull();
    }
  }
  return b.Finish();
}

std::vector<float> RunKernel(PairKernel k, const Column& l, const Column& r,
                             const std::vector<int64_t>& li, const std::vector<int64_t>& ri) {
  std::vector<float> out(li.size(), -1.0f);
  ComputePairKernel(k, l, r, li.data(), ri.data(), static_cast<int64_t>(li.size()), out.data());
  return out;
}

float One(PairKernel k, const std::string& a, const std::string& b) {
  ColumnPtr c = Strings({a, b});
  return RunKernel(k, *c, *c, {0}, {1})[0];
}

// Bitwise float equality that treats NaN == NaN.
bool SameFloat(float a, float b) { return std::memcmp(&a, &b, sizeof(float)) == 0; }

TEST(PairKernelNames, RoundTrip) {
  ASSERT_EQ(AllPairKernels().size(), 20u);
  for (PairKernel k : AllPairKernels()) {
    auto parsed = PairKernelFromName(PairKernelName(k));
    ASSERT_TRUE(parsed.ok()) << PairKernelName(k);
    EXPECT_EQ(*parsed, k);
  }
  EXPECT_STREQ(PairKernelName(PairKernel::kJaroWinkler), "jaro_winkler");
  EXPECT_STREQ(PairKernelName(PairKernel::kQGram3), "qgram3");
  auto bad = PairKernelFromName("jarowinkler");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'jarowinkler'"), std::string::npos);
  EXPECT_NE(bad.status().message().find("jaro_winkler"), std::string::npos);
}

TEST(PairKernels, NullsYieldNaNForEveryKernel) {
  ColumnPtr c = Strings({"john", std::nullopt, "", "jon"});
  const std::vector<int64_t> li = {0, 1, 1, 0, 2};
  const std::vector<int64_t> ri = {1, 0, 1, 3, 2};
  for (PairKernel k : AllPairKernels()) {
    std::vector<float> out = RunKernel(k, *c, *c, li, ri);
    EXPECT_TRUE(std::isnan(out[0])) << PairKernelName(k);
    EXPECT_TRUE(std::isnan(out[1])) << PairKernelName(k);
    EXPECT_TRUE(std::isnan(out[2])) << PairKernelName(k);
    if (k != PairKernel::kNumeric && k != PairKernel::kNumericWithUnits) {
      EXPECT_FALSE(std::isnan(out[3])) << PairKernelName(k);
      EXPECT_FALSE(std::isnan(out[4])) << PairKernelName(k);
    }
  }
  ColumnPtr all_null = Column::Nulls(DataType::Null(), 4);
  std::vector<float> out = RunKernel(PairKernel::kJaroWinkler, *all_null, *c, {0, 1}, {0, 3});
  EXPECT_TRUE(std::isnan(out[0]) && std::isnan(out[1]));
}

TEST(PairKernels, StringKernelValues) {
  EXPECT_NEAR(One(PairKernel::kJaroWinkler, "martha", "marhta"), 0.9611f, 1e-4);
  EXPECT_NEAR(One(PairKernel::kLevenshtein, "kitten", "sitting"), 1 - 3.0 / 7, 1e-6);
  EXPECT_NEAR(One(PairKernel::kDamerauLevenshtein, "smtih", "smith"), 0.8, 1e-6);
  EXPECT_EQ(One(PairKernel::kExact, "a b", "a b"), 1.0f);
  EXPECT_EQ(One(PairKernel::kExact, "a b", "a c"), 0.0f);
  EXPECT_EQ(One(PairKernel::kJaccardWords, "john smith", "smith john"), 1.0f);
  EXPECT_NEAR(One(PairKernel::kQGram2, "ab", "ac"), 0.2, 1e-6);
  EXPECT_EQ(One(PairKernel::kTokenSortJaroWinkler, "john smith", "smith john"), 1.0f);
  EXPECT_EQ(One(PairKernel::kAffix, "intl", "intl business"), 1.0f);
  EXPECT_EQ(One(PairKernel::kSoundexEqual, "robert", "rupert"), 1.0f);
  EXPECT_EQ(One(PairKernel::kSoundexEqual, "robert", "smith"), 0.0f);
  EXPECT_EQ(One(PairKernel::kSoundexEqual, "123", "456"), 0.0f);  // no letters: raw decides
  EXPECT_EQ(One(PairKernel::kSoundexEqual, "123", "123"), 1.0f);
  EXPECT_EQ(One(PairKernel::kMetaphoneEqual, "catherine", "kathryn"), 1.0f);
  EXPECT_EQ(One(PairKernel::kOnlyAlphabetsExact, "o'neil 2", "oneil"), 1.0f);
  EXPECT_NEAR(One(PairKernel::kOnlyAlphabetsJaroWinkler, "mart-ha", "marhta"), 0.9611f, 1e-4);
  EXPECT_EQ(One(PairKernel::kEmailLocalExact, "john.s@x.com", "john.s@y.org"), 1.0f);
  EXPECT_EQ(One(PairKernel::kEmailLocalExact, "john.s@x.com", "jon.s@x.com"), 0.0f);
  EXPECT_NEAR(One(PairKernel::kEmailLocalJaroWinkler, "martha@x.com", "marhta@x.com"), 0.9611f,
              1e-4);
  EXPECT_EQ(One(PairKernel::kPincodeExact, "560001", "56000-1"), 1.0f);
  EXPECT_EQ(One(PairKernel::kPincodeExact, "560011", "560019"), 1.0f);  // first 5 digits
  EXPECT_EQ(One(PairKernel::kPincodeExact, "400001", "560001"), 0.0f);
  EXPECT_NEAR(One(PairKernel::kLengthRatio, "ab", "abcd"), 0.5, 1e-6);
  EXPECT_EQ(One(PairKernel::kLengthRatio, "", ""), 1.0f);
  EXPECT_EQ(One(PairKernel::kLengthRatio, "é", "e"), 1.0f);  // characters, not bytes
  EXPECT_EQ(One(PairKernel::kBothBlank, "", "  "), 1.0f);
  EXPECT_EQ(One(PairKernel::kBothBlank, "", "x"), 0.0f);
}

TEST(PairKernels, NumbersInText) {
  EXPECT_EQ(One(PairKernel::kNumeric, "10", " 10.0 "), 1.0f);
  EXPECT_NEAR(One(PairKernel::kNumeric, "10", "5"), 0.5, 1e-6);
  EXPECT_TRUE(std::isnan(One(PairKernel::kNumeric, "ten", "10")));  // unparsable
  EXPECT_EQ(One(PairKernel::kNumericWithUnits, "12kg", "12 kg"), 1.0f);
  EXPECT_EQ(One(PairKernel::kNumericWithUnits, "12kg", "12lb"), 0.0f);
  EXPECT_NEAR(One(PairKernel::kNumericWithUnits, "10kg", "5"), 0.5, 1e-6);
  EXPECT_TRUE(std::isnan(One(PairKernel::kNumericWithUnits, "abc", "1")));
}

TEST(PairKernels, NumericColumns) {
  ColumnBuilder ib(DataType::Int64());
  ib.AppendInt(10);
  ib.AppendInt(5);
  ib.AppendNull();
  ib.AppendInt(int64_t{1} << 60);
  ib.AppendInt((int64_t{1} << 60) + 1);
  ColumnPtr ints = ib.Finish();
  std::vector<float> out = RunKernel(PairKernel::kNumeric, *ints, *ints, {0, 0, 2}, {1, 0, 0});
  EXPECT_NEAR(out[0], 0.5, 1e-6);
  EXPECT_EQ(out[1], 1.0f);
  EXPECT_TRUE(std::isnan(out[2]));
  // Exact equality on integers does not go through doubles (2^60 and 2^60+1 differ).
  out = RunKernel(PairKernel::kExact, *ints, *ints, {3, 0, 0}, {4, 0, 1});
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_EQ(out[1], 1.0f);
  EXPECT_EQ(out[2], 0.0f);

  ColumnBuilder db(DataType::Float64());
  db.AppendDouble(10.0);
  db.AppendDouble(2.5);
  ColumnPtr doubles = db.Finish();
  // Linking an int column to a double column.
  out = RunKernel(PairKernel::kNumeric, *ints, *doubles, {0, 1}, {0, 1});
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_NEAR(out[1], 0.5, 1e-6);
  out = RunKernel(PairKernel::kExact, *ints, *doubles, {0, 1}, {0, 1});
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 0.0f);
  // Text kernels use the value's text form.
  out = RunKernel(PairKernel::kLevenshtein, *ints, *ints, {0}, {1});
  EXPECT_NEAR(out[0], LevenshteinSimilarity("10", "5"), 1e-6);
  // Text vs number: the number is parsed from the text.
  ColumnPtr text = Strings({"10", "x"});
  out = RunKernel(PairKernel::kNumeric, *text, *ints, {0, 1}, {0, 0});
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_TRUE(std::isnan(out[1]));
}

TEST(PairKernels, LinkingTwoColumns) {
  ColumnPtr l = Strings({"john smith", "mary", std::nullopt});
  ColumnPtr r = Strings({"smith john", "marie"});
  std::vector<float> out =
      RunKernel(PairKernel::kTokenSortJaroWinkler, *l, *r, {0, 1, 2}, {0, 1, 0});
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_NEAR(out[1], JaroWinkler("mary", "marie"), 1e-6);
  EXPECT_TRUE(std::isnan(out[2]));
}

// Large enough for many morsels: the parallel result must equal the scalar functions applied
// one pair at a time on this thread.
TEST(PairKernels, ParallelEqualsSerial) {
  std::mt19937_64 rng(11);
  const char* kFirst[] = {"john",  "jon",   "mary",   "marie",     "josé",    "müller",
                          "smith", "smyth", "o'neil", "catherine", "kathryn", ""};
  const char* kUnits[] = {"kg", "lb", "", "g"};
  std::vector<std::optional<std::string>> vals;
  for (int i = 0; i < 5000; ++i) {
    if (rng() % 20 == 0) {
      vals.push_back(std::nullopt);
      continue;
    }
    std::string s = kFirst[rng() % 12];
    if (rng() % 2) s += std::string(" ") + kFirst[rng() % 12];
    if (rng() % 4 == 0) s += " " + std::to_string(rng() % 100) + kUnits[rng() % 4];
    if (rng() % 5 == 0) s += "@mail.com";
    if (rng() % 7 == 0) s += std::string(70, 'x');  // past the 64-character fast path
    vals.push_back(s);
  }
  ColumnPtr c = Strings(vals);
  const int64_t n = 100000;
  std::vector<int64_t> li(n), ri(n);
  for (int64_t i = 0; i < n; ++i) {
    li[i] = static_cast<int64_t>(rng() % vals.size());
    ri[i] = static_cast<int64_t>(rng() % vals.size());
  }
  auto scalar = [](PairKernel k, const std::string& a, const std::string& b) -> double {
    switch (k) {
      case PairKernel::kJaroWinkler:
        return JaroWinkler(a, b);
      case PairKernel::kLevenshtein:
        return LevenshteinSimilarity(a, b);
      case PairKernel::kDamerauLevenshtein:
        return DamerauLevenshteinSimilarity(a, b);
      case PairKernel::kJaccardWords:
        return JaccardWordSimilarity(a, b);
      case PairKernel::kQGram2:
        return QGramJaccard(a, b, 2);
      case PairKernel::kQGram3:
        return QGramJaccard(a, b, 3);
      case PairKernel::kTokenSortJaroWinkler:
        return TokenSortJaroWinkler(a, b);
      case PairKernel::kAffix:
        return AffixMatch(a, b);
      case PairKernel::kOnlyAlphabetsJaroWinkler: {
        const std::string x = OnlyAlphabets(a), y = OnlyAlphabets(b);
        if (x.empty() || y.empty()) return x.empty() && y.empty() && a == b ? 1 : 0;
        return JaroWinkler(x, y);
      }
      case PairKernel::kSoundexEqual: {
        const std::string x = Soundex(a), y = Soundex(b);
        return x == y && (!x.empty() || a == b) ? 1 : 0;
      }
      case PairKernel::kNumericWithUnits: {
        double va, vb;
        std::string ua, ub;
        if (!SplitNumberWithUnits(a, &va, &ua) || !SplitNumberWithUnits(b, &vb, &ub)) {
          return std::nan("");
        }
        if (!ua.empty() && !ub.empty() && ua != ub) return 0;
        return NumericSimilarity(va, vb);
      }
      default:
        return -1;
    }
  };
  for (PairKernel k : {PairKernel::kJaroWinkler, PairKernel::kLevenshtein,
                       PairKernel::kDamerauLevenshtein, PairKernel::kJaccardWords,
                       PairKernel::kQGram2, PairKernel::kQGram3, PairKernel::kTokenSortJaroWinkler,
                       PairKernel::kAffix, PairKernel::kOnlyAlphabetsJaroWinkler,
                       PairKernel::kSoundexEqual, PairKernel::kNumericWithUnits}) {
    std::vector<float> out = RunKernel(k, *c, *c, li, ri);
    int64_t mismatches = 0;
    for (int64_t i = 0; i < n; ++i) {
      float expect;
      if (!vals[li[i]] || !vals[ri[i]]) {
        expect = std::nanf("");
      } else {
        expect = static_cast<float>(scalar(k, *vals[li[i]], *vals[ri[i]]));
      }
      if (!SameFloat(out[i], expect) && !(std::isnan(out[i]) && std::isnan(expect))) {
        if (++mismatches < 5) {
          ADD_FAILURE() << PairKernelName(k) << " pair " << i << ": " << out[i] << " vs " << expect;
        }
      }
    }
    EXPECT_EQ(mismatches, 0) << PairKernelName(k);
    // Running again gives the same bits (no state leaks between calls through the scratch).
    std::vector<float> again = RunKernel(k, *c, *c, li, ri);
    for (int64_t i = 0; i < n; ++i) ASSERT_TRUE(SameFloat(out[i], again[i])) << i;
  }
}

}  // namespace
}  // namespace kindred::er
