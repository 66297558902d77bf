#include "hedgesim/engine/plan_runner.hpp"

#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hedgesim::engine {

PlanRunner::PlanRunner(const sweep::RunPlan& plan, const io::HistoryHeader& header,
                       std::span<const std::uint64_t> inject_failures)
    : plan_(plan), header_(header), inject_failures_(inject_failures), recorders_(plan.arms())
{
}

RunResult PlanRunner::simulate(std::uint64_t run)
{
  const std::uint64_t global = plan_.first_run() + run;
  if (std::find(inject_failures_.begin(), inject_failures_.end(), global) != inject_failures_.end()) {
    throw Error(fmt::format("run {}: failure injected by --inject-failure", global));
  }
  // The scenario must outlive the simulation, which keeps a reference to it.
  const Scenario& scenario = plan_.scenario_for(run, patched_);
  std::optional<Recorder>& recorder = recorders_[plan_.arm(run)];
  if (!recorder) {
    recorder.emplace(scenario, header_, plan_.summary()); // built once per arm, not per run
  }
  return simulate_run(scenario, *recorder, plan_.master_seed(), plan_.stream_run(run), std::move(spare_));
}

} // namespace hedgesim::engine
