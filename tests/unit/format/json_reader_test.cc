#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/file_util.h"
#include "format/json/reader.h"
#include "format/json/writer.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;

std::string Cell(const Table& t, int col, int64_t row) {
  const Column& c = *t.column(col);
  return c.IsNull(row) ? "<null>" : c.FormatValue(row);
}

std::vector<std::string> TypeNames(const Table& t) {
  std::vector<std::string> out;
  for (const Field& f : t.schema().fields()) out.push_back(f.name + ":" + f.type.ToString());
  return out;
}

TablePtr Read(std::string_view text, const JsonReadOptions& o = {}, int64_t* bad = nullptr) {
  Result<TablePtr> t = ReadJsonString(text, o, bad);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : nullptr;
}

TEST(JsonReader, InfersSortedFieldsAndTypes) {
  int64_t bad = -1;
  TablePtr t = Read(
      "{\"name\":\"ann\",\"age\":3,\"score\":1,\"ok\":true,\"tags\":[1,2],\"addr\":{\"z\":1,\"a\":"
      "2}}\n"
      "\n"
      "{\"age\":4,\"score\":2.5,\"mixed\":\"x\",\"tags\":[],\"nothing\":null}\r\n"
      "{\"mixed\":7,\"ok\":false,\"nested\":[[1.5],[2]]}\n",
      {}, &bad);
  ASSERT_TRUE(t);
  EXPECT_EQ(bad, 0);
  EXPECT_EQ(TypeNames(*t),
            (std::vector<std::string>{"addr:string", "age:bigint", "mixed:string", "name:string",
                                      "nested:array<array<double>>", "nothing:string", "ok:boolean",
                                      "score:double", "tags:array<bigint>"}));
  ASSERT_EQ(t->num_rows(), 3);
  EXPECT_EQ(Cell(*t, 0, 0), "{\"z\":1,\"a\":2}");  // nested object kept as its JSON text
  EXPECT_EQ(Cell(*t, 0, 1), "<null>");
  EXPECT_EQ(Cell(*t, 1, 1), "4");
  EXPECT_EQ(Cell(*t, 2, 2), "7");  // a number in a string column keeps its text
  EXPECT_EQ(Cell(*t, 4, 2), "[[1.5], [2.0]]");
  EXPECT_EQ(Cell(*t, 5, 1), "<null>");
  EXPECT_EQ(Cell(*t, 6, 2), "false");
  EXPECT_EQ(Cell(*t, 7, 0), "1.0");
  EXPECT_EQ(Cell(*t, 8, 0), "[1, 2]");
  EXPECT_EQ(Cell(*t, 8, 1), "[]");
  EXPECT_EQ(Cell(*t, 8, 2), "<null>");
}

TEST(JsonReader, SchemaTyping) {
  JsonReadOptions o;
  o.schema = *ParseDdlSchema(
      "id int, name string, price decimal(10,2), day date, at timestamp, ok boolean, "
      "xs array<string>, d double");
  TablePtr t = Read(
      "{\"id\":1,\"name\":{\"k\":1},\"price\":12.5,\"day\":\"2024-03-01\","
      "\"at\":\"2024-03-01T10:00:00.000Z\",\"ok\":true,\"xs\":[\"a\",null],\"d\":\"NaN\","
      "\"extra\":1}\n"
      "{\"id\":2}\n",
      o);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 2);
  EXPECT_EQ(Cell(*t, 0, 0), "1");
  EXPECT_EQ(Cell(*t, 1, 0), "{\"k\":1}");
  EXPECT_EQ(Cell(*t, 2, 0), "12.50");
  EXPECT_EQ(Cell(*t, 3, 0), "2024-03-01");
  EXPECT_EQ(Cell(*t, 4, 0), "2024-03-01 10:00:00");
  EXPECT_EQ(Cell(*t, 5, 0), "true");
  EXPECT_EQ(Cell(*t, 6, 0), "[a, null]");
  EXPECT_EQ(Cell(*t, 7, 0), "NaN");
  for (int c = 1; c < t->num_columns(); ++c) EXPECT_TRUE(t->column(c)->IsNull(1)) << c;
}

