#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "hedgesim/model/strategy.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <iostream>
#include <ostream>
#include <span>

namespace hedgesim::cli {

namespace po = boost::program_options;

namespace {

//! The plan a history file was made from, rebuilt from its stored scenario, sweep text and seed.
sweep::RunPlan plan_of(const std::string& file, const io::HistorySummary& h)
{
  const Scenario base = sweep::scenario_from_text(h.scenario_yaml);
  if (h.sweep.is_sweep()) {
    return sweep::RunPlan::from_sweep(sweep::sweep_from_text(h.sweep.sweep_yaml, base));
  }
  if (h.sweep.is_paired()) {
    // Run first_run is paired with pair[0]; the two are one arm's length apart.
    const std::int64_t gap = static_cast<std::int64_t>(h.sweep.pair.front()) - static_cast<std::int64_t>(h.first_run);
    const auto per_arm = static_cast<std::uint64_t>(gap < 0 ? -gap : gap);
    return sweep::RunPlan::compare(base, sweep::scenario_from_text(h.sweep.intervention_yaml), per_arm, h.master_seed);
  }
  if (h.runs == 0) {
    throw IoError(fmt::format("{}: the file holds no runs", file));
  }
  return sweep::RunPlan::ensemble(base, h.first_run + h.runs, h.master_seed);
}

} // namespace

int command_run(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("run options");
  std::vector<std::string> sets;
  auto add = options.add_options();
  add("help,h", "show this help");
  add("scenario", po::value<std::string>(), "scenario YAML file");
  add_output_options(options);
  add("runs,n", po::value<std::string>(), "number of runs (default: scenario.runs)");
  add("seed,s", po::value<std::string>(), "master seed (default: scenario.seed)");
  add("set", po::value<std::vector<std::string>>(&sets)->composing(), "override a scenario key: key.path=value");
  add("from", po::value<std::string>(), "re-create one run of this history file (with --run K)");
  add("run", po::value<std::string>(), "the run to re-create with --from");
  add_cluster_options(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("run", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("run SCENARIO.yaml -o OUT.h5 [--runs N] [--seed S] [--set key.path=value ...] [--force]\n"
                     "       hedgesim run SCENARIO.yaml -o DIR --shards N [--shard I] [--resume] (see sweep --help)\n"
                     "       hedgesim run --from OUT.h5 --run K -o ONE.h5 [--force]",
                     options);
    return kExitSuccess;
  }
  if (vm.count("from") != 0U || vm.count("run") != 0U) {
    if (vm.count("from") == 0U || vm.count("run") == 0U) {
      throw UsageError("run: --from FILE and --run K go together (see `hedgesim run --help`)");
    }
    if (vm.count("scenario") != 0U || vm.count("runs") != 0U || vm.count("seed") != 0U || !sets.empty()) {
      throw UsageError("run: --from takes its scenario, seed and parameters from the file; drop SCENARIO.yaml, "
                       "--runs, --seed and --set");
    }
    if (vm.count("output") == 0U) {
      throw UsageError("run: missing -o OUT.h5 (see `hedgesim run --help`)");
    }
    check_output("run", vm);
    const std::string file = vm["from"].as<std::string>();
    const std::uint64_t k = unsigned_option("run", "--run", vm["run"].as<std::string>(), 0);
    const io::HistorySummary h = io::read_history_summary(file);
    if (k < h.first_run || k >= h.first_run + h.runs) {
      throw UsageError(fmt::format("run: --run expects a run of {} ({} .. {}), got {}", file, h.first_run,
                                   h.first_run + h.runs - 1, k));
    }
    const sweep::RunPlan plan = plan_of(file, h);
    if (h.sweep.is_sweep()) {
      // A file from another hedgesim might design differently: refuse rather than run something else.
      const auto stored =
          std::span(h.sweep.values).subspan((k - h.first_run) * h.sweep.params.size(), h.sweep.params.size());
      const auto again = plan.params_for(k);
      if (!std::equal(stored.begin(), stored.end(), again.begin(), again.end())) {
        throw Error(fmt::format("{}: the stored sweep does not reproduce the stored parameters of run {}", file, k));
      }
    }
    engine::EnsembleOptions opts;
    opts.threads = 1;
    opts.force = vm.count("force") != 0U;
    const auto summary = engine::run_ensemble(plan.window(k, 1), opts, vm["output"].as<std::string>());
    fmt::print(out, "wrote {}\n", summary.output.string());
    fmt::print(out, "  run {} of {} ({}), seed {}, {} events\n", k, file, h.scenario_name, h.master_seed,
               summary.events);
    return kExitSuccess;
  }
  if (vm.count("scenario") == 0U) {
    throw UsageError("run: missing SCENARIO.yaml (see `hedgesim run --help`)");
  }
  if (vm.count("output") == 0U) {
    throw UsageError("run: missing -o OUT.h5 (see `hedgesim run --help`)");
  }
  check_output("run", vm);
  const Scenario scenario = load_scenario(vm["scenario"].as<std::string>(), overrides_from(sets));
  const std::uint64_t runs = vm.count("runs") != 0U
                                 ? unsigned_option("run", "--runs", vm["runs"].as<std::string>(), 1, kMostRuns)
                                 : scenario.meta.runs;
  const std::uint64_t seed =
      vm.count("seed") != 0U ? unsigned_option("run", "--seed", vm["seed"].as<std::string>(), 0) : scenario.meta.seed;
  const engine::EnsembleOptions opts = threaded_options("run", vm);
  const sweep::RunPlan plan = sweep::RunPlan::ensemble(scenario, runs, seed);
  if (const auto code =
          run_distributed(PlanSource{"run", scenario.meta.name, vm["scenario"].as<std::string>()}, plan, vm, out)) {
    return *code;
  }
  const auto summary = run_in_threads(plan, opts, vm);

  fmt::print(out, "wrote {}\n", summary.output.string());
  fmt::print(out, "  scenario {}: {} run{}, seed {}, {} .. {} by {}, {} events\n", scenario.meta.name, summary.runs,
             summary.runs == 1 ? "" : "s", seed, scenario.meta.start.iso(), scenario.meta.end.iso(),
             to_string(scenario.meta.step), summary.events);
  for (const auto& shares : summary.final_strategy) {
    const auto pct = [&](model::Strategy s) {
      return 100.0 * static_cast<double>(shares.count[static_cast<std::size_t>(s)]) / static_cast<double>(summary.runs);
    };
    fmt::print(out, "  {} at {}: hedging {:.1f} %, balancing {:.1f} %, bandwagoning {:.1f} % of runs\n", shares.agent,
               scenario.meta.end.iso(), pct(model::Strategy::hedging), pct(model::Strategy::balancing),
               pct(model::Strategy::bandwagoning));
  }
  return kExitSuccess;
}

} // namespace hedgesim::cli
