// Launch detection: an MPI launcher's environment, and the refusal of a build without MPI.
#include "hedgesim/cluster/mpi_world.hpp"
#include "hedgesim/core/error.hpp"

#include "support/expect_throw_msg.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

using namespace hedgesim;

namespace {

//! Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : name_(name)
  {
    if (const char* old = std::getenv(name)) {
      old_ = old;
    }
    ::setenv(name, value, 1);
  }
  ~ScopedEnv()
  {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* name_;
  std::optional<std::string> old_;
};

} // namespace

TEST(MpiWorld, ReadsTheWorldSizeOpenMpiAndPmixAnnounce)
{
  {
    const ScopedEnv size("OMPI_COMM_WORLD_SIZE", "2");
    EXPECT_EQ(cluster::launcher_world_size(), 2);
  }
  {
    const ScopedEnv size("PMIX_SIZE", "4");
    EXPECT_EQ(cluster::launcher_world_size(), 4);
  }
  {
    const ScopedEnv size("OMPI_COMM_WORLD_SIZE", "two");
    EXPECT_EQ(cluster::launcher_world_size(), std::nullopt);
  }
}

TEST(MpiWorld, ReadsTheRankALauncherAnnounces)
{
  {
    const ScopedEnv rank("OMPI_COMM_WORLD_RANK", "0");
    EXPECT_EQ(cluster::launcher_rank(), 0);
  }
  {
    const ScopedEnv rank("PMI_RANK", "3");
    EXPECT_EQ(cluster::launcher_rank(), 3);
  }
  {
    const ScopedEnv rank("OMPI_COMM_WORLD_RANK", "1x");
    EXPECT_EQ(cluster::launcher_rank(), std::nullopt);
  }
  {
    const ScopedEnv rank("PMIX_RANK", "-1");
    EXPECT_EQ(cluster::launcher_rank(), std::nullopt);
  }
}

TEST(MpiWorld, ABuildWithoutMpiRefusesSeveralRanksWithOneLine)
{
  const ScopedEnv size("OMPI_COMM_WORLD_SIZE", "2"); // as `mpirun -n 2` sets it
  EXPECT_THROW_MSG(cluster::check_launch(cluster::launcher_world_size(), false), UsageError,
                   "started by an MPI launcher with 2 ranks, but this hedgesim was built without MPI (rebuild "
                   "with OpenMPI installed, or run one process with --threads)");
  EXPECT_NO_THROW(cluster::check_launch(cluster::launcher_world_size(), true));
  EXPECT_NO_THROW(cluster::check_launch(1, false)); // `mpirun -n 1` is one ordinary process
  EXPECT_NO_THROW(cluster::check_launch(std::nullopt, false));
}
