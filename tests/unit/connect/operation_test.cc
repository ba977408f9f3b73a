#include "connect/operation.h"

#include <gtest/gtest.h>

#include <thread>

namespace kindred::connect {
namespace {

namespace pb = spark::connect;
using Clock = Operation::Clock;

pb::ExecutePlanResponse Resp(const std::string& id) {
  pb::ExecutePlanResponse r;
  r.set_response_id(id);
  return r;
}

Clock::time_point Now() { return Clock::now(); }

TEST(OperationTest, ReadsInOrderThenEnd) {
  Operation op("op", {}, true);
  uint64_t t = op.Attach();
  op.Append(Resp("r0"));
  op.Append(Resp("r1"));
  op.Finish(OkStatus());
  pb::ExecutePlanResponse r;
  Status fin;
  ASSERT_EQ(op.Next(t, 0, Now(), &r, &fin), Operation::NextResult::kResponse);
  EXPECT_EQ(r.response_id(), "r0");
  ASSERT_EQ(op.Next(t, 1, Now(), &r, &fin), Operation::NextResult::kResponse);
  EXPECT_EQ(r.response_id(), "r1");
  ASSERT_EQ(op.Next(t, 2, Now(), &r, &fin), Operation::NextResult::kEnd);
  EXPECT_TRUE(fin.ok());
  op.Append(Resp("late"));  // ignored after Finish
  EXPECT_EQ(op.end_position(), 2);
}

TEST(OperationTest, ErrorOutcomeIsReported) {
  Operation op("op", {}, false);
  uint64_t t = op.Attach();
  op.Finish(InvalidArgument("boom"));
  pb::ExecutePlanResponse r;
  Status fin;
  ASSERT_EQ(op.Next(t, 0, Now(), &r, &fin), Operation::NextResult::kEnd);
  EXPECT_EQ(fin.message(), "boom");
}

TEST(OperationTest, ReattachResumesAfterLastResponse) {
  Operation op("op", {}, true);
  uint64_t first = op.Attach();
  for (int i = 0; i < 4; ++i) op.Append(Resp("r" + std::to_string(i)));
  auto pos = op.PositionAfter("r1");
  ASSERT_TRUE(pos.ok());
  EXPECT_EQ(*pos, 2);
  uint64_t second = op.Attach();
  pb::ExecutePlanResponse r;
  Status fin;
  // The earlier reader is detached by the new one.
  EXPECT_EQ(op.Next(first, 0, Now(), &r, &fin), Operation::NextResult::kDetached);
  ASSERT_EQ(op.Next(second, *pos, Now(), &r, &fin), Operation::NextResult::kResponse);
  EXPECT_EQ(r.response_id(), "r2");
  EXPECT_FALSE(op.PositionAfter("unknown").ok());
}

TEST(OperationTest, ReleaseUntilDropsPrefix) {
  Operation op("op", {}, true);
  uint64_t t = op.Attach();
  for (int i = 0; i < 5; ++i) op.Append(Resp("r" + std::to_string(i)));
  op.ReleaseUntil("r2");
  EXPECT_EQ(op.first_position(), 3);
  EXPECT_EQ(op.end_position(), 5);
  pb::ExecutePlanResponse r;
  Status fin;
  EXPECT_EQ(op.Next(t, 1, Now(), &r, &fin), Operation::NextResult::kReleased);
  ASSERT_EQ(op.Next(t, 3, Now(), &r, &fin), Operation::NextResult::kResponse);
  EXPECT_EQ(r.response_id(), "r3");
  EXPECT_FALSE(op.PositionAfter("r1").ok());
  op.ReleaseUntil("nope");  // no-op
  EXPECT_EQ(op.first_position(), 3);
}

TEST(OperationTest, ReleaseAllInterruptsAndDetaches) {
  Operation op("op", {}, true);
  uint64_t t = op.Attach();
  op.Append(Resp("r0"));
  op.ReleaseAll();
  EXPECT_TRUE(op.cancelled_flag()->load());
  EXPECT_TRUE(op.released());
  pb::ExecutePlanResponse r;
  Status fin;
  EXPECT_NE(op.Next(t, 0, Now(), &r, &fin), Operation::NextResult::kResponse);
}

TEST(OperationTest, ReaderWaitsForProducer) {
  Operation op("op", {"t"}, true);
  EXPECT_TRUE(op.HasTag("t"));
  uint64_t t = op.Attach();
  pb::ExecutePlanResponse r;
  Status fin;
  EXPECT_EQ(op.Next(t, 0, Now() + std::chrono::milliseconds(10), &r, &fin),
            Operation::NextResult::kTimeout);
  std::thread producer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    op.Append(Resp("r0"));
    op.Finish(OkStatus());
  });
  ASSERT_EQ(op.Next(t, 0, Now() + std::chrono::seconds(5), &r, &fin),
            Operation::NextResult::kResponse);
  EXPECT_EQ(op.Next(t, 1, Now() + std::chrono::seconds(5), &r, &fin), Operation::NextResult::kEnd);
  producer.join();
}

TEST(OperationTest, InterruptReportsWhetherRunning) {
  Operation op("op", {}, false);
  EXPECT_TRUE(op.Interrupt());
  EXPECT_TRUE(op.cancelled_flag()->load());
  op.Finish(OkStatus());
  EXPECT_FALSE(op.Interrupt());
}

}  // namespace
}  // namespace kindred::connect
