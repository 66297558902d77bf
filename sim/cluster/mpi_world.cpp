#include "hedgesim/cluster/mpi_world.hpp"

#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#ifdef HEDGESIM_WITH_MPI
// The C API only: OpenMPI's deprecated C++ bindings need a library we do not link.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace hedgesim::cluster {

std::optional<int> launcher_world_size()
{
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    const char* text = std::getenv(name);
    int value = 0;
    if (text != nullptr) {
      const auto [end, ec] = std::from_chars(text, text + std::strlen(text), value);
      if (ec == std::errc{} && value > 0) {
        return value;
      }
    }
  }
  return std::nullopt;
}

bool mpi_built() noexcept
{
#ifdef HEDGESIM_WITH_MPI
  return true;
#else
  return false;
#endif
}

void check_launch(std::optional<int> launched, bool built_with_mpi)
{
  if (launched && *launched > 1 && !built_with_mpi) {
    throw UsageError(fmt::format("started by an MPI launcher with {} ranks, but this hedgesim was built without MPI "
                                 "(rebuild with OpenMPI installed, or run one process with --threads)",
                                 *launched));
  }
}

MpiWorld::MpiWorld()
{
  const std::optional<int> launched = launcher_world_size();
  check_launch(launched, mpi_built());
  if (!launched || *launched <= 1) {
    return;
  }
#ifdef HEDGESIM_WITH_MPI
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised == 0) {
    int provided = 0;
    // Only the main thread calls MPI; the worker threads never do.
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  active_ = true;
#endif
}

MpiWorld::~MpiWorld()
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    MPI_Finalize();
  }
#endif
}

void MpiWorld::barrier() const
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    MPI_Barrier(MPI_COMM_WORLD);
  }
#endif
}

int MpiWorld::max_over_ranks(int value) const
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    int result = value;
    MPI_Allreduce(&value, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return result;
  }
#endif
  return value;
}

} // namespace hedgesim::cluster
