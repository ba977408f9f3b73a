// Phonetic codes and character-class projections used as entity-resolution features.
// Only ASCII letters carry sound: other bytes (digits, punctuation, non-ASCII UTF-8) are
// skipped. All functions are pure and safe to call concurrently.
#pragma once

#include <string>
#include <string_view>

namespace kindred::er {

// American Soundex: the first letter (upper-case) and three digits, zero-padded
// ("Robert" -> "R163", "Tymczak" -> "T522"); letters separated only by 'h' or 'w' with the same
// code are coded once. Returns "" when `s` has no ASCII letter.
std::string Soundex(std::string_view s);

// Lawrence Philips' original Metaphone (1990), upper-case, at most `max_len` characters
// ('0' stands for "th"). Returns "" when `s` has no ASCII letter.
std::string Metaphone(std::string_view s, int max_len = 6);

// The ASCII letters of `s`, lower-cased ("O'Neil-2" -> "oneil"), as Zingg's ONLY_ALPHABETS_*
// match types compare them.
std::string OnlyAlphabets(std::string_view s);

}  // namespace kindred::er
