// Blocks of a plan, merged, give the same datasets and bytes as one threaded run.
#include "hedgesim/cluster/shard_merge.hpp"
#include "hedgesim/cluster/shard_runner.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/engine/recorder.hpp"
#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_merge.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "hedgesim/io/history_writer.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "hedgesim/sweep/sweep.hpp"
#include "support/same_datasets.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <sstream>

namespace fs = std::filesystem;
using namespace hedgesim;

namespace {

sweep::RunPlan small_plan(std::uint64_t runs)
{
  return sweep::RunPlan::ensemble(load_scenario(fs::path(HEDGESIM_SOURCE_DIR) / "tests/golden/short.yaml"), runs, 11);
}

//! Runs shards `which` of `shards` (blocks of `block_size`, one thread each) into `dir`.
void run_shards(const sweep::RunPlan& plan, const fs::path& dir, std::initializer_list<std::uint64_t> which,
                std::uint64_t shards, std::uint64_t block_size)
{
  std::ostringstream err;
  for (const std::uint64_t s : which) {
    cluster::ShardOptions o;
    o.shard = s;
    o.shards = shards;
    o.block_size = block_size;
    o.threads = 1;
    cluster::run_shard(plan, o, dir, err);
  }
}

} // namespace

TEST(HistoryMerge, WindowsMergeToTheWholeRun)
{
  const hedgesim::testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(7);
  engine::EnsembleOptions opts;
  opts.threads = 2;
  engine::run_ensemble(plan, opts, dir.path() / "whole.h5");
  std::vector<fs::path> blocks;
  for (const auto& [first, count] : {std::pair{4ULL, 3ULL}, std::pair{0ULL, 3ULL}, std::pair{3ULL, 1ULL}}) {
    blocks.push_back(dir.path() / fmt::format("block-{}.h5", first));
    engine::run_ensemble(plan.window(first, count), opts, blocks.back());
  }
  const io::HistoryHeader header = engine::plan_header(plan);
  io::MergeOptions merge;
  merge.threads = 2;
  io::merge_histories(header, blocks, dir.path() / "merged.h5", merge);
  hedgesim::testing::expect_same_datasets(dir.path() / "whole.h5", dir.path() / "merged.h5");
  EXPECT_EQ(io::read_history_summary(dir.path() / "merged.h5").events,
            io::read_history_summary(dir.path() / "whole.h5").events);

  // A missing window is named, and nothing is written.
  blocks.pop_back();
  EXPECT_THROW(io::merge_histories(header, blocks, dir.path() / "partial.h5", merge), IoError);
  EXPECT_FALSE(fs::exists(dir.path() / "partial.h5"));
}

TEST(HistoryMerge, MergedChunksAreTheStoredBytesOfAThreadedRun)
{
  const hedgesim::testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(20); // chunk groups of 8, 8 and 4 runs
  engine::EnsembleOptions opts;
  opts.threads = 2;
  engine::run_ensemble(plan, opts, dir.path() / "whole.h5");
  const io::HistoryHeader header = engine::plan_header(plan);
  // Blocks that begin and end groups have their chunks copied; the others are recompressed.
  // Either way the merged chunks are the threaded run's.
  using Split = std::vector<std::pair<std::uint64_t, std::uint64_t>>;
  const std::vector<Split> splits{{{0, 8}, {8, 12}}, {{0, 5}, {5, 3}, {8, 12}}, {{0, 3}, {3, 17}}};
  for (std::size_t k = 0; k < splits.size(); ++k) {
    const Split& split = splits[k];
    std::vector<fs::path> blocks;
    for (const auto& [first, count] : split) {
      blocks.push_back(dir.path() / fmt::format("block-{}-{}.h5", k, first));
      engine::run_ensemble(plan.window(first, count), opts, blocks.back());
    }
    const fs::path merged_path = dir.path() / fmt::format("merged-{}.h5", k);
    io::merge_histories(header, blocks, merged_path, io::MergeOptions{});

    const io::h5::File whole = io::h5::File::open_read(dir.path() / "whole.h5");
    const io::h5::File merged = io::h5::File::open_read(merged_path);
    std::size_t compared = 0;
    for (const io::VariableSpec& spec : header.variables) {
      const io::h5::Dataset want = whole.open_dataset(spec.name);
      const io::h5::Dataset got = merged.open_dataset(spec.name);
      if (want.storage()->chunk.empty()) {
        continue; // an empty variable has no chunks
      }
      ASSERT_EQ(want.storage()->chunk.front(), io::kRunsPerChunk);
      std::vector<std::uint64_t> offset(want.shape().size(), 0);
      for (std::uint64_t first = 0; first < plan.runs(); first += io::kRunsPerChunk) {
        offset[0] = first;
        const io::h5::FilteredChunk a = want.read_chunk(offset);
        const io::h5::FilteredChunk b = got.read_chunk(offset);
        EXPECT_EQ(a.bytes, b.bytes) << spec.name << " runs from " << first;
        EXPECT_EQ(a.filter_mask, b.filter_mask) << spec.name << " runs from " << first;
        ++compared;
      }
    }
    EXPECT_GT(compared, 0U);
    hedgesim::testing::expect_same_datasets(dir.path() / "whole.h5", merged_path);
  }
}

