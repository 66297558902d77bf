#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"
#include "hedgesim/core/thread_count.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/model/strategy.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <iostream>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

namespace {

void print_outcome(std::ostream& out, const Scenario& scenario, const engine::EnsembleSummary& summary,
                   std::uint64_t arms, unsigned threads)
{
  const std::uint64_t per_arm = summary.runs / arms;
  for (const auto& shares : summary.final_strategy) {
    const auto pct = [&](model::Strategy s) {
      return 100.0 * static_cast<double>(shares.count[static_cast<std::size_t>(s)]) / static_cast<double>(per_arm);
    };
    fmt::print(out, "  {}{} at {}: hedging {:.1f} %, balancing {:.1f} %, bandwagoning {:.1f} % of runs\n",
               arms > 1 ? fmt::format("arm {}: ", shares.arm) : "", shares.agent, scenario.meta.end.iso(),
               pct(model::Strategy::hedging), pct(model::Strategy::balancing), pct(model::Strategy::bandwagoning));
  }
  const unsigned used = thread_count(threads);
  fmt::print(out, "  {} runs in {:.2f} s ({:.1f} runs/s, {} thread{})\n", summary.runs, summary.seconds,
             static_cast<double>(summary.runs) / std::max(summary.seconds, 1e-9), used, used == 1 ? "" : "s");
}

} // namespace

