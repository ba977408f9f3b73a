// String similarity functions used as entity-resolution features.
//
// Inputs are UTF-8 and already normalised (lower-cased, trimmed) by the caller. Edit and Jaro
// distances count characters, not bytes: a multi-byte UTF-8 sequence is one character (ASCII
// strings take a byte-wise fast path; malformed bytes count as one character each).
// Similarities are in [0, 1]; two equal strings (including two empty ones) score 1.
// All functions are pure and safe to call concurrently from multiple threads.
#pragma once

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kindred::er {

// Jaro-Winkler: Jaro similarity plus Winkler's common-prefix boost (scale 0.1, at most 4
// characters), applied when the Jaro score exceeds 0.7 as in Winkler's definition.
double JaroWinkler(std::string_view a, std::string_view b);

// Levenshtein edit distance (insert, delete, substitute; cost 1 each). When the distance exceeds
// `max_distance`, returns max_distance + 1 as soon as that is certain (banded early exit).
int LevenshteinDistance(std::string_view a, std::string_view b, int max_distance = INT_MAX);

// 1 - distance / max(length a, length b), lengths in characters.
double LevenshteinSimilarity(std::string_view a, std::string_view b);

// Like LevenshteinSimilarity with adjacent transpositions costing 1 (optimal string alignment:
// a substring is edited at most once).
double DamerauLevenshteinSimilarity(std::string_view a, std::string_view b);
int DamerauLevenshteinDistance(std::string_view a, std::string_view b);

// Jaccard index of the sets of words; words are split on ASCII whitespace and punctuation
// (bytes >= 0x80 belong to words). Two strings without words score 1, one without words 0.
double JaccardWordSimilarity(std::string_view a, std::string_view b);

// Jaccard index of the sets of character q-grams (1 <= q <= 8), each string padded with q-1
// start and q-1 end markers so short strings and word boundaries still produce q-grams.
double QGramJaccard(std::string_view a, std::string_view b, int q = 2);

// Jaro-Winkler of the words of each string sorted and re-joined by single spaces, so word order
// does not matter ("john smith" vs "smith john" scores 1).
double TokenSortJaroWinkler(std::string_view a, std::string_view b);

// 1 if one string is a prefix of the other (abbreviations: "intl" / "intl business"), else 0.
// Two empty strings score 1; an empty and a non-empty string score 0 (nothing was abbreviated).
double AffixMatch(std::string_view a, std::string_view b);

// Number of characters (UTF-8 code points; malformed bytes count one each).
int64_t Utf8Length(std::string_view s);

namespace internal {

// Reusable buffers so column kernels run without allocating per pair. One per thread.
struct SimilarityScratch {
  std::vector<uint32_t> a_chars, b_chars;
  std::vector<int> row0, row1, row2;
  std::vector<uint8_t> flags;
  std::vector<std::string_view> tokens_a, tokens_b;
  std::vector<uint64_t> grams_a, grams_b;
  std::string sorted_a, sorted_b;
  uint64_t peq[256] = {};  // bit-parallel Levenshtein match masks, kept all-zero between calls
};

// The process's per-thread scratch (thread_local).
SimilarityScratch& ThreadScratch();

double JaroWinkler(std::string_view a, std::string_view b, SimilarityScratch* s);
int LevenshteinDistance(std::string_view a, std::string_view b, int max_distance,
                        SimilarityScratch* s);
double LevenshteinSimilarity(std::string_view a, std::string_view b, SimilarityScratch* s);
int DamerauLevenshteinDistance(std::string_view a, std::string_view b, SimilarityScratch* s);
double DamerauLevenshteinSimilarity(std::string_view a, std::string_view b, SimilarityScratch* s);
double JaccardWordSimilarity(std::string_view a, std::string_view b, SimilarityScratch* s);
double QGramJaccard(std::string_view a, std::string_view b, int q, SimilarityScratch* s);
double TokenSortJaroWinkler(std::string_view a, std::string_view b, SimilarityScratch* s);

// True if every byte is < 0x80.
bool IsAscii(std::string_view s);
// Appends the code points of `s` to `out` (cleared first).
void DecodeUtf8(std::string_view s, std::vector<uint32_t>* out);
// Splits `s` into words as JaccardWordSimilarity does (views into `s`).
void SplitWords(std::string_view s, std::vector<std::string_view>* out);

}  // namespace internal
}  // namespace kindred::er