TEST(HistoryMerge, ShardDirectoryMergesAndReportsMissingBlocks)
{
  const hedgesim::testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(20); // shards of whole chunk groups: runs 0-7, 8-15, 16-19
  const fs::path shards = dir.path() / "shards";
  const cluster::Manifest manifest = cluster::make_manifest(plan, "run", "short", "short.yaml", 3, 2);
  cluster::prepare_directory(shards, manifest, false);
  run_shards(plan, shards, {0, 2}, 3, 2);
  std::ostringstream report;
  try {
    cluster::merge_shards(shards, dir.path() / "merged.h5", false, 1, report);
    FAIL() << "merged with a shard missing";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("8 of 20 runs are missing (runs 8-15) in 4 blocks"), std::string::npos)
        << e.what();
  }
  EXPECT_NE(report.str().find("missing: shard-0001/block-000000.h5"), std::string::npos) << report.str();

  run_shards(plan, shards, {1}, 3, 2);
  cluster::merge_shards(shards, dir.path() / "merged.h5", false, 2, report);
  engine::EnsembleOptions opts;
  engine::run_ensemble(plan, opts, dir.path() / "whole.h5");
  hedgesim::testing::expect_same_datasets(dir.path() / "whole.h5", dir.path() / "merged.h5");

  // Another plan in the same directory is refused.
  const cluster::Manifest other = cluster::make_manifest(small_plan(12), "run", "short", "short.yaml", 3, 2);
  EXPECT_THROW(cluster::prepare_directory(shards, other, false), UsageError);
}

TEST(HistoryMerge, ShardsOfASweepWithSummariesMergeToTheThreadedFile)
{
  const hedgesim::testing::TempDir dir;
  const std::string text =
      "sweep:\n  name: s\n  scenario: " + (fs::path(HEDGESIM_SOURCE_DIR) / "tests/golden/short.yaml").string() +
      "\n  seed: 4\n  replicates: 2\n  design: {type: lhs, points: 3}\nparameters:\n"
      "  - {path: agents.russia.revisionism, range: [0.2, 0.9]}\n"
      "output: {variables: [alignment, strategy], summary: [final, mean, min, max]}\n";
  const sweep::RunPlan plan = sweep::RunPlan::from_sweep(sweep::load_sweep(dir.write("s.yaml", text)));
  const fs::path shards = dir.path() / "shards";
  cluster::prepare_directory(shards, cluster::make_manifest(plan, "sweep", "s", "s.yaml", 2, 2), false);
  run_shards(plan, shards, {1, 0}, 2, 2);
  std::ostringstream report;
  cluster::merge_shards(shards, dir.path() / "merged.h5", false, 1, report);
  engine::EnsembleOptions opts;
  opts.threads = 2;
  engine::run_ensemble(plan, opts, dir.path() / "whole.h5");
  hedgesim::testing::expect_same_datasets(dir.path() / "whole.h5", dir.path() / "merged.h5");
  const auto summary = io::read_history_summary(dir.path() / "merged.h5");
  EXPECT_EQ(summary.statistics, (std::vector<std::string>{"final", "mean", "min", "max"}));
  EXPECT_TRUE(std::any_of(summary.datasets.begin(), summary.datasets.end(),
                          [](const io::DatasetInfo& d) { return d.path == "summary/alignment"; }));
}

TEST(HistoryMerge, BlocksKeepTheirCompressionAndTheDataDoNotChange)
{
  const hedgesim::testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(4);
  engine::EnsembleOptions opts;
  opts.compression = io::Compression::none;
  std::vector<fs::path> blocks;
  for (const auto& [first, count] : {std::pair{0ULL, 2ULL}, std::pair{2ULL, 2ULL}}) {
    blocks.push_back(dir.path() / fmt::format("block-{}.h5", first));
    engine::run_ensemble(plan.window(first, count), opts, blocks.back());
  }
  io::merge_histories(engine::plan_header(plan), blocks, dir.path() / "merged.h5", io::MergeOptions{});
  const auto stored = io::h5::File::open_read(dir.path() / "merged.h5").open_dataset("alignment").storage();
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->gzip_level, 0);
  EXPECT_FALSE(stored->shuffle);
  engine::run_ensemble(plan, engine::EnsembleOptions{}, dir.path() / "small.h5"); // shuffle + deflate 4
  hedgesim::testing::expect_same_datasets(dir.path() / "small.h5", dir.path() / "merged.h5");
}
