// The streaming path of query results: ResultWriter encodes slices of a batch in place, and a
// non-reattachable Operation hands responses over without keeping (or copying) them.
#include <gtest/gtest.h>

#include "connect/execute.h"
#include "connect/operation.h"
#include "connect/results.h"
#include "format/arrow_ipc/reader.h"

namespace kindred::connect {
namespace {

namespace pb = spark::connect;

TablePtr IdAndText(int64_t n) {
  Schema schema({Field{"id", DataType::Int64(), false}, Field{"s", DataType::String(), true}});
  ColumnBuilder id(DataType::Int64()), s(DataType::String());
  for (int64_t i = 0; i < n; ++i) {
    id.AppendInt(i);
    if (i % 9 == 5) s.AppendNull(); else s.AppendString("r" + std::to_string(i));
  }
  return Table::Make(schema, {id.Finish(), s.Finish()});
}

TEST(ResultStreamTest, SlicesOfOneBatchCarryTheirOwnRows) {
  std::vector<pb::ExecutePlanResponse> out;
  ResultOptions opts;
  opts.max_rows_per_batch = 13;  // slices start mid-byte of the validity bitmap
  opts.max_bytes_per_batch = 1;  // the row limit decides
  ResultWriter w(opts, [&](pb::ExecutePlanResponse r) { out.push_back(std::move(r)); });
  TablePtr t = IdAndText(100);
  w.Begin(t->schema());
  ASSERT_TRUE(w.AddBatch(t).ok());
  ASSERT_TRUE(w.Finish().ok());
  ASSERT_EQ(out.size(), 1u + 8u + 1u);  // schema, ceil(100 / 13) batches, metrics
  int64_t row = 0;
  for (size_t i = 1; i + 1 < out.size(); ++i) {
    const auto& b = out[i].arrow_batch();
    EXPECT_EQ(b.start_offset(), row);
    auto decoded = ReadArrowIpcStream(b.data());
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    ASSERT_EQ((*decoded)->num_rows(), b.row_count());
    for (int64_t r = 0; r < b.row_count(); ++r, ++row) {
      EXPECT_EQ((*decoded)->column(0)->GetInt64(r), row);
      ASSERT_EQ((*decoded)->column(1)->IsNull(r), row % 9 == 5) << "row " << row;
      if (row % 9 != 5) EXPECT_EQ((*decoded)->column(1)->GetString(r), "r" + std::to_string(row));
    }
  }
  EXPECT_EQ(row, 100);
}

TEST(ResultStreamTest, AddBatchBeforeBeginFails) {
  ResultWriter w(ResultOptions(), [](pb::ExecutePlanResponse) {});
  EXPECT_FALSE(w.AddBatch(IdAndText(3)).ok());
  EXPECT_FALSE(w.Finish().ok());
}

pb::ExecutePlanResponse Resp(const std::string& id) {
  pb::ExecutePlanResponse r;
  r.set_response_id(id);
  r.mutable_arrow_batch()->set_data(std::string(1000, 'a'));
  return r;
}

TEST(ResultStreamTest, NonReattachableResponsesAreConsumedByReading) {
  Operation op("op", {}, /*reattachable=*/false);
  uint64_t t = op.Attach();
  for (int i = 0; i < 3; ++i) op.Append(Resp("r" + std::to_string(i)));
  op.Finish(OkStatus());
  pb::ExecutePlanResponse r;
  Status fin;
  auto now = Operation::Clock::now();
  ASSERT_EQ(op.Next(t, 1, now, &r, &fin), Operation::NextResult::kResponse);
  EXPECT_EQ(r.response_id(), "r1");
  EXPECT_EQ(r.arrow_batch().data().size(), 1000u);
  // Reading position 1 released it and everything before it.
  EXPECT_EQ(op.first_position(), 2);
  EXPECT_EQ(op.Next(t, 0, now, &r, &fin), Operation::NextResult::kReleased);
  EXPECT_EQ(op.Next(t, 1, now, &r, &fin), Operation::NextResult::kReleased);
  ASSERT_EQ(op.Next(t, 2, now, &r, &fin), Operation::NextResult::kResponse);
  EXPECT_EQ(r.response_id(), "r2");
  EXPECT_EQ(op.Next(t, 3, now, &r, &fin), Operation::NextResult::kEnd);
  EXPECT_EQ(op.end_position(), 3);
}

TEST(ResultStreamTest, ReattachableResponsesStayForAnotherReader) {
  Operation op("op", {}, /*reattachable=*/true);
  uint64_t t = op.Attach();
  op.Append(Resp("r0"));
  pb::ExecutePlanResponse r;
  Status fin;
  auto now = Operation::Clock::now();
  ASSERT_EQ(op.Next(t, 0, now, &r, &fin), Operation::NextResult::kResponse);
  uint64_t again = op.Attach();
  ASSERT_EQ(op.Next(again, 0, now, &r, &fin), Operation::NextResult::kResponse);
  EXPECT_EQ(r.response_id(), "r0");
  EXPECT_EQ(r.arrow_batch().data().size(), 1000u);
}

// A long range streams in steps; the rows arrive complete, in order, with exact offsets, and
// the last step ends exactly at the range's end even near the int64 limit.
TEST(ResultStreamTest, LongRangeStreamsInStepsWithEveryRow) {
  struct Case { int64_t start, end, step; };
  for (Case c : {Case{-5, 1800000, 3}, Case{INT64_MAX - 3 * 700001, INT64_MAX, 3},
                 Case{1000000, -1000000, -7}}) {
    Session session("u", NewUuid());
    auto op = session.CreateOperation(NewUuid(), {}, false);
    ASSERT_TRUE(op.ok());
    pb::Plan plan;
    auto* range = plan.mutable_root()->mutable_range();
    range->set_start(c.start);
    range->set_end(c.end);
    range->set_step(c.step);
    RunExecution(plan, &session, op->get(), nullptr);
    uint64_t token = (*op)->Attach();
    Status fin;
    pb::ExecutePlanResponse r;
    int64_t rows = 0;
    __int128 expect = c.start;
    for (int64_t pos = 0;; ++pos) {
      auto res = (*op)->Next(token, pos, Operation::Clock::now(), &r, &fin);
      if (res != Operation::NextResult::kResponse) break;
      if (!r.has_arrow_batch()) continue;
      EXPECT_EQ(r.arrow_batch().start_offset(), rows);
      auto decoded = ReadArrowIpcStream(r.arrow_batch().data());
      ASSERT_TRUE(decoded.ok()) << decoded.status();
      for (int64_t i = 0; i < (*decoded)->num_rows(); ++i, expect += c.step) {
        ASSERT_EQ((*decoded)->column(0)->GetInt64(i), static_cast<int64_t>(expect)) << "row " << rows + i;
      }
      rows += r.arrow_batch().row_count();
    }
    ASSERT_TRUE(fin.ok()) << fin;
    __int128 count = (static_cast<__int128>(c.end) - c.start + c.step + (c.step > 0 ? -1 : 1)) / c.step;
    EXPECT_EQ(rows, static_cast<int64_t>(count));
  }
}

}  // namespace
}  // namespace kindred::connect
