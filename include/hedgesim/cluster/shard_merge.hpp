// Checks a shard directory for missing blocks and failed runs, and merges it into one file.
#pragma once

#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <filesystem>
#include <ostream>
#include <vector>

namespace hedgesim::cluster {

//! What a shard directory holds against what its manifest expects.
struct ShardInventory {
  Manifest manifest;
  std::vector<std::filesystem::path> blocks; // complete block files, in run order
  std::vector<std::string> missing_blocks;   // "shard-IIII/block-BBBBBB.h5"
  std::vector<RunRange> missing_runs;        // compact
  std::uint64_t missing_run_count = 0;
  std::vector<RunFailure> failures; // from the progress files
};

//! Reads the manifest and looks for every block it implies. Throws IoError without a manifest.
ShardInventory take_inventory(const std::filesystem::path& dir);

//! The plan a block file was made from, rebuilt from its stored text, with the manifest's run count.
sweep::RunPlan plan_from_block(const std::filesystem::path& block, const Manifest& manifest);

struct MergeReport {
  std::uint64_t runs = 0;
  std::uint64_t blocks = 0;
  double seconds = 0;
};

//! Merges every block of `dir` into `output`, after printing missing blocks and failed runs
//! to `report`. Throws Error (one line: how many runs are missing, which) if any run is
//! missing, or IoError if a block does not belong to the manifest's plan.
MergeReport merge_shards(const std::filesystem::path& dir, const std::filesystem::path& output, bool force,
                         unsigned threads, std::ostream& report);

} // namespace hedgesim::cluster
