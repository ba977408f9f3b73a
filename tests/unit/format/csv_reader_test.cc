#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "columnar/format_value.h"
#include "common/file_util.h"
#include "format/csv/reader.h"
#include "format/csv/writer.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;

std::string SharedData() {
  if (const char* d = std::getenv("KINDRED_SHARED_DATA")) return d;
  return std::string(KINDRED_SOURCE_DIR) + "/../shared/data";
}

std::string TempDir(const std::string& name) {
  std::string dir =
      (fs::temp_directory_path() / ("kindred_csv_test_" + name + "_" + std::to_string(::getpid())))
          .string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TablePtr Read(std::string_view text, const CsvReadOptions& o = {}, CsvReadStats* stats = nullptr) {
  Result<TablePtr> t = ReadCsvString(text, o, stats);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : nullptr;
}

std::string Cell(const Table& t, int col, int64_t row) {
  const Column& c = *t.column(col);
  return c.IsNull(row) ? "<null>" : c.FormatValue(row);
}

std::vector<nlohmann::json> ReadBadRecords(const std::string& path) {
  std::vector<nlohmann::json> out;
  Result<std::string> text = ReadFileToString(path);
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return out;
  for (const std::string& line : StrSplit(*text, '\n'))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(CsvReader, Rfc4180QuotingAndDoubledQuotes) {
  TablePtr t = Read("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",plain\n\"\",,\"\"\"\"\n");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 2);
  ASSERT_EQ(t->num_columns(), 3);
  EXPECT_EQ(Cell(*t, 0, 0), "x,y");
  EXPECT_EQ(Cell(*t, 1, 0), "say \"hi\"");
  EXPECT_EQ(Cell(*t, 2, 0), "plain");
  // A quoted empty field is the empty string; an unquoted empty field is null.
  EXPECT_EQ(Cell(*t, 0, 1), "");
  EXPECT_EQ(Cell(*t, 1, 1), "<null>");
  EXPECT_EQ(Cell(*t, 2, 1), "\"");
}

TEST(CsvReader, BackslashEscapeAsSpark) {
  CsvReadOptions o;
  o.escape = '\\';
  TablePtr t = Read("a,b\n\"he said \\\"no\\\"\",\"c:\\\\dir\"\n", o);
  ASSERT_TRUE(t);
  EXPECT_EQ(Cell(*t, 0, 0), "he said \"no\"");
  EXPECT_EQ(Cell(*t, 1, 0), "c:\\dir");
}

TEST(CsvReader, EmbeddedNewlinesKeepPhysicalLineNumbers) {
  std::string dir = TempDir("lines");
  CsvReadOptions o;
  o.bad_records_path = dir + "/bad.json";
  CsvReadStats stats;
  // Line 1 header; the record at line 2 spans lines 2-4; line 5 is short.
  TablePtr t = Read("id,text\n1,\"one\ntwo\r\nthree\"\n2\n3,ok\n", o, &stats);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 3);
  EXPECT_EQ(Cell(*t, 1, 0), "one\ntwo\r\nthree");
  EXPECT_EQ(Cell(*t, 1, 1), "<null>");
  EXPECT_EQ(Cell(*t, 1, 2), "ok");
  EXPECT_EQ(stats.bad_records, 1);
  ASSERT_EQ(stats.first_errors.size(), 1u);
  EXPECT_EQ(stats.first_errors[0], "file <string> line 5: expected 2 fields, found 1");
  auto bad = ReadBadRecords(o.bad_records_path);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0]["line"], 5);
  EXPECT_EQ(bad[0]["record"], "2");

  o.mode = CsvParseMode::kFailFast;
  Result<TablePtr> r = ReadCsvString("id,text\n1,\"a\nb\"\n\n2,\"x\ny\",extra\n", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "file <string> line 5: expected 2 fields, found 3");
  fs::remove_all(dir);
}

