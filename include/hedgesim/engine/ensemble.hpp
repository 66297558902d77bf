// Many independent runs of one scenario, written to one history file.
#pragma once

#include "hedgesim/scenario/scenario.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace hedgesim::engine {

struct EnsembleOptions {
  std::uint64_t runs = 1;
  std::uint64_t master_seed = 1;
  unsigned threads = 1; // 0 = all hardware threads
  bool force = false;   // overwrite an existing output
  //! When set (e.g. by a signal handler), workers stop and no output is written.
  const std::atomic<bool>* stop = nullptr;
};

//! Final-step strategy shares of one hedger across the ensemble.
struct StrategyShares {
  std::string agent;
  std::array<std::uint64_t, 4> count{}; // indexed by model::Strategy
};

struct EnsembleSummary {
  std::filesystem::path output;
  std::uint64_t runs = 0;
  std::uint64_t events = 0;
  std::vector<StrategyShares> final_strategy; // one per hedger
};

//! Simulates runs 0..runs-1 and writes them to `output` (whole or not at all). Each run's
//! random numbers depend only on (seed, run, agent, step, stream), so the file's data are
//! the same for any thread count.
EnsembleSummary run_ensemble(const Scenario& scenario, const EnsembleOptions& options,
                             const std::filesystem::path& output);

} // namespace hedgesim::engine
