#include "hedgesim/cluster/stream_mailbox.hpp"

namespace hedgesim::cluster {

void StreamMailbox::deliver(const RunBatch& batch)
{
  {
    const std::lock_guard lock(mutex_);
    batches_.push_back(batch);
  }
  arrived_.notify_one();
}

std::size_t StreamMailbox::queued()
{
  const std::lock_guard lock(mutex_);
  return batches_.size();
}

std::pair<std::deque<StreamMailbox::Letter>, bool> StreamMailbox::collect(std::chrono::microseconds nap)
{
  std::unique_lock lock(mutex_);
  posted_.wait_for(lock, nap, [&] { return !letters_.empty() || taken_ || working_ == 0; });
  taken_ = false;
  return {std::exchange(letters_, {}), working_ == 0};
}

std::optional<RunBatch> StreamMailbox::take()
{
  std::unique_lock lock(mutex_);
  arrived_.wait(lock, [&] { return !batches_.empty() || closed_ || failed_; });
  if (batches_.empty() || failed_) {
    return std::nullopt;
  }
  const RunBatch batch = batches_.front();
  batches_.pop_front();
  taken_ = true;
  lock.unlock();
  posted_.notify_one(); // the main thread may ask for the next one now
  return batch;
}

void StreamMailbox::post(Letter letter, bool failure)
{
  {
    const std::lock_guard lock(mutex_);
    letters_.push_back(std::move(letter));
    failed_ = failed_ || failure;
  }
  posted_.notify_one();
  if (failure) {
    arrived_.notify_all(); // the other workers stop taking batches
  }
}

void StreamMailbox::stopped()
{
  {
    const std::lock_guard lock(mutex_);
    --working_;
  }
  posted_.notify_one();
}

void StreamMailbox::shut(bool abandon)
{
  {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    failed_ = failed_ || abandon;
  }
  arrived_.notify_all();
}

} // namespace hedgesim::cluster