TEST(CsvReader, HeaderAndNoHeader) {
  TablePtr t = Read("name,age\nann,3\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->schema().names(), (std::vector<std::string>{"name", "age"}));
  EXPECT_EQ(t->column(1)->type(), DataType::String());
  CsvReadOptions o;
  o.header = false;
  t = Read("name,age\nann,3\n", o);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->schema().names(), (std::vector<std::string>{"_c0", "_c1"}));
  EXPECT_EQ(t->num_rows(), 2);
  EXPECT_EQ(Cell(*t, 0, 0), "name");
  // Empty and repeated header names, as Spark's makeSafeHeader renames them.
  t = Read("a,,a\n1,2,3\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->schema().names(), (std::vector<std::string>{"a0", "_c1", "a2"}));
}

TEST(CsvReader, TabAndSemicolonDelimiters) {
  CsvReadOptions o;
  o.delimiter = '\t';
  TablePtr t = Read("a\tb\nx,y\t\"q\tq\"\n", o);
  ASSERT_TRUE(t);
  EXPECT_EQ(Cell(*t, 0, 0), "x,y");
  EXPECT_EQ(Cell(*t, 1, 0), "q\tq");
  o.skip_initial_space = true;  // must not eat the tab delimiters of empty fields
  t = Read("a\tb\tc\n\t\t x\n", o);
  ASSERT_TRUE(t);
  EXPECT_EQ(Cell(*t, 0, 0), "<null>");
  EXPECT_EQ(Cell(*t, 1, 0), "<null>");
  EXPECT_EQ(Cell(*t, 2, 0), "x");
  o.skip_initial_space = false;
  o.delimiter = ';';
  t = Read("a;b\r\n1,5;2\r\n", o);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 1);
  EXPECT_EQ(Cell(*t, 0, 0), "1,5");
  EXPECT_EQ(Cell(*t, 1, 0), "2");
}

TEST(CsvReader, SkipInitialSpaceFebrlSample) {
  const char* text =
      "rec_id, given_name, surname, postcode\n"
      "rec-1-org, , waller, 4011\n"
      "rec-1-dup-0, lachlan,  berry , 4814\n";
  CsvReadOptions o;
  o.skip_initial_space = true;
  TablePtr t = Read(text, o);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->schema().names(),
            (std::vector<std::string>{"rec_id", "given_name", "surname", "postcode"}));
  EXPECT_EQ(Cell(*t, 1, 0), "<null>");
  EXPECT_EQ(Cell(*t, 2, 1), "berry ");
  o.trim_trailing_space = true;
  t = Read(text, o);
  ASSERT_TRUE(t);
  EXPECT_EQ(Cell(*t, 2, 1), "berry");
  // Without the option the spaces stay.
  t = Read(text);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->schema().field(1).name, " given_name");
  EXPECT_EQ(Cell(*t, 1, 0), " ");
}

TEST(CsvReader, FebrlDataset1) {
  std::string path = SharedData() + "/febrl/dataset1.csv";
  if (!FileExists(path)) GTEST_SKIP() << "missing " << path;
  CsvReadOptions o;
  o.skip_initial_space = true;
  CsvReadStats stats;
  Result<TablePtr> t = ReadCsvFile(path, o, &stats);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ((*t)->num_rows(), 1000);
  EXPECT_EQ((*t)->num_columns(), 11);
  EXPECT_EQ(stats.bad_records, 0);
  EXPECT_EQ((*t)->schema().field(0).name, "rec_id");
  EXPECT_EQ((*t)->schema().field(10).name, "soc_sec_id");
  EXPECT_EQ(Cell(**t, 0, 0), "rec-223-org");
  EXPECT_EQ(Cell(**t, 1, 0), "<null>");
  EXPECT_EQ(Cell(**t, 2, 0), "waller");
  EXPECT_EQ(Cell(**t, 6, 0), "st james");

  CsvReadOptions typed = o;
  typed.infer_schema = true;
  t = ReadCsvFile(path, typed, &stats);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ((*t)->schema().field(0).type, DataType::String());
  EXPECT_EQ((*t)->schema().field(10).type, DataType::Int32());
}

TEST(CsvReader, DedupeExampleWithMultiLineFields) {
  std::string path = SharedData() + "/dedupe/csv_example_input_with_true_ids.csv";
  if (!FileExists(path)) GTEST_SKIP() << "missing " << path;
  // The file's non-ASCII bytes are valid UTF-8 (mojibake from an earlier re-encoding), so the
  // default encoding loads it without malformed rows.
  CsvReadOptions o;
  CsvReadStats stats;
  Result<TablePtr> t = ReadCsvFile(path, o, &stats);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ((*t)->num_rows(), 3337);
  EXPECT_EQ((*t)->num_columns(), 33);
  EXPECT_EQ(stats.bad_records, 0) << (stats.first_errors.empty() ? "" : stats.first_errors[0]);
  EXPECT_EQ((*t)->schema().field(0).name, "True Id");
  EXPECT_EQ(Cell(**t, 3, 0), "Chicago Commons\nAssociation St Catherine's - St. Lucy School");
  // Read as Latin-1 the same bytes are still 3337 rows (each byte becomes one character).
  o.encoding = "ISO-8859-1";
  t = ReadCsvFile(path, o, &stats);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ((*t)->num_rows(), 3337);
  EXPECT_EQ(stats.bad_records, 0);
}

