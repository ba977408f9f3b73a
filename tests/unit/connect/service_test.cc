// The RPC handlers called directly (no sockets): ids, config, analysis and error statuses.
#include "connect/service.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace kindred::connect {
namespace {

namespace pb = spark::connect;

google::rpc::ErrorInfo InfoOf(const grpc::Status& st) {
  google::rpc::Status rpc;
  google::rpc::ErrorInfo info;
  if (rpc.ParseFromString(st.error_details()) && rpc.details_size() > 0) {
    rpc.details(0).UnpackTo(&info);
  }
  return info;
}

class ServiceTest : public ::testing::Test {
 protected:
  SparkConnectServiceImpl service_;
  grpc::ServerContext ctx_;
  std::string session_ = NewUuid();
};

TEST_F(ServiceTest, SparkVersionAndSessionIds) {
  pb::AnalyzePlanRequest req;
  req.set_session_id(session_);
  req.mutable_spark_version();
  pb::AnalyzePlanResponse resp;
  ASSERT_TRUE(service_.AnalyzePlan(&ctx_, &req, &resp).ok());
  EXPECT_EQ(resp.spark_version().version(), "4.0.0");
  EXPECT_EQ(resp.session_id(), session_);
  std::string server_side = resp.server_side_session_id();
  EXPECT_TRUE(IsUuid(server_side));
  // The same session answers with the same server-side id.
  pb::AnalyzePlanResponse again;
  ASSERT_TRUE(service_.AnalyzePlan(&ctx_, &req, &again).ok());
  EXPECT_EQ(again.server_side_session_id(), server_side);
  // A client that saw another server-side id is told the session changed.
  req.set_client_observed_server_side_session_id(NewUuid());
  grpc::Status st = service_.AnalyzePlan(&ctx_, &req, &again);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(InfoOf(st).metadata().at("errorClass"), "INVALID_HANDLE.SESSION_CHANGED");
}

TEST_F(ServiceTest, PersistUnpersistAndStorageLevel) {
  pb::Relation rel;
  rel.mutable_common()->set_plan_id(3);
  rel.mutable_range()->set_end(10);
  auto analyze = [&](auto fill) {
    pb::AnalyzePlanRequest req;
    req.set_session_id(session_);
    fill(&req);
    pb::AnalyzePlanResponse resp;
    grpc::Status st = service_.AnalyzePlan(&ctx_, &req, &resp);
    return std::make_pair(st, resp);
  };
  auto level = [&]() {
    auto [st, resp] = analyze([&](pb::AnalyzePlanRequest* r) {
      *r->mutable_get_storage_level()->mutable_relation() = rel;
    });
    EXPECT_TRUE(st.ok());
    return resp.get_storage_level().storage_level();
  };
  EXPECT_FALSE(level().use_memory());  // StorageLevel.NONE
  EXPECT_EQ(level().replication(), 1);
  ASSERT_TRUE(analyze([&](pb::AnalyzePlanRequest* r) {
                *r->mutable_persist()->mutable_relation() = rel;
              }).first.ok());
  EXPECT_TRUE(level().use_memory() && level().use_disk() && level().deserialized());
  ASSERT_TRUE(analyze([&](pb::AnalyzePlanRequest* r) {
                *r->mutable_unpersist()->mutable_relation() = rel;
              }).first.ok());
  EXPECT_FALSE(level().use_memory());
  // A request without a relation is an error, not a persisted empty relation.
  auto [st, unused] = analyze([](pb::AnalyzePlanRequest* r) { r->mutable_persist(); });
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INTERNAL);
}

TEST_F(ServiceTest, InvalidSessionId) {
  pb::ConfigRequest req;
  req.set_session_id("abc");
  req.mutable_operation()->mutable_get_all();
  pb::ConfigResponse resp;
  grpc::Status st = service_.Config(&ctx_, &req, &resp);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(InfoOf(st).metadata().at("errorClass"), "INVALID_HANDLE.FORMAT");
}

