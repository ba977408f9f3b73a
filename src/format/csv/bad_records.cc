#include "format/csv/bad_records.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "columnar/format_value.h"
#include "common/file_util.h"

namespace kindred::format_internal {

std::string DescribeBadRecord(const BadRecord& r) {
  return StrCat("file ", r.source, " line ", r.line, ": ", r.reason);
}

Status WriteBadRecords(const std::string& path, const std::vector<BadRecord>& records) {
  std::string target = IsDirectory(path) ? path + "/bad_records.json" : path;
  std::string out;
  for (const BadRecord& r : records) {
    nlohmann::ordered_json j;
    j["path"] = r.source;
    j["line"] = r.line;
    j["reason"] = r.reason;
    j["record"] = r.raw;
    // replace: a record rejected for invalid UTF-8 must still be listable.
    out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
  }
  Status st = WriteFileAtomic(target, out);
  if (!st.ok()) return st.WithContext("writing bad records");
  return OkStatus();
}

bool IsValidUtf8(const char* p, size_t n) {
  const auto* s = reinterpret_cast<const unsigned char*>(p);
  size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += len;
  }
  return true;
}

bool ParseDecimalForType(std::string_view s, int precision, int scale, __int128* out) {
  __int128 x;
  // One digit more than the scale decides the rounding; ParseDecimal drops the rest.
  if (!ParseDecimal(s, scale + 1, &x)) return false;
  bool neg = x < 0;
  if (neg) x = -x;
  x = (x + 5) / 10;
  __int128 limit = 1;
  for (int k = 0; k < precision && k < 38; ++k) limit *= 10;
  if (precision < 38 && x >= limit) return false;
  *out = neg ? -x : x;
  return true;
}

std::string Latin1ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

Result<std::vector<std::string>> ExpandPartFiles(const std::vector<std::string>& paths,
                                                 const std::string& suffix) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    if (!IsDirectory(p)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(p, ec)) {
      if (!e.is_regular_file()) continue;
      std::string name = e.path().filename().string();
      if (name.empty() || name[0] == '.' || name[0] == '_') continue;
      bool match = name.size() > suffix.size() &&
                   name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
      if (match || name.rfind("part-", 0) == 0) files.push_back(e.path().string());
    }
    if (ec) return IoError("cannot list folder '", p, "': ", ec.message());
    std::sort(files.begin(), files.end());
    out.insert(out.end(), files.begin(), files.end());
  }
  return out;
}

}  // namespace kindred::format_internal
