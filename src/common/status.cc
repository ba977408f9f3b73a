#include "common/status.h"

namespace kindred {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kCancelled: return "Cancelled";
    case StatusCode::kInvalidArgument: return "Invalid argument";
    case StatusCode::kNotFound: return "Not found";
    case StatusCode::kAlreadyExists: return "Already exists";
    case StatusCode::kFailedPrecondition: return "Failed precondition";
    case StatusCode::kUnimplemented: return "Unimplemented";
    case StatusCode::kInternal: return "Internal";
    case StatusCode::kIoError: return "I/O error";
    case StatusCode::kResourceExhausted: return "Resource exhausted";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return StrCat(StatusCodeName(code_), ": ", message_);
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  Status out(code_, StrCat(context, ": ", message_));
  out.details_ = details_;
  return out;
}

Status Status::WithDetails(ErrorDetails details) const {
  Status out = *this;
  out.details_ = std::make_shared<const ErrorDetails>(std::move(details));
  return out;
}

std::ostream& operator<<(std::ostream& os, const Status& s) { return os << s.ToString(); }

}  // namespace kindred
