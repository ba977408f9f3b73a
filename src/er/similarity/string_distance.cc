#include "er/similarity/string_distance.h"

#include <algorithm>
#include <cstring>

namespace kindred::er {
namespace internal {
namespace {

constexpr int kBig = INT_MAX / 2;
// Code points for malformed bytes and q-gram padding sit above Unicode's range (0x10FFFF) so
// they never collide with real characters, and below 2^21 so three fit in a uint64_t.
constexpr uint32_t kMalformedBase = 0x110000;
constexpr uint32_t kPadStart = 0x1FFFF0;
constexpr uint32_t kPadEnd = 0x1FFFF1;

// Runs fn(a_chars, a_len, b_chars, b_len) on bytes when both strings are ASCII (the common case,
// no decoding) and on decoded code points otherwise.
template <typename Fn>
auto WithChars(std::string_view a, std::string_view b, SimilarityScratch* s, Fn&& fn) {
  if (IsAscii(a) && IsAscii(b)) {
    return fn(reinterpret_cast<const uint8_t*>(a.data()), static_cast<int>(a.size()),
              reinterpret_cast<const uint8_t*>(b.data()), static_cast<int>(b.size()));
  }
  DecodeUtf8(a, &s->a_chars);
  DecodeUtf8(b, &s->b_chars);
  return fn(s->a_chars.data(), static_cast<int>(s->a_chars.size()), s->b_chars.data(),
            static_cast<int>(s->b_chars.size()));
}

// Winkler's boost of a Jaro score by the common prefix (at most 4 characters).
template <typename T>
double WinklerBoost(double jaro, const T* a, int la, const T* b, int lb) {
  if (jaro <= 0.7) return jaro;
  int prefix = 0;
  const int max_prefix = std::min(4, std::min(la, lb));
  while (prefix < max_prefix && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

double JaroScore(int matches, int half_transpositions, int la, int lb) {
  if (matches == 0) return 0.0;
  // Integer halving as in Winkler's strcmp95.
  const int t = half_transpositions / 2;
  const double m = matches;
  return (m / la + m / lb + (m - t) / m) / 3.0;
}

// Jaro-Winkler for ASCII strings of at most 64 bytes with bit masks: for each character of `a`,
// the first unmatched equal character of `b` inside the window is the lowest set bit of
// (positions of that character in b) & ~(matched) & (window). Same result as the scan below.
double JaroWinklerBits(const uint8_t* a, int la, const uint8_t* b, int lb, uint64_t* peq) {
  for (int j = 0; j < lb; ++j) peq[b[j]] |= uint64_t{1} << j;
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  uint64_t matched_a = 0, matched_b = 0;
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    if (lo > hi) continue;
    const int width = hi - lo + 1;
    const uint64_t mask = (width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1) << lo;
    const uint64_t candidates = peq[a[i]] & ~matched_b & mask;
    if (candidates) {
      matched_b |= candidates & (~candidates + 1);
      matched_a |= uint64_t{1} << i;
      ++matches;
    }
  }
  for (int j = 0; j < lb; ++j) peq[b[j]] = 0;
  int half_transpositions = 0;
  while (matched_a) {
    const int i = __builtin_ctzll(matched_a);
    const int j = __builtin_ctzll(matched_b);
    half_transpositions += a[i] != b[j];
    matched_a &= matched_a - 1;
    matched_b &= matched_b - 1;
  }
  return WinklerBoost(JaroScore(matches, half_transpositions, la, lb), a, la, b, lb);
}

template <typename T>
double JaroWinklerChars(const T* a, int la, const T* b, int lb, SimilarityScratch* s) {
  if (la == 0 && lb == 0) return 1.0;
  if (la == 0 || lb == 0) return 0.0;
  if constexpr (sizeof(T) == 1) {
    if (la <= 64 && lb <= 64) return JaroWinklerBits(a, la, b, lb, s->peq);
  }
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  s->flags.assign(static_cast<size_t>(la) + lb, 0);
  uint8_t* fa = s->flags.data();
  uint8_t* fb = fa + la;
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (!fb[j] && a[i] == b[j]) {
        fa[i] = fb[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  int half_transpositions = 0;
  for (int i = 0, k = 0; i < la; ++i) {
    if (!fa[i]) continue;
    while (!fb[k]) ++k;
    if (a[i] != b[k]) ++half_transpositions;
    ++k;
  }
  return WinklerBoost(JaroScore(matches, half_transpositions, la, lb), a, la, b, lb);
}

// Hyyrö's formulation of Myers' bit-parallel edit distance; pattern `a` has 1..64 bytes.
int MyersDistance(const uint8_t* a, int la, const uint8_t* b, int lb, uint64_t* peq) {
  for (int j = 0; j < la; ++j) peq[a[j]] |= uint64_t{1} << j;
  uint64_t pv = ~uint64_t{0}, mv = 0;
  const uint64_t last = uint64_t{1} << (la - 1);
  int score = la;
  for (int i = 0; i < lb; ++i) {
    const uint64_t eq = peq[b[i]];
    const uint64_t xv = eq | mv;
    const uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
    uint64_t ph = mv | ~(xh | pv);
    uint64_t mh = pv & xh;
    if (ph & last) ++score;
    if (mh & last) --score;
    // Row 0 of the DP matrix is 0,1,2,..., so each column starts with a +1 horizontal delta.
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  for (int j = 0; j < la; ++j) peq[a[j]] = 0;
  return score;
}

// Hyyrö's (2003) bit-parallel optimal string alignment distance: Myers' recurrence plus a
// transposition term from the previous column's match mask; pattern `a` has 1..64 bytes.
int HyyroOsaDistance(const uint8_t* a, int la, const uint8_t* b, int lb, uint64_t* peq) {
  for (int j = 0; j < la; ++j) peq[a[j]] |= uint64_t{1} << j;
  uint64_t vp = ~uint64_t{0}, vn = 0, d0 = 0, prev_eq = 0;
  const uint64_t last = uint64_t{1} << (la - 1);
  int score = la;
  for (int i = 0; i < lb; ++i) {
    const uint64_t eq = peq[b[i]];
    const uint64_t transposed = ((~d0 & eq) << 1) & prev_eq;
    d0 = (((eq & vp) + vp) ^ vp) | eq | vn | transposed;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    if (hp & last) ++score;
    if (hn & last) --score;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    prev_eq = eq;
  }
  for (int j = 0; j < la; ++j) peq[a[j]] = 0;
  return score;
}

// Strips the common prefix and suffix, which never change an edit (or OSA) distance.
template <typename T>
void StripAffixes(const T*& a, int& la, const T*& b, int& lb) {
  while (la > 0 && lb > 0 && *a == *b) {
    ++a, ++b;
    --la, --lb;
  }
  while (la > 0 && lb > 0 && a[la - 1] == b[lb - 1]) --la, --lb;
}

template <typename T>
int LevenshteinChars(const T* a, int la, const T* b, int lb, int max_d, SimilarityScratch* s) {
  StripAffixes(a, la, b, lb);
  if (la > lb) {  // the row runs over the shorter string
    std::swap(a, b);
    std::swap(la, lb);
  }
  if (max_d < 0) max_d = 0;
  if (lb - la > max_d) return max_d + 1;
  if (la == 0) return lb;
  if constexpr (sizeof(T) == 1) {
    if (la <= 64) {
      const int d = MyersDistance(a, la, b, lb, s->peq);
      return d > max_d ? max_d + 1 : d;
    }
  }
  const int band = std::min(max_d, lb);
  s->row0.resize(la + 1);
  s->row1.resize(la + 1);
  int* prev = s->row0.data();
  int* cur = s->row1.data();
  for (int j = 0; j <= la; ++j) prev[j] = j <= band ? j : kBig;
  for (int i = 1; i <= lb; ++i) {
    // Cells farther than `band` from the diagonal exceed max_distance; they are skipped.
    const int lo = std::max(1, i - band);
    const int hi = std::min(la, i + band);
    cur[lo - 1] = lo == 1 && i <= band ? i : kBig;
    int row_min = cur[lo - 1];
    const T bc = b[i - 1];
    for (int j = lo; j <= hi; ++j) {
      int v = prev[j - 1] + (a[j - 1] != bc);
      v = std::min(v, prev[j] + 1);
      v = std::min(v, cur[j - 1] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (hi < la) cur[hi + 1] = kBig;
    if (row_min > max_d) return max_d + 1;
    std::swap(prev, cur);
  }
  const int d = prev[la];
  return d > max_d ? max_d + 1 : d;
}

template <typename T>
int OsaChars(const T* a, int la, const T* b, int lb, SimilarityScratch* s) {
  StripAffixes(a, la, b, lb);
  if (la > lb) {
    std::swap(a, b);
    std::swap(la, lb);
  }
  if (la == 0) return lb;
  if constexpr (sizeof(T) == 1) {
    if (la <= 64) return HyyroOsaDistance(a, la, b, lb, s->peq);
  }
  s->row0.resize(la + 1);
  s->row1.resize(la + 1);
  s->row2.resize(la + 1);
  int* prev2 = s->row2.data();
  int* prev = s->row0.data();
  int* cur = s->row1.data();
  for (int j = 0; j <= la; ++j) prev[j] = j;
  for (int i = 1; i <= lb; ++i) {
    cur[0] = i;
    const T bc = b[i - 1];
    for (int j = 1; j <= la; ++j) {
      int v = prev[j - 1] + (a[j - 1] != bc);
      v = std::min(v, prev[j] + 1);
      v = std::min(v, cur[j - 1] + 1);
      if (i > 1 && j > 1 && a[j - 1] == b[i - 2] && a[j - 2] == bc)
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    int* t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[la];
}

inline bool IsWordByte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Q-grams of `s` as 64-bit keys: exact packing of 21-bit code points for q <= 3, a mixing hash
// beyond (collisions at 64 bits are negligible for feature purposes). Sorted and unique.
void QGrams(std::string_view s, int q, std::vector<uint32_t>* chars, std::vector<uint64_t>* out) {
  DecodeUtf8(s, chars);
  const size_t n = chars->size();
  out->clear();
  // Padded sequence: q-1 starts, the characters, q-1 ends; read through an index function.
  const size_t padded = n + 2 * (q - 1);
  auto at = [&](size_t i) -> uint64_t {
    if (i < static_cast<size_t>(q - 1)) return kPadStart;
    i -= q - 1;
    return i < n ? (*chars)[i] : kPadEnd;
  };
  if (padded < static_cast<size_t>(q)) return;
  for (size_t i = 0; i + q <= padded; ++i) {
    uint64_t key = 0;
    if (q <= 3) {
      for (int k = 0; k < q; ++k) key = (key << 21) | at(i + k);
    } else {
      key = 0x9E3779B97F4A7C15ull;
      for (int k = 0; k < q; ++k) {
        key ^= at(i + k) + 0x9E3779B97F4A7C15ull + (key << 6) + (key >> 2);
        key *= 0xBF58476D1CE4E5B9ull;
      }
    }
    out->push_back(key);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

template <typename T>
double SortedSetJaccard(const std::vector<T>& x, const std::vector<T>& y) {
  if (x.empty() && y.empty()) return 1.0;
  size_t i = 0, j = 0, common = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  const size_t uni = x.size() + y.size() - common;
  return static_cast<double>(common) / static_cast<double>(uni);
}

void SortedWords(std::string_view s, std::vector<std::string_view>* out, bool unique) {
  SplitWords(s, out);
  std::sort(out->begin(), out->end());
  if (unique) out->erase(std::unique(out->begin(), out->end()), out->end());
}

void JoinWords(const std::vector<std::string_view>& words, std::string* out) {
  out->clear();
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out->push_back(' ');
    out->append(words[i]);
  }
}

}  // namespace

SimilarityScratch& ThreadScratch() {
  static thread_local SimilarityScratch scratch;
  return scratch;
}

bool IsAscii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    if (w & 0x8080808080808080ull) return false;
    p += 8;
    n -= 8;
  }
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<unsigned char>(p[i]) >= 0x80) return false;
  }
  return true;
}

void DecodeUtf8(std::string_view s, std::vector<uint32_t>* out) {
  out->clear();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      out->push_back(c);
      ++i;
      continue;
    }
    int len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    }
    bool ok = len > 0 && i + len <= n;
    for (int k = 1; ok && k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (ok) {
      out->push_back(cp);
      i += len;
    } else {
      out->push_back(kMalformedBase + c);
      ++i;
    }
  }
}

void SplitWords(std::string_view s, std::vector<std::string_view>* out) {
  out->clear();
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    while (i < n && !IsWordByte(static_cast<unsigned char>(s[i]))) ++i;
    const size_t start = i;
    while (i < n && IsWordByte(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out->push_back(s.substr(start, i - start));
  }
}

double JaroWinkler(std::string_view a, std::string_view b, SimilarityScratch* s) {
  if (a == b) return 1.0;
  return WithChars(a, b, s, [s](const auto* x, int lx, const auto* y, int ly) {
    return JaroWinklerChars(x, lx, y, ly, s);
  });
}

int LevenshteinDistance(std::string_view a, std::string_view b, int max_distance,
                        SimilarityScratch* s) {
  if (a == b) return 0;
  return WithChars(a, b, s, [s, max_distance](const auto* x, int lx, const auto* y, int ly) {
    return LevenshteinChars(x, lx, y, ly, max_distance, s);
  });
}

double LevenshteinSimilarity(std::string_view a, std::string_view b, SimilarityScratch* s) {
  if (a == b) return 1.0;
  return WithChars(a, b, s, [s](const auto* x, int lx, const auto* y, int ly) {
    const int longest = std::max(lx, ly);
    if (longest == 0) return 1.0;
    return 1.0 - static_cast<double>(LevenshteinChars(x, lx, y, ly, INT_MAX, s)) / longest;
  });
}

int DamerauLevenshteinDistance(std::string_view a, std::string_view b, SimilarityScratch* s) {
  if (a == b) return 0;
  return WithChars(a, b, s, [s](const auto* x, int lx, const auto* y, int ly) {
    return OsaChars(x, lx, y, ly, s);
  });
}

double DamerauLevenshteinSimilarity(std::string_view a, std::string_view b, SimilarityScratch* s) {
  if (a == b) return 1.0;
  return WithChars(a, b, s, [s](const auto* x, int lx, const auto* y, int ly) {
    const int longest = std::max(lx, ly);
    if (longest == 0) return 1.0;
    return 1.0 - static_cast<double>(OsaChars(x, lx, y, ly, s)) / longest;
  });
}

double JaccardWordSimilarity(std::string_view a, std::string_view b, SimilarityScratch* s) {
  SortedWords(a, &s->tokens_a, /*unique=*/true);
  SortedWords(b, &s->tokens_b, /*unique=*/true);
  return SortedSetJaccard(s->tokens_a, s->tokens_b);
}

double QGramJaccard(std::string_view a, std::string_view b, int q, SimilarityScratch* s) {
  q = std::clamp(q, 1, 8);
  if (a == b) return 1.0;
  QGrams(a, q, &s->a_chars, &s->grams_a);
  QGrams(b, q, &s->a_chars, &s->grams_b);
  return SortedSetJaccard(s->grams_a, s->grams_b);
}

double TokenSortJaroWinkler(std::string_view a, std::string_view b, SimilarityScratch* s) {
  if (a == b) return 1.0;
  SortedWords(a, &s->tokens_a, /*unique=*/false);
  SortedWords(b, &s->tokens_b, /*unique=*/false);
  JoinWords(s->tokens_a, &s->sorted_a);
  JoinWords(s->tokens_b, &s->sorted_b);
  return JaroWinkler(s->sorted_a, s->sorted_b, s);
}

}  // namespace internal

double JaroWinkler(std::string_view a, std::string_view b) {
  return internal::JaroWinkler(a, b, &internal::ThreadScratch());
}
int LevenshteinDistance(std::string_view a, std::string_view b, int max_distance) {
  return internal::LevenshteinDistance(a, b, max_distance, &internal::ThreadScratch());
}
double LevenshteinSimilarity(std::string_view a, std::string_view b) {
  return internal::LevenshteinSimilarity(a, b, &internal::ThreadScratch());
}
int DamerauLevenshteinDistance(std::string_view a, std::string_view b) {
  return internal::DamerauLevenshteinDistance(a, b, &internal::ThreadScratch());
}
double DamerauLevenshteinSimilarity(std::string_view a, std::string_view b) {
  return internal::DamerauLevenshteinSimilarity(a, b, &internal::ThreadScratch());
}
double JaccardWordSimilarity(std::string_view a, std::string_view b) {
  return internal::JaccardWordSimilarity(a, b, &internal::ThreadScratch());
}
double QGramJaccard(std::string_view a, std::string_view b, int q) {
  return internal::QGramJaccard(a, b, q, &internal::ThreadScratch());
}
double TokenSortJaroWinkler(std::string_view a, std::string_view b) {
  return internal::TokenSortJaroWinkler(a, b, &internal::ThreadScratch());
}

double AffixMatch(std::string_view a, std::string_view b) {
  if (a.size() == b.size()) return a == b ? 1.0 : 0.0;
  if (a.empty() || b.empty()) return 0.0;
  const std::string_view& shorter = a.size() < b.size() ? a : b;
  const std::string_view& longer = a.size() < b.size() ? b : a;
  return longer.substr(0, shorter.size()) == shorter ? 1.0 : 0.0;
}

int64_t Utf8Length(std::string_view s) {
  int64_t n = 0;
  // Every byte that is not a continuation byte (10xxxxxx) starts a character. This counts a
  // malformed lead byte once, which matches DecodeUtf8 for well-formed text.
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace kindred::er