TEST_F(ServiceTest, DdlParseAndErrorsCarryAnErrorId) {
  pb::AnalyzePlanRequest req;
  req.set_session_id(session_);
  req.mutable_ddl_parse()->set_ddl_string("a int, b array<string>");
  pb::AnalyzePlanResponse resp;
  ASSERT_TRUE(service_.AnalyzePlan(&ctx_, &req, &resp).ok());
  ASSERT_EQ(resp.ddl_parse().parsed().struct_().fields_size(), 2);
  EXPECT_TRUE(resp.ddl_parse().parsed().struct_().fields(1).data_type().has_array());

  req.mutable_ddl_parse()->set_ddl_string("a nosuchtype");
  grpc::Status st = service_.AnalyzePlan(&ctx_, &req, &resp);
  ASSERT_FALSE(st.ok());
  auto info = InfoOf(st);
  ASSERT_EQ(info.metadata().count("errorId"), 1u);
  pb::FetchErrorDetailsRequest freq;
  freq.set_session_id(session_);
  freq.set_error_id(info.metadata().at("errorId"));
  pb::FetchErrorDetailsResponse fresp;
  ASSERT_TRUE(service_.FetchErrorDetails(&ctx_, &freq, &fresp).ok());
  ASSERT_EQ(fresp.errors_size(), 1);
  EXPECT_EQ(fresp.errors(0).spark_throwable().error_class(), "PARSE_SYNTAX_ERROR");
  // An unknown id answers with no errors.
  freq.set_error_id(NewUuid());
  pb::FetchErrorDetailsResponse none;
  ASSERT_TRUE(service_.FetchErrorDetails(&ctx_, &freq, &none).ok());
  EXPECT_FALSE(none.has_root_error_idx());
}

TEST_F(ServiceTest, InterruptReleaseAndReleaseSession) {
  pb::ConfigRequest creq;
  creq.set_session_id(session_);
  creq.mutable_operation()->mutable_get_all();
  pb::ConfigResponse cresp;
  ASSERT_TRUE(service_.Config(&ctx_, &creq, &cresp).ok());

  auto session = service_.sessions().Get("", session_);
  ASSERT_TRUE(session.ok());
  std::string op_id = NewUuid();
  auto op = (*session)->CreateOperation(op_id, {"t1"}, true);
  ASSERT_TRUE(op.ok());

  pb::InterruptRequest ireq;
  ireq.set_session_id(session_);
  ireq.set_interrupt_type(pb::InterruptRequest::INTERRUPT_TYPE_TAG);
  ireq.set_operation_tag("t1");
  pb::InterruptResponse iresp;
  ASSERT_TRUE(service_.Interrupt(&ctx_, &ireq, &iresp).ok());
  ASSERT_EQ(iresp.interrupted_ids_size(), 1);
  EXPECT_EQ(iresp.interrupted_ids(0), op_id);
  EXPECT_TRUE((*op)->cancelled_flag()->load());

  pb::ReleaseExecuteRequest rreq;
  rreq.set_session_id(session_);
  rreq.set_operation_id(op_id);
  rreq.mutable_release_all();
  pb::ReleaseExecuteResponse rresp;
  ASSERT_TRUE(service_.ReleaseExecute(&ctx_, &rreq, &rresp).ok());
  EXPECT_EQ(rresp.operation_id(), op_id);
  EXPECT_EQ((*session)->FindOperation(op_id), nullptr);
  // Releasing again is a no-op without an operation id.
  pb::ReleaseExecuteResponse again;
  ASSERT_TRUE(service_.ReleaseExecute(&ctx_, &rreq, &again).ok());
  EXPECT_FALSE(again.has_operation_id());

  pb::ReleaseSessionRequest sreq;
  sreq.set_session_id(session_);
  pb::ReleaseSessionResponse sresp;
  ASSERT_TRUE(service_.ReleaseSession(&ctx_, &sreq, &sresp).ok());
  EXPECT_EQ(sresp.server_side_session_id(), cresp.server_side_session_id());
  grpc::Status st = service_.Config(&ctx_, &creq, &cresp);
  EXPECT_EQ(InfoOf(st).metadata().at("errorClass"), "INVALID_HANDLE.SESSION_CLOSED");
}

TEST_F(ServiceTest, ArtifactStatus) {
  pb::ArtifactStatusesRequest req;
  req.set_session_id(session_);
  req.add_names("cache/abc");
  pb::ArtifactStatusesResponse resp;
  ASSERT_TRUE(service_.ArtifactStatus(&ctx_, &req, &resp).ok());
  EXPECT_FALSE(resp.statuses().at("cache/abc").exists());
  auto session = service_.sessions().Get("", session_);
  ASSERT_TRUE(session.ok());
  (*session)->PutArtifact("cache/abc", "x");
  ASSERT_TRUE(service_.ArtifactStatus(&ctx_, &req, &resp).ok());
  EXPECT_TRUE(resp.statuses().at("cache/abc").exists());
}

}  // namespace
}  // namespace kindred::connect
