// Joins history files that each hold a window of one plan's runs into one file.
#pragma once

#include "hedgesim/io/compression.hpp"
#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_format.hpp"
#include "hedgesim/io/history_writer.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <vector>

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

//! The blocks in run order, once checked as merge_histories checks them: history files of the
//! plan `header` that hold each of its runs exactly once. Throws IoError as it does.
std::vector<std::filesystem::path> checked_blocks(const HistoryHeader& header,
                                                  std::span<const std::filesystem::path> blocks,
                                                  const std::filesystem::path& output);

//! How the first of `blocks` compresses its variables (the default if none is chunked): a merge
//! that keeps it copies the blocks' chunks as they are.
Compression stored_compression(std::span<const std::filesystem::path> blocks, const HistoryHeader& header);

//! One chunk group for HistoryWriter::write_group_chunks: its number, its stored chunks (one per
//! variable, in header order) and its runs' events.
using TakeGroup = std::function<void(std::uint64_t group, std::vector<h5::FilteredChunk> chunks,
                                     std::vector<std::vector<EventRecord>> events)>;

//! Reads blocks as chunk groups of the output, for a merge whose reading and writing are done
//! by different processes (each with its own HDF5 library, so they overlap): what
//! merge_histories does for a block stored as the output, without the writer.
class BlockGroupReader {
public:
  //! For an output of plan `header` whose variables are filtered with `compression`.
  BlockGroupReader(const HistoryHeader& header, Compression compression);

  //! True if the block at `path` holds whole chunk groups stored as the output stores them, so
  //! that its chunks pass unchanged; otherwise only merge_histories, which recompresses, can
  //! merge it.
  [[nodiscard]] bool copies_as_stored(const std::filesystem::path& path) const;
  //! Passes each chunk group of the block at `path` to `take`, in run order. Throws IoError if
  //! the block is not of the plan or does not copy as stored.
  void read(const std::filesystem::path& path, const TakeGroup& take) const;

private:
  HistoryHeader header_;
  RunFilter filter_;
};

} // namespace hedgesim::io
