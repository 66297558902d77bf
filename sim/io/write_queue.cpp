#include "hedgesim/io/write_queue.hpp"

#include <utility>

namespace hedgesim::io {

WriteQueue::WriteQueue(std::size_t most) : most_(most == 0 ? 1 : most), thread_([this] { run(); }) {}

WriteQueue::~WriteQueue()
{
  stop();
}

void WriteQueue::stop() noexcept
{
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    tasks_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void WriteQueue::push(std::function<void()> task)
{
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return tasks_.size() < most_ || failure_ || stopping_; });
  if (failure_) {
    std::rethrow_exception(failure_);
  }
  if (stopping_) {
    return;
  }
  tasks_.push_back(std::move(task));
  lock.unlock();
  changed_.notify_all();
}

void WriteQueue::drain()
{
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return (tasks_.empty() && !running_task_) || stopping_; });
  if (failure_) {
    std::rethrow_exception(failure_);
  }
}

void WriteQueue::run()
{
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !tasks_.empty() || stopping_; });
    if (stopping_) {
      return;
    }
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    running_task_ = true;
    lock.unlock();
    changed_.notify_all(); // room for a waiting push
    std::exception_ptr failed;
    try {
      task();
    } catch (...) {
      failed = std::current_exception();
    }
    task = nullptr; // its captures go on this thread, before drain() returns
    lock.lock();
    running_task_ = false;
    if (failed && !failure_) {
      failure_ = failed;
      tasks_.clear(); // nothing after a failed write is worth writing
    }
    changed_.notify_all();
  }
}

} // namespace hedgesim::io
