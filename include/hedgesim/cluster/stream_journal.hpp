// The journal of an MPI `--stream` job: where each chunk group rank 0 has written lies in the
// output's temporary file. A job that is killed, interrupted or stopped by a failed run before
// its output is committed leaves the journal and that file (its data file); the same command run
// again copies the groups recorded there into a fresh output and simulates only the groups it
// lacks. Both go once the output is in place.
//
//   .NAME.journal, beside OUTPUT NAME, in pieces of 4 KiB:
//     a heading line   "hedgesim stream journal 3 VERSION plan=HASH runs=N compression=C
//                      data=FILE\n" (FILE: the data file, beside the output), zeros to the end of
//                      the first piece
//     records          "HSJR", u32 CRC-32 of the payload, u64 payload bytes, the payload
//                      (a PlacedGroup, run_packet.hpp), zeros to the end of its last piece;
//                      integers in this machine's byte order
//
// A group is recorded only after the data file has been flushed, so that its bytes are in the
// file, for a rerun to read, even if the process is then killed; the CRC-32 of each chunk tells
// a rerun whether they also reached the disk before a crash of the machine. A record is a few
// hundred bytes, so the journal costs a 2-rank job next to nothing (docs/performance.md).
//
// The records are written on a thread of their own, so that no simulating or receiving thread
// waits for the disk, and straight to the disk where the file system allows (O_DIRECT).
// A kill cuts the file at most inside one record. Reading stops at the first record that is
// short or fails its CRC. A job never appends to an old journal: it reads it, copies what it
// records, and writes a new one; a journal with another heading (another plan, compression or
// build) is of no use.
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
#include <string_view>
#include <vector>

namespace hedgesim::cluster {

//! The format number in the heading; only a journal of this format is read back.
inline constexpr int kStreamJournalFormat = 3;

//! The journal beside `output`: ".NAME.journal".
[[nodiscard]] std::filesystem::path stream_journal_path(const std::filesystem::path& output);

//! What a journal is of: its first line,
//! "hedgesim stream journal FORMAT VERSION plan=HASH runs=N compression=C data=FILE".
//! A job takes over only a journal of its own format, build, plan and compression.
struct StreamJournalHeading {
  int format = kStreamJournalFormat;
  std::string version;   // of the hedgesim that wrote it
  std::string plan_hash; // plan_fingerprint()
  std::uint64_t runs = 0;
  std::string compression;
  std::string data_file; // a file beside the journal; last in the line, as it may hold spaces

  //! The heading this build writes for `plan` stored with `compression`, its data in `data_file`.
  [[nodiscard]] static StreamJournalHeading of(const sweep::RunPlan& plan, io::Compression compression,
                                               std::string data_file);
  //! The first line, with its newline.
  [[nodiscard]] std::string line() const;
  //! Whether a job writing a journal headed `job` may take over the one headed so: all but the
  //! data file agree.
  [[nodiscard]] bool same_job(const StreamJournalHeading& job) const;

  bool operator==(const StreamJournalHeading&) const = default;
};

//! `line` (without its newline) as a heading, whatever format or build it is of; nothing if it
//! is not the heading of a stream journal, has a field that is not a number where one belongs,
//! or names a data file that is not a plain file name.
[[nodiscard]] std::optional<StreamJournalHeading> parse_stream_journal_heading(std::string_view line);

//! The heading of the journal at `path`; nothing if there is no such file or its first line is
//! not a whole heading.
[[nodiscard]] std::optional<StreamJournalHeading> read_stream_journal_heading(const std::filesystem::path& path);

//! Passes every whole record of the journal at `path` to `replay` if it starts with `heading`,
//! without changing the file; returns the number of records.
std::uint64_t replay_stream_journal(const std::filesystem::path& path, const StreamJournalHeading& heading,
                                    const std::function<void(std::span<const unsigned char>)>& replay);

//! One job per journal: an exclusive lock (flock(2)) on the journal file at `path`, created empty
//! if there is none, held while the object lives, through renames of the file. A second job of
//! the same output, started while the first runs, so stops at once instead of taking over, and
//! deleting, the first one's files. A killed job's lock goes with its process. File systems
//! without flock(2) give no lock and no error.
class JournalLock {
public:
  //! Throws IoError naming `output` if another process holds the lock, or if the file cannot
  //! be opened or made.
  JournalLock(const std::filesystem::path& path, const std::filesystem::path& output);
  ~JournalLock();
  JournalLock(const JournalLock&) = delete;
  JournalLock& operator=(const JournalLock&) = delete;

  //! Whether the file was made to be locked (there was no journal).
  [[nodiscard]] bool created() const noexcept { return created_; }

private:
  int descriptor_ = -1;
  bool created_ = false;
};

class StreamJournal {
public:
  //! The journal's unit: the heading and every record take whole pieces of this many bytes,
  //! the alignment direct writes need.
  static constexpr std::size_t kPiece = 4096;

  //! Creates the journal at `path`, replacing any file there, with `heading` as its first piece,
  //! and holds its JournalLock (of `output`'s job). Throws IoError if it cannot be written or is
  //! locked.
  StreamJournal(std::filesystem::path path, const StreamJournalHeading& heading, const std::filesystem::path& output);
  //! Writes the records still queued, then closes; keeps the file.
  ~StreamJournal();
  StreamJournal(const StreamJournal&) = delete;
  StreamJournal& operator=(const StreamJournal&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  //! Whether records go straight to the disk (O_DIRECT), rather than through the page cache.
  [[nodiscard]] bool direct() const noexcept { return direct_; }

  //! Queues one record, to be written whole; thread-safe. Waits while many are queued. Throws
  //! IoError if an earlier record failed to be written (a full disk): the part of it written
  //! was cut off, and the journal takes no more records.
  void append(std::vector<unsigned char> payload);
  //! Queues several records, written in one go.
  void append(std::vector<std::vector<unsigned char>> payloads);
  //! Waits until every record appended is on the disk. Throws IoError as append() does.
  void sync();
  //! Drops the records queued, closes and deletes the journal: its output is committed.
  void remove();
  //! Renames the journal to `path` (replacing what is there) once every record appended is on
  //! the disk, and makes the rename durable. Throws IoError.
  void move_to(const std::filesystem::path& path);

private:
  std::filesystem::path path_;
  int descriptor_ = -1;
  bool direct_ = false;
  std::uint64_t end_ = 0; // the end of the last record; the writing thread's after opening
  std::unique_ptr<unsigned char, void (*)(void*)> piece_buffer_{nullptr, nullptr}; // aligned
  std::size_t piece_buffer_size_ = 0;
  std::optional<io::FileWriteback> writeback_; // when not direct: hands pages to the disk
  std::optional<JournalLock> lock_;            // released after remove() deletes the file
  std::optional<io::WriteQueue> queue_;        // last: its thread uses the members above

  unsigned char* buffer(std::size_t size); // at least `size` bytes, aligned to kPiece
  void write_records(const std::vector<std::vector<unsigned char>>& payloads);
  void write_at(const unsigned char* data, std::size_t size, std::uint64_t offset);
  void close() noexcept;
};

} // namespace hedgesim::cluster
