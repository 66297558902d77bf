#include "hedgesim/cluster/mpi_world.hpp"

#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#ifdef HEDGESIM_WITH_MPI
// The C API only: OpenMPI's deprecated C++ bindings need a library we do not link.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <thread>

namespace hedgesim::cluster {

namespace {

// The first of the environment variables `names` that holds a whole number >= `least`.
std::optional<int> launcher_number(std::initializer_list<const char*> names, int least)
{
  for (const char* name : names) {
    const char* text = std::getenv(name);
    int value = 0;
    if (text != nullptr) {
      const char* end = text + std::strlen(text);
      const auto [stop, ec] = std::from_chars(text, end, value);
      if (ec == std::errc{} && stop == end && value >= least) {
        return value;
      }
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<int> launcher_world_size()
{
  return launcher_number({"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}, 1);
}

std::optional<int> launcher_rank()
{
  return launcher_number({"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}, 0);
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

// MPI_Finalize must come from the thread that called MPI_Init, so that thread lives until the
// world ends, asleep in between.
struct MpiWorld::Lifeline {
  std::mutex mutex;
  std::condition_variable changed;
  std::atomic<bool> started{false};
  bool finish = false;
  int rank = 0;
  int size = 1;
  bool serialized = false; // MPI allows calls from any one thread at a time
  std::thread thread;

  void await_start()
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return started.load(); });
  }
};

MpiWorld::MpiWorld()
{
  const std::optional<int> launched = launcher_world_size();
  check_launch(launched, mpi_built());
  if (!launched || *launched <= 1) {
    return;
  }
#ifdef HEDGESIM_WITH_MPI
  active_ = true;
  lifeline_ = std::make_unique<Lifeline>();
  const std::optional<int> announced = launcher_rank();
  lifeline_->thread = std::thread([l = lifeline_.get(), announced, size = *launched] {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
    int rank = 0;
    int world = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world);
    if (announced && (*announced != rank || size != world)) {
      // The rank has worked as rank *announced already; no error can be agreed on any more.
      std::fprintf(stderr, "hedgesim: error: the MPI launcher announced rank %d of %d, but MPI says rank %d of %d\n",
                   *announced, size, rank, world);
      MPI_Abort(MPI_COMM_WORLD, 2);
    }
    {
      const std::lock_guard lock(l->mutex);
      l->rank = rank;
      l->size = world;
      l->serialized = provided >= MPI_THREAD_SERIALIZED;
      l->started.store(true, std::memory_order_release);
    }
    l->changed.notify_all();
    std::unique_lock lock(l->mutex);
    l->changed.wait(lock, [&] { return l->finish; });
    MPI_Finalize();
  });
  if (announced) {
    rank_ = *announced;
    size_ = *launched;
  } else {
    lifeline_->await_start();
    rank_ = lifeline_->rank;
    size_ = lifeline_->size;
  }
#endif
}

MpiWorld::~MpiWorld()
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    lifeline_->await_start();
    for (const auto& p : pending_) {
      MPI_Cancel(&p->request); // only after a failure: a clean job has flushed
      MPI_Request_free(&p->request);
    }
    {
      const std::lock_guard lock(lifeline_->mutex);
      lifeline_->finish = true;
    }
    lifeline_->changed.notify_all();
    lifeline_->thread.join();
  }
#endif
}

bool MpiWorld::started() const noexcept
{
  return !active_ || lifeline_->started.load(std::memory_order_acquire);
}

void MpiWorld::wait_started() const
{
  if (started()) {
    if (active_ && !lifeline_->serialized) {
      throw Error("this MPI library does not allow MPI calls from more than one thread "
                  "(hedgesim needs MPI_THREAD_SERIALIZED)");
    }
    return;
  }
  lifeline_->await_start();
  wait_started();
}

void MpiWorld::barrier() const
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    wait_started();
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
    wait_started();
    int result = value;
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Iallreduce(&value, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &request);
    wait_napping(request);
    return result;
  }
#endif
  return value;
}

std::vector<std::uint64_t> MpiWorld::gather(std::uint64_t value) const
{
#ifdef HEDGESIM_WITH_MPI
  if (active_) {
    wait_started();
    std::vector<std::uint64_t> all(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Igather(&value, 1, MPI_UINT64_T, all.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD, &request);
    wait_napping(request);
    return all;
  }
#endif
  return {value};
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
  wait_started();
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
  if (!active_) {
    return;
  }
  wait_started();
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
    wait_started();
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
    wait_started();
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
