#include "connect/results.h"

#include <gtest/gtest.h>

#include "format/arrow_ipc/reader.h"

namespace kindred::connect {
namespace {

namespace pb = spark::connect;

TablePtr Ints(int64_t n) {
  ColumnBuilder b(DataType::Int64());
  for (int64_t i = 0; i < n; ++i) b.AppendInt(i);
  return Table::Make(Schema({Field{"id", DataType::Int64(), false}}), {b.Finish()});
}

TEST(ResultWriterTest, SchemaThenBatchesThenMetrics) {
  std::vector<pb::ExecutePlanResponse> out;
  ResultOptions opts;
  opts.max_rows_per_batch = 10;
  opts.max_bytes_per_batch = 1;  // the row limit decides
  ResultWriter w(opts, [&](pb::ExecutePlanResponse r) { out.push_back(std::move(r)); });
  TablePtr t = Ints(25);
  w.Begin(t->schema());
  ASSERT_TRUE(w.AddBatch(t).ok());
  ASSERT_TRUE(w.Finish().ok());
  ASSERT_EQ(out.size(), 5u);
  ASSERT_TRUE(out[0].has_schema());
  EXPECT_EQ(out[0].schema().struct_().fields(0).name(), "id");
  EXPECT_TRUE(out[0].schema().struct_().fields(0).data_type().has_long_());
  int64_t expect_offset = 0;
  int64_t next_value = 0;
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(out[i].has_arrow_batch());
    const auto& b = out[i].arrow_batch();
    EXPECT_EQ(b.start_offset(), expect_offset);
    EXPECT_EQ(b.row_count(), i < 3 ? 10 : 5);
    auto decoded = ReadArrowIpcStream(b.data());
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    ASSERT_EQ((*decoded)->num_rows(), b.row_count());
    for (int64_t r = 0; r < b.row_count(); ++r) {
      EXPECT_EQ((*decoded)->column(0)->GetInt64(r), next_value++);
    }
    expect_offset += b.row_count();
  }
  EXPECT_TRUE(out[4].has_metrics());
  EXPECT_EQ(w.rows_sent(), 25);
}

TEST(ResultWriterTest, EmptyResultStillSendsOneBatch) {
  std::vector<pb::ExecutePlanResponse> out;
  ResultWriter w(ResultOptions(), [&](pb::ExecutePlanResponse r) { out.push_back(std::move(r)); });
  w.Begin(Ints(0)->schema());
  ASSERT_TRUE(w.AddBatch(Ints(0)).ok());
  ASSERT_TRUE(w.Finish().ok());
  ASSERT_EQ(out.size(), 3u);
  ASSERT_TRUE(out[1].has_arrow_batch());
  EXPECT_EQ(out[1].arrow_batch().row_count(), 0);
  EXPECT_EQ(out[1].arrow_batch().start_offset(), 0);
  auto decoded = ReadArrowIpcStream(out[1].arrow_batch().data());
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ((*decoded)->schema().field(0).name, "id");
  EXPECT_TRUE(out[2].has_metrics());
}

TEST(ResultWriterTest, MismatchedBatchIsAnError) {
  ResultWriter w(ResultOptions(), [](pb::ExecutePlanResponse) {});
  ColumnBuilder b(DataType::String());
  b.AppendString("x");
  w.Begin(Ints(1)->schema());
  TablePtr strings = Table::Make(Schema({Field{"s", DataType::String(), true}}), {b.Finish()});
  EXPECT_FALSE(w.AddBatch(strings).ok());
}

}  // namespace
}  // namespace kindred::connect

