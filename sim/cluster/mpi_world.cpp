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
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

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

namespace {

// Between checks for a message or a finished send: short next to a run (about a millisecond).
constexpr std::chrono::microseconds kNap{20};
// Between checks of a collective. A rank that is done waits there for the others, or for rank
// 0's merge, for seconds; spinning in MPI, as the blocking calls do, would take a core from them.
constexpr std::chrono::milliseconds kCollectiveNap{1};

#ifdef HEDGESIM_WITH_MPI
void wait_napping(MPI_Request& request)
{
  for (;;) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done != 0) {
      return;
    }
    std::this_thread::sleep_for(kCollectiveNap);
  }
}
#endif

} // namespace

struct MpiWorld::Pending {
  std::vector<unsigned char> bytes;
#ifdef HEDGESIM_WITH_MPI
  MPI_Request request = MPI_REQUEST_NULL;
#endif
};

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
    for (const auto& p : pending_) {
      MPI_Cancel(&p->request); // only after a failure: a clean job has flushed
      MPI_Request_free(&p->request);
    }
    MPI_Finalize();
  }
#endif
}

void MpiWorld::barrier() const
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    wait_napping(request);
  }
#endif
}

int MpiWorld::max_over_ranks(int value) const
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    int result = value;
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Iallreduce(&value, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &request);
    wait_napping(request);
    return result;
  }
#endif
  return value;
}

void agree_on_failure(const MpiWorld& world, const std::exception_ptr& mine, std::string_view what)
{
  if (world.max_over_ranks(mine ? 1 : 0) == 0) {
    return;
  }
  if (mine) {
    std::rethrow_exception(mine);
  }
  throw Error(fmt::format("another MPI rank failed while {}; see its message", what));
}

void MpiWorld::complete_finished_sends()
{
#ifdef HEDGESIM_WITH_MPI
  while (!pending_.empty()) {
    int done = 0;
    MPI_Test(&pending_.front()->request, &done, MPI_STATUS_IGNORE);
    if (done == 0) {
      return;
    }
    pending_.pop_front();
  }
#endif
}

void MpiWorld::send(int to, int tag, std::vector<unsigned char> bytes)
{
#ifdef HEDGESIM_WITH_MPI
  if (!active_) {
    return;
  }
  complete_finished_sends();
  while (pending_.size() >= kMostInFlight) {
    std::this_thread::sleep_for(kNap);
    complete_finished_sends();
  }
  auto p = std::make_unique<Pending>();
  p->bytes = std::move(bytes);
  MPI_Isend(p->bytes.data(), static_cast<int>(p->bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD, &p->request);
  pending_.push_back(std::move(p));
#else
  static_cast<void>(to);
  static_cast<void>(tag);
  static_cast<void>(bytes);
#endif
}

void MpiWorld::flush()
{
  complete_finished_sends();
  while (!pending_.empty()) {
    std::this_thread::sleep_for(kNap);
    complete_finished_sends();
  }
}

#ifdef HEDGESIM_WITH_MPI
namespace {

// Receives the message `status` announced by a probe.
MpiWorld::Message receive_probed(const MPI_Status& status)
{
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  MpiWorld::Message m;
  m.source = status.MPI_SOURCE;
  m.tag = status.MPI_TAG;
  m.bytes.resize(static_cast<std::size_t>(count));
  MPI_Recv(m.bytes.data(), count, MPI_BYTE, m.source, m.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return m;
}

} // namespace
#endif

std::optional<MpiWorld::Message> MpiWorld::poll() const
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    int arrived = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
    if (arrived != 0) {
      return receive_probed(status);
    }
  }
#endif
  return std::nullopt;
}

MpiWorld::Message MpiWorld::receive(int from, int tag) const
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    for (;;) {
      int arrived = 0;
      MPI_Status status;
      MPI_Iprobe(from, tag, MPI_COMM_WORLD, &arrived, &status);
      if (arrived != 0) {
        return receive_probed(status);
      }
      std::this_thread::sleep_for(kNap);
    }
  }
#endif
  throw Error(fmt::format("no MPI job: cannot receive from rank {}", from));
}

} // namespace hedgesim::cluster
