#include "hedgesim/cluster/shard_range.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/history_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hedgesim::cluster {

RunRange shard_range(std::uint64_t runs, std::uint64_t shard, std::uint64_t shards)
{
  if (shards == 0) {
    throw UsageError("--shards expects a whole number >= 1, got 0");
  }
  if (shard >= shards) {
    throw UsageError(fmt::format("--shard expects a shard of 0 .. {}, got {}", shards - 1, shard));
  }
  // Whole chunk groups, so that every block a shard writes begins a group of the merged file
  // and its chunks are copied rather than recompressed.
  constexpr std::uint64_t kGroup = io::kRunsPerChunk;
  const std::uint64_t groups = (runs + kGroup - 1) / kGroup;
  const std::uint64_t base = groups / shards;
  const std::uint64_t extra = groups % shards;
  const std::uint64_t first = std::min(runs, (shard * base + std::min(shard, extra)) * kGroup);
  const std::uint64_t end = std::min(runs, first + (base + (shard < extra ? 1 : 0)) * kGroup);
  return RunRange{first, end - first};
}

std::vector<RunRange> block_ranges(RunRange range, std::uint64_t block_size)
{
  std::vector<RunRange> blocks;
  const std::uint64_t size = std::max<std::uint64_t>(block_size, 1);
  for (std::uint64_t at = range.first; at < range.end(); at += size) {
    blocks.push_back(RunRange{at, std::min(size, range.end() - at)});
  }
  return blocks;
}

std::string format_runs(const std::vector<RunRange>& ranges, std::size_t limit)
{
  std::string text;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (i == limit) {
      text += ", ...";
      break;
    }
    if (i > 0) {
      text += ", ";
    }
    const RunRange& r = ranges[i];
    text += r.count == 1 ? fmt::format("{}", r.first) : fmt::format("{}-{}", r.first, r.end() - 1);
  }
  return text;
}

std::vector<RunRange> to_ranges(std::vector<std::uint64_t> runs)
{
  std::sort(runs.begin(), runs.end());
  runs.erase(std::unique(runs.begin(), runs.end()), runs.end());
  std::vector<RunRange> ranges;
  for (const std::uint64_t run : runs) {
    if (!ranges.empty() && ranges.back().end() == run) {
      ++ranges.back().count;
    } else {
      ranges.push_back(RunRange{run, 1});
    }
  }
  return ranges;
}

} // namespace hedgesim::cluster
