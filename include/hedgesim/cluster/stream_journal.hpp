// The journal of an MPI `--stream` job: every chunk group rank 0 writes into the output is
// also appended, as the packet it came in, to a file beside the output. A job that is killed,
// interrupted or stopped by a failed run before its output is committed leaves the journal;
// the same command run again replays it into a fresh output and simulates only the groups it
// lacks. The journal goes once the output is in place.
//
//   .NAME.journal, beside OUTPUT NAME:
//     a heading line   "hedgesim stream journal 1 VERSION plan=HASH runs=N compression=C\n"
//     records          "HSJR", u32 CRC-32 of the payload, u64 payload bytes, the payload
//                      (a RunPacket, run_packet.hpp), in this machine's byte order
//
// A kill cuts the file at most inside one record. Reading stops at the first record that is
// short or fails its CRC, and appending starts there. A journal with another heading (another
// plan, compression or build) is of no use and is started afresh.
#pragma once

#include "hedgesim/io/compression.hpp"
#include "hedgesim/io/file_writeback.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>

namespace hedgesim::cluster {

//! The journal beside `output`: ".NAME.journal".
[[nodiscard]] std::filesystem::path stream_journal_path(const std::filesystem::path& output);

//! The heading a journal of `plan` stored with `compression` starts with, its newline included.
[[nodiscard]] std::string stream_journal_heading(const sweep::RunPlan& plan, io::Compression compression);

class StreamJournal {
public:
  //! Receives each whole record's payload kept from an earlier job, in the order written.
  using Replay = std::function<void(std::span<const unsigned char>)>;

  //! Opens or creates the journal at `path`. If it starts with `heading`, passes every whole
  //! record to `replay` and cuts off whatever follows the last; otherwise empties it and writes
  //! `heading`. Throws IoError if the file cannot be read or written, and whatever `replay` throws.
  StreamJournal(std::filesystem::path path, const std::string& heading, const Replay& replay);
  ~StreamJournal();
  StreamJournal(const StreamJournal&) = delete;
  StreamJournal& operator=(const StreamJournal&) = delete;

  //! Records replayed when opened.
  [[nodiscard]] std::uint64_t kept() const noexcept { return kept_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  //! Appends one record, whole; thread-safe. Throws IoError on a failed write (a full disk),
  //! after cutting off the part written; the journal then takes no more records.
  void append(std::span<const unsigned char> payload);
  //! Waits until every record appended is on the disk. Throws IoError.
  void sync();
  //! Closes and deletes the journal: the output it was for is committed.
  void remove();

private:
  std::filesystem::path path_;
  int descriptor_ = -1;
  std::uint64_t kept_ = 0;
  std::uint64_t end_ = 0; // the end of the last whole record
  std::mutex mutex_;      // guards appends
  std::optional<io::FileWriteback> writeback_;

  void write_all(const void* data, std::size_t size);
  void close() noexcept;
};

} // namespace hedgesim::cluster
