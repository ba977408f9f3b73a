// JSON-lines reader (Spark's json source): one JSON object per line, or with multi_line the
// whole file is one JSON array of objects (or one object). Produces one columnar Table.
//
// Thread-safe: the functions share no state.
//
// Without a schema the columns are inferred as Spark does: every key seen in any record, sorted
// alphabetically; integers -> bigint, other numbers -> double, true/false -> boolean, strings ->
// string, arrays -> array<element>, bigint mixed with double -> double, any other mix -> string,
// a key that is only ever null -> string. A nested object is kept as its JSON text in a string
// column (Kindred's columnar core has no struct type).
//
// With a schema, a string column takes any JSON value (non-strings as their JSON text); other
// columns need a value of their kind (dates and timestamps as strings); a missing key is null.
// A line that is not valid JSON, not an object, or holds a value that does not fit its column is
// malformed and handled per `mode` as in the CSV reader (format/csv/reader.h), including the
// bad-records file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "format/csv/reader.h"

namespace kindred {

struct JsonReadOptions {
  std::optional<Schema> schema;
  CsvParseMode mode = CsvParseMode::kPermissive;  // Spark's "mode"
  std::string bad_records_path;                   // as CsvReadOptions::bad_records_path
  bool multi_line = false;  // multiLine: the whole file is one JSON array or object
};

// Reads one file. NotFound names a missing path; InvalidArgument for a FAILFAST malformed
// record ("file F line L: reason"). `bad_records` (may be null) receives the malformed count.
Result<TablePtr> ReadJsonFile(const std::string& path, const JsonReadOptions& opts,
                              int64_t* bad_records = nullptr);

// Reads several files into one table; a folder stands for its part files (names ending in .json
// or starting with "part-"), sorted. The schema is inferred over all files together.
Result<TablePtr> ReadJsonFiles(const std::vector<std::string>& paths, const JsonReadOptions& opts,
                               int64_t* bad_records = nullptr);

// Reads JSON text held in memory; `source_name` is used in errors and bad records.
Result<TablePtr> ReadJsonString(std::string_view data, const JsonReadOptions& opts,
                                int64_t* bad_records = nullptr,
                                const std::string& source_name = "<string>");

// Spark option names (case-insensitive): schema (DDL), mode, badRecordsPath, multiLine.
// Unknown names are ignored; unusable values give InvalidArgument naming the option.
Result<JsonReadOptions> JsonOptionsFromMap(const std::map<std::string, std::string>& props);

}  // namespace kindred
