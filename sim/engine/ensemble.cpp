#include "hedgesim/engine/ensemble.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/core/thread_count.hpp"
#include "hedgesim/engine/plan_runner.hpp"
#include "hedgesim/io/history_writer.hpp"
#include "hedgesim/model/strategy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace hedgesim::engine {

EnsembleSummary run_ensemble(const Scenario& scenario, const EnsembleOptions& options,
                             const std::filesystem::path& output)
{
  return run_ensemble(sweep::RunPlan::ensemble(scenario, options.runs, options.master_seed), options, output);
}

io::HistoryHeader plan_header(const sweep::RunPlan& plan)
{
  io::HistoryHeader header = history_header(plan.base(), plan.master_seed(), plan.runs(), plan.summary());
  plan.describe(header);
  return header;
}

EnsembleSummary run_ensemble(const sweep::RunPlan& plan, const EnsembleOptions& options,
                             const std::filesystem::path& output)
{
  const auto started = std::chrono::steady_clock::now();
  const Scenario& scenario = plan.base();
  const io::HistoryHeader header = plan_header(plan);
  io::HistoryWriter writer(output, header, options.force, options.compression);
  const std::uint64_t runs = plan.runs();

  EnsembleSummary summary;
  summary.output = output;
  summary.runs = runs;
  const std::vector<int> hedgers = scenario.agents_with_role(Role::hedger);
  for (std::uint64_t arm = 0; arm < plan.arms(); ++arm) {
    for (int h : hedgers) {
      summary.final_strategy.push_back(StrategyShares{scenario.agents[static_cast<std::size_t>(h)].id, arm, {}});
    }
  }

  // Workers take a chunk group at a time: the thread that simulates a group's runs also
  // filters them, with the data still in its own cache.
  const std::uint64_t group_runs = writer.filter().group_runs();
  std::atomic<std::uint64_t> next{0}; // the next run of a group nobody has taken yet
  std::mutex mutex;                   // guards the summary and the first error
  std::exception_ptr error;
  const auto worker = [&] {
    PlanRunner runner(plan, header, options.inject_failures);
    std::uint64_t run = 0;
    std::uint64_t end = 0; // of the group at hand
    for (;;) {
      if (run == end) {
        run = std::min(runs, next.fetch_add(group_runs));
        end = std::min(runs, run + group_runs);
      }
      if (run >= runs) {
        return;
      }
      if (options.stop != nullptr && options.stop->load()) {
        const std::lock_guard lock(mutex);
        if (!error) {
          error = std::make_exception_ptr(Error("interrupted; no output written"));
        }
        next.store(runs);
        return;
      }
      bool simulated = false;
      try {
        RunResult result = runner.simulate(run);
        simulated = true;
        {
          const std::lock_guard lock(mutex);
          if (error) {
            return;
          }
        }
        // The writer is thread-safe and compresses outside its own lock: call it unlocked.
        writer.write_run(run, result.record);
        if (options.on_run_written) {
          options.on_run_written();
        }
        {
          const std::lock_guard lock(mutex);
          summary.events += result.record.events.size();
          const std::size_t first = plan.arm(run) * hedgers.size();
          for (std::size_t k = 0; k < hedgers.size(); ++k) {
            const auto s = result.final_strategy[static_cast<std::size_t>(hedgers[k])];
            ++summary.final_strategy[first + k].count[static_cast<std::size_t>(s)];
          }
        }
        runner.recycle(std::move(result.record));
        ++run;
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (!error) {
          error = std::current_exception();
          if (options.failed_run != nullptr && !simulated) {
            *options.failed_run = run; // the run itself failed, not the writer
          }
        }
        next.store(runs); // stop the other workers
        return;
      }
    }
  };

  unsigned threads = thread_count(options.threads);
  threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, std::max<std::uint64_t>(1, runs)));
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back(worker);
    }
  }
  if (error) {
    std::rethrow_exception(error);
  }
  writer.commit();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

} // namespace hedgesim::engine
