// CSV writer: Spark's text forms of values (Column::FormatValue), RFC 4180 quoting.
// Thread-safe (no shared state); rows are formatted on the process thread pool.
#pragma once

#include <string>

#include "columnar/table.h"
#include "common/status.h"

namespace kindred {

struct CsvWriteOptions {
  char delimiter = ',';
  bool header = true;
  std::string null_value = "";  // written for nulls, unquoted
  char quote = '"';             // quotes inside a value are doubled
  bool quote_all = false;       // quote every non-null value
};

// A field is quoted when it contains the delimiter, the quote, CR or LF, when it is empty (so
// an empty string reads back as "" and not as null), when it equals a non-empty null_value, or
// when quote_all is set. Lines end with LF.
std::string WriteCsvString(const Table& table, const CsvWriteOptions& opts);

// Writes the same text to `path` atomically (temp file + rename; parent folders are created).
// Returns IoError naming the path when the file cannot be written; `path` is then untouched.
Status WriteCsvFile(const Table& table, const std::string& path, const CsvWriteOptions& opts);

}  // namespace kindred
