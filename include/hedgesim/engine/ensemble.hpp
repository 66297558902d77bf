// Many independent runs of one scenario, written to one history file.
#pragma once

#include "hedgesim/io/compression.hpp"
#include "hedgesim/scenario/scenario.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hedgesim::engine {

struct EnsembleOptions {
  std::uint64_t runs = 1;                                // for a plain ensemble of one scenario only
  std::uint64_t master_seed = 1;                         // likewise; a RunPlan carries its own
  unsigned threads = 1;                                  // 0 = all hardware threads
  bool force = false;                                    // overwrite an existing output
  io::Compression compression = io::kDefaultCompression; // of the variables; no effect on the data
  //! When set (e.g. by a signal handler), workers stop and no output is written.
  const std::atomic<bool>* stop = nullptr;
  //! Called from the worker threads after each run is stored (for progress meters only).
  std::function<void()> on_run_written;
  //! When set, receives the local index of the run whose simulation threw, if one did.
  std::optional<std::uint64_t>* failed_run = nullptr;
  //! Runs (indices of the whole plan) that throw instead of simulating: `--inject-failure`,
  //! a rehearsal of failure handling (--fail, status, merge, --resume) before a long job.
  std::vector<std::uint64_t> inject_failures;
};

//! Final-step strategy shares of one hedger across the ensemble (or one arm of pairs).
struct StrategyShares {
  std::string agent;
  std::uint64_t arm = 0;
  std::array<std::uint64_t, 4> count{}; // indexed by model::Strategy
};

struct EnsembleSummary {
  std::filesystem::path output;
  std::uint64_t runs = 0;
  std::uint64_t events = 0;
  std::vector<StrategyShares> final_strategy; // one per hedger and arm, arm-major
  double seconds = 0;                         // wall-clock time of simulating and writing
};

//! The header of a file holding `plan`'s runs: its base scenario's axes and output, the plan's
//! run numbering, sweep columns and summaries.
io::HistoryHeader plan_header(const sweep::RunPlan& plan);

//! Simulates every run of `plan` and writes them to `output` (whole or not at all). Each run's
//! random numbers depend only on (seed, stream run, agent, step, stream), so the file's data
//! are the same for any thread count.
EnsembleSummary run_ensemble(const sweep::RunPlan& plan, const EnsembleOptions& options,
                             const std::filesystem::path& output);

//! A plain ensemble: runs 0 .. options.runs - 1 of one scenario (a RunPlan with one point).
EnsembleSummary run_ensemble(const Scenario& scenario, const EnsembleOptions& options,
                             const std::filesystem::path& output);

} // namespace hedgesim::engine