TEST(CsvReader, DdlSchemaTyping) {
  CsvReadOptions o;
  Result<Schema> s = ParseDdlSchema(
      "i int, l bigint, s smallint, t tinyint, d double, f float, b boolean, dt date, "
      "ts timestamp, m decimal(10,2), name string");
  ASSERT_TRUE(s.ok()) << s.status();
  o.schema = *s;
  TablePtr t = Read(
      "header is ignored\n"
      " 42 ,9000000000,-7,12, 2.5 ,1e3,TRUE,2024-02-29,2024-01-31 12:34:56.5,12.3,\"x\"\n"
      ",,,,,,,,,,\n"
      "0,0,0,0,0,0,false,2024-01-01,2024-01-01,-0.125,\n",
      o);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 3);
  EXPECT_EQ(t->column(0)->type(), DataType::Int32());
  EXPECT_EQ(t->column(0)->Value<int32_t>(0), 42);
  EXPECT_EQ(t->column(1)->Value<int64_t>(0), 9000000000LL);
  EXPECT_EQ(t->column(2)->Value<int16_t>(0), -7);
  EXPECT_EQ(t->column(3)->Value<int8_t>(0), 12);
  EXPECT_EQ(t->column(4)->Value<double>(0), 2.5);
  EXPECT_EQ(t->column(5)->Value<float>(0), 1000.0f);
  EXPECT_EQ(Cell(*t, 6, 0), "true");
  EXPECT_EQ(Cell(*t, 7, 0), "2024-02-29");
  EXPECT_EQ(Cell(*t, 8, 0), "2024-01-31 12:34:56.5");
  EXPECT_EQ(Cell(*t, 9, 0), "12.30");
  EXPECT_EQ(Cell(*t, 10, 0), "x");
  for (int c = 0; c < t->num_columns(); ++c) EXPECT_TRUE(t->column(c)->IsNull(1)) << c;
  EXPECT_EQ(Cell(*t, 9, 2), "-0.13");  // rounded half-up, as Spark

  // Out of range for tinyint, too many digits for decimal(10,2): malformed, null in PERMISSIVE.
  CsvReadStats stats;
  t = Read("h\n1,1,1,300,1,1,false,2024-01-01,2024-01-01,123456789.5,a\n", o, &stats);
  ASSERT_TRUE(t);
  EXPECT_EQ(stats.bad_records, 1);
  EXPECT_TRUE(t->column(3)->IsNull(0));
  EXPECT_TRUE(t->column(9)->IsNull(0));
  EXPECT_EQ(t->column(0)->Value<int32_t>(0), 1);
  ASSERT_EQ(stats.first_errors.size(), 1u);
  EXPECT_EQ(stats.first_errors[0],
            "file <string> line 2: column 't': cannot parse '300' as tinyint");
}

TEST(CsvReader, NullValueOption) {
  CsvReadOptions o;
  o.null_value = "NA";
  o.schema = *ParseDdlSchema("a string, b int");
  TablePtr t = Read("a,b\nNA,NA\n\"NA\",\n", o);
  ASSERT_TRUE(t);
  EXPECT_EQ(Cell(*t, 0, 0), "<null>");
  EXPECT_EQ(Cell(*t, 1, 0), "<null>");
  EXPECT_EQ(Cell(*t, 0, 1), "NA");  // quoted: a value, not the null marker
  EXPECT_EQ(Cell(*t, 1, 1), "<null>");
}

