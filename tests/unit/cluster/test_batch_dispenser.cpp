// The batches of an MPI `--stream` job: opening shares while MPI starts, then the rest from
// rank 0, every batch handed out exactly once.
#include "hedgesim/cluster/batch_dispenser.hpp"
#include "hedgesim/core/error.hpp"

#include "support/expect_throw_msg.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <vector>

namespace hedgesim::cluster {
namespace {

using namespace std::chrono_literals;

TEST(BatchGrid, CutsTheRunsIntoBatchesWithAShortLastOne)
{
  const BatchGrid grid{20, 8};
  EXPECT_EQ(grid.batches(), 3U);
  EXPECT_EQ(grid.batch(0).first, 0U);
  EXPECT_EQ(grid.batch(0).count, 8U);
  EXPECT_EQ(grid.batch(2).first, 16U);
  EXPECT_EQ(grid.batch(2).count, 4U);
  EXPECT_EQ(grid.batch(3).count, 0U);
  EXPECT_EQ((BatchGrid{16, 8}.batches()), 2U);
  EXPECT_EQ((BatchGrid{0, 8}.batches()), 0U);
}

TEST(OpeningShare, TakesEveryNthBatchFromItsRankOnUntilClosed)
{
  OpeningShare share(BatchGrid{80, 8}, 1, 3); // batches 1, 4, 7 of 10
  EXPECT_EQ(share.take()->first, 8U);
  EXPECT_EQ(share.take()->first, 32U);
  EXPECT_EQ(share.close(), 2U);
  EXPECT_FALSE(share.take().has_value());

  OpeningShare whole(BatchGrid{80, 8}, 1, 3);
  std::vector<std::uint64_t> firsts;
  while (const auto b = whole.take()) {
    firsts.push_back(b->first);
  }
  EXPECT_EQ(firsts, (std::vector<std::uint64_t>{8, 32, 56}));
  EXPECT_EQ(whole.close(), 3U);
}

TEST(OpeningShare, TakenInOpeningFollowsEachRanksCount)
{
  const std::vector<std::uint64_t> taken{2, 0, 1}; // rank 0: 0 and 3; rank 2: 2
  std::vector<std::uint64_t> opened;
  for (std::uint64_t b = 0; b < 10; ++b) {
    if (taken_in_opening(b, taken)) {
      opened.push_back(b);
    }
  }
  EXPECT_EQ(opened, (std::vector<std::uint64_t>{0, 2, 3}));
  EXPECT_FALSE(taken_in_opening(0, {}));
}

// Takes from `d` until it has no more; the first run of each batch.
std::vector<std::uint64_t> drain(BatchDispenser& d)
{
  std::vector<std::uint64_t> firsts;
  for (RunBatch b = d.take(); b.count > 0; b = d.take()) {
    firsts.push_back(b.first / 8);
  }
  return firsts;
}

TEST(BatchDispenser, HandsOutEveryBatchNoOpeningShareTookOnceInOrder)
{
  BatchDispenser d(BatchGrid{100, 8}, 2); // 13 batches, the last of 4 runs
  EXPECT_EQ(d.take().first, 0U);          // rank 0's share: 0, 2, 4, ...
  EXPECT_EQ(d.take().first, 16U);
  EXPECT_EQ(d.close_opening(), 2U);
  d.open({2, 3}); // rank 1 took 1, 3 and 5
  EXPECT_EQ(drain(d), (std::vector<std::uint64_t>{4, 6, 7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(d.take().count, 0U);
}

TEST(BatchDispenser, ARankThatTookItsWholeShareLeavesTheOthersTheirs)
{
  BatchDispenser d(BatchGrid{40, 8}, 2); // batches 0 .. 4
  EXPECT_EQ(d.close_opening(), 0U);
  d.open({0, 2}); // rank 1 took 1 and 3, all of its share
  EXPECT_EQ(drain(d), (std::vector<std::uint64_t>{0, 2, 4}));
}

TEST(BatchDispenser, NeverHandsOutABatchKeptFromAnEarlierJob)
{
  std::vector<bool> done(13, false); // 13 batches
  for (const std::size_t b : {0, 2, 5, 6, 12}) {
    done[b] = true;
  }
  BatchDispenser d(BatchGrid{100, 8}, 2, done);
  EXPECT_EQ(d.take().first / 8, 4U); // rank 0's share 0, 2, 4, ... passes over 0 and 2
  EXPECT_EQ(d.close_opening(), 3U);  // and counts them as taken
  d.open({3, 2});                    // rank 1 took 1 and 3
  EXPECT_EQ(drain(d), (std::vector<std::uint64_t>{7, 8, 9, 10, 11}));
}

TEST(BatchDispenser, RefusesDoneFlagsOfAnotherGrid)
{
  EXPECT_THROW_MSG(BatchDispenser(BatchGrid{100, 8}, 2, std::vector<bool>(12)), Error,
                   "MPI stream: 12 batches marked done or not, of 13");
}

TEST(BatchDispenser, WaitsBetweenClosingAndOpening)
{
  BatchDispenser d(BatchGrid{32, 8}, 2);
  d.close_opening();
  auto next = std::async(std::launch::async, [&] { return d.take(); });
  EXPECT_EQ(next.wait_for(20ms), std::future_status::timeout);
  d.open({0, 0});
  EXPECT_EQ(next.get().first, 0U);
}

TEST(BatchDispenser, StoppingWakesAWaitingTakerWithNoWork)
{
  BatchDispenser d(BatchGrid{32, 8}, 2);
  d.close_opening();
  auto next = std::async(std::launch::async, [&] { return d.take(); });
  d.stop();
  EXPECT_EQ(next.get().count, 0U);
  EXPECT_EQ(d.take().count, 0U);
}

TEST(BatchDispenser, RefusesCountsThatDoNotFit)
{
  BatchDispenser d(BatchGrid{40, 8}, 2); // rank 0's share has 3 batches, rank 1's 2
  d.close_opening();
  EXPECT_THROW_MSG(d.open({0, 3}), Error, "MPI stream: rank 1 says it took 3 opening batches of its 2");
  EXPECT_THROW_MSG(d.open({0}), Error, "MPI stream: opening counts of 1 ranks, expected 2");
  EXPECT_NO_THROW(d.open({3, 2}));
  EXPECT_EQ(d.take().count, 0U);
}

} // namespace
} // namespace hedgesim::cluster
