// The one thread pool of the process. Work is split into morsels; nothing else in
// Kindred spawns its own threads. Safe for concurrent use from multiple threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kindred {

class ThreadPool {
 public:
  // Starts `threads` workers (0 = hardware concurrency).
  explicit ThreadPool(int threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // The process-wide pool, sized to the machine (KINDRED_THREADS overrides).
  static ThreadPool& Default();

  int size() const { return static_cast<int>(workers_.size()); }

  // Runs fn(begin, end) over [0, n) in morsels of at most `morsel` items, on the pool and
  // on the calling thread, and returns when all are done. Safe to call from a pool worker
  // (the caller then helps instead of blocking a worker). When fn throws, the morsels not yet
  // started are skipped and the first exception is rethrown here once the running ones end.
  void ParallelFor(int64_t n, int64_t morsel, const std::function<void(int64_t, int64_t)>& fn);

  // Runs fn(task_index) for task_index in [0, tasks) in parallel; returns when all are done.
  void ParallelTasks(int tasks, const std::function<void(int)>& fn);

 private:
  void Submit(std::function<void()> job);
  bool RunOne();
  void WorkerLoop();

  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> queue_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace kindred
