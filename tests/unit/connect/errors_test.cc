#include "connect/errors.h"

#include <gtest/gtest.h>

#include "google/rpc/status.pb.h"

namespace kindred::connect {
namespace {

Status UnresolvedColumn() {
  return SparkError(StatusCode::kInvalidArgument, "UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703",
                    {{"objectName", "`nope`"}, {"proposal", "`id`"}},
                    "A column, variable, or function parameter with name `nope` cannot be "
                    "resolved. Did you mean one of the following? [`id`].",
                    {kAnalysisExceptionClass});
}

TEST(ErrorsTest, MessageCarriesClassAndState) {
  EXPECT_EQ(SparkErrorMessage(UnresolvedColumn()).rfind("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column", 0),
            0u);
  EXPECT_NE(SparkErrorMessage(UnresolvedColumn()).find("SQLSTATE: 42703"), std::string::npos);
  // No class known: the message stays as it is.
  EXPECT_EQ(SparkErrorMessage(InvalidArgument("plain")), "plain");
}

TEST(ErrorsTest, ErrorInfoMetadataAsSparkSetsIt) {
  google::rpc::ErrorInfo info = ToErrorInfo(UnresolvedColumn(), "err-1");
  EXPECT_EQ(info.reason(), "org.apache.spark.sql.AnalysisException");
  EXPECT_EQ(info.domain(), "org.apache.spark");
  const auto& md = info.metadata();
  EXPECT_EQ(md.at("classes"), "[\"org.apache.spark.sql.AnalysisException\"]");
  EXPECT_EQ(md.at("errorClass"), "UNRESOLVED_COLUMN.WITH_SUGGESTION");
  EXPECT_EQ(md.at("sqlState"), "42703");
  EXPECT_EQ(md.at("messageParameters"), "{\"objectName\":\"`nope`\",\"proposal\":\"`id`\"}");
  EXPECT_EQ(md.at("errorId"), "err-1");
  EXPECT_EQ(ToErrorInfo(UnresolvedColumn(), "").metadata().count("errorId"), 0u);
}

TEST(ErrorsTest, DefaultsByStatusCode) {
  EXPECT_EQ(SparkErrorDetails(InvalidArgument("x")).exception_classes.front(),
            "org.apache.spark.sql.AnalysisException");
  EXPECT_EQ(SparkErrorDetails(Unimplemented("x")).error_class, "UNSUPPORTED_FEATURE");
  EXPECT_EQ(SparkErrorDetails(Cancelled("x")).error_class, "OPERATION_CANCELED");
  EXPECT_EQ(SparkErrorDetails(Internal("x")).exception_classes.front(),
            "org.apache.spark.SparkException");
  // An analysis error without an error class has no errorClass metadata.
  EXPECT_EQ(ToErrorInfo(InvalidArgument("x"), "").metadata().count("errorClass"), 0u);
}

TEST(ErrorsTest, GrpcStatusIsInternalWithRpcStatusDetails) {
  grpc::Status g = ToGrpcStatus(UnresolvedColumn(), "id-7");
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_NE(g.error_message().find("UNRESOLVED_COLUMN"), std::string::npos);
  google::rpc::Status rpc;
  ASSERT_TRUE(rpc.ParseFromString(g.error_details()));
  EXPECT_EQ(rpc.code(), static_cast<int>(grpc::StatusCode::INTERNAL));
  ASSERT_EQ(rpc.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(rpc.details(0).UnpackTo(&info));
  EXPECT_EQ(info.metadata().at("errorId"), "id-7");
}

TEST(ErrorsTest, FetchErrorDetails) {
  spark::connect::FetchErrorDetailsResponse resp;
  FillFetchErrorDetails(UnresolvedColumn(), &resp);
  ASSERT_TRUE(resp.has_root_error_idx());
  EXPECT_EQ(resp.root_error_idx(), 0);
  ASSERT_EQ(resp.errors_size(), 1);
  const auto& e = resp.errors(0);
  EXPECT_EQ(e.error_type_hierarchy(0), "org.apache.spark.sql.AnalysisException");
  EXPECT_EQ(e.spark_throwable().error_class(), "UNRESOLVED_COLUMN.WITH_SUGGESTION");
  EXPECT_EQ(e.spark_throwable().sql_state(), "42703");
  EXPECT_EQ(e.spark_throwable().message_parameters().at("objectName"), "`nope`");
}

TEST(ErrorsTest, JsonQuoting) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(JsonStringList({"x", "y"}), "[\"x\",\"y\"]");
  EXPECT_EQ(JsonStringList({}), "[]");
}

}  // namespace
}  // namespace kindred::connect