namespace kindred::connect {
namespace {

TEST(ResultWriterTest, WideRowsAreSplitByBytes) {
  ColumnBuilder b(DataType::String());
  std::string big(1000, 'x');
  for (int i = 0; i < 100; ++i) b.AppendString(big);
  TablePtr t = Table::Make(Schema({Field{"s", DataType::String(), true}}), {b.Finish()});
  std::vector<spark::connect::ExecutePlanResponse> out;
  ResultOptions opts;
  opts.max_rows_per_batch = 1;       // the byte limit decides
  opts.max_bytes_per_batch = 20000;  // about 20 rows of 1 KB
  ResultWriter w(opts, [&](spark::connect::ExecutePlanResponse r) { out.push_back(std::move(r)); });
  w.Begin(t->schema());
  ASSERT_TRUE(w.AddBatch(t).ok());
  ASSERT_TRUE(w.Finish().ok());
  int64_t rows = 0;
  int batches = 0;
  for (const auto& r : out) {
    if (!r.has_arrow_batch()) continue;
    ++batches;
    EXPECT_LE(r.arrow_batch().row_count(), 20);
    EXPECT_LT(r.arrow_batch().data().size(), 40000u);
    rows += r.arrow_batch().row_count();
  }
  EXPECT_EQ(rows, 100);
  EXPECT_GE(batches, 5);
}

TEST(ResultWriterTest, ABatchEndsWhenBothLimitsAreReached) {
  // Spark's rule: 10000 small rows are far below 4 MiB, so the batch grows to about 4 MiB.
  std::vector<spark::connect::ExecutePlanResponse> out;
  ResultWriter w(ResultOptions{}, [&](spark::connect::ExecutePlanResponse r) {
    out.push_back(std::move(r));
  });
  TablePtr t = Ints(1200000);  // 9.6 MB of int64
  w.Begin(t->schema());
  ASSERT_TRUE(w.AddBatch(t).ok());
  ASSERT_TRUE(w.Finish().ok());
  std::vector<int64_t> counts;
  std::vector<size_t> sizes;
  for (const auto& r : out) {
    if (!r.has_arrow_batch()) continue;
    counts.push_back(r.arrow_batch().row_count());
    sizes.push_back(r.arrow_batch().data().size());
  }
  ASSERT_EQ(counts.size(), 3u);
  // Just past 4 MiB: the first response ends with the row that reaches the limit.
  EXPECT_GE(sizes[0], size_t{4} << 20);
  EXPECT_LT(sizes[0], (size_t{4} << 20) + 1024);
  EXPECT_GT(counts[0], 500000);
  EXPECT_EQ(counts[0] + counts[1] + counts[2], 1200000);

  // Rows of several engine batches share responses.
  out.clear();
  ResultWriter w2(ResultOptions{}, [&](spark::connect::ExecutePlanResponse r) {
    out.push_back(std::move(r));
  });
  w2.Begin(t->schema());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(w2.AddBatch(Ints(65536)).ok());
  ASSERT_TRUE(w2.Finish().ok());
  int64_t rows = 0, responses = 0;
  for (const auto& r : out) {
    if (!r.has_arrow_batch()) continue;
    ++responses;
    auto decoded = ReadArrowIpcStream(r.arrow_batch().data());
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ((*decoded)->num_rows(), r.arrow_batch().row_count());
    EXPECT_EQ(r.arrow_batch().start_offset(), rows);
    rows += r.arrow_batch().row_count();
  }
  EXPECT_EQ(rows, 20 * 65536);
  EXPECT_EQ(responses, 3);

  int64_t bytes = 0;
  EXPECT_TRUE(ParseByteSize("4m", &bytes));
  EXPECT_EQ(bytes, 4 << 20);
  EXPECT_TRUE(ParseByteSize(" 512KB ", &bytes));
  EXPECT_EQ(bytes, 512 << 10);
  EXPECT_TRUE(ParseByteSize("1048576", &bytes));
  EXPECT_EQ(bytes, 1 << 20);
  EXPECT_FALSE(ParseByteSize("lots", &bytes));
  EXPECT_FALSE(ParseByteSize("-1m", &bytes));
}

}  // namespace
}  // namespace kindred::connect
