// The MPI job this process belongs to, if it was started by mpirun; a no-op otherwise.
//
// Only the shard executor talks to MPI (init, a barrier, one reduction, finalize); every rank
// writes its own files with serial HDF5, and rank 0 merges them.
#pragma once

#include <optional>

namespace hedgesim::cluster {

//! The world size announced by an MPI launcher's environment (OMPI_COMM_WORLD_SIZE, PMI_SIZE,
//! PMIX_SIZE), if any.
std::optional<int> launcher_world_size();

//! True when this binary was built with MPI.
bool mpi_built() noexcept;

//! Throws UsageError when a launcher started more than one rank (`launched`) but the binary
//! was built without MPI: N independent processes would each write the whole output.
void check_launch(std::optional<int> launched, bool built_with_mpi);

class MpiWorld {
public:
  //! Initialises MPI when launched by mpirun with more than one rank. Throws UsageError when
  //! launched that way but built without MPI (check_launch).
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  [[nodiscard]] bool active() const noexcept { return active_; }
  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }
  void barrier() const;
  //! The largest of every rank's `value` (a barrier too).
  [[nodiscard]] int max_over_ranks(int value) const;

private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
};

} // namespace hedgesim::cluster
