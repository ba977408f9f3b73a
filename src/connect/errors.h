// Maps Kindred Status values to the gRPC errors Spark Connect clients understand: code
// INTERNAL, message "[ERROR_CLASS] text SQLSTATE: xxxxx", and a google.rpc.Status in the
// details trailer carrying a google.rpc.ErrorInfo whose metadata PySpark turns back into
// AnalysisException, IllegalArgumentException, ... (keys as Spark's server sets them:
// "classes", "errorClass", "sqlState", "messageParameters", "errorId").
// Stateless functions; safe to call from any thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <grpcpp/support/status.h>

#include "common/status.h"
#include "google/rpc/error_details.pb.h"
#include "spark/connect/base.pb.h"

namespace kindred::connect {

inline constexpr char kAnalysisExceptionClass[] = "org.apache.spark.sql.AnalysisException";

// Spark's error vocabulary for `status`: its own details when present, otherwise defaults
// chosen from the status code (InvalidArgument/NotFound → AnalysisException, Unimplemented →
// SparkUnsupportedOperationException, Cancelled → OPERATION_CANCELED, ...).
ErrorDetails SparkErrorDetails(const Status& status);

// The message Spark's server would send: "[CLASS] message SQLSTATE: state" (parts omitted
// when unknown).
std::string SparkErrorMessage(const Status& status);

// The ErrorInfo for `status`; `error_id` (may be empty) is what FetchErrorDetails answers to.
google::rpc::ErrorInfo ToErrorInfo(const Status& status, const std::string& error_id);

// The gRPC status to return for a failed `status` (must not be OK). Code INTERNAL as Spark
// sends, except that an unknown or closed session handle keeps INTERNAL too (Spark's
// INVALID_HANDLE errors are SparkSQLException).
grpc::Status ToGrpcStatus(const Status& status, const std::string& error_id);

// FetchErrorDetails' answer for a stored error: one Error with the class hierarchy, message
// and SparkThrowable (error class, SQL state, parameters); root_error_idx = 0.
void FillFetchErrorDetails(const Status& status, spark::connect::FetchErrorDetailsResponse* out);

// A JSON string literal / array / object, as Spark's metadata values are JSON texts.
std::string JsonQuote(const std::string& s);
std::string JsonStringList(const std::vector<std::string>& items);

// Builds a Status carrying Spark error details in one call.
Status SparkError(StatusCode code, std::string error_class, std::string sql_state,
                  std::map<std::string, std::string> parameters, std::string message,
                  std::vector<std::string> exception_classes = {});

}  // namespace kindred::connect
