// Shards cover a plan's runs exactly once, contiguously and evenly in whole chunk groups;
// blocks cover a shard.
#include "hedgesim/cluster/shard_range.hpp"
#include "hedgesim/core/error.hpp"

#include <gtest/gtest.h>

using namespace hedgesim;
using namespace hedgesim::cluster;

TEST(ShardRange, ShardsCoverEveryRunOnceInOrder)
{
  for (std::uint64_t runs : {0ULL, 1ULL, 5ULL, 64ULL, 1001ULL}) {
    for (std::uint64_t shards : {1ULL, 2ULL, 3ULL, 7ULL, 70ULL}) {
      std::uint64_t next = 0;
      for (std::uint64_t s = 0; s < shards; ++s) {
        const RunRange r = shard_range(runs, s, shards);
        EXPECT_EQ(r.first, next) << runs << " runs, shard " << s << " of " << shards;
        if (r.count > 0) {
          EXPECT_EQ(r.first % 8, 0U) << "a shard begins a chunk group";
        }
        // Whole groups of 8, as evenly as they go; the last group may be short.
        const std::uint64_t groups = (runs + 7) / 8;
        EXPECT_LE(r.count, (groups / shards + 1) * 8);
        if (r.end() < runs) {
          EXPECT_GE(r.count, groups / shards * 8);
        }
        next = r.end();
      }
      EXPECT_EQ(next, runs);
    }
  }
}

TEST(ShardRange, TheFirstShardsTakeTheRemainder)
{
  // 64 runs are 8 groups of 8: 3, 3 and 2 groups.
  EXPECT_EQ(shard_range(64, 0, 3), (RunRange{0, 24}));
  EXPECT_EQ(shard_range(64, 1, 3), (RunRange{24, 24}));
  EXPECT_EQ(shard_range(64, 2, 3), (RunRange{48, 16}));
  // 20 runs are groups of 8, 8 and 4.
  EXPECT_EQ(shard_range(20, 0, 2), (RunRange{0, 16}));
  EXPECT_EQ(shard_range(20, 1, 2), (RunRange{16, 4}));
  EXPECT_EQ(shard_range(20, 2, 4), (RunRange{16, 4}));
  EXPECT_EQ(shard_range(20, 3, 4), (RunRange{20, 0}));
}

TEST(ShardRange, RejectsAShardOutsideTheCount)
{
  EXPECT_THROW(static_cast<void>(shard_range(10, 3, 3)), UsageError);
  EXPECT_THROW(static_cast<void>(shard_range(10, 0, 0)), UsageError);
}

TEST(ShardRange, BlocksCutAShardFromItsFirstRun)
{
  const std::vector<RunRange> blocks = block_ranges(RunRange{22, 21}, 8);
  ASSERT_EQ(blocks.size(), 3U);
  EXPECT_EQ(blocks[0], (RunRange{22, 8}));
  EXPECT_EQ(blocks[1], (RunRange{30, 8}));
  EXPECT_EQ(blocks[2], (RunRange{38, 5}));
  EXPECT_TRUE(block_ranges(RunRange{5, 0}, 8).empty());
}

TEST(ShardRange, FormatsRunsCompactly)
{
  EXPECT_EQ(format_runs(to_ranges({7, 3, 64, 65, 66, 4, 200})), "3-4, 7, 64-66, 200");
  EXPECT_EQ(format_runs(to_ranges({1, 3, 5, 7}), 2), "1, 3, ...");
  EXPECT_EQ(format_runs({}), "");
}
