// What an ensemble executes: for each run, its scenario, parameters and random-stream index.
//
// A plain ensemble is a plan with one design point; a sweep has points x replicates runs,
// run = point * replicates + replicate; counterfactual pairs repeat all of that per arm,
// run = arm * (points * replicates) + ..., and both arms draw from the same streams.
// A plan can be cut into windows of consecutive runs (one run for `run --from`, a shard
// for a cluster job): run indices in a window are local, everything they key is global.
#pragma once

#include "hedgesim/io/history_format.hpp"
#include "hedgesim/scenario/scenario.hpp"
#include "hedgesim/scenario/summary_spec.hpp"
#include "hedgesim/sweep/sweep.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hedgesim::sweep {

class RunPlan {
public:
  //! `runs` runs of one scenario: one design point, `runs` replicates.
  static RunPlan ensemble(Scenario scenario, std::uint64_t runs, std::uint64_t master_seed);
  //! Every design point of a sweep, times its replicates (times two arms with pairs).
  static RunPlan from_sweep(const Sweep& sweep);
  //! `runs` paired runs of two scenarios with the same agents, time axis and output.
  static RunPlan compare(Scenario base, Scenario intervention, std::uint64_t runs, std::uint64_t master_seed);

  //! Runs first .. first + count - 1 of this plan, renumbered from 0. Throws Error if out of range.
  [[nodiscard]] RunPlan window(std::uint64_t first, std::uint64_t count) const;

  [[nodiscard]] std::uint64_t runs() const noexcept { return count_; }
  [[nodiscard]] std::uint64_t total_runs() const noexcept; // of the whole plan, before windowing
  [[nodiscard]] std::uint64_t first_run() const noexcept { return first_; }
  [[nodiscard]] std::uint64_t points() const noexcept { return points_; }
  [[nodiscard]] std::uint64_t replicates() const noexcept { return replicates_; }
  [[nodiscard]] std::uint64_t arms() const noexcept { return arms_.size(); }
  [[nodiscard]] std::uint64_t master_seed() const noexcept { return master_seed_; }
  [[nodiscard]] bool is_sweep() const noexcept { return !names_.empty() || !design_.empty(); }
  [[nodiscard]] const std::vector<std::string>& param_names() const noexcept { return names_; }
  [[nodiscard]] const Scenario& base() const noexcept { return arms_.front(); }
  //! The resolved sweep text ("" unless the plan came from a sweep).
  [[nodiscard]] const std::string& sweep_yaml() const noexcept { return sweep_yaml_; }
  //! Time series, statistics or both: `output.summary` of the sweep, else of the (base) scenario.
  [[nodiscard]] const SummarySpec& summary() const noexcept { return summary_; }

  //! The scenario of (local) run `run`: the arm's scenario with the point's parameters set.
  [[nodiscard]] Scenario scenario_for(std::uint64_t run) const;
  //! The same without a copy where no parameter is set: the arm's own scenario, or else
  //! `patched`, which is overwritten. The result lives as long as the plan and `patched`.
  [[nodiscard]] const Scenario& scenario_for(std::uint64_t run, Scenario& patched) const;
  //! The parameter values of run `run`, in param_names() order (empty for a plain ensemble).
  [[nodiscard]] std::span<const double> params_for(std::uint64_t run) const;
  [[nodiscard]] std::uint64_t design_point(std::uint64_t run) const noexcept;
  [[nodiscard]] std::uint64_t replicate(std::uint64_t run) const noexcept;
  [[nodiscard]] std::uint64_t arm(std::uint64_t run) const noexcept;
  //! The run index that keys this run's random streams (the same in both arms of a pair).
  [[nodiscard]] std::uint64_t stream_run(std::uint64_t run) const noexcept;

  //! Adds this plan's run numbering and sweep columns to a header made for base().
  void describe(io::HistoryHeader& header) const;

private:
  std::vector<Scenario> arms_; // arm 0 is the base
  std::vector<ParameterTarget> targets_;
  std::vector<std::string> names_;
  std::vector<double> values_; // [points x names]
  std::uint64_t points_ = 1;
  std::uint64_t replicates_ = 1;
  std::uint64_t master_seed_ = 0;
  std::uint64_t first_ = 0;
  std::uint64_t count_ = 0;
  std::string design_; // "" for a plain ensemble or compare
  std::string sweep_yaml_;
  SummarySpec summary_;

  [[nodiscard]] std::uint64_t global(std::uint64_t run) const noexcept { return first_ + run; }
};

} // namespace hedgesim::sweep