TEST(CsvReader, InferSchema) {
  CsvReadOptions o;
  o.infer_schema = true;
  TablePtr t = Read(
      "i,l,d,b,dt,ts,s,mixed,empty,dt_ts\n"
      "1,1,1.5,true,2024-01-01,2024-01-01 10:00:00,abc,1,,2024-01-01\n"
      "-2,10000000000,2,False,2023-12-31,2024-01-02T11:00:00,7,x,,2024-01-01 01:02:03\n",
      o);
  ASSERT_TRUE(t);
  std::vector<std::string> types;
  for (const Field& f : t->schema().fields()) types.push_back(f.type.ToString());
  EXPECT_EQ(types,
            (std::vector<std::string>{"int", "bigint", "double", "boolean", "date", "timestamp",
                                      "string", "string", "string", "timestamp"}));
  EXPECT_EQ(t->column(1)->Value<int64_t>(1), 10000000000LL);
  EXPECT_EQ(t->column(2)->Value<double>(1), 2.0);
  EXPECT_EQ(Cell(*t, 3, 1), "false");
  EXPECT_EQ(Cell(*t, 7, 0), "1");
}

// One malformed kind of each sort, read under each mode.
struct MalformedCase {
  const char* name;
  std::string text;    // header + good row + bad row + good row
  std::string reason;  // expected reason for the bad row (line 3)
  std::string raw;     // expected raw text of the bad row
  const char* schema;  // DDL or null
  int null_col;        // a column that is null in the kept row (PERMISSIVE)
};

std::vector<MalformedCase> MalformedCases() {
  return {
      {"too_few", "a,b,c\n1,2,3\n4,5\n7,8,9\n", "expected 3 fields, found 2", "4,5", nullptr, 2},
      {"too_many", "a,b,c\n1,2,3\n4,5,6,7\n7,8,9\n", "expected 3 fields, found 4", "4,5,6,7",
       nullptr, -1},
      {"bad_int", "a,b,c\n1,2,3\n4,abc,6\n7,8,9\n", "column 'b': cannot parse 'abc' as int",
       "4,abc,6", "a int, b int, c int", 1},
      {"bad_utf8", "a,b,c\n1,2,3\n4,\xC3\x28,6\n7,8,9\n", "invalid UTF-8 in column 'b'",
       "4,\xC3\x28,6", nullptr, 1},
      // An unterminated quote runs to the end of the input, so it is the last row.
      {"unterminated", "a,b,c\n1,2,3\n4,\"5,6\n", "unterminated quoted field", "4,\"5,6\n", nullptr,
       2},
  };
}

TEST(CsvReader, MalformedRowsUnderEachMode) {
  std::string dir = TempDir("malformed");
  for (const MalformedCase& mc : MalformedCases()) {
    bool unterminated = std::string(mc.name) == "unterminated";
    for (CsvParseMode mode :
         {CsvParseMode::kPermissive, CsvParseMode::kDropMalformed, CsvParseMode::kFailFast}) {
      SCOPED_TRACE(std::string(mc.name) + " mode " + std::to_string(static_cast<int>(mode)));
      CsvReadOptions o;
      o.mode = mode;
      if (mc.schema) o.schema = *ParseDdlSchema(mc.schema);
      o.bad_records_path = dir + "/" + mc.name + ".json";
      CsvReadStats stats;
      Result<TablePtr> t = ReadCsvString(mc.text, o, &stats, "in.csv");
      auto bad = ReadBadRecords(o.bad_records_path);
      ASSERT_EQ(bad.size(), 1u);
      EXPECT_EQ(bad[0]["path"], "in.csv");
      EXPECT_EQ(bad[0]["line"], 3);
      EXPECT_EQ(bad[0]["reason"], mc.reason);
      if (mc.name != std::string("bad_utf8")) {
        EXPECT_EQ(bad[0]["record"], mc.raw);
      }
      if (mode == CsvParseMode::kFailFast) {
        ASSERT_FALSE(t.ok());
        EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
        EXPECT_EQ(t.status().message(), "file in.csv line 3: " + mc.reason);
        continue;
      }
      ASSERT_TRUE(t.ok()) << t.status();
      EXPECT_EQ(stats.bad_records, 1);
      int64_t good = unterminated ? 1 : 2;
      if (mode == CsvParseMode::kDropMalformed) {
        EXPECT_EQ((*t)->num_rows(), good);
        EXPECT_EQ(Cell(**t, 0, 0), "1");
        if (!unterminated) {
          EXPECT_EQ(Cell(**t, 0, 1), "7");
        }
      } else {
        ASSERT_EQ((*t)->num_rows(), good + 1);
        EXPECT_EQ(Cell(**t, 0, 1), "4");
        if (mc.null_col >= 0) {
          EXPECT_EQ(Cell(**t, mc.null_col, 1), "<null>");
        }
        if (!unterminated) {
          EXPECT_EQ(Cell(**t, 0, 2), "7");
        }
      }
      EXPECT_EQ(stats.rows, (*t)->num_rows());
    }
  }
  fs::remove_all(dir);
}

