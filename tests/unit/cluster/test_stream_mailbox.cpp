#include "hedgesim/cluster/stream_mailbox.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

namespace hedgesim::cluster {
namespace {

using namespace std::chrono_literals;

StreamMailbox::Letter letter(int tag, unsigned char byte)
{
  return {tag, {byte}};
}

TEST(StreamMailbox, BatchesAreTakenInOrderAndCountedUntilTaken)
{
  StreamMailbox box(1);
  box.deliver({0, 8});
  box.deliver({8, 8});
  EXPECT_EQ(box.queued(), 2U);
  const auto first = box.take();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->first, 0U);
  EXPECT_EQ(box.queued(), 1U);
  EXPECT_EQ(box.take()->first, 8U);
  EXPECT_EQ(box.queued(), 0U);
}

TEST(StreamMailbox, ClosingLetsWorkersFinishWhatIsQueued)
{
  StreamMailbox box(1);
  box.deliver({0, 8});
  box.close();
  EXPECT_TRUE(box.take().has_value());
  EXPECT_FALSE(box.take().has_value());
}

TEST(StreamMailbox, AbandoningDropsWhatIsQueued)
{
  StreamMailbox box(1);
  box.deliver({0, 8});
  box.abandon();
  EXPECT_FALSE(box.take().has_value());
}

TEST(StreamMailbox, AFailureStopsEveryWorkerFromTakingMore)
{
  StreamMailbox box(2);
  box.deliver({0, 8});
  box.post(letter(4, 1), true);
  EXPECT_FALSE(box.take().has_value());
  const auto [letters, all_stopped] = box.collect(0us);
  ASSERT_EQ(letters.size(), 1U);
  EXPECT_EQ(letters.front().tag, 4);
  EXPECT_FALSE(all_stopped);
}

TEST(StreamMailbox, LettersComeOutOnceOldestFirst)
{
  StreamMailbox box(1);
  box.post(letter(3, 1));
  box.post(letter(3, 2));
  auto [letters, all_stopped] = box.collect(0us);
  ASSERT_EQ(letters.size(), 2U);
  EXPECT_EQ(letters[0].bytes.front(), 1);
  EXPECT_EQ(letters[1].bytes.front(), 2);
  EXPECT_FALSE(all_stopped);
  EXPECT_TRUE(box.collect(0us).first.empty());
}

TEST(StreamMailbox, CollectSaysWhenTheLastWorkerHasStopped)
{
  StreamMailbox box(2);
  box.stopped();
  EXPECT_FALSE(box.collect(0us).second);
  box.stopped();
  EXPECT_TRUE(box.collect(0us).second);
}

TEST(StreamMailbox, ATakenBatchWakesTheMainThread)
{
  // The main thread asks rank 0 for the next batch as soon as a worker takes one, so a take
  // ends its wait at once, though nothing was posted.
  StreamMailbox box(1);
  box.deliver({0, 8});
  std::thread worker([&] {
    std::this_thread::sleep_for(20ms);
    (void)box.take();
  });
  const auto start = std::chrono::steady_clock::now();
  const auto [letters, all_stopped] = box.collect(30s);
  const auto waited = std::chrono::steady_clock::now() - start;
  worker.join();
  EXPECT_TRUE(letters.empty());
  EXPECT_FALSE(all_stopped);
  EXPECT_LT(waited, 20s);
  EXPECT_EQ(box.queued(), 0U);
}

TEST(StreamMailbox, WorkersWaitForBatchesAndEndWhenClosed)
{
  StreamMailbox box(3);
  std::vector<std::uint64_t> taken(3, 0);
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < 3; ++w) {
    workers.emplace_back([&, w] {
      while (const auto batch = box.take()) {
        taken[w] += batch->count;
        box.post(letter(3, static_cast<unsigned char>(w)));
      }
      box.stopped();
    });
  }
  for (std::uint64_t b = 0; b < 100; ++b) {
    box.deliver({8 * b, 8});
  }
  box.close();
  std::size_t letters = 0;
  for (;;) {
    auto [posted, all_stopped] = box.collect(1ms);
    letters += posted.size();
    if (all_stopped && posted.empty()) {
      break;
    }
  }
  for (std::thread& t : workers) {
    t.join();
  }
  EXPECT_EQ(letters, 100U);
  EXPECT_EQ(taken[0] + taken[1] + taken[2], 800U);
}

} // namespace
} // namespace hedgesim::cluster