int command_sweep(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("sweep options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("sweep", po::value<std::string>(), "sweep YAML file");
  add_output_options(options);
  add_cluster_options(options);
  po::positional_options_description positional;
  positional.add("sweep", 1);
  const auto vm = parse("sweep", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("sweep SWEEP.yaml -o OUT.h5 [--threads N] [--force] [--quiet]\n"
                     "       hedgesim sweep SWEEP.yaml -o DIR --shards N [--shard I] [--block-size B] [--resume] "
                     "[--fail fast|slow]",
                     options);
    return kExitSuccess;
  }
  if (vm.count("sweep") == 0U) {
    throw UsageError("sweep: missing SWEEP.yaml (see `hedgesim sweep --help`)");
  }
  if (vm.count("output") == 0U) {
    throw UsageError("sweep: missing -o OUT.h5 (see `hedgesim sweep --help`)");
  }
  check_output("sweep", vm);
  const sweep::Sweep sw = sweep::load_sweep(vm["sweep"].as<std::string>());
  const sweep::RunPlan plan = sweep::RunPlan::from_sweep(sw);
  if (const auto code = run_distributed(PlanSource{"sweep", sw.name, vm["sweep"].as<std::string>()}, plan, vm, out)) {
    return *code;
  }
  const engine::EnsembleOptions opts = threaded_options("sweep", vm);
  const auto summary = run_in_threads(plan, opts, vm);

  const Scenario& s = plan.base();
  fmt::print(out, "wrote {}\n", summary.output.string());
  fmt::print(out, "  sweep {}: {} design, {} point{} x {} replicate{}{} = {} runs, seed {}\n", sw.name,
             to_string(sw.design.type), plan.points(), plan.points() == 1 ? "" : "s", plan.replicates(),
             plan.replicates() == 1 ? "" : "s", plan.arms() > 1 ? " x 2 arms" : "", summary.runs, plan.master_seed());
  fmt::print(out, "  scenario {}: {} .. {} by {}, {} events\n", s.meta.name, s.meta.start.iso(), s.meta.end.iso(),
             to_string(s.meta.step), summary.events);
  for (std::size_t j = 0; j < sw.parameters.size(); ++j) {
    double lo = plan.params_for(0)[j];
    double hi = lo;
    for (std::uint64_t p = 0; p < plan.points(); ++p) {
      const double v = plan.params_for(p * plan.replicates())[j];
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    fmt::print(out, "  param {}: {:.4g} .. {:.4g}\n", sw.parameters[j].target.path, lo, hi);
  }
  if (sw.pairs) {
    fmt::print(out, "  pairs {}: arm 1 sets", sw.pairs->name);
    for (const auto& o : sw.pairs->set) {
      fmt::print(out, " {}={}", o.path, o.value);
    }
    fmt::print(out, "\n");
  }
  print_outcome(out, s, summary, plan.arms(), opts.threads);
  return kExitSuccess;
}

int command_compare(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("compare options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("base", po::value<std::string>(), "baseline scenario YAML file");
  add("intervention", po::value<std::string>(), "intervention scenario YAML file");
  add_output_options(options);
  add("runs,n", po::value<std::string>(), "runs per arm (default: the base scenario's runs)");
  add("seed,s", po::value<std::string>(), "master seed of both arms (default: the base scenario's seed)");
  add("quiet,q", "no progress line on stderr");
  add_compression_option(options);
  po::positional_options_description positional;
  positional.add("base", 1);
  positional.add("intervention", 1);
  const auto vm = parse("compare", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("compare BASE.yaml INTERVENTION.yaml -o OUT.h5 [--runs N] [--seed S] [--force] [--quiet]",
                     options);
    return kExitSuccess;
  }
  if (vm.count("base") == 0U || vm.count("intervention") == 0U) {
    throw UsageError("compare: missing BASE.yaml or INTERVENTION.yaml (see `hedgesim compare --help`)");
  }
  if (vm.count("output") == 0U) {
    throw UsageError("compare: missing -o OUT.h5 (see `hedgesim compare --help`)");
  }
  check_output("compare", vm);
  const std::string base_file = vm["base"].as<std::string>();
  const std::string intervention_file = vm["intervention"].as<std::string>();
  Scenario base = load_scenario(base_file);
  Scenario intervention = load_scenario(intervention_file);
  // Both arms go to one file, so they must share its axes and variables.
  std::string why;
  if (base.agents.size() != intervention.agents.size()) {
    why = fmt::format("{} agents, the base has {}", intervention.agents.size(), base.agents.size());
  }
  for (std::size_t i = 0; why.empty() && i < base.agents.size(); ++i) {
    if (base.agents[i].id != intervention.agents[i].id || base.agents[i].role != intervention.agents[i].role) {
      why = fmt::format("agent {} is {} ({}), the base has {} ({})", i + 1, intervention.agents[i].id,
                        to_string(intervention.agents[i].role), base.agents[i].id, to_string(base.agents[i].role));
    }
  }
  if (why.empty() && (base.meta.start != intervention.meta.start || base.meta.end != intervention.meta.end ||
                      base.meta.step != intervention.meta.step)) {
    why = fmt::format("the span {} .. {} by {}, the base has {} .. {} by {}", intervention.meta.start.iso(),
                      intervention.meta.end.iso(), to_string(intervention.meta.step), base.meta.start.iso(),
                      base.meta.end.iso(), to_string(base.meta.step));
  }
  if (why.empty() &&
      (base.output.variables != intervention.output.variables || base.output.every != intervention.output.every)) {
    why = "a different output section";
  }
  if (!why.empty()) {
    throw ScenarioError(fmt::format("{}: expected the agents, span and output of {} (paired runs share one file), "
                                    "got {}",
                                    intervention_file, base_file, why));
  }
  // Both arms go to one file: twice the runs per arm must fit it.
  const std::uint64_t runs = vm.count("runs") != 0U
                                 ? unsigned_option("compare", "--runs", vm["runs"].as<std::string>(), 1, kMostRuns / 2)
                                 : base.meta.runs;
  if (runs > kMostRuns / 2) {
    throw UsageError(fmt::format("compare: expected at most {} runs per arm (both arms go to one file), got "
                                 "scenario.runs {} from {}; give --runs N",
                                 kMostRuns / 2, runs, base_file));
  }
  const std::uint64_t seed =
      vm.count("seed") != 0U ? unsigned_option("compare", "--seed", vm["seed"].as<std::string>(), 0) : base.meta.seed;
  const sweep::RunPlan plan = sweep::RunPlan::compare(std::move(base), std::move(intervention), runs, seed);
  const engine::EnsembleOptions opts = threaded_options("compare", vm);
  const auto summary = run_in_threads(plan, opts, vm);

  const Scenario& s = plan.base();
  fmt::print(out, "wrote {}\n", summary.output.string());
  fmt::print(out, "  compare {} (arm 0) with {} (arm 1): {} paired runs, seed {}, {} .. {} by {}, {} events\n",
             base_file, intervention_file, runs, seed, s.meta.start.iso(), s.meta.end.iso(), to_string(s.meta.step),
             summary.events);
  print_outcome(out, s, summary, plan.arms(), opts.threads);
  return kExitSuccess;
}

} // namespace hedgesim::cli
