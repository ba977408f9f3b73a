#include "columnar/column.h"

#include <gtest/gtest.h>

#include "columnar/format_value.h"
#include "columnar/table.h"

namespace kindred {
namespace {

TEST(ColumnBuilder, StringsWithNulls) {
  ColumnBuilder b(DataType::String());
  b.AppendString("ab");
  b.AppendNull();
  b.AppendString("");
  b.AppendString("xyz");
  ColumnPtr c = b.Finish();
  ASSERT_EQ(c->length(), 4);
  EXPECT_EQ(c->null_count(), 1);
  EXPECT_EQ(c->GetString(0), "ab");
  EXPECT_TRUE(c->IsNull(1));
  EXPECT_TRUE(c->IsValid(2));
  EXPECT_EQ(c->GetString(2), "");
  EXPECT_EQ(c->GetString(3), "xyz");
  EXPECT_EQ(c->offsets()[4], 5);
}

TEST(ColumnBuilder, NullAfterManyValidRowsKeepsBitmapRight) {
  ColumnBuilder b(DataType::Int64());
  for (int i = 0; i < 100; ++i) b.AppendInt(i);
  b.AppendNull();
  for (int i = 0; i < 20; ++i) b.AppendInt(i);
  ColumnPtr c = b.Finish();
  EXPECT_EQ(c->null_count(), 1);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(c->IsValid(i)) << i;
  EXPECT_TRUE(c->IsNull(100));
  EXPECT_EQ(c->Value<int64_t>(120), 19);
}

TEST(ColumnBuilder, ListOfInts) {
  ColumnBuilder b(DataType::List(DataType::Int32()));
  b.child_builder().AppendInt(1);
  b.child_builder().AppendInt(2);
  b.AppendListEnd();
  b.AppendNull();
  b.AppendListEnd();
  ColumnPtr c = b.Finish();
  EXPECT_EQ(c->FormatValue(0), "[1, 2]");
  EXPECT_TRUE(c->IsNull(1));
  EXPECT_EQ(c->FormatValue(2), "[]");
}

TEST(Take, GathersAndFillsNulls) {
  ColumnBuilder b(DataType::String());
  for (auto s : {"a", "bb", "ccc"}) b.AppendString(s);
  ColumnPtr c = b.Finish();
  ColumnPtr t = TakeColumn(*c, std::vector<int64_t>{2, -1, 0});
  EXPECT_EQ(t->GetString(0), "ccc");
  EXPECT_TRUE(t->IsNull(1));
  EXPECT_EQ(t->GetString(2), "a");
}

TEST(Slice, CopiesContiguousRowsWithNulls) {
  ColumnBuilder s(DataType::String()), n(DataType::Int32());
  for (int i = 0; i < 20; ++i) {
    if (i % 3 == 0) {
      s.AppendNull();
      n.AppendNull();
    } else {
      s.AppendString("v" + std::to_string(i));
      n.AppendInt(i);
    }
  }
  ColumnPtr sc = s.Finish(), nc = n.Finish();
  ColumnPtr ss = SliceColumn(*sc, 5, 10), ns = SliceColumn(*nc, 5, 10);
  ASSERT_EQ(ss->length(), 10);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(ss->IsNull(i), (i + 5) % 3 == 0) << i;
    EXPECT_EQ(ns->IsNull(i), (i + 5) % 3 == 0) << i;
    if (!ss->IsNull(i)) {
      EXPECT_EQ(ss->GetString(i), "v" + std::to_string(i + 5));
      EXPECT_EQ(ns->Value<int32_t>(i), i + 5);
    }
  }
  EXPECT_EQ(ss->offsets()[0], 0);
  EXPECT_EQ(SliceColumn(*sc, 20, 0)->length(), 0);
}

TEST(FormatValue, JavaDoubleStyle) {
  EXPECT_EQ(FormatDouble(1.0), "1.0");
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(123456.5), "123456.5");
  EXPECT_EQ(FormatDouble(1e7), "1.0E7");
  EXPECT_EQ(FormatDouble(1.5e-4), "1.5E-4");
  EXPECT_EQ(FormatDouble(-2.25), "-2.25");
  EXPECT_EQ(FormatDecimal(1230, 2), "12.30");
  EXPECT_EQ(FormatDecimal(-5, 2), "-0.05");
}

TEST(FormatValue, DatesRoundTrip) {
  int32_t d;
  ASSERT_TRUE(ParseDate("2024-02-29", &d));
  EXPECT_EQ(FormatDate(d), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29", &d));
  ASSERT_TRUE(ParseDate("1970-01-01", &d));
  EXPECT_EQ(d, 0);
  int64_t ts;
  ASSERT_TRUE(ParseTimestamp("2024-01-02 03:04:05.5", &ts));
  EXPECT_EQ(FormatTimestamp(ts), "2024-01-02 03:04:05.5");
}

TEST(Schema, ParsesDdl) {
  auto s = ParseDdlSchema("id string, age int, price decimal(10,2), tags array<string>");
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->num_fields(), 4);
  EXPECT_EQ(s->field(1).type, DataType::Int32());
  EXPECT_EQ(s->field(2).type.ToString(), "decimal(10,2)");
  EXPECT_EQ(s->field(3).type.ToString(), "array<string>");
  EXPECT_EQ(s->FindField("AGE"), 1);
  auto bad = ParseDdlSchema("id strng");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("strng"), std::string::npos);
}

TEST(Table, ColumnIndexNamesAvailableColumns) {
  ColumnBuilder b(DataType::Int32());
  b.AppendInt(1);
  auto t = Table::Make(Schema({{"a", DataType::Int32()}}), {b.Finish()});
  auto r = t->ColumnIndex("b");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("available columns: a"), std::string::npos);
}

}  // namespace
}  // namespace kindred
