// Small string helpers used everywhere (std::string_view based).
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kindred {

namespace internal {
inline void AppendPiece(std::string* out, std::string_view s) { out->append(s); }
inline void AppendPiece(std::string* out, const char* s) { out->append(s ? s : "(null)"); }
inline void AppendPiece(std::string* out, const std::string& s) { out->append(s); }
inline void AppendPiece(std::string* out, char c) { out->push_back(c); }
inline void AppendPiece(std::string* out, bool b) { out->append(b ? "true" : "false"); }
template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
void AppendPiece(std::string* out, T v) {
  if constexpr (std::is_floating_point_v<T>) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof(buf), v);
    out->append(buf, r.ptr);
  } else {
    out->append(std::to_string(v));
  }
}
}  // namespace internal

// Concatenates strings, string_views, chars and numbers.
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (internal::AppendPiece(&out, args), ...);
  return out;
}

template <typename Container>
std::string StrJoin(const Container& parts, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& p : parts) {
    if (!first) out.append(sep);
    first = false;
    internal::AppendPiece(&out, p);
  }
  return out;
}

std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);
std::string_view Trim(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// Splits on `sep`; keeps empty parts.
std::vector<std::string> StrSplit(std::string_view s, char sep);
bool ParseInt64(std::string_view s, int64_t* out);
// Appends the UTF-8 encoding of code point `cp` (1 to 4 bytes).
void AppendUtf8(uint32_t cp, std::string* out);
bool ParseDouble(std::string_view s, double* out);

}  // namespace kindred
