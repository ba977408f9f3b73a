// Helpers shared by the CSV and JSON readers: bad-record bookkeeping (the record, where it came
// from, why it was rejected, and the JSON-lines file listing them; see format/csv/reader.h),
// UTF-8 checks and folder expansion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kindred::format_internal {

struct BadRecord {
  std::string source;  // file path or "<string>"
  int64_t line = 0;    // 1-based physical line where the record starts
  std::string reason;
  std::string raw;  // the record's text as read
};

// "file F line L: reason"
std::string DescribeBadRecord(const BadRecord& r);

// Writes `records` to `path` atomically, one JSON object per line
// ({"path","line","reason","record"}). A `path` naming an existing folder gets
// "bad_records.json" inside it. Invalid UTF-8 in the raw text is replaced by U+FFFD.
Status WriteBadRecords(const std::string& path, const std::vector<BadRecord>& records);

// True when [p, p+n) is valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool IsValidUtf8(const char* p, size_t n);

// Converts ISO-8859-1 bytes to UTF-8.
std::string Latin1ToUtf8(std::string_view s);

// Parses a decimal for decimal(precision, scale), rounding extra fraction digits half-up as
// Spark does. False when the text is not a number or needs more than `precision` digits.
bool ParseDecimalForType(std::string_view s, int precision, int scale, __int128* out);

// Expands folders into their part files (names ending in `suffix` or starting with "part-";
// hidden and "_" files skipped), sorted by name. Other paths are kept as given.
Result<std::vector<std::string>> ExpandPartFiles(const std::vector<std::string>& paths,
                                                 const std::string& suffix);

}  // namespace kindred::format_internal
