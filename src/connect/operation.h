// One ExecutePlan execution: its identity, tags, cancellation flag and the buffer of responses
// that a reattachable execution keeps until the client releases them.
//
// The executing thread appends responses (Append) and ends with Finish. Any number of readers
// take responses by absolute position (Next); ReattachExecute starts a new reader, which
// detaches the previous one, as Spark does. Safe for concurrent use from multiple threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "spark/connect/base.pb.h"

namespace kindred::connect {

class Operation {
 public:
  using Clock = std::chrono::steady_clock;

  Operation(std::string operation_id, std::vector<std::string> tags, bool reattachable);

  const std::string& id() const { return id_; }
  const std::vector<std::string>& tags() const { return tags_; }
  bool reattachable() const { return reattachable_; }
  bool HasTag(const std::string& tag) const;

  // The flag the engine polls (sql::ExecContext::cancelled). Owned by this Operation.
  std::atomic<bool>* cancelled_flag() { return &cancelled_; }
  // Asks the execution to stop; returns true when it was still running.
  bool Interrupt();

  // ---- Producer side (the executing thread). ----
  // Adds a response (already carrying ids); wakes readers. Ignored after Finish.
  void Append(spark::connect::ExecutePlanResponse response);
  // Marks the end of the stream with the execution's outcome (OK or the error).
  void Finish(const Status& status);
  bool finished() const;

  // ---- Reader side. ----
  enum class NextResult { kResponse, kEnd, kDetached, kTimeout, kReleased };
  // Starts a new reader and detaches any previous one. Returns the reader's token.
  uint64_t Attach();
  // The response at absolute position `pos` (0 = first response ever appended), waiting until
  // it exists, the stream ends (kEnd; *final_status is the outcome), a newer reader attaches
  // (kDetached), `deadline` passes (kTimeout), or the position was released (kReleased).
  // The response is shared, not copied (it may hold megabytes of Arrow data). A
  // non-reattachable operation's responses are consumed by reading: it and every earlier
  // position are released.
  NextResult Next(uint64_t token, int64_t pos, Clock::time_point deadline,
                  std::shared_ptr<const spark::connect::ExecutePlanResponse>* out,
                  Status* final_status);
  // The same, copying the response into `*out`.
  NextResult Next(uint64_t token, int64_t pos, Clock::time_point deadline,
                  spark::connect::ExecutePlanResponse* out, Status* final_status);
  // Position just after the response `response_id`; NotFound when it is not buffered.
  Result<int64_t> PositionAfter(const std::string& response_id) const;
  // Drops buffered responses up to and including `response_id` (no-op when unknown).
  void ReleaseUntil(const std::string& response_id);
  // Drops responses before position `pos`.
  void ReleaseBefore(int64_t pos);
  // Interrupts the execution, drops every response and detaches readers.
  void ReleaseAll();
  bool released() const;

  // Position of the first buffered response and one past the last.
  int64_t first_position() const;
  int64_t end_position() const;

  // Time of the last Append/Next/Attach; an operation nobody touches for long is abandoned.
  Clock::time_point last_access() const;

 private:
  const std::string id_;
  const std::vector<std::string> tags_;
  const bool reattachable_;
  std::atomic<bool> cancelled_{false};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<const spark::connect::ExecutePlanResponse>> buffer_;
  int64_t first_pos_ = 0;  // absolute position of buffer_.front()
  bool finished_ = false;
  bool released_ = false;
  Status final_status_;
  uint64_t reader_token_ = 0;
  mutable Clock::time_point last_access_;
};

}  // namespace kindred::connect
