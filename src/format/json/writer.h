// JSON-lines writer in Spark's json-source style: one object per row, keys in column order,
// null values omitted. Dates as "yyyy-MM-dd", timestamps as "yyyy-MM-ddTHH:mm:ss.SSSZ" (UTC),
// decimals as plain numbers, doubles in Java's text form (NaN/Infinity as strings), binary as
// base64, arrays as JSON arrays (nulls inside arrays kept as null). Thread-safe.
#pragma once

#include <string>

#include "columnar/table.h"
#include "common/status.h"

namespace kindred {

// The whole table as JSON lines (each line ends with LF).
std::string WriteJsonString(const Table& table);

// Writes the same text to `path` atomically (temp file + rename; parent folders are created).
// IoError names the path when it cannot be written; `path` is then untouched.
Status WriteJsonFile(const Table& table, const std::string& path);

}  // namespace kindred