TEST(CsvReader, MultiLineOffEndsQuotedFieldsAtLineBreaks) {
  CsvReadOptions o;
  o.multi_line = false;
  CsvReadStats stats;
  TablePtr t = Read("a,b\n1,\"x\ny\"\n2,z\n", o, &stats);
  ASSERT_TRUE(t);
  // Line 2 is unterminated; line 3 ('y"') is a one-field row; line 4 is good.
  EXPECT_EQ(stats.bad_records, 2);
  EXPECT_EQ(t->num_rows(), 3);
  EXPECT_EQ(Cell(*t, 0, 2), "2");
}

TEST(CsvReader, CommentsBlankLinesAndBom) {
  CsvReadOptions o;
  o.comment = "#";
  TablePtr t = Read("\xEF\xBB\xBF# leading comment\na,b\n\n# note\n1,2\r\n\r\n3,4", o);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->schema().field(0).name, "a");
  ASSERT_EQ(t->num_rows(), 2);
  EXPECT_EQ(Cell(*t, 1, 0), "2");
  EXPECT_EQ(Cell(*t, 1, 1), "4");
}

TEST(CsvReader, Latin1Encoding) {
  CsvReadOptions o;
  CsvReadStats stats;
  // "café" in ISO-8859-1 is not UTF-8: malformed by default.
  TablePtr t = Read("name\ncaf\xE9\n", o, &stats);
  ASSERT_TRUE(t);
  EXPECT_EQ(stats.bad_records, 1);
  EXPECT_TRUE(t->column(0)->IsNull(0));
  o.encoding = "latin1";
  t = Read("name\ncaf\xE9\n", o, &stats);
  ASSERT_TRUE(t);
  EXPECT_EQ(stats.bad_records, 0);
  EXPECT_EQ(Cell(*t, 0, 0), "caf\xC3\xA9");
}

TEST(CsvReader, MissingFileIsNotFound) {
  Result<TablePtr> t = ReadCsvFile("/nonexistent/kindred/none.csv", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_NE(t.status().message().find("/nonexistent/kindred/none.csv"), std::string::npos);
}

TEST(CsvReader, FolderOfPartFiles) {
  std::string dir = TempDir("parts");
  ASSERT_TRUE(WriteFileAtomic(dir + "/part-00001.csv", "a,b\n3,4\n").ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/part-00000.csv", "a,b\n1,2\n").ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/_SUCCESS", "").ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/notes.txt", "x").ok());
  CsvReadOptions o;
  o.infer_schema = true;
  CsvReadStats stats;
  Result<TablePtr> t = ReadCsvFiles({dir}, o, &stats);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ((*t)->num_rows(), 2);
  EXPECT_EQ((*t)->column(0)->type(), DataType::Int32());
  EXPECT_EQ(Cell(**t, 0, 0), "1");
  EXPECT_EQ(Cell(**t, 1, 1), "4");
  fs::remove_all(dir);
}

TEST(CsvReader, SeveralFilesAndBadRecordsFolder) {
  std::string dir = TempDir("several");
  ASSERT_TRUE(WriteFileAtomic(dir + "/a.csv", "id,name\n1,ann\n2\n").ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/b.csv", "id,name\n\n3,bob,extra\n4,cy\n").ok());
  fs::create_directories(dir + "/bad");
  CsvReadOptions o;
  o.mode = CsvParseMode::kDropMalformed;
  o.bad_records_path = dir + "/bad";  // an existing folder gets bad_records.json inside
  CsvReadStats stats;
  Result<TablePtr> t = ReadCsvFiles({dir + "/a.csv", dir + "/b.csv"}, o, &stats);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ((*t)->num_rows(), 2);
  EXPECT_EQ(Cell(**t, 1, 1), "cy");
  EXPECT_EQ(stats.bad_records, 2);
  auto bad = ReadBadRecords(dir + "/bad/bad_records.json");
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0]["path"], dir + "/a.csv");
  EXPECT_EQ(bad[0]["line"], 3);
  EXPECT_EQ(bad[1]["path"], dir + "/b.csv");
  EXPECT_EQ(bad[1]["line"], 3);
  EXPECT_EQ(bad[1]["record"], "3,bob,extra");
  fs::remove_all(dir);
}

