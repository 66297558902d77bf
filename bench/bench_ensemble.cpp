// Speed of the reference scenario: one run in memory, and whole ensembles written to HDF5.
//
// Results and the exact commands are in docs/performance.md. Build with
//   scripts/build --target hedgesim_bench
// and run
//   ./build/bench/hedgesim_bench --benchmark_min_time=2
#include "hedgesim/core/allocator.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/engine/recorder.hpp"
#include "hedgesim/engine/simulation.hpp"
#include "hedgesim/io/history_writer.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace hedgesim;

namespace {

const Scenario& reference()
{
  static const Scenario s = load_scenario(fs::path(HEDGESIM_SOURCE_DIR) / "scenarios/post_nazarbayev_succession.yaml");
  return s;
}

//! Simulation and recording of one run, without output: the model's own cost. As the workers of an
//! ensemble do, one recorder serves every run, and each run reuses the memory of the previous run's
//! record.
void BM_SimulateRun(benchmark::State& state)
{
  const Scenario& s = reference();
  const io::HistoryHeader header = engine::history_header(s, s.meta.seed, 1);
  std::uint64_t run = 0;
  io::RunRecord spare;
  engine::Recorder recorder(s, header);
  for (auto _ : state) {
    engine::RunResult result = engine::simulate_run(s, recorder, s.meta.seed, run++, std::move(spare));
    benchmark::DoNotOptimize(result);
    spare = std::move(result.record);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("runs");
}
BENCHMARK(BM_SimulateRun)->Unit(benchmark::kMicrosecond);
// Two threads simulating at once in one process, without output: how the model alone scales.
BENCHMARK(BM_SimulateRun)->Threads(2)->UseRealTime()->Unit(benchmark::kMicrosecond);

//! As BM_SimulateRun, but every run's record is allocated afresh and freed.
void BM_SimulateRunFresh(benchmark::State& state)
{
  const Scenario& s = reference();
  const io::HistoryHeader header = engine::history_header(s, s.meta.seed, 1);
  std::uint64_t run = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine::simulate_run(s, header, s.meta.seed, run++));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("runs");
}
BENCHMARK(BM_SimulateRunFresh)->Unit(benchmark::kMicrosecond);

//! The decision rule alone: one hedger's moves (its candidates in every channel, the posture after
//! them and each channel's alternative) from the reference scenario's state after a year.
void BM_HedgerDecision(benchmark::State& state)
{
  const Scenario& s = reference();
  engine::Simulation sim(s, s.meta.seed, 0);
  for (int month = 0; month < 12; ++month) {
    sim.step();
  }
  const auto hedger = static_cast<std::size_t>(s.agents_with_role(Role::hedger).front());
  const model::HedgerView view = sim.hedger_view(hedger);
  const model::AlignmentRows alignment = sim.alignment_block(hedger);
  const double step = s.model.adjustment_rate * years_per_step(sim.time().unit());
  std::uint32_t draw = 0;
  for (auto _ : state) {
    RandomStream random(s.meta.seed, 0, static_cast<std::uint32_t>(hedger), draw++, Stream::hedger_choice);
    benchmark::DoNotOptimize(model::decide(view, alignment, s.model, step, random));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("decisions");
}
BENCHMARK(BM_HedgerDecision)->Unit(benchmark::kMicrosecond);

//! Filtering one run's chunks as the ensemble workers do before writing them: arg compression
//! (0 none, 1 fast, 2 small). The bytes counter is the filtered size of the run.
void BM_FilterRun(benchmark::State& state)
{
  const Scenario& s = reference();
  const io::HistoryHeader header = engine::history_header(s, s.meta.seed, 1);
  const io::RunRecord record = engine::simulate_run(s, header, s.meta.seed, 0).record;
  const fs::path out = fs::temp_directory_path() / ("hedgesim_bench_" + std::to_string(::getpid()) + ".h5");
  std::vector<io::h5::DatasetOptions> storage;
  {
    const io::HistoryWriter writer(out, header, true, static_cast<io::Compression>(state.range(0)));
    for (std::size_t i = 0; i < header.variables.size(); ++i) {
      storage.push_back(writer.storage(i));
    }
  } // never committed, so nothing is left behind
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    for (std::size_t i = 0; i < record.variables.size(); ++i) {
      std::visit([&](const auto& values) { bytes += io::h5::filter_chunk(values, storage[i]).bytes.size(); },
                 record.variables[i]);
    }
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("runs");
}
BENCHMARK(BM_FilterRun)->ArgName("compression")->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

//! A whole ensemble written to an HDF5 file: args are (runs, threads, compression: 0 none, 1 fast, 2 small).
void BM_Ensemble(benchmark::State& state)
{
  const Scenario& s = reference();
  const fs::path out = fs::temp_directory_path() / ("hedgesim_bench_" + std::to_string(::getpid()) + ".h5");
  engine::EnsembleOptions options;
  options.runs = static_cast<std::uint64_t>(state.range(0));
  options.threads = static_cast<unsigned>(state.range(1));
  options.master_seed = s.meta.seed;
  options.force = true;
  options.compression = static_cast<io::Compression>(state.range(2));
  for (auto _ : state) {
    engine::run_ensemble(s, options, out);
  }
  state.counters["bytes"] = static_cast<double>(fs::file_size(out));
  fs::remove(out);
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetLabel("runs");
}
BENCHMARK(BM_Ensemble)
    ->ArgNames({"runs", "threads", "compression"})
    ->ArgsProduct({{1000}, {1, 2}, {0, 1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

// BENCHMARK_MAIN, with the allocator tuned as the hedgesim executable tunes it.
int main(int argc, char** argv)
{
  hedgesim::keep_freed_memory();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
