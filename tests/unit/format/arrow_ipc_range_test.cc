// ArrowIpcStreamWriter::AppendBatchTo over a row range decodes to exactly the rows of that
// range, for every layout (fixed width, bool bits, strings, lists, validity at any offset).
#include <gtest/gtest.h>

#include "format/arrow_ipc/reader.h"
#include "format/arrow_ipc/writer.h"

namespace kindred {
namespace {

// 100 rows: int64, double, bool, string, array<int32>, each with some nulls except `id`.
TablePtr Mixed() {
  Schema schema({Field{"id", DataType::Int64(), false}, Field{"d", DataType::Float64(), true},
                 Field{"b", DataType::Bool(), true}, Field{"s", DataType::String(), true},
                 Field{"l", DataType::List(DataType::Int32()), true}});
  ColumnBuilder id(DataType::Int64()), d(DataType::Float64()), b(DataType::Bool()),
      s(DataType::String()), l(DataType::List(DataType::Int32()));
  for (int64_t i = 0; i < 100; ++i) {
    id.AppendInt(i);
    if (i % 7 == 3) d.AppendNull(); else d.AppendDouble(i * 0.5);
    if (i % 5 == 1) b.AppendNull(); else b.AppendBool(i % 3 == 0);
    if (i % 11 == 2) s.AppendNull(); else s.AppendString(std::string(i % 4, 'x') + std::to_string(i));
    if (i % 13 == 4) {
      l.AppendNull();
    } else {
      for (int64_t k = 0; k < i % 3; ++k) l.child_builder().AppendInt(i * 10 + k);
      l.AppendListEnd();
    }
  }
  return Table::Make(schema, {id.Finish(), d.Finish(), b.Finish(), s.Finish(), l.Finish()});
}

void ExpectSameRows(const Table& got, const Table& want) {
  ASSERT_EQ(got.num_rows(), want.num_rows());
  ASSERT_EQ(got.num_columns(), want.num_columns());
  for (int c = 0; c < want.num_columns(); ++c) {
    for (int64_t r = 0; r < want.num_rows(); ++r) {
      ASSERT_EQ(got.column(c)->IsNull(r), want.column(c)->IsNull(r)) << "column " << c << " row " << r;
      if (!want.column(c)->IsNull(r)) {
        EXPECT_EQ(got.column(c)->FormatValue(r), want.column(c)->FormatValue(r))
            << "column " << c << " row " << r;
      }
    }
  }
}

TEST(ArrowIpcRangeTest, EveryRangeDecodesToItsRows) {
  TablePtr t = Mixed();
  for (bool large : {false, true}) {
    ArrowIpcWriteOptions opt;
    opt.large_var_types = large;
    ArrowIpcStreamWriter w(t->schema(), opt);
    // Aligned and unaligned starts, a range reaching the end, one row, and no rows.
    for (auto [off, len] : std::vector<std::pair<int64_t, int64_t>>{
             {0, 100}, {0, 40}, {40, 60}, {3, 29}, {17, 1}, {99, 1}, {50, 0}, {8, 8}}) {
      std::string stream = w.Begin();
      ASSERT_TRUE(w.AppendBatchTo(*t, off, len, &stream).ok());
      stream += w.End();
      auto got = ReadArrowIpcStream(stream);
      ASSERT_TRUE(got.ok()) << got.status() << " rows " << off << "+" << len;
      ExpectSameRows(**got, *t->Slice(off, len));
    }
  }
}

TEST(ArrowIpcRangeTest, WholeRangeMatchesAppendBatchBytes) {
  TablePtr t = Mixed();
  ArrowIpcStreamWriter w(t->schema());
  auto whole = w.AppendBatch(*t);
  ASSERT_TRUE(whole.ok());
  std::string ranged;
  ASSERT_TRUE(w.AppendBatchTo(*t, 0, t->num_rows(), &ranged).ok());
  EXPECT_EQ(ranged, *whole);
}

TEST(ArrowIpcRangeTest, RangeOutsideTheBatchIsRejected) {
  TablePtr t = Mixed();
  ArrowIpcStreamWriter w(t->schema());
  std::string out = "keep";
  EXPECT_FALSE(w.AppendBatchTo(*t, 90, 11, &out).ok());
  EXPECT_FALSE(w.AppendBatchTo(*t, -1, 2, &out).ok());
  EXPECT_EQ(out, "keep");
}

}  // namespace
}  // namespace kindred
