#include <gtest/gtest.h>

#include "sql/engine.h"

namespace kindred::sql {
namespace {

TablePtr SmallTable() {
  ColumnBuilder a(DataType::Int64());
  ColumnBuilder b(DataType::String());
  a.AppendInt(1);
  b.AppendString("alice");
  a.AppendInt(22);
  b.AppendNull();
  a.AppendInt(333);
  b.AppendString("a fairly long name here");
  Schema s({{"id", DataType::Int64(), false}, {"name", DataType::String(), true}});
  return Table::Make(s, {a.Finish(), b.Finish()});
}

TEST(ShowStringTest, HorizontalRightAlignedWithNullAndTruncation) {
  EXPECT_EQ(FormatShowString(*SmallTable(), 20, 20, false),
            "+---+--------------------+\n"
            "| id|                name|\n"
            "+---+--------------------+\n"
            "|  1|               alice|\n"
            "| 22|                NULL|\n"
            "|333|a fairly long nam...|\n"
            "+---+--------------------+\n");
}

TEST(ShowStringTest, OnlyShowingTopRowsAndLeftAlignWhenNotTruncating) {
  EXPECT_EQ(FormatShowString(*SmallTable(), 1, 0, false),
            "+---+-----+\n"
            "|id |name |\n"
            "+---+-----+\n"
            "|1  |alice|\n"
            "+---+-----+\n"
            "only showing top 1 row\n");
}

TEST(ShowStringTest, Vertical) {
  EXPECT_EQ(FormatShowString(*SmallTable(), 2, 20, true),
            "-RECORD 0-----\n"
            " id   | 1     \n"
            " name | alice \n"
            "-RECORD 1-----\n"
            " id   | 22    \n"
            " name | NULL  \n"
            "only showing top 2 rows\n");
}

TEST(ShowStringTest, TreeString) {
  Schema s({{"a", DataType::Int64(), true},
            {"b", DataType::List(DataType::Int32()), false}});
  EXPECT_EQ(TreeString(s),
            "root\n"
            " |-- a: long (nullable = true)\n"
            " |-- b: array (nullable = false)\n"
            " |    |-- element: integer (containsNull = true)\n");
}

TEST(CatalogTest, CaseInsensitiveViewsAndNotFoundDetails) {
  Catalog cat;
  cat.CreateOrReplaceTempView("People", Range(0, 3));
  EXPECT_TRUE(cat.LookupTempView("people").ok());
  auto missing = cat.LookupTempView("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  ASSERT_NE(missing.status().details(), nullptr);
  EXPECT_EQ(missing.status().details()->error_class, "TABLE_OR_VIEW_NOT_FOUND");
  EXPECT_EQ(missing.status().details()->message_parameters.at("relationName"), "`nope`");
  EXPECT_EQ(cat.ListTempViews(), std::vector<std::string>{"People"});
  EXPECT_TRUE(cat.DropTempView("PEOPLE"));
  EXPECT_FALSE(cat.DropTempView("people"));
}

}  // namespace
}  // namespace kindred::sql
