#include "common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <new>

namespace kindred {
namespace {

TEST(ThreadPool, ParallelForCoversEveryIndexOnce) {
  ThreadPool pool(2);
  std::vector<std::atomic<int>> hits(10007);
  pool.ParallelFor(10007, 100, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) hits[i]++;
  });
  for (auto& h : hits) ASSERT_EQ(h.load(), 1);
}

TEST(ThreadPool, NestedParallelForDoesNotDeadlock) {
  ThreadPool pool(2);
  std::atomic<int64_t> sum{0};
  pool.ParallelTasks(4, [&](int) {
    pool.ParallelFor(1000, 10, [&](int64_t b, int64_t e) { sum += e - b; });
  });
  EXPECT_EQ(sum.load(), 4000);
}

}  // namespace
}  // namespace kindred

namespace kindred {
namespace {

TEST(ThreadPool, AThrowingMorselFailsTheCallNotTheProcess) {
  ThreadPool pool(2);
  std::atomic<int64_t> ran{0};
  for (int round = 0; round < 20; ++round) {
    bool caught = false;
    try {
      pool.ParallelFor(1000, 1, [&](int64_t b, int64_t) {
        ran.fetch_add(1);
        if (b == 37) throw std::bad_alloc();
      });
    } catch (const std::bad_alloc&) {
      caught = true;
    }
    EXPECT_TRUE(caught) << "round " << round;
  }
  // The pool still works afterwards.
  std::atomic<int64_t> sum{0};
  pool.ParallelFor(100, 7, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) sum.fetch_add(i);
  });
  EXPECT_EQ(sum.load(), 4950);
  EXPECT_GT(ran.load(), 0);
}

}  // namespace
}  // namespace kindred
