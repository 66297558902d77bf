// Which variables a run records, and the buffers that collect them step by step.
#pragma once

#include "hedgesim/engine/simulation.hpp"
#include "hedgesim/engine/summary.hpp"
#include "hedgesim/io/history_format.hpp"

#include <functional>
#include <vector>

namespace hedgesim::engine {

//! The header of a history file for this scenario: axes, agents and the variables its output asks
//! for, as time series, as `summary/` statistics, or both (series first, then summaries).
io::HistoryHeader history_header(const Scenario& scenario, std::uint64_t master_seed, std::uint64_t runs,
                                 const SummarySpec& summary = {});

//! The indices of the steps that are recorded (every `output.every`-th, always including the last).
std::vector<std::size_t> recorded_steps(const Scenario& scenario);

//! Collects one run's variables at the recorded steps.
class Recorder {
public:
  //! `header` must be history_header(scenario, ..., summary).
  Recorder(const Scenario& scenario, const io::HistoryHeader& header, const SummarySpec& summary = {});

  //! Starts a new run after take(), so that one recorder serves every run of a worker.
  void restart();
  //! Takes over the buffers of `spare`, the record of an earlier run that is no longer needed,
  //! to fill them again, so that a worker does not allocate, zero and free a run's worth of
  //! memory per run.
  void reuse(io::RunRecord spare);
  //! Appends the world's state after a step, if that step is recorded.
  void record(const Simulation& simulation);
  //! The run's data in header order, plus its events; leaves the recorder empty.
  io::RunRecord take(const Simulation& simulation);

  //! One variable's values in this run: the first `filled` of `values`. A reused buffer keeps
  //! its length, so the values after those are an earlier run's, overwritten as the run goes on.
  struct Series {
    io::VariableData values;
    std::size_t filled = 0;
  };

private:
  using Filler = std::function<void(const Simulation&, Series&)>;
  std::vector<Filler> fillers_;
  std::vector<io::DType> dtypes_; // per filler
  std::vector<Series> series_;    // per filler
  std::vector<bool> is_recorded_; // per step
  std::size_t steps_ = 0;         // recorded steps
  std::size_t recorded_ = 0;      // steps recorded so far in this run
  SummarySpec summary_;
};

//! What one finished run leaves behind.
struct RunResult {
  io::RunRecord record;
  std::vector<model::Strategy> final_strategy; // per agent, at the last step
};

//! Runs one simulation to the end and returns its record. `spare`, if given, is the record of an
//! earlier run that is no longer needed; the new record reuses its memory (see Recorder::reuse).
RunResult simulate_run(const Scenario& scenario, const io::HistoryHeader& header, std::uint64_t master_seed,
                       std::uint64_t run, const SummarySpec& summary = {}, io::RunRecord spare = {});
//! The same with a recorder kept from run to run (made for a scenario of the same agents and output).
RunResult simulate_run(const Scenario& scenario, Recorder& recorder, std::uint64_t master_seed, std::uint64_t run,
                       io::RunRecord spare = {});

} // namespace hedgesim::engine
