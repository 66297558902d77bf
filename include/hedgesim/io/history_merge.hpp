// Joins history files that each hold a window of one plan's runs into one file.
#pragma once

#include "hedgesim/io/compression.hpp"
#include "hedgesim/io/history_format.hpp"

#include <filesystem>
#include <span>

namespace hedgesim::io {

struct MergeOptions {
  bool force = false;   // overwrite an existing output
  unsigned threads = 1; // threads recompressing runs of blocks stored differently from the output
                        // (0 = all hardware threads); no effect on the data
  //! Of the output's variables; nullopt: as the first block's (so blocks are copied, not recompressed).
  std::optional<Compression> compression;
};

//! Writes every run of `blocks` to `output`, in run order, through HistoryWriter: the same
//! datasets and data bytes as one writer given the runs directly, with the events tables
//! concatenated in run order. `header` describes the whole plan (runs 0 .. header.runs - 1);
//! the blocks, in any order, must hold each of those runs exactly once, with the header's
//! scenario, seed, axes and variables. A block whose variables are chunked and filtered as
//! the writer's has its stored chunks copied as they are; any other block is decompressed
//! and recompressed. Throws IoError naming the file or the missing runs.
void merge_histories(const HistoryHeader& header, std::span<const std::filesystem::path> blocks,
                     const std::filesystem::path& output, const MergeOptions& options);

} // namespace hedgesim::io
