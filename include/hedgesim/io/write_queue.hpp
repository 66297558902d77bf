// A thread of its own that runs a file's writes one after another, in the order they were
// queued. HDF5 takes one call at a time, and a call may wait for the disk (the kernel holds a
// writer back while too many pages are dirty); made on the writing thread, such a wait stalls
// neither the thread that queued it nor another one queueing behind it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace hedgesim::io {

class WriteQueue {
public:
  //! Starts the thread. At most `most` tasks wait at a time (memory stays bounded when the
  //! disk is slower than the workers).
  explicit WriteQueue(std::size_t most);
  //! Stops the thread; tasks not yet run are dropped.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  //! Queues `task`, waiting while `most` tasks wait. Rethrows the exception of a task that
  //! failed earlier; after a failure no further task runs.
  void push(std::function<void()> task);
  //! Waits until every queued task has run, then rethrows the first failure, if any.
  void drain();
  //! Drops the tasks not yet run and joins the thread (the destructor's work, done early).
  void stop() noexcept;

private:
  std::size_t most_;
  std::mutex mutex_;
  std::condition_variable changed_; // a task was queued or finished, or the queue stopped
  std::deque<std::function<void()>> tasks_;
  bool running_task_ = false;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_; // last: started after every other member is ready

  void run();
};

} // namespace hedgesim::io
