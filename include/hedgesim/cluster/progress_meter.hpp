// A progress line for long jobs: redrawn in place on a terminal, a line every few seconds
// otherwise. It only reads counters, so it never changes what a job writes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace hedgesim::cluster {

enum class ProgressMode { off, terminal, lines };

//! off with `quiet`, terminal when stderr is a terminal, lines otherwise.
ProgressMode progress_mode(bool quiet);

//! "1:02:03" or "2:03"; "--" for a negative or absurd number of seconds.
std::string format_duration(double seconds);

class ProgressMeter {
public:
  //! `done` runs of `total` are already complete (e.g. blocks kept by --resume). `tick`, if
  //! set, is called every `tick_every` from the meter's thread (e.g. to write a progress file).
  ProgressMeter(ProgressMode mode, std::ostream& err, std::string label, std::uint64_t total, std::uint64_t done,
                std::function<void()> tick = {},
                std::chrono::milliseconds tick_every = std::chrono::milliseconds(2000));
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  //! Thread-safe and cheap: one atomic increment.
  void add(std::uint64_t runs = 1) noexcept { session_.fetch_add(runs, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t done() const noexcept { return done_before_ + session_.load(); }
  //! Runs per second in this session.
  [[nodiscard]] double rate() const;
  //! Stops the thread and clears the terminal line; idempotent.
  void stop();

private:
  void loop();
  void draw(bool final_line);

  ProgressMode mode_;
  std::ostream& err_;
  std::string label_;
  std::uint64_t total_;
  std::uint64_t done_before_;
  std::atomic<std::uint64_t> session_{0};
  std::function<void()> tick_;
  std::chrono::milliseconds tick_every_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

} // namespace hedgesim::cluster
