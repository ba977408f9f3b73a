#include <gtest/gtest.h>

#include <filesystem>

#include "common/file_util.h"
#include "format/json/reader.h"
#include "format/json/writer.h"

namespace kindred {
namespace {

TablePtr SampleTable() {
  ColumnBuilder s(DataType::String()), i(DataType::Int64()), d(DataType::Float64()),
      b(DataType::Bool()), dt(DataType::Date32()), ts(DataType::Timestamp()),
      m(DataType::Decimal(10, 2)), l(DataType::List(DataType::Int64())), bin(DataType::Binary());
  s.AppendString("tab\there \"q\" \\ \x01 caf\xC3\xA9");
  i.AppendInt(-5);
  d.AppendDouble(1.0);
  b.AppendBool(true);
  dt.AppendInt(19783);
  ts.AppendInt(1709287200123000LL);
  m.AppendDecimal(1250);
  l.child_builder().AppendInt(1);
  l.child_builder().AppendNull();
  l.AppendListEnd();
  bin.AppendString(
      std::string("\x00\xFF"
                  "ab",
                  4));
  bin.AppendString("x");
  s.AppendNull();
  i.AppendNull();
  d.AppendDouble(1e300 * 1e300);
  b.AppendNull();
  dt.AppendNull();
  ts.AppendNull();
  m.AppendNull();
  l.AppendNull();
  Schema schema({{"s", DataType::String()},
                 {"i", DataType::Int64()},
                 {"d", DataType::Float64()},
                 {"b", DataType::Bool()},
                 {"dt", DataType::Date32()},
                 {"ts", DataType::Timestamp()},
                 {"m", DataType::Decimal(10, 2)},
                 {"l", DataType::List(DataType::Int64())},
                 {"bin", DataType::Binary()}});
  return Table::Make(schema, {s.Finish(), i.Finish(), d.Finish(), b.Finish(), dt.Finish(),
                              ts.Finish(), m.Finish(), l.Finish(), bin.Finish()});
}

TEST(JsonWriter, SparkStyleLinesWithNullsOmitted) {
  std::string text = WriteJsonString(*SampleTable());
  EXPECT_EQ(text,
            "{\"s\":\"tab\\there \\\"q\\\" \\\\ \\u0001 caf\xC3\xA9\",\"i\":-5,\"d\":1.0,"
            "\"b\":true,\"dt\":\"2024-03-01\",\"ts\":\"2024-03-01T10:00:00.123Z\",\"m\":12.50,"
            "\"l\":[1,null],\"bin\":\"AP9hYg==\"}\n"
            "{\"d\":\"Infinity\",\"bin\":\"eA==\"}\n");
}

TEST(JsonWriter, RoundTripThroughFile) {
  TablePtr t = SampleTable();
  std::string dir = (std::filesystem::temp_directory_path() /
                     ("kindred_json_writer_" + std::to_string(::getpid())))
                        .string();
  std::string path = dir + "/out.json";
  ASSERT_TRUE(WriteJsonFile(*t, path).ok());
  JsonReadOptions o;
  o.schema = t->schema();
  int64_t bad = -1;
  Result<TablePtr> back = ReadJsonFile(path, o, &bad);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(bad, 0);
  ASSERT_EQ((*back)->num_rows(), 2);
  for (int c = 0; c < t->num_columns(); ++c) {
    for (int64_t r = 0; r < 2; ++r) {
      ASSERT_EQ(t->column(c)->IsNull(r), (*back)->column(c)->IsNull(r)) << c << "," << r;
      if (t->column(c)->IsValid(r)) {
        EXPECT_EQ(t->column(c)->FormatValue(r), (*back)->column(c)->FormatValue(r));
      }
    }
  }
  // Without a schema the same file infers Spark's types (fields sorted).
  back = ReadJsonFile(path, {}, &bad);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)->schema().ToDdl(),
            "b boolean, bin string, d string, dt string, i bigint, l array<bigint>, m double, "
            "s string, ts string");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kindred
