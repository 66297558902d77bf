// Which runs of a plan a shard executes, and how it cuts them into blocks.
//
// Shard I of N takes one contiguous range of whole chunk groups of the output (groups of
// io::kRunsPerChunk runs, the last one shorter): the first (groups mod N) shards take one
// group more than the rest. A shard writes its range as blocks of `block_size` runs, block
// B of a shard starting at the shard's first run + B x block_size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hedgesim::cluster {

//! Runs first .. first + count - 1 of a plan.
struct RunRange {
  std::uint64_t first = 0;
  std::uint64_t count = 0;

  [[nodiscard]] std::uint64_t end() const noexcept { return first + count; }
  friend bool operator==(const RunRange&, const RunRange&) = default;
};

//! The runs of shard `shard` (0-based) of `shards`; empty when there are more shards than runs.
//! Throws UsageError if shard >= shards or shards == 0.
RunRange shard_range(std::uint64_t runs, std::uint64_t shard, std::uint64_t shards);

//! `range` cut into consecutive blocks of `block_size` runs (the last may be shorter).
std::vector<RunRange> block_ranges(RunRange range, std::uint64_t block_size);

//! Run indices as compact ranges, e.g. "3, 64-127, 200"; at most `limit` items, then ", ...".
std::string format_runs(const std::vector<RunRange>& ranges, std::size_t limit = 8);

//! The sorted run indices merged into ranges.
std::vector<RunRange> to_ranges(std::vector<std::uint64_t> runs);

} // namespace hedgesim::cluster
