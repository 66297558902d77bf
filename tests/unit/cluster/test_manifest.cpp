// The manifest and progress files read back as written, and refuse what they are not.
#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/core/error.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace hedgesim;
using namespace hedgesim::cluster;

TEST(Manifest, RoundTripsThroughItsFile)
{
  const hedgesim::testing::TempDir dir;
  Manifest m;
  m.kind = "sweep";
  m.name = "russia \"revisionism\"";
  m.source = "/data/sweeps/a b\\c.yaml";
  m.plan_hash = "0123456789abcdef";
  m.runs = 1001;
  m.seed = 7;
  m.shards = 3;
  m.block_size = 16;
  write_file_atomically(manifest_path(dir.path()), to_json(m));
  const Manifest back = read_manifest(manifest_path(dir.path()));
  EXPECT_EQ(back.kind, m.kind);
  EXPECT_EQ(back.name, m.name);
  EXPECT_EQ(back.source, m.source);
  EXPECT_TRUE(back.same_plan(m));
  Manifest other = m;
  other.shards = 4;
  EXPECT_FALSE(back.same_plan(other));
  other = m;
  other.source = "/elsewhere.yaml"; // the same plan from another path is the same plan
  EXPECT_TRUE(back.same_plan(other));
}

TEST(Manifest, ProgressRoundTripsWithFailures)
{
  const hedgesim::testing::TempDir dir;
  ShardProgress p;
  p.shard = 2;
  p.range = RunRange{43, 21};
  p.state = "failed";
  p.done_runs = 16;
  p.blocks = 3;
  p.done_blocks = {0, 2};
  p.failures = {RunFailure{51, "model error:\n\"x\" < 0\t(step 3)"}, RunFailure{52, "again"}};
  p.rate = 12.5;
  p.updated = "2026-11-22T09:00:00Z";
  p.updated_unix = 1795338000;
  std::filesystem::create_directories(shard_dir(dir.path(), 2));
  write_file_atomically(progress_path(dir.path(), 2), to_json(p));
  const auto back = try_read_progress(dir.path(), 2);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->range, p.range);
  EXPECT_EQ(back->state, "failed");
  EXPECT_EQ(back->done_blocks, p.done_blocks);
  ASSERT_EQ(back->failures.size(), 2U);
  EXPECT_EQ(back->failures[0].run, 51U);
  EXPECT_EQ(back->failures[0].error, p.failures[0].error);
  EXPECT_DOUBLE_EQ(back->rate, 12.5);
  EXPECT_FALSE(try_read_progress(dir.path(), 1).has_value());
}

TEST(Manifest, LayoutNamesShardsAndBlocks)
{
  EXPECT_EQ(block_path("d", 3, 12).generic_string(), "d/shard-0003/block-000012.h5");
  EXPECT_EQ(progress_path("d", 0).generic_string(), "d/shard-0000/progress.json");
}

TEST(Manifest, RefusesOtherFiles)
{
  const hedgesim::testing::TempDir dir;
  EXPECT_THROW(static_cast<void>(read_manifest(dir.path() / "manifest.json")), IoError);
  const std::string file = dir.write("manifest.json", "{\"filetype\": \"something.else\", \"version\": 1}");
  EXPECT_THROW(static_cast<void>(read_manifest(file)), IoError);
  const std::string broken = dir.write("broken.json", "{\"filetype\": \"hedgesim.shards\", \"version\": 1}");
  EXPECT_THROW(static_cast<void>(read_manifest(broken)), IoError);
}
