#include "hedgesim/cluster/batch_dispenser.hpp"

#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace hedgesim::cluster {

OpeningShare::OpeningShare(BatchGrid grid, int rank, int ranks)
    : grid_(grid), rank_(static_cast<std::uint64_t>(rank)), ranks_(static_cast<std::uint64_t>(ranks))
{
}

std::optional<RunBatch> OpeningShare::take()
{
  const std::uint64_t index = rank_ + taken_ * ranks_;
  if (closed_ || index >= grid_.batches()) {
    return std::nullopt;
  }
  ++taken_;
  return grid_.batch(index);
}

std::uint64_t OpeningShare::close() noexcept
{
  closed_ = true;
  return taken_;
}

bool taken_in_opening(std::uint64_t index, const std::vector<std::uint64_t>& taken) noexcept
{
  const std::uint64_t ranks = taken.size();
  return ranks > 0 && index / ranks < taken[index % ranks];
}

BatchDispenser::BatchDispenser(BatchGrid grid, int ranks, std::vector<bool> done)
    : grid_(grid), share_(grid, 0, ranks), ranks_(static_cast<std::uint64_t>(ranks)), done_(std::move(done))
{
  if (ranks < 1) {
    throw Error(fmt::format("MPI stream: {} ranks", ranks));
  }
  if (!done_.empty() && done_.size() != grid_.batches()) {
    throw Error(fmt::format("MPI stream: {} batches marked done or not, of {}", done_.size(), grid_.batches()));
  }
}

RunBatch BatchDispenser::take()
{
  std::unique_lock lock(mutex_);
  if (phase_ == Phase::opening && !stopped_) {
    while (const std::optional<RunBatch> b = share_.take()) {
      if (!kept(b->first / grid_.groups.group_runs)) {
        return *b;
      }
    }
  }
  opened_.wait(lock, [&] { return phase_ == Phase::open || stopped_; });
  while (!stopped_ && next_ < grid_.batches()) {
    const std::uint64_t index = next_++;
    if (!taken_in_opening(index, taken_) && !kept(index)) {
      return grid_.batch(index);
    }
  }
  return {grid_.groups.runs, 0};
}

std::uint64_t BatchDispenser::close_opening()
{
  const std::lock_guard lock(mutex_);
  phase_ = Phase::closing;
  return share_.close();
}

void BatchDispenser::open(std::vector<std::uint64_t> taken)
{
  // Rank r's share has ceil((batches - r) / ranks) batches: no rank can have taken more.
  const std::uint64_t ranks = ranks_;
  if (taken.size() != ranks) {
    throw Error(fmt::format("MPI stream: opening counts of {} ranks, expected {}", taken.size(), ranks));
  }
  for (std::uint64_t r = 0; r < ranks; ++r) {
    const std::uint64_t share = grid_.batches() > r ? (grid_.batches() - r + ranks - 1) / ranks : 0;
    if (taken[r] > share) {
      throw Error(fmt::format("MPI stream: rank {} says it took {} opening batches of its {}", r, taken[r], share));
    }
  }
  {
    const std::lock_guard lock(mutex_);
    taken_ = std::move(taken);
    // Every batch below ranks x (the fewest any rank took) was in an opening share.
    next_ = ranks * *std::min_element(taken_.begin(), taken_.end());
    phase_ = Phase::open;
  }
  opened_.notify_all();
}

void BatchDispenser::stop()
{
  {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  opened_.notify_all();
}

} // namespace hedgesim::cluster
