// RunExecution on the real engine, without sockets: response order, ids, commands, cancel.
#include "connect/execute.h"

#include <gtest/gtest.h>

#include "connect/errors.h"

namespace kindred::connect {
namespace {

namespace pb = spark::connect;

std::vector<pb::ExecutePlanResponse> Drain(Operation* op) {
  std::vector<pb::ExecutePlanResponse> out;
  uint64_t token = op->Attach();
  Status fin;
  pb::ExecutePlanResponse r;
  for (int64_t pos = 0;; ++pos) {
    auto res = op->Next(token, pos, Operation::Clock::now(), &r, &fin);
    if (res != Operation::NextResult::kResponse) break;
    out.push_back(r);
  }
  return out;
}

pb::Plan RangePlan(int64_t end) {
  pb::Plan p;
  p.mutable_root()->mutable_range()->set_end(end);
  p.mutable_root()->mutable_range()->set_step(1);
  return p;
}

TEST(ExecuteTest, QueryResponsesInSparkOrder) {
  Session session("u", NewUuid());
  auto op = session.CreateOperation(NewUuid(), {}, /*reattachable=*/true);
  ASSERT_TRUE(op.ok());
  RunExecution(RangePlan(5), &session, op->get(), nullptr);
  ASSERT_TRUE((*op)->finished());
  auto rs = Drain(op->get());
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_TRUE(rs[0].has_schema());
  ASSERT_TRUE(rs[1].has_arrow_batch());
  EXPECT_EQ(rs[1].arrow_batch().row_count(), 5);
  EXPECT_TRUE(rs[2].has_metrics());
  EXPECT_TRUE(rs[3].has_result_complete());
  for (const auto& r : rs) {
    EXPECT_EQ(r.session_id(), session.session_id());
    EXPECT_EQ(r.server_side_session_id(), session.server_side_session_id());
    EXPECT_EQ(r.operation_id(), (*op)->id());
    EXPECT_TRUE(IsUuid(r.response_id()));
  }
}

TEST(ExecuteTest, NotReattachableHasNoResultComplete) {
  Session session("u", NewUuid());
  auto op = session.CreateOperation(NewUuid(), {}, false);
  ASSERT_TRUE(op.ok());
  RunExecution(RangePlan(0), &session, op->get(), nullptr);
  auto rs = Drain(op->get());
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[1].arrow_batch().row_count(), 0);
  EXPECT_FALSE(rs.back().has_result_complete());
}

TEST(ExecuteTest, InterruptedBeforeStartIsCanceled) {
  Session session("u", NewUuid());
  auto op = session.CreateOperation(NewUuid(), {}, false);
  ASSERT_TRUE(op.ok());
  (*op)->Interrupt();
  RunExecution(RangePlan(5), &session, op->get(), nullptr);
  uint64_t token = (*op)->Attach();
  pb::ExecutePlanResponse r;
  Status fin;
  ASSERT_EQ((*op)->Next(token, 0, Operation::Clock::now(), &r, &fin), Operation::NextResult::kEnd);
  ASSERT_FALSE(fin.ok());
  EXPECT_EQ(SparkErrorDetails(fin).error_class, "OPERATION_CANCELED");
}

TEST(ExecuteTest, CreateViewCommandThenQueryIt) {
  Session session("u", NewUuid());
  pb::Plan cmd;
  auto* v = cmd.mutable_command()->mutable_create_dataframe_view();
  *v->mutable_input() = RangePlan(3).root();
  v->set_name("three");
  v->set_replace(true);
  auto op = session.CreateOperation(NewUuid(), {}, false);
  ASSERT_TRUE(op.ok());
  RunExecution(cmd, &session, op->get(), nullptr);
  EXPECT_TRUE(Drain(op->get()).empty());
  EXPECT_TRUE(session.catalog().LookupTempView("three").ok());

  pb::Plan sql;
  sql.mutable_command()->mutable_sql_command()->set_sql("select 1");
  auto op2 = session.CreateOperation(NewUuid(), {}, false);
  RunExecution(sql, &session, op2->get(), nullptr);
  uint64_t token = (*op2)->Attach();
  pb::ExecutePlanResponse r;
  Status fin;
  auto res = (*op2)->Next(token, 0, Operation::Clock::now(), &r, &fin);
  // Without the SQL parser the statement fails, naming SQL; with it, the result is a relation.
  if (res == Operation::NextResult::kEnd) {
    EXPECT_EQ(fin.code(), StatusCode::kUnimplemented);
    EXPECT_NE(fin.message().find("SQL"), std::string::npos);
  } else {
    ASSERT_EQ(res, Operation::NextResult::kResponse);
    EXPECT_TRUE(r.has_sql_command_result());
    EXPECT_EQ(r.sql_command_result().relation().sql().query(), "select 1");
  }
}

TEST(ExecuteTest, AfterAppendSeesEachResponse) {
  Session session("u", NewUuid());
  auto op = session.CreateOperation(NewUuid(), {}, true);
  ASSERT_TRUE(op.ok());
  int calls = 0;
  RunExecution(RangePlan(2), &session, op->get(), nullptr, [&] { ++calls; });
  // One call per response (4) plus the final one after Finish.
  EXPECT_EQ(calls, 5);
}

}  // namespace
}  // namespace kindred::connect

namespace kindred::connect {
namespace {

TEST(ExecuteTest, EveryCommandTypeFinishes) {
  Session session("u", NewUuid());
  const auto* oneof = pb::Command::descriptor()->FindOneofByName("command_type");
  ASSERT_NE(oneof, nullptr);
  for (int i = 0; i < oneof->field_count(); ++i) {
    pb::Plan p;
    p.mutable_command()->GetReflection()->MutableMessage(p.mutable_command(), oneof->field(i));
    auto op = session.CreateOperation(NewUuid(), {}, false);
    ASSERT_TRUE(op.ok());
    RunExecution(p, &session, op->get(), nullptr);
    EXPECT_TRUE((*op)->finished()) << oneof->field(i)->name();
  }
}

}  // namespace
}  // namespace kindred::connect
