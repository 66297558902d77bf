// Hands a file being written to the disk as it grows, and makes it durable before it is renamed
// into place.
//
// Left to itself the kernel keeps every page of a new file in memory until its dirty limits or
// a timer flush it, so a multi-gigabyte ensemble fills the page cache with pages written once
// and never read, and each of those pages is fresh memory the kernel must first fault in.
// Starting the writeback of each finished window at once and dropping the window before it keeps
// the file's footprint in memory to a few windows, and the kernel reuses the pages it dropped
// (docs/performance.md, "Streamed writeback"). None of this changes a byte of the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace hedgesim::io {

class FileWriteback {
public:
  //! Bytes handed to the disk at a time; one window stays in flight while the next fills.
  static constexpr std::uint64_t kWindow = std::uint64_t{8} * 1024 * 1024;

  //! Opens `path`, which another handle is writing, for writeback only. `shown` names it in
  //! errors (default: the path). Throws IoError if it cannot be opened.
  explicit FileWriteback(const std::filesystem::path& path, std::string_view shown = {});
  ~FileWriteback();
  FileWriteback(const FileWriteback&) = delete;
  FileWriteback& operator=(const FileWriteback&) = delete;

  //! Call after writes: starts the writeback of each window the file has filled since the last
  //! call, waits for the window before the newest to reach the disk, and drops it from memory.
  //! Throws IoError if the disk reports an error (it would not be reported again by sync()).
  void advance();

  //! Waits until the whole file, rewrites of earlier pages included, is on the disk. Call after
  //! the writer has closed the file and before renaming it. Throws IoError on failure.
  void sync();

  //! Bytes whose writeback has been started, and bytes dropped from memory; for tests.
  [[nodiscard]] std::uint64_t started() const noexcept { return started_; }
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; }

private:
  int descriptor_ = -1;
  bool streams_ = true; // false once the file system refused sync_file_range
  std::string shown_;
  std::uint64_t started_ = 0;
  std::uint64_t dropped_ = 0;
};

//! Makes a rename or a new entry in `directory` durable (fsync of the directory). File systems
//! that cannot sync a directory are skipped silently; other failures throw IoError.
void sync_directory(const std::filesystem::path& directory);

} // namespace hedgesim::io
