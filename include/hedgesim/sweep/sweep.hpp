// A sweep file: a base scenario, the parameters to vary, a design, replicates and options.
#pragma once

#include "hedgesim/scenario/scenario.hpp"
#include "hedgesim/scenario/summary_spec.hpp"
#include "hedgesim/scenario/yaml_document.hpp"
#include "hedgesim/sweep/design.hpp"
#include "hedgesim/sweep/parameter_target.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hedgesim::sweep {

//! How a parameter's unit-cube coordinate u becomes a value.
struct Marginal {
  enum class Kind { range, values, normal, lognormal } kind = Kind::range;
  double low = 0;  // range: its ends; every kind is clipped to [low, high]
  double high = 0; // (the dictionary range unless `range` narrows it)
  std::vector<double> values;
  double mean = 0; // normal: mean, sd; lognormal: mean and sd of log(x)
  double sd = 0;
};

struct SweepParameter {
  ParameterTarget target;
  Marginal marginal;
  //! The value at unit coordinate u in [0, 1]: a range maps linearly, values by equal cells
  //! (u = 1 is the last), distributions by their quantile; then clipped to the range.
  [[nodiscard]] double value_at(double u) const;
  //! Grid levels: the number of `values`, or 0 for a range (the design's `levels` then).
  [[nodiscard]] std::uint64_t grid_levels() const noexcept;
};

//! Counterfactual pairs: every run is simulated twice, once as given (arm 0) and once with
//! the intervention (arm 1), with the same master seed and run index.
struct PairsSpec {
  std::string name;
  std::vector<Override> set; // numeric key path and value, applied to every run of arm 1
};

struct Sweep {
  std::string name;
  std::filesystem::path file;
  std::string scenario_file; // as written, relative to the sweep file
  std::vector<std::string> overlays;
  std::uint64_t seed = 1;
  std::uint64_t replicates = 1;
  DesignSpec design;
  std::vector<SweepParameter> parameters;
  std::optional<PairsSpec> pairs;
  SummarySpec summary;                  // output.summary and output.series; else the scenario's
  Scenario base;                        // with overlays and the sweep's output section
  std::optional<Scenario> intervention; // pairs only
  std::string resolved_yaml;            // everything above that defines the runs, as YAML
};

//! Loads and validates a sweep file and its scenario. Throws ScenarioError with
//! "FILE:LINE:COL: key.path: what was expected, what was found" on the first problem.
Sweep load_sweep(const std::filesystem::path& file);

//! Rebuilds a sweep from its resolved text (as stored in a history file) and its stored base
//! scenario, without reading any other file.
Sweep sweep_from_text(const std::string& resolved_yaml, const Scenario& base);

//! Loads a scenario from its text (e.g. the resolved scenario stored in a history file).
Scenario scenario_from_text(const std::string& yaml);

} // namespace hedgesim::sweep
