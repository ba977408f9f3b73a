#include "common/progress.h"

#include <cstdio>

namespace kindred {
namespace {
std::atomic<bool> g_quiet{false};
}

void Progress::SetQuiet(bool quiet) { g_quiet = quiet; }

Progress::Progress(std::string what, int64_t total, std::chrono::milliseconds interval)
    : what_(std::move(what)), total_(total), start_(std::chrono::steady_clock::now()),
      interval_(interval) {}

void Progress::Add(int64_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - start_).count();
  int64_t last = last_print_ms_.load(std::memory_order_relaxed);
  if (now_ms - last >= interval_.count() &&
      last_print_ms_.compare_exchange_strong(last, now_ms)) {
    Print(false);
  }
}

void Progress::Finish(bool always) {
  if (printed_ || always) Print(true);
}

void Progress::Print(bool final_line) {
  if (g_quiet) return;
  std::lock_guard<std::mutex> lock(mu_);
  printed_ = true;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  int64_t done = done_.load();
  double rate = secs > 0 ? done / secs : 0;
  if (total_ > 0 && !final_line) {
    double eta = rate > 0 ? (total_ - done) / rate : 0;
    std::fprintf(stderr, "[%s] %lld/%lld (%.0f%%) %.0f/s, ETA %.0fs\n", what_.c_str(),
                 (long long)done, (long long)total_, 100.0 * done / total_, rate, eta);
  } else {
    std::fprintf(stderr, "[%s] %lld done in %.1fs (%.0f/s)\n", what_.c_str(), (long long)done,
                 secs, rate);
  }
}

}  // namespace kindred
