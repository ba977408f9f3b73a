#include "connect/operation.h"

#include <algorithm>

namespace kindred::connect {

Operation::Operation(std::string operation_id, std::vector<std::string> tags, bool reattachable)
    : id_(std::move(operation_id)),
      tags_(std::move(tags)),
      reattachable_(reattachable),
      last_access_(Clock::now()) {}

bool Operation::HasTag(const std::string& tag) const {
  return std::find(tags_.begin(), tags_.end(), tag) != tags_.end();
}

bool Operation::Interrupt() {
  bool was_running;
  {
    std::lock_guard<std::mutex> lock(mu_);
    was_running = !finished_;
  }
  cancelled_.store(true);
  cv_.notify_all();
  return was_running;
}

void Operation::Append(spark::connect::ExecutePlanResponse response) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_ || released_) return;
    buffer_.push_back(
        std::make_shared<const spark::connect::ExecutePlanResponse>(std::move(response)));
    last_access_ = Clock::now();
  }
  cv_.notify_all();
}

void Operation::Finish(const Status& status) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    finished_ = true;
    final_status_ = status;
    last_access_ = Clock::now();
  }
  cv_.notify_all();
}

bool Operation::finished() const {
  std::lock_guard<std::mutex> lock(mu_);
  return finished_;
}

uint64_t Operation::Attach() {
  uint64_t token;
  {
    std::lock_guard<std::mutex> lock(mu_);
    token = ++reader_token_;
    last_access_ = Clock::now();
  }
  cv_.notify_all();
  return token;
}

Operation::NextResult Operation::Next(uint64_t token, int64_t pos, Clock::time_point deadline,
                                      spark::connect::ExecutePlanResponse* out,
                                      Status* final_status) {
  std::shared_ptr<const spark::connect::ExecutePlanResponse> shared;
  NextResult res = Next(token, pos, deadline, &shared, final_status);
  if (res == NextResult::kResponse) *out = *shared;
  return res;
}

Operation::NextResult Operation::Next(
    uint64_t token, int64_t pos, Clock::time_point deadline,
    std::shared_ptr<const spark::connect::ExecutePlanResponse>* out, Status* final_status) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    last_access_ = Clock::now();
    if (token != reader_token_) return NextResult::kDetached;
    if (released_) return NextResult::kReleased;
    if (pos < first_pos_) return NextResult::kReleased;
    int64_t end = first_pos_ + static_cast<int64_t>(buffer_.size());
    if (pos < end) {
      *out = buffer_[pos - first_pos_];
      // Nobody can come back for a response of a non-reattachable execution once it is read.
      if (!reattachable_) {
        while (first_pos_ <= pos) {
          buffer_.pop_front();
          ++first_pos_;
        }
      }
      return NextResult::kResponse;
    }
    if (finished_) {
      *final_status = final_status_;
      return NextResult::kEnd;
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
      if (token != reader_token_) return NextResult::kDetached;
      if (pos < first_pos_ + static_cast<int64_t>(buffer_.size()) || finished_) continue;
      return NextResult::kTimeout;
    }
  }
}

Result<int64_t> Operation::PositionAfter(const std::string& response_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < buffer_.size(); ++i) {
    if (buffer_[i]->response_id() == response_id) return first_pos_ + static_cast<int64_t>(i) + 1;
  }
  return NotFound("response ", response_id, " of operation ", id_, " is no longer buffered");
}

void Operation::ReleaseUntil(const std::string& response_id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < buffer_.size(); ++i) {
    if (buffer_[i]->response_id() == response_id) {
      buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      first_pos_ += static_cast<int64_t>(i) + 1;
      last_access_ = Clock::now();
      return;
    }
  }
}

void Operation::ReleaseBefore(int64_t pos) {
  std::lock_guard<std::mutex> lock(mu_);
  while (first_pos_ < pos && !buffer_.empty()) {
    buffer_.pop_front();
    ++first_pos_;
  }
}

void Operation::ReleaseAll() {
  cancelled_.store(true);
  {
    std::lock_guard<std::mutex> lock(mu_);
    first_pos_ += static_cast<int64_t>(buffer_.size());
    buffer_.clear();
    released_ = true;
    ++reader_token_;
  }
  cv_.notify_all();
}

bool Operation::released() const {
  std::lock_guard<std::mutex> lock(mu_);
  return released_;
}

int64_t Operation::first_position() const {
  std::lock_guard<std::mutex> lock(mu_);
  return first_pos_;
}

int64_t Operation::end_position() const {
  std::lock_guard<std::mutex> lock(mu_);
  return first_pos_ + static_cast<int64_t>(buffer_.size());
}

Operation::Clock::time_point Operation::last_access() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_access_;
}

}  // namespace kindred::connect
