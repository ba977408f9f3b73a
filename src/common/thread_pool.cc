#include "common/thread_pool.h"

#include <cstdlib>
#include <exception>
#include <memory>

namespace kindred {

ThreadPool::ThreadPool(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  // The caller of ParallelFor works too, so n-1 workers keep n cores busy.
  for (int i = 0; i < threads - 1; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

ThreadPool& ThreadPool::Default() {
  static ThreadPool* pool = [] {
    int n = 0;
    if (const char* env = std::getenv("KINDRED_THREADS")) n = std::atoi(env);
    return new ThreadPool(n);
  }();
  return *pool;
}

void ThreadPool::Submit(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
}

bool ThreadPool::RunOne() {
  std::function<void()> job;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.empty()) return false;
    job = std::move(queue_.front());
    queue_.pop_front();
  }
  job();
  return true;
}

void ThreadPool::WorkerLoop() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_ && queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
  }
}

void ThreadPool::ParallelFor(int64_t n, int64_t morsel,
                             const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  if (morsel <= 0) morsel = 1;
  const int64_t chunks = (n + morsel - 1) / morsel;
  if (chunks == 1 || workers_.empty()) {
    for (int64_t b = 0; b < n; b += morsel) fn(b, std::min(n, b + morsel));
    return;
  }
  // Morsels are claimed from a shared counter, so fast threads take more of them.
  struct State {
    std::atomic<int64_t> next{0};
    std::atomic<int64_t> done{0};
    std::mutex mu;
    std::condition_variable cv;
    // The first exception a morsel threw (an allocation failure, say): rethrown to the caller
    // once every morsel is accounted for, instead of terminating a worker thread.
    std::exception_ptr error;
  };
  auto state = std::make_shared<State>();
  auto work = [state, n, morsel, chunks, &fn] {
    for (;;) {
      int64_t c = state->next.fetch_add(1);
      if (c >= chunks) return;
      int64_t b = c * morsel;
      try {
        fn(b, std::min(n, b + morsel));
      } catch (...) {
        std::lock_guard<std::mutex> lock(state->mu);
        if (!state->error) state->error = std::current_exception();
        // The morsels nobody claimed yet are skipped: the call fails anyway.
        int64_t unclaimed_from = state->next.exchange(chunks);
        if (unclaimed_from < chunks) state->done.fetch_add(chunks - unclaimed_from);
      }
      if (state->done.fetch_add(1) + 1 >= chunks) {
        std::lock_guard<std::mutex> lock(state->mu);
        state->cv.notify_all();
      }
    }
  };
  const int helpers = static_cast<int>(std::min<int64_t>(workers_.size(), chunks - 1));
  for (int i = 0; i < helpers; ++i) Submit(work);
  work();
  // While others finish, help with queued jobs instead of idling (nested ParallelFor).
  while (state->done.load() < chunks) {
    if (!RunOne()) {
      std::unique_lock<std::mutex> lock(state->mu);
      state->cv.wait_for(lock, std::chrono::milliseconds(1),
                         [&] { return state->done.load() >= chunks; });
    }
  }
  if (state->error) std::rethrow_exception(state->error);
}

void ThreadPool::ParallelTasks(int tasks, const std::function<void(int)>& fn) {
  ParallelFor(tasks, 1, [&fn](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) fn(static_cast<int>(i));
  });
}

}  // namespace kindred
