// Errors are values: every fallible function returns Status or Result<T>; nothing is thrown
// across layers. (Debian's Abseil is built with its own string_view, incompatible with
// std::string_view in C++20, so Kindred carries this small Status of its own.)
#pragma once

#include <cassert>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "common/strings.h"

namespace kindred {

enum class StatusCode {
  kOk = 0,
  kCancelled,
  kInvalidArgument,  // bad user input: a config, a file's content, a plan, a column name
  kNotFound,         // a missing file, table, column or model
  kAlreadyExists,
  kFailedPrecondition,  // e.g. too few labels to train
  kUnimplemented,
  kInternal,
  kIoError,          // the OS refused a read or write
  kResourceExhausted,
};

// Optional structured detail carried by a Status, in Spark's error vocabulary, so the Spark
// Connect layer can report errorClass / sqlState / messageParameters as Spark clients expect.
struct ErrorDetails {
  std::string error_class;  // e.g. "UNRESOLVED_COLUMN.WITH_SUGGESTION"
  std::string sql_state;    // e.g. "42703"
  std::map<std::string, std::string> message_parameters;
  // Spark exception classes, most specific first, e.g. {"org.apache.spark.sql.AnalysisException"}
  std::vector<std::string> exception_classes;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "Invalid argument: message"
  std::string ToString() const;
  // The same status with `context` prepended to the message ("reading x.csv: ...").
  Status WithContext(const std::string& context) const;
  // The same status carrying Spark-style error details.
  Status WithDetails(ErrorDetails details) const;
  // Null when none were attached.
  const ErrorDetails* details() const { return details_.get(); }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::shared_ptr<const ErrorDetails> details_;
};

std::ostream& operator<<(std::ostream& os, const Status& s);
const char* StatusCodeName(StatusCode code);

inline Status OkStatus() { return Status(); }
template <typename... Args>
Status InvalidArgument(const Args&... args) {
  return Status(StatusCode::kInvalidArgument, StrCat(args...));
}
template <typename... Args>
Status NotFound(const Args&... args) {
  return Status(StatusCode::kNotFound, StrCat(args...));
}
template <typename... Args>
Status AlreadyExists(const Args&... args) {
  return Status(StatusCode::kAlreadyExists, StrCat(args...));
}
template <typename... Args>
Status IoError(const Args&... args) {
  return Status(StatusCode::kIoError, StrCat(args...));
}
template <typename... Args>
Status Internal(const Args&... args) {
  return Status(StatusCode::kInternal, StrCat(args...));
}
template <typename... Args>
Status Unimplemented(const Args&... args) {
  return Status(StatusCode::kUnimplemented, StrCat(args...));
}
template <typename... Args>
Status FailedPrecondition(const Args&... args) {
  return Status(StatusCode::kFailedPrecondition, StrCat(args...));
}
template <typename... Args>
Status Cancelled(const Args&... args) {
  return Status(StatusCode::kCancelled, StrCat(args...));
}
template <typename... Args>
Status ResourceExhausted(const Args&... args) {
  return Status(StatusCode::kResourceExhausted, StrCat(args...));
}

// A value or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "Result built from OK status");
  }
  template <typename U,
            typename = std::enable_if_t<std::is_convertible_v<U, T> && !std::is_same_v<U, T> &&
                                        !std::is_same_v<std::decay_t<U>, Status>>>
  Result(U&& value) : value_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T value_or(T other) const { return ok() ? *value_ : other; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace kindred

#define KINDRED_CONCAT_INNER(a, b) a##b
#define KINDRED_CONCAT(a, b) KINDRED_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)           \
  do {                                  \
    ::kindred::Status _st = (expr);     \
    if (!_st.ok()) return _st;          \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, MakeX());` unwraps a Result or returns its error.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL(KINDRED_CONCAT(_result_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                          \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(tmp).value()