TEST(JsonReader, MalformedRecordsUnderEachMode) {
  std::string dir =
      (fs::temp_directory_path() / ("kindred_json_" + std::to_string(::getpid()))).string();
  fs::create_directories(dir);
  const std::string text =
      "{\"id\":1,\"v\":\"a\"}\n"
      "{\"id\":2,\"v\":\n"                // line 2: not valid JSON
      "{\"id\":\"three\",\"v\":\"c\"}\n"  // line 3: id is not an int
      "[1]\n"                             // line 4: not an object
      "{\"id\":5,\"v\":\"e\"}\n";
  for (CsvParseMode mode :
       {CsvParseMode::kPermissive, CsvParseMode::kDropMalformed, CsvParseMode::kFailFast}) {
    SCOPED_TRACE(static_cast<int>(mode));
    JsonReadOptions o;
    o.mode = mode;
    o.schema = *ParseDdlSchema("id int, v string");
    o.bad_records_path = dir + "/bad.json";
    int64_t bad = -1;
    Result<TablePtr> t = ReadJsonString(text, o, &bad, "in.json");
    Result<std::string> listed = ReadFileToString(o.bad_records_path);
    ASSERT_TRUE(listed.ok());
    std::vector<std::string> lines = StrSplit(*listed, '\n');
    lines.pop_back();
    if (mode == CsvParseMode::kFailFast) {
      ASSERT_FALSE(t.ok());
      EXPECT_EQ(t.status().message(), "file in.json line 2: invalid JSON");
      ASSERT_EQ(lines.size(), 1u);
      continue;
    }
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(bad, 3);
    ASSERT_EQ(lines.size(), 3u);
    auto j2 = nlohmann::json::parse(lines[1]);
    EXPECT_EQ(j2["line"], 3);
    EXPECT_EQ(j2["path"], "in.json");
    EXPECT_EQ(j2["reason"], "field 'id': cannot read \"three\" as int");
    EXPECT_EQ(j2["record"], "{\"id\":\"three\",\"v\":\"c\"}");
    EXPECT_EQ(nlohmann::json::parse(lines[2])["reason"], "expected a JSON object, found number");
    if (mode == CsvParseMode::kDropMalformed) {
      ASSERT_EQ((*t)->num_rows(), 2);
      EXPECT_EQ(Cell(**t, 0, 1), "5");
    } else {
      ASSERT_EQ((*t)->num_rows(), 5);
      EXPECT_EQ(Cell(**t, 0, 1), "<null>");
      EXPECT_EQ(Cell(**t, 1, 1), "<null>");
      EXPECT_EQ(Cell(**t, 0, 2), "<null>");  // the bad field and the row's others are null
      EXPECT_EQ(Cell(**t, 0, 4), "5");
    }
  }
  fs::remove_all(dir);
}

TEST(JsonReader, MultiLineDocument) {
  JsonReadOptions o;
  o.multi_line = true;
  TablePtr t = Read("[\n  {\"a\": 1,\n   \"b\": \"x\"},\n  {\"a\": 2}\n]\n", o);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 2);
  EXPECT_EQ(TypeNames(*t), (std::vector<std::string>{"a:bigint", "b:string"}));
  t = Read("{\"a\": {\n \"deep\": true}\n}", o);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 1);
  EXPECT_EQ(Cell(*t, 0, 0), "{\"deep\":true}");
}

TEST(JsonReader, FolderOfPartFilesInfersOverAll) {
  std::string dir =
      (fs::temp_directory_path() / ("kindred_json_parts_" + std::to_string(::getpid()))).string();
  fs::create_directories(dir);
  ASSERT_TRUE(WriteFileAtomic(dir + "/part-00000.json", "{\"a\":1}\n").ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/part-00001.json", "{\"a\":2.5,\"b\":\"x\"}\n").ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/_SUCCESS", "").ok());
  Result<TablePtr> t = ReadJsonFiles({dir}, {});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ((*t)->schema().ToDdl(), "a double, b string");
  ASSERT_EQ((*t)->num_rows(), 2);
  EXPECT_EQ(Cell(**t, 0, 0), "1.0");
  EXPECT_EQ(Cell(**t, 1, 0), "<null>");
  fs::remove_all(dir);
}

TEST(JsonReader, MissingFileIsNotFound) {
  Result<TablePtr> t = ReadJsonFile("/nonexistent/kindred/x.json", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_NE(t.status().message().find("/nonexistent/kindred/x.json"), std::string::npos);
}

TEST(JsonOptions, FromSparkOptionNames) {
  Result<JsonReadOptions> o = JsonOptionsFromMap({{"MultiLine", "TRUE"},
                                                  {"mode", "failfast"},
                                                  {"badRecordsPath", "/tmp/b"},
                                                  {"schema", "a int"},
                                                  {"primitivesAsString", "false"}});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->multi_line);
  EXPECT_EQ(o->mode, CsvParseMode::kFailFast);
  EXPECT_EQ(o->bad_records_path, "/tmp/b");
  EXPECT_EQ(o->schema->ToDdl(), "a int");
  Result<JsonReadOptions> bad = JsonOptionsFromMap({{"multiLine", "maybe"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("multiLine"), std::string::npos);
  bad = JsonOptionsFromMap({{"mode", "lenient"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("mode"), std::string::npos);
}

}  // namespace
}  // namespace kindred
