#include "columnar/format_value.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace kindred {

namespace {
// Formats shortest digits (from to_chars scientific) the way Java does: plain notation for
// 1e-3 <= |v| < 1e7, else "d.dddE±n".
template <typename F>
std::string JavaStyle(F v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  // sci = [-]d[.ddd]e[+-]xx
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string mant = sci.substr(0, e);
  int exp = std::atoi(sci.c_str() + e + 1);
  std::string digits;
  for (char c : mant)
    if (c != '.') digits += c;
  std::string out = neg ? "-" : "";
  double a = std::fabs(static_cast<double>(v));
  if (a >= 1e-3 && a < 1e7) {
    if (exp >= 0) {
      std::string ip = digits.substr(0, std::min<size_t>(digits.size(), exp + 1));
      while (static_cast<int>(ip.size()) < exp + 1) ip += '0';
      std::string fp = static_cast<int>(digits.size()) > exp + 1 ? digits.substr(exp + 1) : "0";
      out += ip + "." + fp;
    } else {
      out += "0.";
      for (int i = 0; i < -exp - 1; ++i) out += '0';
      out += digits;
    }
  } else {
    out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
    out += "E" + std::to_string(exp);
  }
  return out;
}
}  // namespace

std::string FormatDouble(double v) { return JavaStyle(v); }
std::string FormatFloat(float v) { return JavaStyle(v); }

// Howard Hinnant's civil-from-days algorithms.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

std::string FormatDate(int32_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t secs = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
  int64_t frac = micros - secs * 1000000;
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t sod = secs - days * 86400;
  std::string out = FormatDate(static_cast<int32_t>(days));
  char buf[32];
  std::snprintf(buf, sizeof(buf), " %02lld:%02lld:%02lld", static_cast<long long>(sod / 3600),
                static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60));
  out += buf;
  if (frac) {
    std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(frac));
    std::string f(buf);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out;
}

std::string FormatDecimal(__int128 v, int scale) {
  bool neg = v < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(v) : v;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u);
  while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
  if (scale > 0) digits.insert(digits.end() - scale, '.');
  return neg ? "-" + digits : digits;
}

bool ParseDate(std::string_view s, int32_t* days) {
  int y = 0, m = 0, d = 0;
  size_t i = 0;
  auto num = [&](int maxlen, int* out) {
    size_t start = i;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && static_cast<int>(i - start) < maxlen)
      v = v * 10 + (s[i++] - '0');
    *out = v;
    return i > start;
  };
  if (!num(4, &y) || i >= s.size() || s[i++] != '-' || !num(2, &m) || i >= s.size() ||
      s[i++] != '-' || !num(2, &d))
    return false;
  if (i != s.size() && s[i] != ' ' && s[i] != 'T') return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return false;
  *days = static_cast<int32_t>(DaysFromCivil(y, m, d));
  return true;
}

bool ParseTimestamp(std::string_view s, int64_t* micros) {
  int32_t days;
  if (s.size() < 10 || !ParseDate(s.substr(0, 10), &days)) return false;
  int64_t t = static_cast<int64_t>(days) * 86400 * 1000000;
  if (s.size() == 10) {
    *micros = t;
    return true;
  }
  if (s[10] != ' ' && s[10] != 'T') return false;
  int hh = 0, mm = 0, ss = 0;
  int64_t frac = 0;
  std::string rest(s.substr(11));
  if (!rest.empty() && rest.back() == 'Z') rest.pop_back();
  int n = 0;
  if (std::sscanf(rest.c_str(), "%2d:%2d%n", &hh, &mm, &n) < 2) return false;
  size_t p = n;
  if (p < rest.size() && rest[p] == ':') {
    int consumed = 0;
    if (std::sscanf(rest.c_str() + p + 1, "%2d%n", &ss, &consumed) < 1) return false;
    p += 1 + consumed;
    if (p < rest.size() && rest[p] == '.') {
      ++p;
      int digits = 0;
      while (p < rest.size() && rest[p] >= '0' && rest[p] <= '9') {
        if (digits < 6) {
          frac = frac * 10 + (rest[p] - '0');
          ++digits;
        }
        ++p;
      }
      while (digits++ < 6) frac *= 10;
    }
  }
  if (p != rest.size() || hh > 23 || mm > 59 || ss > 60) return false;
  *micros = t + (static_cast<int64_t>(hh) * 3600 + mm * 60 + ss) * 1000000 + frac;
  return true;
}

bool ParseDecimal(std::string_view s, int scale, __int128* out) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  __int128 v = 0;
  int frac_digits = 0;
  bool seen_dot = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !seen_dot) {
      seen_dot = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    any = true;
    if (seen_dot) {
      if (frac_digits >= scale) continue;  // truncates extra digits; callers round if needed
      ++frac_digits;
    }
    v = v * 10 + (c - '0');
  }
  if (!any) return false;
  while (frac_digits++ < scale) v *= 10;
  *out = neg ? -v : v;
  return true;
}

}  // namespace kindred