TEST(CsvReader, ListSchemaRejected) {
  CsvReadOptions o;
  o.schema = *ParseDdlSchema("a array<int>");
  Result<TablePtr> t = ReadCsvString("a\n1\n", o);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("array<int>"), std::string::npos);
}

TEST(CsvOptions, FromSparkOptionNames) {
  Result<CsvReadOptions> o = CsvOptionsFromMap({{"HEADER", "false"},
                                                {"sep", "\\t"},
                                                {"inferSchema", "True"},
                                                {"nullValue", "NA"},
                                                {"charset", "latin1"},
                                                {"mode", "dropMalformed"},
                                                {"badRecordsPath", "/tmp/bad"},
                                                {"ignoreLeadingWhiteSpace", "true"},
                                                {"ignoreTrailingWhiteSpace", "true"},
                                                {"comment", "#"},
                                                {"multiLine", "false"},
                                                {"quote", ""},
                                                {"escape", "\\\\"},
                                                {"someFutureOption", "x"},
                                                {"schema", "id int, name string"}});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_FALSE(o->header);
  EXPECT_EQ(o->delimiter, '\t');
  EXPECT_TRUE(o->infer_schema);
  EXPECT_EQ(o->null_value, "NA");
  EXPECT_EQ(o->encoding, "latin1");
  EXPECT_EQ(o->mode, CsvParseMode::kDropMalformed);
  EXPECT_EQ(o->bad_records_path, "/tmp/bad");
  EXPECT_TRUE(o->skip_initial_space);
  EXPECT_TRUE(o->trim_trailing_space);
  EXPECT_EQ(o->comment, "#");
  EXPECT_FALSE(o->multi_line);
  EXPECT_EQ(o->quote, '\0');
  EXPECT_EQ(o->escape, '\\');
  ASSERT_TRUE(o->schema.has_value());
  EXPECT_EQ(o->schema->ToDdl(), "id int, name string");
}

