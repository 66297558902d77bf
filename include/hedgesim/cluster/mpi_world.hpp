// The MPI job this process belongs to, if it was started by mpirun; a no-op otherwise.
//
// The shard executor talks to MPI for a barrier and a reduction: every rank writes its own
// files with serial HDF5, and rank 0 merges them. The streaming executor sends each run to
// rank 0, which writes them all. Waits sleep between checks instead of spinning in MPI: a
// spinning rank would take a core that a simulating thread needs.
//
// MPI starts in the background. MPI_Init takes a few tenths of a second, most of it waiting
// on the launcher, so a thread of the world's own calls it (and MPI_Finalize at the end)
// while the rank gets on with its work; the rank and the world size come from the launcher's
// environment meanwhile. Every other MPI call comes from the thread that owns the world, one
// at a time (MPI_THREAD_SERIALIZED), and waits for the start first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace hedgesim::cluster {

//! The world size announced by an MPI launcher's environment (OMPI_COMM_WORLD_SIZE, PMI_SIZE,
//! PMIX_SIZE), if any.
std::optional<int> launcher_world_size();

//! This process's rank announced by an MPI launcher's environment (OMPI_COMM_WORLD_RANK,
//! PMI_RANK, PMIX_RANK), if any.
std::optional<int> launcher_rank();

//! True when this binary was built with MPI.
bool mpi_built() noexcept;

//! Throws UsageError when a launcher started more than one rank (`launched`) but the binary
//! was built without MPI: N independent processes would each write the whole output.
void check_launch(std::optional<int> launched, bool built_with_mpi);

class MpiWorld {
public:
  //! Starts MPI when launched by mpirun with more than one rank, and returns before it has
  //! started if the launcher announced this process's rank. Throws UsageError when launched
  //! that way but built without MPI (check_launch).
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  [[nodiscard]] bool active() const noexcept { return active_; }
  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }
  //! True once MPI has started (or when there is no MPI job); does not wait.
  [[nodiscard]] bool started() const noexcept;
  //! Waits until MPI has started. Throws Error when MPI cannot give the thread support the
  //! world needs. Every call below waits for this itself.
  void wait_started() const;
  //! Waits for every rank, napping between checks instead of spinning, so that a waiting rank
  //! leaves its core to the ranks still at work.
  void barrier() const;
  //! The largest of every rank's `value` (a barrier too, waited for the same way).
  [[nodiscard]] int max_over_ranks(int value) const;
  //! Every rank's `value`, in rank order, on rank 0; empty elsewhere (waited for the same way).
  [[nodiscard]] std::vector<std::uint64_t> gather(std::uint64_t value) const;

  //! A message from another rank.
  struct Message {
    int source = 0;
    int tag = 0;
    std::vector<unsigned char> bytes;
  };
  //! Starts sending `bytes` to rank `to` and returns; the world keeps them until they are
  //! received. With kMostInFlight sends outstanding, waits for the oldest first.
  void send(int to, int tag, std::vector<unsigned char> bytes);
  //! Waits until every send has been received.
  void flush();
  //! The next message that has arrived, from any rank and with any tag, without waiting.
  [[nodiscard]] std::optional<Message> poll() const;
  //! The next message from rank `from` with `tag`, waiting for it.
  [[nodiscard]] Message receive(int from, int tag) const;

  static constexpr std::size_t kMostInFlight = 16;

private:
  struct Pending;  // a send not yet received, and its bytes
  struct Lifeline; // the thread that starts and finalises MPI
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
  std::deque<std::unique_ptr<Pending>> pending_;
  std::unique_ptr<Lifeline> lifeline_;

  void complete_finished_sends();
};

//! Shares one failure among all ranks, since every rank must reach each collective call:
//! returns when no rank failed, rethrows `mine` when this rank failed, and otherwise throws
//! an Error saying another rank failed while doing `what`.
void agree_on_failure(const MpiWorld& world, const std::exception_ptr& mine, std::string_view what);

} // namespace hedgesim::cluster
