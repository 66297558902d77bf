// How an MPI `--stream` job hands out its runs: in batches of one chunk group each, which every
// rank first takes for itself while MPI starts, and which rank 0 then hands out on request.
//
// MPI's start-up takes a few tenths of a second, mostly waiting on the launcher, while the
// plan is known to every rank already. So each rank simulates batches of its own meanwhile:
// rank r of n takes batches r, r + n, r + 2n, ... (its opening share), as many as it gets
// through before MPI is up. The ranks then tell rank 0 how many each took, and rank 0 hands
// out the batches none of them took, in order. Which rank ran which run changes nothing in
// the file's data.
#pragma once

#include "hedgesim/cluster/stream_mailbox.hpp"
#include "hedgesim/io/chunk_groups.hpp"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace hedgesim::cluster {

//! The plan's runs cut into batches of one chunk group each, numbered as the groups are.
struct BatchGrid {
  io::ChunkGroups groups;

  [[nodiscard]] std::uint64_t batches() const noexcept { return groups.count(); }
  //! Batch `index`; {runs, 0} past the end.
  [[nodiscard]] RunBatch batch(std::uint64_t index) const noexcept
  {
    return index < batches() ? RunBatch{groups.first_run(index), groups.runs_in(index)} : RunBatch{groups.runs, 0};
  }
};

//! Rank `rank` of `ranks`'s opening share: batches rank, rank + ranks, rank + 2 ranks, ...
//! taken one at a time until closed. Not thread-safe.
class OpeningShare {
public:
  OpeningShare(BatchGrid grid, int rank, int ranks);

  //! The share's next batch; none once closed or past the end.
  [[nodiscard]] std::optional<RunBatch> take();
  //! Takes no more; returns how many batches were taken.
  std::uint64_t close() noexcept;

private:
  BatchGrid grid_;
  std::uint64_t rank_;
  std::uint64_t ranks_;
  std::uint64_t taken_ = 0;
  bool closed_ = false;
};

//! Whether batch `index` was in an opening share, given how many batches each rank took
//! (`taken[r]` for rank r of taken.size()).
[[nodiscard]] bool taken_in_opening(std::uint64_t index, const std::vector<std::uint64_t>& taken) noexcept;

//! Rank 0's batches: its workers take from rank 0's opening share while MPI starts, then wait
//! until every rank has said how many it took, and from then on the workers and the other
//! ranks take the batches left, in order. Batches marked in `done` (kept from an earlier job,
//! stream_journal.hpp) are never handed out: rank 0 passes over them in its opening share, and
//! the other ranks, which do not know them, may simulate some in theirs. Thread-safe.
class BatchDispenser {
public:
  //! `done` has one flag per batch, or is empty when none is done.
  BatchDispenser(BatchGrid grid, int ranks, std::vector<bool> done = {});

  //! The next batch; {first, 0} when there is no more work, or after stop(). Waits between
  //! close_opening() and open().
  [[nodiscard]] RunBatch take();
  //! MPI is up: rank 0's opening share ends; returns how many batches it took.
  std::uint64_t close_opening();
  //! Every rank's count of opening batches (rank 0's included): hand out the rest. Throws Error
  //! when there are not `ranks` counts, or a count exceeds that rank's share.
  void open(std::vector<std::uint64_t> taken);
  //! Hands out nothing more, and wakes whoever waits.
  void stop();
  //! Whether batch `index` was marked done when constructed.
  [[nodiscard]] bool kept(std::uint64_t index) const noexcept { return index < done_.size() && done_[index]; }

private:
  enum class Phase { opening, closing, open };

  std::mutex mutex_;
  std::condition_variable opened_; // open() or stop() was called
  BatchGrid grid_;
  OpeningShare share_;
  std::uint64_t ranks_;
  std::vector<std::uint64_t> taken_;
  const std::vector<bool> done_; // read without the lock
  std::uint64_t next_ = 0;       // the first batch not yet handed out, once open
  Phase phase_ = Phase::opening;
  bool stopped_ = false;
};

} // namespace hedgesim::cluster