TEST(CsvOptions, BadValuesNameTheOption) {
  auto expect_bad = [](const std::string& key, const std::string& value) {
    Result<CsvReadOptions> o = CsvOptionsFromMap({{key, value}});
    ASSERT_FALSE(o.ok()) << key;
    EXPECT_EQ(o.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(o.status().message().find(key), std::string::npos) << o.status();
  };
  expect_bad("mode", "sloppy");
  expect_bad("header", "yes please");
  expect_bad("sep", "ab");
  expect_bad("encoding", "EBCDIC");
  expect_bad("comment", "##");
  expect_bad("schema", "id notatype");
}

TEST(CsvReader, QuotingDisabled) {
  CsvReadOptions o;
  o.quote = '\0';
  TablePtr t = Read("a,b\n\"x,y\"\n", o);
  ASSERT_TRUE(t);
  EXPECT_EQ(Cell(*t, 0, 0), "\"x");
  EXPECT_EQ(Cell(*t, 1, 0), "y\"");
}

// Builds a large input with quoted commas, doubled quotes and multi-line fields, so parallel
// chunk splits land inside quoted fields too.
std::string BigInput(int64_t rows, std::vector<std::string>* expect_text) {
  std::string out = "id,name,note,score\n";
  for (int64_t i = 0; i < rows; ++i) {
    std::string note;
    if (i % 7 == 0) {
      note = "\"line one\nline \"\"two\"\"\nline three " + std::to_string(i) + "\"";
      expect_text->push_back("line one\nline \"two\"\nline three " + std::to_string(i));
    } else if (i % 11 == 0) {
      note = "";
      expect_text->push_back("<null>");
    } else {
      note = "\"a, b " + std::to_string(i * 31 % 1000) + "\"";
      expect_text->push_back("a, b " + std::to_string(i * 31 % 1000));
    }
    out += std::to_string(i) + ",person number " + std::to_string(i) + "," + note + "," +
           std::to_string(i % 100) + "." + std::to_string(i % 10) + "\n";
  }
  return out;
}

TEST(CsvReader, ParallelParseEqualsSerialParse) {
  std::vector<std::string> expect_note;
  std::string big = BigInput(400000, &expect_note);
  ASSERT_GT(big.size(), size_t{16} << 20);  // well above the parallel threshold
  CsvReadOptions o;
  o.schema = *ParseDdlSchema("id bigint, name string, note string, score double");
  CsvReadStats stats;
  TablePtr par = Read(big, o, &stats);
  ASSERT_TRUE(par);
  EXPECT_EQ(stats.bad_records, 0);
  ASSERT_EQ(par->num_rows(), 400000);

  // Serial reference: pieces below the threshold, split at a row boundary, each with the header.
  std::vector<TablePtr> pieces;
  size_t header_end = big.find('\n') + 1;
  std::string header = big.substr(0, header_end);
  size_t pos = header_end;
  int64_t row = 0;
  while (pos < big.size()) {
    // Rows whose id is a multiple of 7*1000 start at a known place: find "\n<id>," textually.
    row += 70000;
    size_t next = big.size();
    if (row < 400000) next = big.find("\n" + std::to_string(row) + ",person", pos) + 1;
    std::string piece = header + big.substr(pos, next - pos);
    ASSERT_LT(piece.size(), size_t{8} << 20);
    pieces.push_back(Read(piece, o));
    ASSERT_TRUE(pieces.back());
    pos = next;
  }
  Result<TablePtr> serial = Table::Concat(pieces);
  ASSERT_TRUE(serial.ok()) << serial.status();
  ASSERT_EQ((*serial)->num_rows(), par->num_rows());
  for (int c = 0; c < par->num_columns(); ++c) {
    for (int64_t r = 0; r < par->num_rows(); ++r) {
      ASSERT_EQ(Cell(*par, c, r), Cell(**serial, c, r)) << "column " << c << " row " << r;
    }
  }
  for (int64_t r = 0; r < par->num_rows(); r += 997) {
    ASSERT_EQ(par->column(0)->Value<int64_t>(r), r);
    ASSERT_EQ(Cell(*par, 2, r), expect_note[r]);
  }
  EXPECT_EQ(Cell(*par, 2, 399994), expect_note[399994]);

  // Line numbers stay physical across chunks: break the last row and find its line.
  std::string broken = big + "1,2\n";
  int64_t lines = std::count(big.begin(), big.end(), '\n');
  o.mode = CsvParseMode::kFailFast;
  Result<TablePtr> f = ReadCsvString(broken, o);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().message(),
            "file <string> line " + std::to_string(lines + 1) + ": expected 4 fields, found 2");
}

TEST(CsvReader, ParallelParseWithFieldSpanningChunks) {
  // A 6 MB quoted field full of line breaks swallows whole speculative chunks; the rows after
  // it and their line numbers must come out as in a serial parse.
  std::string huge;
  for (int i = 0; huge.size() < (size_t{6} << 20); ++i) huge += "x,\"" + std::to_string(i) + "\"\n";
  std::string quoted;
  for (char c : huge) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  std::string text = "a,b\n";
  for (int i = 0; i < 150000; ++i) text += std::to_string(i) + ",row " + std::to_string(i) + "\n";
  text += "big,\"" + quoted + "\"\n";
  int64_t line_after = std::count(text.begin(), text.end(), '\n') + 1;
  for (int i = 0; i < 150000; ++i) text += std::to_string(i) + ",tail " + std::to_string(i) + "\n";
  ASSERT_GT(text.size(), size_t{10} << 20);
  CsvReadStats stats;
  TablePtr t = Read(text, {}, &stats);
  ASSERT_TRUE(t);
  EXPECT_EQ(stats.bad_records, 0);
  ASSERT_EQ(t->num_rows(), 300001);
  EXPECT_EQ(Cell(*t, 0, 150000), "big");
  EXPECT_TRUE(Cell(*t, 1, 150000) == huge);
  EXPECT_EQ(Cell(*t, 1, 150001), "tail 0");
  EXPECT_EQ(Cell(*t, 1, 300000), "tail 149999");

  std::string broken = text;
  broken.insert(broken.find("\n0,tail 0\n") + 1, "oops\n");
  CsvReadOptions o;
  o.mode = CsvParseMode::kFailFast;
  Result<TablePtr> f = ReadCsvString(broken, o);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().message(),
            "file <string> line " + std::to_string(line_after) + ": expected 2 fields, found 1");
}

}  // namespace
}  // namespace kindred
