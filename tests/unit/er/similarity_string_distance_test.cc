#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "er/similarity/string_distance.h"

namespace kindred::er {
namespace {

// Plain full-matrix Levenshtein over code points: the reference the fast paths must match.
int ReferenceLevenshtein(std::string_view a, std::string_view b) {
  std::vector<uint32_t> x, y;
  internal::DecodeUtf8(a, &x);
  internal::DecodeUtf8(b, &y);
  std::vector<std::vector<int>> d(x.size() + 1, std::vector<int>(y.size() + 1));
  for (size_t i = 0; i <= x.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= y.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    for (size_t j = 1; j <= y.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] != y[j - 1] ? 1 : 0)});
    }
  }
  return d[x.size()][y.size()];
}

int ReferenceOsa(std::string_view a, std::string_view b) {
  std::vector<uint32_t> x, y;
  internal::DecodeUtf8(a, &x);
  internal::DecodeUtf8(b, &y);
  std::vector<std::vector<int>> d(x.size() + 1, std::vector<int>(y.size() + 1));
  for (size_t i = 0; i <= x.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= y.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    for (size_t j = 1; j <= y.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] != y[j - 1] ? 1 : 0)});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[x.size()][y.size()];
}

// Textbook Jaro-Winkler over code points (window max/2-1, boost above 0.7, prefix <= 4).
double ReferenceJaroWinkler(std::string_view sa, std::string_view sb) {
  std::vector<uint32_t> a, b;
  internal::DecodeUtf8(sa, &a);
  internal::DecodeUtf8(sb, &b);
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::vector<bool> ma(la), mb(lb);
  int m = 0;
  for (int i = 0; i < la; ++i) {
    for (int j = std::max(0, i - window); j <= std::min(lb - 1, i + window); ++j) {
      if (!mb[j] && a[i] == b[j]) {
        ma[i] = mb[j] = true;
        ++m;
        break;
      }
    }
  }
  if (m == 0) return 0.0;
  std::vector<uint32_t> xa, xb;
  for (int i = 0; i < la; ++i)
    if (ma[i]) xa.push_back(a[i]);
  for (int j = 0; j < lb; ++j)
    if (mb[j]) xb.push_back(b[j]);
  int half = 0;
  for (int k = 0; k < m; ++k) half += xa[k] != xb[k];
  const double jaro = (static_cast<double>(m) / la + static_cast<double>(m) / lb +
                       static_cast<double>(m - half / 2) / m) /
                      3.0;
  if (jaro <= 0.7) return jaro;
  int prefix = 0;
  while (prefix < std::min({4, la, lb}) && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

std::string RandomString(std::mt19937_64& rng, int max_len, bool utf8) {
  static const char* kPieces[] = {"a", "b", "c", "d", "é", "ü", "ß", "中"};
  const int pieces = utf8 ? 8 : 4;
  const int len = static_cast<int>(rng() % (max_len + 1));
  std::string s;
  for (int i = 0; i < len; ++i) s += kPieces[rng() % pieces];
  return s;
}

TEST(JaroWinkler, KnownValues) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.8133, 1e-4);
  EXPECT_NEAR(JaroWinkler("marhta", "martha"), 0.9611, 1e-4);  // symmetric
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(JaroWinkler, EqualAndEmpty) {
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("smith", "smith"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", "smith"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("smith", ""), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("a", "b"), 0.0);
}

TEST(JaroWinkler, Utf8CharactersCountOnce) {
  // "é" is two bytes; as one character "josé"/"jose" is one substitution, like "josa"/"jose".
  EXPECT_DOUBLE_EQ(JaroWinkler("josé", "jose"), JaroWinkler("josa", "jose"));
  EXPECT_DOUBLE_EQ(JaroWinkler("müller", "muller"), JaroWinkler("mxller", "muller"));
  EXPECT_DOUBLE_EQ(JaroWinkler("中文", "中文"), 1.0);
}

TEST(Levenshtein, KnownValues) {
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting"), 3);
  EXPECT_EQ(LevenshteinDistance("flaw", "lawn"), 2);
  EXPECT_EQ(LevenshteinDistance("", "abc"), 3);
  EXPECT_EQ(LevenshteinDistance("abc", ""), 3);
  EXPECT_EQ(LevenshteinDistance("", ""), 0);
  EXPECT_EQ(LevenshteinDistance("same", "same"), 0);
  EXPECT_NEAR(LevenshteinSimilarity("kitten", "sitting"), 1.0 - 3.0 / 7.0, 1e-12);
  EXPECT_DOUBLE_EQ(LevenshteinSimilarity("", ""), 1.0);
  EXPECT_DOUBLE_EQ(LevenshteinSimilarity("", "ab"), 0.0);
}

TEST(Levenshtein, MaxDistanceExitsEarly) {
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting", 1), 2);
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting", 2), 3);
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting", 3), 3);
  EXPECT_EQ(LevenshteinDistance("a", "abcdefgh", 2), 3);  // length gap alone exceeds
  EXPECT_EQ(LevenshteinDistance("abc", "xyz", 0), 1);
  const std::string long_a(200, 'a');
  std::string long_b = long_a;
  long_b[10] = 'b';
  long_b[150] = 'c';
  EXPECT_EQ(LevenshteinDistance(long_a, long_b), 2);
  EXPECT_EQ(LevenshteinDistance(long_a, long_b, 1), 2);
  EXPECT_EQ(LevenshteinDistance(long_a, long_b, 5), 2);
}

TEST(Levenshtein, Utf8) {
  EXPECT_EQ(LevenshteinDistance("café", "cafe"), 1);
  EXPECT_EQ(LevenshteinDistance("中文", "中"), 1);
  EXPECT_NEAR(LevenshteinSimilarity("müller", "muller"), 1.0 - 1.0 / 6.0, 1e-12);
}

TEST(Levenshtein, MatchesReferenceOnRandomStrings) {
  std::mt19937_64 rng(7);
  for (int iter = 0; iter < 3000; ++iter) {
    const bool utf8 = iter % 3 == 0;
    // Lengths straddle 64, where the bit-parallel path hands over to the banded matrix.
    const int max_len = iter % 2 ? 20 : 90;
    const std::string a = RandomString(rng, max_len, utf8);
    const std::string b = RandomString(rng, max_len, utf8);
    const int ref = ReferenceLevenshtein(a, b);
    ASSERT_EQ(LevenshteinDistance(a, b), ref) << a << " / " << b;
    const int cap = static_cast<int>(rng() % 12);
    ASSERT_EQ(LevenshteinDistance(a, b, cap), ref > cap ? cap + 1 : ref)
        << a << " / " << b << " cap " << cap;
    ASSERT_EQ(DamerauLevenshteinDistance(a, b), ReferenceOsa(a, b)) << a << " / " << b;
  }
}

TEST(JaroWinkler, MatchesReferenceOnRandomStrings) {
  std::mt19937_64 rng(8);
  for (int iter = 0; iter < 5000; ++iter) {
    const bool utf8 = iter % 3 == 0;
    const int max_len = iter % 2 ? 12 : 90;  // the bit-mask path covers up to 64 bytes
    const std::string a = RandomString(rng, max_len, utf8);
    const std::string b = RandomString(rng, max_len, utf8);
    ASSERT_DOUBLE_EQ(JaroWinkler(a, b), ReferenceJaroWinkler(a, b)) << a << " / " << b;
  }
}

TEST(DamerauLevenshtein, Transpositions) {
  EXPECT_EQ(DamerauLevenshteinDistance("ca", "ac"), 1);
  EXPECT_EQ(LevenshteinDistance("ca", "ac"), 2);
  EXPECT_EQ(DamerauLevenshteinDistance("abcdef", "abdcef"), 1);
  // Optimal string alignment edits a substring once: "ca" -> "abc" costs 3, not 2.
  EXPECT_EQ(DamerauLevenshteinDistance("ca", "abc"), 3);
  EXPECT_NEAR(DamerauLevenshteinSimilarity("smtih", "smith"), 0.8, 1e-12);
  EXPECT_DOUBLE_EQ(DamerauLevenshteinSimilarity("", ""), 1.0);
}

TEST(JaccardWords, SetsOfWords) {
  EXPECT_DOUBLE_EQ(JaccardWordSimilarity("john smith", "smith john"), 1.0);
  EXPECT_DOUBLE_EQ(JaccardWordSimilarity("smith, john", "john smith"), 1.0);
  EXPECT_NEAR(JaccardWordSimilarity("john a smith", "john smith"), 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(JaccardWordSimilarity("a a b", "b a"), 1.0);
  EXPECT_DOUBLE_EQ(JaccardWordSimilarity("", ""), 1.0);
  EXPECT_DOUBLE_EQ(JaccardWordSimilarity("", "x"), 0.0);
  EXPECT_DOUBLE_EQ(JaccardWordSimilarity("josé garcía", "garcía josé"), 1.0);
}

TEST(QGram, PaddedGrams) {
  EXPECT_DOUBLE_EQ(QGramJaccard("abc", "abc"), 1.0);
  // {#a, ab, b$} vs {#a, ac, c$}: one shared of five.
  EXPECT_DOUBLE_EQ(QGramJaccard("ab", "ac"), 0.2);
  // q=3: {##a, #ab, ab$, b$$} vs {##a, #ac, ac$, c$$}.
  EXPECT_DOUBLE_EQ(QGramJaccard("ab", "ac", 3), 1.0 / 7.0);
  EXPECT_DOUBLE_EQ(QGramJaccard("", ""), 1.0);
  EXPECT_DOUBLE_EQ(QGramJaccard("", "a"), 0.0);
  EXPECT_DOUBLE_EQ(QGramJaccard("é", "e"), 0.0);
  EXPECT_DOUBLE_EQ(QGramJaccard("aé", "aé"), 1.0);
  // Each distinct gram counts once: "aaa" has {#a, aa, a$}.
  EXPECT_DOUBLE_EQ(QGramJaccard("aaa", "aa"), 1.0);
  EXPECT_GT(QGramJaccard("jonathan", "johnathan", 4), 0.3);
  EXPECT_LT(QGramJaccard("jonathan", "johnathan", 4), 1.0);
}

TEST(TokenSortJaroWinkler, WordOrderDoesNotMatter) {
  EXPECT_DOUBLE_EQ(TokenSortJaroWinkler("john smith", "smith john"), 1.0);
  EXPECT_LT(JaroWinkler("john smith", "smith john"), 1.0);
  EXPECT_DOUBLE_EQ(TokenSortJaroWinkler("smith,  john", "john smith"), 1.0);
  EXPECT_DOUBLE_EQ(TokenSortJaroWinkler("mary ann smith", "smith mary anne"),
                   JaroWinkler("ann mary smith", "anne mary smith"));
}

TEST(AffixMatch, Abbreviations) {
  EXPECT_DOUBLE_EQ(AffixMatch("intl", "intl business"), 1.0);
  EXPECT_DOUBLE_EQ(AffixMatch("intl business", "intl"), 1.0);
  EXPECT_DOUBLE_EQ(AffixMatch("ibm", "intl"), 0.0);
  EXPECT_DOUBLE_EQ(AffixMatch("same", "same"), 1.0);
  EXPECT_DOUBLE_EQ(AffixMatch("", ""), 1.0);
  EXPECT_DOUBLE_EQ(AffixMatch("", "abc"), 0.0);
}

TEST(Utf8, LengthAndDecode) {
  EXPECT_EQ(Utf8Length("abc"), 3);
  EXPECT_EQ(Utf8Length("café"), 4);
  EXPECT_EQ(Utf8Length("中文"), 2);
  std::vector<uint32_t> cps;
  internal::DecodeUtf8("aé中\xF0\x9F\x98\x80", &cps);
  EXPECT_EQ(cps, (std::vector<uint32_t>{'a', 0xE9, 0x4E2D, 0x1F600}));
  // A malformed byte is one character of its own, distinct from every real character.
  internal::DecodeUtf8("a\xC3", &cps);
  ASSERT_EQ(cps.size(), 2u);
  EXPECT_GT(cps[1], 0x10FFFFu);
  EXPECT_EQ(LevenshteinDistance("a\xC3", "a"), 1);
}

}  // namespace
}  // namespace kindred::er
