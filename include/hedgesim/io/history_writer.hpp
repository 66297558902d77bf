// Streams runs into a history file that appears whole or not at all.
#pragma once

#include "hedgesim/io/compression.hpp"
#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_format.hpp"

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hedgesim::io {

//! Checks and filters runs as a HistoryWriter of the same header and compression stores them,
//! with no file: for a process that hands its runs to another process's writer.
class RunFilter {
public:
  //! `label` begins its error messages (a writer passes its file).
  RunFilter(const HistoryHeader& header, Compression compression, std::string label);

  //! Checks the record's variables against the header (count, type, size), then shuffles and
  //! deflates each chunked one into what HistoryWriter::write_run_chunks takes. Throws IoError.
  [[nodiscard]] std::vector<h5::FilteredChunk> operator()(std::uint64_t run, const RunRecord& record) const;

  //! Per variable, in header order: chunk shape [1, dims...] and filters, or no chunk if an
  //! axis has length zero.
  [[nodiscard]] const std::vector<h5::DatasetOptions>& storage() const noexcept { return storage_; }
  //! Per variable: [1, dims...].
  [[nodiscard]] const std::vector<std::vector<std::uint64_t>>& run_shapes() const noexcept { return run_shapes_; }

private:
  std::vector<VariableSpec> variables_;
  std::string label_;
  std::vector<h5::DatasetOptions> storage_;
  std::vector<std::vector<std::uint64_t>> run_shapes_;

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
  HistoryWriter(std::filesystem::path path, HistoryHeader header, bool force,
                Compression compression = kDefaultCompression);
  ~HistoryWriter();
  HistoryWriter(const HistoryWriter&) = delete;
  HistoryWriter& operator=(const HistoryWriter&) = delete;

  //! Stores run `run` (0-based, < header.runs). Runs may arrive in any order, each once.
  void write_run(std::uint64_t run, const RunRecord& record);
  //! Stores run `run` from chunks already filtered as this writer stores them (one per
  //! variable, in header order, e.g. read with Dataset::read_chunk from another writer's
  //! file): nothing is decompressed or recompressed. A variable without chunks (an axis of
  //! length zero) takes an empty chunk. Throws IoError, writing nothing, if the chunk count
  //! or a filter mask does not fit; the bytes themselves are trusted.
  void write_run_chunks(std::uint64_t run, std::vector<h5::FilteredChunk> chunks, std::vector<EventRecord> events);
  //! Flushes, closes and renames into place. Throws IoError if a run is missing.
  void commit();

  [[nodiscard]] const HistoryHeader& header() const noexcept;
  //! How variable `variable` (header order) is stored: chunk shape [1, dims...] and filters,
  //! or no chunk if an axis has length zero. Chunks for write_run_chunks must match it.
  [[nodiscard]] const h5::DatasetOptions& storage(std::size_t variable) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace hedgesim::io
