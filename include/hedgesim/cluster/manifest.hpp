// The files of a shard directory: the plan's manifest and each shard's progress.
//
//   DIR/manifest.json                 the plan: what runs, how many shards, block size
//   DIR/shard-IIII/block-BBBBBB.h5    block B of shard I: a complete history file of a window
//   DIR/shard-IIII/progress.json      shard I: runs done, failures, rate, last update
//
// Every file is written to a temporary name and renamed into place, so a reader (or a
// shard killed with SIGKILL) never sees half of one.
#pragma once

#include "hedgesim/cluster/shard_range.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hedgesim::cluster {

inline constexpr const char* kManifestFiletype = "hedgesim.shards";
inline constexpr int kManifestVersion = 1;
// A block file costs 15-20 ms to set up and commit (its datasets, dimension scales and header),
// a third of the work of 64 reference runs; 512 runs, about half a second of one core, make it a
// few per cent and still lose little to a kill (docs/performance.md). A multiple of 8 (the
// file's chunk of runs), so blocks merge by copying.
inline constexpr std::uint64_t kDefaultBlockSize = 512;

//! What a shard directory computes; every shard of it must agree on all of it.
struct Manifest {
  std::string kind;      // "sweep" or "run"
  std::string name;      // sweep or scenario name
  std::string source;    // the sweep or scenario file, absolute
  std::string plan_hash; // plan_fingerprint() of the plan
  std::uint64_t runs = 0;
  std::uint64_t seed = 0;
  std::uint64_t shards = 1;
  std::uint64_t block_size = kDefaultBlockSize;

  //! True when `other` describes the same runs cut the same way (source paths may differ).
  [[nodiscard]] bool same_plan(const Manifest& other) const noexcept;
};

//! A run that threw, as recorded by its shard.
struct RunFailure {
  std::uint64_t run = 0; // plan run index
  std::string error;
};

//! One shard's progress file.
struct ShardProgress {
  std::uint64_t shard = 0;
  RunRange range;
  std::string state = "running"; // "running", "done", "failed", "interrupted"
  std::uint64_t done_runs = 0;   // runs of the range that are written (in finished blocks or this session)
  std::uint64_t blocks = 0;      // blocks in the range
  std::vector<std::uint64_t> done_blocks;
  std::vector<RunFailure> failures;
  double rate = 0;               // runs per second in this session
  std::string updated;           // ISO 8601 UTC
  std::int64_t updated_unix = 0; // seconds since the epoch
};

//! A 64-bit FNV-1a hash (hex) of what defines the plan's runs: scenario, sweep, seed and count.
std::string plan_fingerprint(const sweep::RunPlan& plan);

std::filesystem::path manifest_path(const std::filesystem::path& dir);
std::filesystem::path shard_dir(const std::filesystem::path& dir, std::uint64_t shard);
std::filesystem::path block_path(const std::filesystem::path& dir, std::uint64_t shard, std::uint64_t block);
std::filesystem::path progress_path(const std::filesystem::path& dir, std::uint64_t shard);

//! Writes `text` to `path` through a temporary file and a rename. Throws IoError.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

std::string to_json(const Manifest& manifest);
std::string to_json(const ShardProgress& progress);
//! Stamps `progress` with the time now and writes it to `path` through write_file_atomically.
void save_progress(const std::filesystem::path& path, ShardProgress& progress);
//! Parse the JSON written above. Throw IoError naming `path` on anything else.
Manifest read_manifest(const std::filesystem::path& path);
ShardProgress read_progress(const std::filesystem::path& path);
//! The progress file of `shard` if it exists and reads.
std::optional<ShardProgress> try_read_progress(const std::filesystem::path& dir, std::uint64_t shard);

//! The current time as ISO 8601 UTC, and as seconds since the epoch.
std::string utc_now_iso();
std::int64_t unix_now();

} // namespace hedgesim::cluster
