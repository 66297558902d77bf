// Launch detection: an MPI launcher's environment, and the refusal of a build without MPI.
#include "hedgesim/cluster/mpi_world.hpp"
#include "hedgesim/core/error.hpp"

#include "support/expect_throw_msg.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

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

// What `read` makes of each launcher variable set to a text, one at a time.
struct Announced {
  const char* variable;
  const char* text;
  std::optional<int> read;
};

void expect_read(std::optional<int> (*read)(), const std::vector<Announced>& cases)
{
  for (const Announced& c : cases) {
    const ScopedEnv set(c.variable, c.text);
    EXPECT_EQ(read(), c.read) << c.variable << "=" << c.text;
  }
}

} // namespace

TEST(MpiWorld, ReadsTheWorldSizeOpenMpiAndPmixAnnounce)
{
  expect_read(cluster::launcher_world_size,
              {{"OMPI_COMM_WORLD_SIZE", "2", 2}, {"PMIX_SIZE", "4", 4}, {"OMPI_COMM_WORLD_SIZE", "two", std::nullopt}});
}

TEST(MpiWorld, ReadsTheRankALauncherAnnounces)
{
  expect_read(cluster::launcher_rank, {{"OMPI_COMM_WORLD_RANK", "0", 0},
                                       {"PMI_RANK", "3", 3},
                                       {"OMPI_COMM_WORLD_RANK", "1x", std::nullopt},
                                       {"PMIX_RANK", "-1", std::nullopt}});
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
