// Runs one shard of a plan as blocks of runs, each a complete history file, resumably.
#pragma once

#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/cluster/progress_meter.hpp"
#include "hedgesim/io/compression.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace hedgesim::cluster {

enum class FailMode { fast, slow };

struct ShardOptions {
  std::uint64_t shard = 0;
  std::uint64_t shards = 1;
  std::uint64_t block_size = kDefaultBlockSize;
  unsigned threads = 0; // per shard; 0 = all hardware threads
  bool resume = false;  // keep the blocks already complete
  bool force = false;   // start this shard afresh even if it has content
  FailMode fail = FailMode::fast;
  std::vector<std::uint64_t> inject_failures; // runs of the plan that throw (--inject-failure)
  io::Compression compression = io::kDefaultCompression;
  ProgressMode progress = ProgressMode::off;
  std::string progress_label; // e.g. "shard 2/4: "
  const std::atomic<bool>* stop = nullptr;
};

struct ShardReport {
  RunRange range;
  std::uint64_t blocks = 0;
  std::uint64_t kept_blocks = 0; // complete before this session (--resume)
  std::uint64_t runs_done = 0;   // in this session
  std::vector<RunFailure> failures;
  double seconds = 0;
};

//! The manifest of `plan` cut into `shards` shards of blocks of `block_size` runs.
Manifest make_manifest(const sweep::RunPlan& plan, std::string kind, std::string name, std::string source,
                       std::uint64_t shards, std::uint64_t block_size);

//! Writes the manifest into `dir` (creating it), or checks that the one there describes the
//! same plan. Throws UsageError if it describes another plan (suggesting --force) unless `force`.
void prepare_directory(const std::filesystem::path& dir, const Manifest& manifest, bool force);

//! Runs shard options.shard of `plan` into `dir`. Refuses (UsageError) a shard directory
//! with content unless resume or force. A run that throws stops the shard (FailMode::fast:
//! rethrown after its progress file records it) or costs only its block (FailMode::slow:
//! recorded in the report and the progress file, the shard goes on).
ShardReport run_shard(const sweep::RunPlan& plan, const ShardOptions& options, const std::filesystem::path& dir,
                      std::ostream& err);

} // namespace hedgesim::cluster
