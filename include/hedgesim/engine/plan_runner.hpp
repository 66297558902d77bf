// Simulates one run of a plan after another on one thread, keeping what a run can hand the next:
// a recorder per arm, room for a patched scenario, the last run's record.
#pragma once

#include "hedgesim/engine/recorder.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace hedgesim::engine {

class PlanRunner {
public:
  //! `inject_failures`: runs (indices of the whole plan) that throw instead of simulating.
  PlanRunner(const sweep::RunPlan& plan, const io::HistoryHeader& header,
             std::span<const std::uint64_t> inject_failures = {});

  //! Run `run` of the plan's window (0-based). Throws what the simulation throws.
  RunResult simulate(std::uint64_t run);
  //! Hands a written record back, so that the next run reuses its memory.
  void recycle(io::RunRecord record) { spare_ = std::move(record); }

private:
  const sweep::RunPlan& plan_;
  const io::HistoryHeader& header_;
  std::span<const std::uint64_t> inject_failures_;
  std::vector<std::optional<Recorder>> recorders_; // per arm (the arms may differ in what they record)
  Scenario patched_;                               // a run's scenario when a sweep sets parameters
  io::RunRecord spare_;
};

} // namespace hedgesim::engine
