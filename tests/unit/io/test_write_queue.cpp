// The writing thread runs tasks in order, bounds what waits, and hands failures back.
#include "hedgesim/io/write_queue.hpp"

#include "hedgesim/core/error.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

namespace hedgesim::io {
namespace {

TEST(WriteQueue, RunsTasksInTheOrderTheyWereQueuedFromManyThreads)
{
  std::vector<int> seen; // touched only by the queue's thread until drain() returns
  WriteQueue queue(4);
  std::vector<std::thread> producers;
  for (int p = 0; p < 3; ++p) {
    producers.emplace_back([&, p] {
      for (int k = 0; k < 100; ++k) {
        queue.push([&seen, p, k] { seen.push_back(p * 1000 + k); });
      }
    });
  }
  for (std::thread& t : producers) {
    t.join();
  }
  queue.drain();
  ASSERT_EQ(seen.size(), 300U);
  // Each producer's tasks keep their order among themselves.
  std::vector<int> last(3, -1);
  for (const int v : seen) {
    EXPECT_GT(v % 1000, last[static_cast<std::size_t>(v / 1000)]);
    last[static_cast<std::size_t>(v / 1000)] = v % 1000;
  }
}

TEST(WriteQueue, PushWaitsWhileTheQueueIsFull)
{
  WriteQueue queue(2);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> done{0};
  queue.push([gate, &done] {
    gate.wait();
    ++done;
  });
  // The first task is running, or waits to: two more fill the queue once it has started.
  queue.push([&done] { ++done; });
  queue.push([&done] { ++done; });
  std::atomic<bool> pushed{false};
  std::thread late([&] {
    queue.push([&done] { ++done; });
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(pushed.load()) << "a fourth task found room while the first was still running";
  release.set_value();
  late.join();
  queue.drain();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(done.load(), 4);
}

TEST(WriteQueue, AFailedTaskStopsTheRestAndIsRethrown)
{
  WriteQueue queue(8);
  std::atomic<int> ran{0};
  // The failing task waits until the second one is queued: a push after a failure rethrows it.
  std::promise<void> queued;
  std::shared_future<void> gate = queued.get_future().share();
  queue.push([gate] {
    gate.wait();
    throw IoError("out.h5: cannot write a chunk (No space left on device)");
  });
  queue.push([&ran] { ++ran; });
  queued.set_value();
  try {
    queue.drain();
    FAIL() << "drain() returned after a failed task";
  } catch (const IoError& e) {
    EXPECT_STREQ(e.what(), "out.h5: cannot write a chunk (No space left on device)");
  }
  EXPECT_EQ(ran.load(), 0);
  EXPECT_THROW(queue.push([&ran] { ++ran; }), IoError);
  EXPECT_EQ(ran.load(), 0);
}

TEST(WriteQueue, StopDropsWhatHasNotRun)
{
  std::atomic<int> ran{0};
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  {
    WriteQueue queue(8);
    queue.push([gate] { gate.wait(); });
    queue.push([&ran] { ++ran; });
    std::thread opener([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      release.set_value();
    });
    queue.stop();
    opener.join();
  }
  EXPECT_EQ(ran.load(), 0);
}

} // namespace
} // namespace hedgesim::io
