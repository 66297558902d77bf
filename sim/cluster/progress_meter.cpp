#include "hedgesim/cluster/progress_meter.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace hedgesim::cluster {

namespace {

constexpr auto kPoll = std::chrono::milliseconds(250);
constexpr auto kTerminalRedraw = std::chrono::milliseconds(500);
constexpr auto kLineEvery = std::chrono::seconds(5);
constexpr int kBarWidth = 24;

} // namespace

ProgressMode progress_mode(bool quiet)
{
  if (quiet) {
    return ProgressMode::off;
  }
  return ::isatty(STDERR_FILENO) != 0 ? ProgressMode::terminal : ProgressMode::lines;
}

std::string format_duration(double seconds)
{
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e8) {
    return "--";
  }
  const auto s = static_cast<std::uint64_t>(std::llround(seconds));
  if (s >= 3600) {
    return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
  }
  return fmt::format("{}:{:02d}", s / 60, s % 60);
}

ProgressMeter::ProgressMeter(ProgressMode mode, std::ostream& err, std::string label, std::uint64_t total,
                             std::uint64_t done, std::function<void()> tick, std::chrono::milliseconds tick_every)
    : mode_(mode), err_(err), label_(std::move(label)), total_(total), done_before_(done), tick_(std::move(tick)),
      tick_every_(tick_every)
{
  if (mode_ != ProgressMode::off || tick_) {
    thread_ = std::thread([this] { loop(); });
  }
}

ProgressMeter::~ProgressMeter()
{
  stop();
}

double ProgressMeter::rate() const
{
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return elapsed > 0 ? static_cast<double>(session_.load()) / elapsed : 0.0;
}

void ProgressMeter::stop()
{
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) {
      return;
    }
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  if (mode_ == ProgressMode::terminal && drawn_) {
    err_ << "\r\033[K" << std::flush; // leave the terminal as it was
  }
}

void ProgressMeter::draw(bool final_line)
{
  const std::uint64_t done_now = std::min(done(), total_);
  const double r = rate();
  const double eta = r > 0 ? static_cast<double>(total_ - done_now) / r : -1.0;
  const double fraction = total_ > 0 ? static_cast<double>(done_now) / static_cast<double>(total_) : 1.0;
  const std::string text = fmt::format("{}{}/{} runs ({:.1f} %), {:.1f} runs/s, ETA {}", label_, done_now, total_,
                                       100.0 * fraction, r, format_duration(eta));
  if (mode_ == ProgressMode::terminal) {
    const int filled = static_cast<int>(fraction * kBarWidth);
    fmt::print(err_, "\r\033[K[{}{}] {}", std::string(static_cast<std::size_t>(filled), '#'),
               std::string(static_cast<std::size_t>(kBarWidth - filled), '.'), text);
    err_ << std::flush;
    drawn_ = true;
  } else if (mode_ == ProgressMode::lines && !final_line) {
    fmt::print(err_, "progress: {}\n", text);
    err_ << std::flush;
  }
}

void ProgressMeter::loop()
{
  auto last_draw = std::chrono::steady_clock::now();
  auto last_tick = last_draw;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kPoll, [this] { return stopping_; });
    if (stopping_) {
      break;
    }
    const auto now = std::chrono::steady_clock::now();
    if (tick_ && now - last_tick >= tick_every_) {
      last_tick = now;
      lock.unlock();
      tick_();
      lock.lock();
    }
    // Plain lines only every few seconds, so short jobs print none.
    const auto every = mode_ == ProgressMode::terminal
                           ? std::chrono::duration_cast<std::chrono::milliseconds>(kTerminalRedraw)
                           : std::chrono::duration_cast<std::chrono::milliseconds>(kLineEvery);
    if (mode_ != ProgressMode::off && now - last_draw >= every) {
      last_draw = now;
      draw(false);
    }
  }
}

} // namespace hedgesim::cluster
