#include "hedgesim/sweep/run_plan.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/engine/simulation.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hedgesim::sweep {

RunPlan RunPlan::ensemble(Scenario scenario, std::uint64_t runs, std::uint64_t master_seed)
{
  RunPlan plan;
  plan.arms_.push_back(std::move(scenario));
  plan.points_ = 1;
  plan.replicates_ = runs;
  plan.master_seed_ = master_seed;
  plan.count_ = runs;
  plan.summary_ = plan.arms_.front().output.summary;
  return plan;
}

RunPlan RunPlan::from_sweep(const Sweep& sweep)
{
  RunPlan plan;
  plan.arms_.push_back(sweep.base);
  if (sweep.intervention) {
    plan.arms_.push_back(*sweep.intervention);
  }
  std::vector<std::uint64_t> levels;
  for (const SweepParameter& p : sweep.parameters) {
    plan.targets_.push_back(p.target);
    plan.names_.push_back(p.target.path);
    levels.push_back(p.grid_levels() != 0 ? p.grid_levels() : sweep.design.levels);
  }
  const DesignMatrix unit = unit_design(sweep.design, sweep.parameters.size(), levels, sweep.seed);
  plan.values_.resize(unit.values.size());
  for (std::size_t r = 0; r < unit.rows; ++r) {
    for (std::size_t c = 0; c < unit.columns; ++c) {
      plan.values_[r * unit.columns + c] = sweep.parameters[c].value_at(unit.at(r, c));
    }
  }
  plan.points_ = unit.rows;
  plan.replicates_ = sweep.replicates;
  plan.master_seed_ = sweep.seed;
  plan.count_ = plan.total_runs();
  plan.design_ = to_string(sweep.design.type);
  plan.sweep_yaml_ = sweep.resolved_yaml;
  plan.summary_ = sweep.summary;
  return plan;
}

RunPlan RunPlan::compare(Scenario base, Scenario intervention, std::uint64_t runs, std::uint64_t master_seed)
{
  RunPlan plan = ensemble(std::move(base), runs, master_seed);
  plan.arms_.push_back(std::move(intervention));
  plan.count_ = plan.total_runs();
  return plan;
}

RunPlan RunPlan::window(std::uint64_t first, std::uint64_t count) const
{
  if (count == 0 || first >= total_runs() || count > total_runs() - first) {
    throw Error(
        fmt::format("runs {} .. {} are outside the plan's runs 0 .. {}", first, first + count - 1, total_runs() - 1));
  }
  RunPlan plan = *this;
  plan.first_ = first;
  plan.count_ = count;
  return plan;
}

std::uint64_t RunPlan::total_runs() const noexcept
{
  return arms_.size() * points_ * replicates_;
}

Scenario RunPlan::scenario_for(std::uint64_t run) const
{
  Scenario s;
  return scenario_for(run, s);
}

const Scenario& RunPlan::scenario_for(std::uint64_t run, Scenario& patched) const
{
  if (targets_.empty()) {
    return arms_[arm(run)];
  }
  patched = arms_[arm(run)];
  const std::span<const double> values = params_for(run);
  for (std::size_t j = 0; j < targets_.size(); ++j) {
    set_parameter(patched, targets_[j], values[j]);
  }
  return patched;
}

std::span<const double> RunPlan::params_for(std::uint64_t run) const
{
  if (targets_.empty()) {
    return {};
  }
  return std::span<const double>(values_).subspan(design_point(run) * targets_.size(), targets_.size());
}

std::uint64_t RunPlan::design_point(std::uint64_t run) const noexcept
{
  return stream_run(run) / replicates_;
}

std::uint64_t RunPlan::replicate(std::uint64_t run) const noexcept
{
  return stream_run(run) % replicates_;
}

std::uint64_t RunPlan::arm(std::uint64_t run) const noexcept
{
  return global(run) / (points_ * replicates_);
}

std::uint64_t RunPlan::stream_run(std::uint64_t run) const noexcept
{
  return global(run) % (points_ * replicates_);
}

void RunPlan::describe(io::HistoryHeader& header) const
{
  header.first_run = first_;
  header.runs = count_;
  // An intervention may add events: the type column must fit every arm's.
  for (const Scenario& s : arms_) {
    header.event_type_width = std::max(header.event_type_width, engine::longest_event_type(s));
  }
  io::SweepColumns& out = header.sweep;
  out = io::SweepColumns{};
  if (is_sweep()) {
    out.design = design_;
    out.sweep_yaml = sweep_yaml_;
    out.points = points_;
    out.replicates = replicates_;
    out.params = names_;
    for (std::uint64_t run = 0; run < count_; ++run) {
      const auto values = params_for(run);
      out.values.insert(out.values.end(), values.begin(), values.end());
      out.design_point.push_back(static_cast<std::int32_t>(design_point(run)));
      out.replicate.push_back(static_cast<std::int32_t>(replicate(run)));
    }
  }
  if (arms_.size() > 1) {
    out.intervention_yaml = to_yaml(arms_[1]);
    const std::uint64_t per_arm = points_ * replicates_;
    for (std::uint64_t run = 0; run < count_; ++run) {
      const std::uint64_t g = global(run);
      out.arm.push_back(static_cast<std::int32_t>(arm(run)));
      out.pair.push_back(static_cast<std::int32_t>(arm(run) == 0 ? g + per_arm : g - per_arm));
    }
  }
}

} // namespace hedgesim::sweep
