// How a history file's runs fall into chunk groups: consecutive runs that share one chunk of
// every per-run variable, written, sent between MPI ranks and handed out as one piece.
#pragma once

#include <algorithm>
#include <cstdint>

namespace hedgesim::io {

//! Runs per chunk group; a file of fewer runs puts them all in one group. Chunks of one run were
//! a few hundred bytes to a few KB, and HDF5 and deflate charge a fixed price per chunk; eight
//! runs make chunks of 1.6 KB to a few hundred KB.
inline constexpr std::uint64_t kRunsPerChunk = 8;

//! Runs per chunk in a file of `runs` runs: kRunsPerChunk, or all of them when fewer.
[[nodiscard]] constexpr std::uint64_t runs_per_chunk(std::uint64_t runs) noexcept
{
  return runs < kRunsPerChunk ? (runs == 0 ? 1 : runs) : kRunsPerChunk;
}

//! `runs` runs cut into groups of `group_runs`, numbered from 0; the last may be shorter.
struct ChunkGroups {
  std::uint64_t runs = 0;
  std::uint64_t group_runs = 1;

  //! The groups of a history file of `runs` runs.
  [[nodiscard]] static constexpr ChunkGroups of(std::uint64_t runs) noexcept { return {runs, runs_per_chunk(runs)}; }

  [[nodiscard]] constexpr std::uint64_t count() const noexcept { return (runs + group_runs - 1) / group_runs; }
  [[nodiscard]] constexpr std::uint64_t first_run(std::uint64_t group) const noexcept { return group * group_runs; }
  //! The runs of group `group`: group_runs, fewer in the last group, none past the end.
  [[nodiscard]] constexpr std::uint64_t runs_in(std::uint64_t group) const noexcept
  {
    const std::uint64_t first = first_run(group);
    return first >= runs ? 0 : std::min(group_runs, runs - first);
  }
};

} // namespace hedgesim::io
