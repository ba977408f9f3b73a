#include "connect/errors.h"

#include <cstdio>

#include "google/rpc/status.pb.h"

namespace kindred::connect {
namespace {

constexpr const char* kAnalysisException = kAnalysisExceptionClass;
constexpr char kSparkException[] = "org.apache.spark.SparkException";

std::vector<std::string> DefaultClasses(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
      return {kAnalysisException};
    case StatusCode::kUnimplemented:
      return {"org.apache.spark.SparkUnsupportedOperationException",
              "java.lang.UnsupportedOperationException"};
    case StatusCode::kFailedPrecondition:
      return {"org.apache.spark.SparkIllegalArgumentException",
              "java.lang.IllegalArgumentException"};
    case StatusCode::kResourceExhausted:
      return {"org.apache.spark.SparkRuntimeException", "java.lang.RuntimeException"};
    case StatusCode::kIoError:
      return {"org.apache.spark.SparkIOException", "java.io.IOException"};
    default:
      return {kSparkException};
  }
}

std::string DefaultErrorClass(StatusCode code) {
  switch (code) {
    case StatusCode::kCancelled:
      return "OPERATION_CANCELED";
    case StatusCode::kUnimplemented:
      return "UNSUPPORTED_FEATURE";
    case StatusCode::kInternal:
      return "INTERNAL_ERROR";
    default:
      return "";
  }
}

std::string DefaultSqlState(const std::string& error_class) {
  if (error_class == "OPERATION_CANCELED") return "HY008";
  if (error_class == "UNSUPPORTED_FEATURE") return "0A000";
  if (error_class == "INTERNAL_ERROR") return "XX000";
  return "";
}

std::string JsonObject(const std::map<std::string, std::string>& m) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ",";
    first = false;
    out += JsonQuote(k) + ":" + JsonQuote(v);
  }
  return out + "}";
}

}  // namespace

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string JsonStringList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",";
    out += JsonQuote(items[i]);
  }
  return out + "]";
}

Status SparkError(StatusCode code, std::string error_class, std::string sql_state,
                  std::map<std::string, std::string> parameters, std::string message,
                  std::vector<std::string> exception_classes) {
  ErrorDetails d;
  d.error_class = std::move(error_class);
  d.sql_state = std::move(sql_state);
  d.message_parameters = std::move(parameters);
  d.exception_classes = std::move(exception_classes);
  return Status(code, std::move(message)).WithDetails(std::move(d));
}

ErrorDetails SparkErrorDetails(const Status& status) {
  ErrorDetails d;
  if (status.details() != nullptr) d = *status.details();
  if (d.exception_classes.empty()) d.exception_classes = DefaultClasses(status.code());
  if (d.error_class.empty()) d.error_class = DefaultErrorClass(status.code());
  if (d.sql_state.empty()) d.sql_state = DefaultSqlState(d.error_class);
  return d;
}

std::string SparkErrorMessage(const Status& status) {
  ErrorDetails d = SparkErrorDetails(status);
  std::string msg = status.message();
  // Spark's messages start with the error class in brackets; the engine's may already.
  if (!d.error_class.empty() && (msg.empty() || msg[0] != '[')) {
    msg = StrCat("[", d.error_class, "] ", msg);
  }
  if (!d.sql_state.empty() && msg.find("SQLSTATE:") == std::string::npos) {
    msg = StrCat(msg, " SQLSTATE: ", d.sql_state);
  }
  return msg;
}

google::rpc::ErrorInfo ToErrorInfo(const Status& status, const std::string& error_id) {
  ErrorDetails d = SparkErrorDetails(status);
  google::rpc::ErrorInfo info;
  // Spark puts the exception's class name in `reason`; the error class goes in metadata.
  info.set_reason(d.exception_classes.front());
  info.set_domain("org.apache.spark");
  auto& md = *info.mutable_metadata();
  md["classes"] = JsonStringList(d.exception_classes);
  if (!d.sql_state.empty()) md["sqlState"] = d.sql_state;
  if (!d.error_class.empty()) {
    md["errorClass"] = d.error_class;
    md["messageParameters"] = JsonObject(d.message_parameters);
  }
  if (!error_id.empty()) md["errorId"] = error_id;
  return info;
}

grpc::Status ToGrpcStatus(const Status& status, const std::string& error_id) {
  google::rpc::Status rpc;
  rpc.set_code(grpc::StatusCode::INTERNAL);
  std::string message = SparkErrorMessage(status);
  rpc.set_message(message);
  rpc.add_details()->PackFrom(ToErrorInfo(status, error_id));
  return grpc::Status(grpc::StatusCode::INTERNAL, message, rpc.SerializeAsString());
}

void FillFetchErrorDetails(const Status& status, spark::connect::FetchErrorDetailsResponse* out) {
  ErrorDetails d = SparkErrorDetails(status);
  out->set_root_error_idx(0);
  auto* err = out->add_errors();
  for (const auto& c : d.exception_classes) err->add_error_type_hierarchy(c);
  err->add_error_type_hierarchy("java.lang.Exception");
  err->add_error_type_hierarchy("java.lang.Throwable");
  err->set_message(SparkErrorMessage(status));
  auto* st = err->mutable_spark_throwable();
  if (!d.error_class.empty()) st->set_error_class(d.error_class);
  if (!d.sql_state.empty()) st->set_sql_state(d.sql_state);
  for (const auto& [k, v] : d.message_parameters) (*st->mutable_message_parameters())[k] = v;
}

}  // namespace kindred::connect
