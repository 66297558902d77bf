// The journal of an MPI `--stream` job: every chunk group rank 0 writes into the output is
// also appended, as the packet it came in, to a file beside the output. A job that is killed,
// interrupted or stopped by a failed run before its output is committed leaves the journal;
// the same command run again replays it into a fresh output and simulates only the groups it
// lacks. The journal goes once the output is in place.
//
//   .NAME.journal, beside OUTPUT NAME, in pieces of 4 KiB:
//     a heading line   "hedgesim stream journal 2 VERSION plan=HASH runs=N compression=C\n",
//                      zeros to the end of the first piece
//     records          "HSJR", u32 CRC-32 of the payload, u64 payload bytes, the payload
//                      (a RunPacket, run_packet.hpp), zeros to the end of its last piece;
//                      integers in this machine's byte order
//
// The records are written on a thread of their own, so that no simulating or receiving thread
// waits for the disk, and straight to the disk where the file system allows (O_DIRECT), so that
// a journal as large as the output takes no room in the page cache. Written either way, its
// bytes made a 2-rank job 9-15 % slower on the machine of docs/performance.md.
// A kill cuts the file at most inside one record. Reading stops at the first record that is
// short or fails its CRC, and appending starts there. A journal with another heading (another
// plan, compression or build) is of no use and is started afresh.
#pragma once

#include "hedgesim/io/compression.hpp"
#include "hedgesim/io/file_writeback.hpp"
#include "hedgesim/io/write_queue.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hedgesim::cluster {

//! The journal beside `output`: ".NAME.journal".
[[nodiscard]] std::filesystem::path stream_journal_path(const std::filesystem::path& output);

//! The heading a journal of `plan` stored with `compression` starts with, its newline included.
[[nodiscard]] std::string stream_journal_heading(const sweep::RunPlan& plan, io::Compression compression);

//! Whether `path` is a journal that starts with `heading` (one this job can resume from).
[[nodiscard]] bool stream_journal_is_for(const std::filesystem::path& path, const std::string& heading);

class StreamJournal {
public:
  //! Receives each whole record's payload kept from an earlier job, in the order written.
  using Replay = std::function<void(std::span<const unsigned char>)>;

  //! The journal's unit: the heading and every record take whole pieces of this many bytes,
  //! the alignment direct writes need.
  static constexpr std::size_t kPiece = 4096;

  //! Opens or creates the journal at `path`. If it starts with `heading`, passes every whole
  //! record to `replay` and cuts off whatever follows the last; otherwise empties it and writes
  //! `heading`. Throws IoError if the file cannot be read or written, and whatever `replay` throws.
  StreamJournal(std::filesystem::path path, const std::string& heading, const Replay& replay);
  //! Writes the records still queued, then closes; keeps the file.
  ~StreamJournal();
  StreamJournal(const StreamJournal&) = delete;
  StreamJournal& operator=(const StreamJournal&) = delete;

  //! Records replayed when opened.
  [[nodiscard]] std::uint64_t kept() const noexcept { return kept_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  //! Whether records go straight to the disk (O_DIRECT), rather than through the page cache.
  [[nodiscard]] bool direct() const noexcept { return direct_; }

  //! Queues one record, to be written whole; thread-safe. Waits while many are queued. Throws
  //! IoError if an earlier record failed to be written (a full disk): the part of it written
  //! was cut off, and the journal takes no more records.
  void append(std::vector<unsigned char> payload);
  //! Waits until every record appended is on the disk. Throws IoError as append() does.
  void sync();
  //! Drops the records queued, closes and deletes the journal: its output is committed.
  void remove();

private:
  std::filesystem::path path_;
  int descriptor_ = -1;
  bool direct_ = false;
  std::uint64_t kept_ = 0;
  std::uint64_t end_ = 0; // the end of the last whole record; the writing thread's after opening
  std::unique_ptr<unsigned char, void (*)(void*)> piece_buffer_{nullptr, nullptr}; // aligned
  std::size_t piece_buffer_size_ = 0;
  std::optional<io::FileWriteback> writeback_; // when not direct: hands pages to the disk
  std::optional<io::WriteQueue> queue_;        // last: its thread uses the members above

  unsigned char* buffer(std::size_t size); // at least `size` bytes, aligned to kPiece
  void write_record(std::span<const unsigned char> payload);
  void write_at(const unsigned char* data, std::size_t size, std::uint64_t offset);
  void close() noexcept;
};

} // namespace hedgesim::cluster
