// How long a rank's main thread naps between looks at MPI in an MPI `--stream` job.
//
// Each wake costs the core it shares with the rank's workers a timer interrupt and two thread
// switches, tens of microseconds on a virtual machine, so the thread naps as long as the work
// allows: a quarter of the time the rank's workers last took for a batch. A request or an
// answer then waits unseen for a small part of a batch, and a simulating rank, which asks one
// batch ahead, never runs dry. Until a batch has finished, and for batches shorter than
// 4 x kShortest, the nap is kShortest; it is never longer than kLongest.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace hedgesim::cluster {

class PollPace {
public:
  static constexpr std::chrono::microseconds kShortest{100};
  static constexpr std::chrono::microseconds kLongest{2000};

  //! A worker finished a batch in `took`; any thread may call it.
  void batch_took(std::chrono::steady_clock::duration took) noexcept
  {
    batch_ns_.store(std::chrono::duration_cast<std::chrono::nanoseconds>(took).count(), std::memory_order_relaxed);
  }

  //! The nap before the next look at MPI.
  [[nodiscard]] std::chrono::microseconds nap() const noexcept
  {
    const std::chrono::nanoseconds batch{batch_ns_.load(std::memory_order_relaxed)};
    return std::clamp(std::chrono::duration_cast<std::chrono::microseconds>(batch / 4), kShortest, kLongest);
  }

private:
  std::atomic<std::int64_t> batch_ns_{0};
};

} // namespace hedgesim::cluster
