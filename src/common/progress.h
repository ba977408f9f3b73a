// Progress for long work: a periodic line on stderr with counts, rate and ETA.
// Thread-safe: Add() may be called from pool workers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace kindred {

class Progress {
 public:
  // `total` may be 0 when unknown (then no ETA). Lines are printed at most every `interval`.
  Progress(std::string what, int64_t total,
           std::chrono::milliseconds interval = std::chrono::milliseconds(2000));
  // Adds `n` done items; prints a line when the interval has passed.
  void Add(int64_t n);
  // Prints the final line (only if any line was printed before, or `always`).
  void Finish(bool always = false);
  static void SetQuiet(bool quiet);

 private:
  void Print(bool final_line);
  std::string what_;
  int64_t total_;
  std::atomic<int64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::milliseconds interval_;
  std::atomic<int64_t> last_print_ms_{0};
  std::mutex mu_;
  bool printed_ = false;
};

}  // namespace kindred
