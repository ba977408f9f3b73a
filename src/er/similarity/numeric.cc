#include "er/similarity/numeric.h"

#include <cmath>
#include <cstdlib>

#include "common/strings.h"

namespace kindred::er {
namespace {
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::string DigitsOnly(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsDigit(c)) out.push_back(c);
  }
  return out;
}

bool SplitNumberWithUnits(std::string_view s, double* value, std::string* units) {
  size_t first = 0;
  while (first < s.size() && !IsDigit(s[first])) ++first;
  if (first == s.size()) return false;
  size_t begin = first;
  // A '.' right before the digits starts a fraction (".5kg"); a sign before that negates.
  if (begin > 0 && s[begin - 1] == '.') --begin;
  bool negative = false;
  // Only a sign at the start or after a space: "size-12" is a label and a number, not -12.
  if (begin > 0 && (s[begin - 1] == '-' || s[begin - 1] == '+') &&
      (begin == 1 || s[begin - 2] == ' ')) {
    negative = s[begin - 1] == '-';
    --begin;
  }
  std::string digits;  // the number without sign or thousands separators, for strtod
  size_t i = s[begin] == '-' || s[begin] == '+' ? begin + 1 : begin;
  while (i < s.size()) {
    if (IsDigit(s[i])) {
      digits.push_back(s[i++]);
    } else if (s[i] == ',' && !digits.empty() && digits.find('.') == std::string::npos &&
               i + 3 < s.size() && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) && IsDigit(s[i + 3]) &&
               (i + 4 >= s.size() || !IsDigit(s[i + 4]))) {
      ++i;  // thousands separator: exactly three digits follow
    } else if (s[i] == '.' && digits.find('.') == std::string::npos && i + 1 < s.size() &&
               IsDigit(s[i + 1])) {
      digits.push_back(s[i++]);
    } else {
      break;
    }
  }
  double v = std::strtod(digits.c_str(), nullptr);
  *value = negative ? -v : v;
  const std::string_view before = Trim(s.substr(0, begin));
  const std::string_view after = Trim(s.substr(i));
  units->assign(before);
  if (!before.empty() && !after.empty()) units->push_back(' ');
  units->append(after);
  return true;
}

double NumericSimilarity(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::nan("");
  if (a == b) return 1.0;
  const double scale = std::max(std::fabs(a), std::fabs(b));
  if (std::isinf(scale)) return 0.0;
  const double sim = 1.0 - std::fabs(a - b) / scale;
  return sim < 0.0 ? 0.0 : sim;
}

}  // namespace kindred::er
