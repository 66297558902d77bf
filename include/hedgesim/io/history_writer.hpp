// Streams runs into a history file that appears whole or not at all.
#pragma once

#include "hedgesim/io/history_format.hpp"

#include <filesystem>
#include <memory>

namespace hedgesim::io {

//! Writes a history file, format v1 (docs/file-format.md).
//!
//! The data go to a temporary file beside the target; commit() closes it and renames it
//! into place. Destroying an uncommitted writer deletes the temporary file, so a failed
//! or interrupted run never leaves a half-written output under the requested name.
class HistoryWriter {
public:
  //! Throws IoError if `path` exists and `force` is false, or if the file cannot be created.
  HistoryWriter(std::filesystem::path path, HistoryHeader header, bool force);
  ~HistoryWriter();
  HistoryWriter(const HistoryWriter&) = delete;
  HistoryWriter& operator=(const HistoryWriter&) = delete;

  //! Stores run `run` (0-based, < header.runs). Runs may arrive in any order, each once.
  void write_run(std::uint64_t run, const RunRecord& record);
  //! Flushes, closes and renames into place. Throws IoError if a run is missing.
  void commit();

  [[nodiscard]] const HistoryHeader& header() const noexcept;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace hedgesim::io
