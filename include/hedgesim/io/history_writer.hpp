// Streams runs into a history file that appears whole or not at all.
#pragma once

#include "hedgesim/io/chunk_groups.hpp"
#include "hedgesim/io/compression.hpp"
#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_format.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hedgesim::io {

//! The runs of one chunk group, gathered until all have arrived: per variable, the group's runs
//! one after another as bytes, in the layout of one chunk.
struct RunGroup {
  std::uint64_t index = 0;   // group `index` holds runs index x group_runs .. (the file's numbering)
  std::uint64_t arrived = 0; // runs gathered so far
  std::vector<std::vector<unsigned char>> data;
};

//! Checks and filters runs as a HistoryWriter of the same header and compression stores them,
//! with no file: for a process that hands its runs to another process's writer.
class RunFilter {
public:
  //! `label` begins its error messages (a writer passes its file).
  RunFilter(const HistoryHeader& header, Compression compression, std::string label);

  //! How the header's runs fall into chunk groups.
  [[nodiscard]] const ChunkGroups& chunk_groups() const noexcept { return groups_; }
  //! Runs per chunk: kRunsPerChunk, or the header's runs when fewer.
  [[nodiscard]] std::uint64_t group_runs() const noexcept { return groups_.group_runs; }
  //! The runs of group `group`: group_runs(), fewer in the last group.
  [[nodiscard]] std::uint64_t runs_in_group(std::uint64_t group) const noexcept { return groups_.runs_in(group); }
  //! The number of groups.
  [[nodiscard]] std::uint64_t groups() const noexcept { return groups_.count(); }

  //! Checks the record's variables against the header (count, type, size). Throws IoError.
  void check(std::uint64_t run, const RunRecord& record) const;
  //! An empty group `group`, its buffers sized for a whole chunk (reusing `spare`'s memory).
  void start(std::uint64_t group, RunGroup& spare) const;
  //! Copies checked run `run` (of the group `group` was started for) into its place.
  void gather(std::uint64_t run, const RunRecord& record, RunGroup& group) const;
  //! Shuffles and deflates each chunked variable of a group whose runs have all been gathered
  //! into what HistoryWriter::write_group_chunks takes; the rows past a short last group are
  //! zeroed first, so its chunk does not depend on what the buffers held before.
  [[nodiscard]] std::vector<h5::FilteredChunk> operator()(RunGroup& group) const;

  //! Per variable, in header order: chunk shape [group_runs, dims...] and filters, or no chunk
  //! if an axis has length zero.
  [[nodiscard]] const std::vector<h5::DatasetOptions>& storage() const noexcept { return storage_; }
  //! Per variable, one run's shape: [1, dims...].
  [[nodiscard]] const std::vector<std::vector<std::uint64_t>>& run_shapes() const noexcept { return run_shapes_; }

private:
  std::vector<VariableSpec> variables_;
  std::string label_;
  ChunkGroups groups_;
  std::vector<h5::DatasetOptions> storage_;
  std::vector<std::vector<std::uint64_t>> run_shapes_;
  std::vector<std::uint64_t> run_bytes_; // per variable: one run's bytes

  [[noreturn]] void fail(const std::string& what) const;
};

//! Writes a history file, format v1 (docs/file-format.md).
//!
//! The data go to a temporary file beside the target; commit() closes it and renames it
//! into place. Destroying an uncommitted writer deletes the temporary file, so a failed
//! or interrupted run never leaves a half-written output under the requested name.
class HistoryWriter {
public:
  //! Throws IoError if `path` exists and `force` is false, or if the file cannot be created.
  //! `compression` filters the variables' chunks, and the events table's columns the same way.
  //! `temporary`, if given, is the file the data go to until commit, instead of one named after
  //! this process; an uncommitted writer then leaves it in place (a stream journal points into it,
  //! stream_journal.hpp).
  HistoryWriter(std::filesystem::path path, HistoryHeader header, bool force,
                Compression compression = kDefaultCompression, std::filesystem::path temporary = {});
  ~HistoryWriter();
  HistoryWriter(const HistoryWriter&) = delete;
  HistoryWriter& operator=(const HistoryWriter&) = delete;

  //! Stores run `run` (0-based, < header.runs). Runs may arrive in any order, each once; a
  //! group's chunks are filtered and written when its last run arrives, by the thread that
  //! brought it, outside the writer's lock.
  void write_run(std::uint64_t run, const RunRecord& record);
  //! Stores the runs of group `group` from chunks already filtered as this writer stores them
  //! (one per variable, in header order, e.g. read with Dataset::read_chunk from another
  //! writer's file, or made by a RunFilter of the same header), with each run's events: nothing
  //! is decompressed or recompressed. A variable without chunks (an axis of length zero) takes
  //! an empty chunk. Throws IoError, writing nothing, if the chunk or run count or a filter
  //! mask does not fit, or a run of the group was written already; the bytes are trusted.
  void write_group_chunks(std::uint64_t group, std::vector<h5::FilteredChunk> chunks,
                          std::vector<std::vector<EventRecord>> events);
  //! Gets each variable's chunk of each of `groups` in the temporary file: a variable without
  //! chunks gets a zero place.
  using Placed = std::function<void(std::vector<std::vector<h5::ChunkPlace>>)>;
  //! Queues, after every write queued so far, a flush of the file, then calls `placed` with where
  //! the chunks of `groups` lie, on the writer's thread. Their bytes are then in the file, for
  //! another process to read after this one is killed; on the disk once the operating system has
  //! written them. The future is ready when `placed` has returned; it holds what the flush, the
  //! lookup or `placed` threw, which also fails the writes after it as a failed write does.
  std::future<void> place(std::vector<std::uint64_t> groups, Placed placed);
  //! Flushes, closes and renames into place. Throws IoError if a run is missing.
  void commit();

  //! The file the data go to until commit.
  [[nodiscard]] const std::filesystem::path& temporary() const noexcept;
  [[nodiscard]] const HistoryHeader& header() const noexcept;
  //! How variable `variable` (header order) is stored: chunk shape [group_runs, dims...] and
  //! filters, or no chunk if an axis has length zero. Chunks for write_group_chunks must match it.
  [[nodiscard]] const h5::DatasetOptions& storage(std::size_t variable) const;
  //! How runs are grouped into chunks.
  [[nodiscard]] const RunFilter& filter() const noexcept;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace hedgesim::io
