// Rank 0's output in an MPI `--stream` job: the history writer and the journal of where each
// group it wrote lies in the writer's temporary file (stream_journal.hpp).
//
// Opened, it first takes over what an earlier, unfinished job of the same plan left: it copies
// each group the old journal records from the old data file into the new output, checking every
// chunk's CRC-32 (a group that fails is simulated again), records the copies in a new journal,
// and only then replaces the old journal and deletes the old data file. A job killed while
// copying leaves the old pair as it was.
#pragma once

#include "hedgesim/cluster/run_packet.hpp"
#include "hedgesim/cluster/stream_journal.hpp"
#include "hedgesim/io/file_writeback.hpp"
#include "hedgesim/io/history_writer.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <vector>

namespace hedgesim::cluster {

class StreamOutput {
public:
  //! The output is flushed and its new groups recorded in the journal once this many chunk bytes
  //! have been written since the last time (a few writeback windows, so that a flush adds few
  //! writes of its own; 5 % more wall time at one flush per 8 MiB, docs/performance.md)...
  static constexpr std::uint64_t kPlaceWindow = 4 * io::FileWriteback::kWindow;
  //! ... or once this long has passed, so that a slow job keeps what it did too.
  static constexpr std::chrono::milliseconds kPlaceInterval{1000};

  //! Opens `output` for `plan`'s runs, with a journal; the groups a journal of this plan records
  //! are taken over. Throws IoError as HistoryWriter does, or if the journal or data files cannot
  //! be read or written.
  StreamOutput(const sweep::RunPlan& plan, const io::HistoryHeader& header, const std::filesystem::path& output,
               bool force, io::Compression compression);
  //! Uncommitted: the temporary file goes, unless a journal points into it.
  ~StreamOutput();
  StreamOutput(const StreamOutput&) = delete;
  StreamOutput& operator=(const StreamOutput&) = delete;

  //! Per chunk group: whether it was taken over from an earlier job.
  [[nodiscard]] const std::vector<bool>& kept_groups() const noexcept { return kept_groups_; }
  //! The runs of those groups.
  [[nodiscard]] std::uint64_t kept_runs() const noexcept { return kept_runs_; }
  [[nodiscard]] const io::RunFilter& filter() const noexcept { return writer_->filter(); }
  //! The journal's path; nothing once the output is committed.
  [[nodiscard]] std::optional<std::filesystem::path> journal_path() const;

  //! Writes one group; thread-safe. Returns its runs.
  std::uint64_t store(RunPacket packet);
  //! Writes what is missing, renames the output into place and deletes the journal.
  void commit();
  //! For a failed job: records every group stored so far in the journal and puts the journal on
  //! the disk. Returns the runs a rerun can take over, or nothing if no journal is kept or it
  //! cannot be trusted. If it holds no run, the journal and its data file go with this object.
  [[nodiscard]] std::optional<std::uint64_t> keep() noexcept;

private:
  // A group written but not yet recorded: what its record needs besides the places.
  struct Unplaced {
    std::uint64_t group = 0;
    std::vector<std::uint32_t> crcs;
    std::vector<std::uint64_t> sizes; // of the chunks, to check the places read back against
    std::vector<std::vector<io::EventRecord>> events;
  };

  // The journal outlives the writer: the writer's thread appends to it (place()).
  std::optional<StreamJournal> journal_;
  std::optional<io::HistoryWriter> writer_;
  std::vector<bool> kept_groups_;
  std::uint64_t kept_runs_ = 0;
  std::atomic<std::uint64_t> placed_runs_{0}; // runs whose records are queued in the journal
  bool discard_ = false;                      // keep() found nothing to keep
  std::mutex mutex_;                          // guards the two below
  std::vector<Unplaced> unplaced_;
  std::uint64_t unplaced_bytes_ = 0;
  std::chrono::steady_clock::time_point last_placed_ = std::chrono::steady_clock::now();

  void take_over(const std::filesystem::path& journal, const StreamJournalHeading& heading,
                 const std::filesystem::path& data);
  void write(std::uint64_t group, std::vector<io::h5::FilteredChunk> chunks,
             std::vector<std::vector<io::EventRecord>> events);
  std::future<void> place(std::vector<Unplaced> groups);
  std::vector<Unplaced> take_unplaced();
};

} // namespace hedgesim::cluster
