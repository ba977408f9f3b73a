// CSV reader with Spark's csv-source options (header, sep, quote, escape, inferSchema, mode,
// badRecordsPath, ...). Produces one columnar Table.
//
// All functions are thread-safe (they share no state); large inputs are parsed on the
// process thread pool (ThreadPool::Default()).
//
// Malformed rows (wrong number of fields, unterminated quote, a value that does not parse as
// its column's type, invalid UTF-8) never vanish silently: they are counted in CsvReadStats and,
// when bad_records_path is set, listed in that file, one JSON object per line:
//   {"path":"data.csv","line":12,"reason":"expected 11 fields, found 9","record":"raw text"}
// The bad-records file is written atomically after every read that sets the path (empty when
// every row was good). A path naming an existing folder gets a file "bad_records.json" in it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/table.h"
#include "columnar/types.h"
#include "common/status.h"

namespace kindred {

// Spark's "mode" option: what to do with a malformed row.
enum class CsvParseMode {
  kPermissive,     // keep the row; bad or missing fields become null
  kDropMalformed,  // drop the row
  kFailFast,       // stop with InvalidArgument "file F line L: <reason>"
};

struct CsvReadOptions {
  char delimiter = ',';
  char quote = '"';  // '\0' disables quoting
  // A quote preceded by `escape` inside a quoted field is literal. The default ('"') is
  // RFC 4180's doubled quote; Spark's default is '\\'. Both work.
  char escape = '"';
  bool header = true;
  bool skip_initial_space = false;   // drop spaces after each delimiter ("a, b, c")
  bool trim_trailing_space = false;  // drop spaces before each delimiter (unquoted fields)
  // Typed columns. Without it every column is a string, named from the header (or _c0, _c1,
  // ... as Spark does without a header).
  std::optional<Schema> schema;
  // Spark's inferSchema: per column the narrowest of int, bigint, double, boolean, date,
  // timestamp, string that holds every non-null value. Ignored when `schema` is set.
  bool infer_schema = false;
  // An unquoted field equal to this is null. An empty unquoted field is always null; an empty
  // quoted field ("") is the empty string in string columns and null in other columns.
  std::string null_value = "";
  // "UTF-8" (default) or "ISO-8859-1" / "latin1" (converted to UTF-8). Under UTF-8 a row
  // holding invalid UTF-8 is malformed.
  std::string encoding = "UTF-8";
  CsvParseMode mode = CsvParseMode::kPermissive;
  std::string bad_records_path;  // see the top of this file
  std::string comment;           // one character; lines starting with it are skipped
  bool multi_line = true;        // quoted fields may hold newlines (RFC 4180)
};

struct CsvReadStats {
  int64_t rows = 0;                       // rows in the returned table
  int64_t bad_records = 0;                // malformed rows (kept, dropped or the one that failed)
  std::vector<std::string> first_errors;  // "file F line L: reason", at most 20
};

// Reads one CSV file. NotFound names the path when it does not exist; InvalidArgument for bad
// options, for a FAILFAST malformed row ("file F line L: expected 11 fields, found 9") and for
// a schema the CSV source cannot hold (arrays). `stats` may be null.
Result<TablePtr> ReadCsvFile(const std::string& path, const CsvReadOptions& opts,
                             CsvReadStats* stats = nullptr);

// Reads several files into one table. A folder path stands for every part file in it (names
// ending in .csv or starting with "part-"), sorted by name. Column names come from the first
// file's header; every file's header line is skipped.
Result<TablePtr> ReadCsvFiles(const std::vector<std::string>& paths, const CsvReadOptions& opts,
                              CsvReadStats* stats = nullptr);

// Reads CSV text held in memory; `source_name` is used in error messages and bad records.
Result<TablePtr> ReadCsvString(std::string_view data, const CsvReadOptions& opts,
                               CsvReadStats* stats = nullptr,
                               const std::string& source_name = "<string>");

// Builds options from Spark option names (case-insensitive): header, delimiter/sep, quote,
// escape, inferSchema, nullValue, encoding/charset, mode, badRecordsPath,
// ignoreLeadingWhiteSpace, ignoreTrailingWhiteSpace, comment, multiLine, schema (DDL).
// Unknown option names are ignored, as Spark does; a value that cannot be used gives
// InvalidArgument naming the option and the value.
Result<CsvReadOptions> CsvOptionsFromMap(const std::map<std::string, std::string>& props);

// Parses Spark's mode names (PERMISSIVE, DROPMALFORMED, FAILFAST; case-insensitive).
Result<CsvParseMode> ParseCsvParseMode(std::string_view name);

}  // namespace kindred
