// Numeric similarity and number extraction for entity-resolution features.
// All functions are pure and safe to call concurrently.
#pragma once

#include <string>
#include <string_view>

namespace kindred::er {

// The ASCII digits of `s` in order ("+1 (555) 010-2" -> "15550102").
std::string DigitsOnly(std::string_view s);

// Splits the first number in `s` from the text around it: "12.5kg" -> (12.5, "kg"),
// "$ 1,200" -> (1200, "$"), "-3 e" -> (-3, "e"). The number is an optional sign, digits with
// optional ',' thousands groups, and an optional '.' fraction. `units` is the text before and
// after the number, each part trimmed, joined by one space. Returns false (outputs untouched)
// when `s` contains no digit.
bool SplitNumberWithUnits(std::string_view s, double* value, std::string* units);

// 1 - |a-b| / max(|a|,|b|), clipped at 0; 1 when a == b (including both 0). NaN if either is NaN.
double NumericSimilarity(double a, double b);

}  // namespace kindred::er
