// What passes between a simulating rank's main thread, the only one that sends and receives
// over MPI, and its worker threads in an MPI `--stream` job: the batches of runs
// rank 0 handed out, one way, and the messages the workers have for rank 0, the other.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace hedgesim::cluster {

//! Runs first .. first + count - 1 of the plan; count 0: no more work.
struct RunBatch {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

class StreamMailbox {
public:
  //! A message for rank 0: its MPI tag and bytes.
  struct Letter {
    int tag = 0;
    std::vector<unsigned char> bytes;
  };

  //! `workers`: the threads that take batches; each calls stopped() when it ends.
  explicit StreamMailbox(unsigned workers) : working_(workers) {}

  // The main thread's side.

  //! Queues a batch for the workers.
  void deliver(const RunBatch& batch);
  //! No batch will come any more: workers finish what is queued, then take nothing.
  void close() { shut(false); }
  //! Workers take nothing more, not even what is queued (a failure, or leaving in a hurry).
  void abandon() { shut(true); }
  //! Batches delivered and not yet taken.
  [[nodiscard]] std::size_t queued();
  //! Waits up to `nap` for a letter, a batch taken (time to ask for another) or the last
  //! worker to stop; returns the letters posted since the last call, oldest first, and whether
  //! every worker has stopped (then no letter can follow).
  std::pair<std::deque<Letter>, bool> collect(std::chrono::microseconds nap);

  // The workers' side.

  //! The next batch, waiting for one; none once closed and empty, or once abandoned or failed.
  std::optional<RunBatch> take();
  //! Posts a letter for rank 0. A `failure` also stops every worker from taking more batches.
  void post(Letter letter, bool failure = false);
  //! This worker takes no more batches and posts no more letters.
  void stopped();

private:
  void shut(bool abandon);

  std::mutex mutex_;
  std::condition_variable arrived_; // a batch came, or the mailbox closed or failed
  std::condition_variable posted_;  // a letter was posted, a batch taken, or a worker stopped
  std::deque<RunBatch> batches_;
  std::deque<Letter> letters_;
  unsigned working_;
  bool taken_ = false; // since the last collect()
  bool closed_ = false;
  bool failed_ = false;
};

} // namespace hedgesim::cluster
