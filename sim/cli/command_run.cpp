#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/model/strategy.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

int command_run(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("run options");
  std::vector<std::string> sets;
  auto add = options.add_options();
  add("help,h", "show this help");
  add("scenario", po::value<std::string>(), "scenario YAML file");
  add("output,o", po::value<std::string>(), "output HDF5 file (required)");
  add("runs,n", po::value<std::string>(), "number of runs (default: scenario.runs)");
  add("seed,s", po::value<std::string>(), "master seed (default: scenario.seed)");
  add("set", po::value<std::vector<std::string>>(&sets)->composing(), "override a scenario key: key.path=value");
  add("threads,j", po::value<std::string>()->default_value("0"),
      "worker threads (0 = all cores); no effect on results");
  add("force,f", "overwrite an existing output");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("run", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("run SCENARIO.yaml -o OUT.h5 [--runs N] [--seed S] [--set key.path=value ...] [--force]", options);
    return kExitSuccess;
  }
  if (vm.count("scenario") == 0U) {
    throw UsageError("run: missing SCENARIO.yaml (see `hedgesim run --help`)");
  }
  if (vm.count("output") == 0U) {
    throw UsageError("run: missing -o OUT.h5 (see `hedgesim run --help`)");
  }
  const Scenario scenario = load_scenario(vm["scenario"].as<std::string>(), overrides_from(sets));
  engine::EnsembleOptions opts;
  opts.runs =
      vm.count("runs") != 0U ? unsigned_option("run", "--runs", vm["runs"].as<std::string>(), 1) : scenario.meta.runs;
  opts.master_seed =
      vm.count("seed") != 0U ? unsigned_option("run", "--seed", vm["seed"].as<std::string>(), 0) : scenario.meta.seed;
  opts.threads = static_cast<unsigned>(
      std::min<std::uint64_t>(unsigned_option("run", "--threads", vm["threads"].as<std::string>(), 0), 4096));
  opts.force = vm.count("force") != 0U;
  opts.stop = &stop_requested();
  install_stop_handlers();
  const auto summary = engine::run_ensemble(scenario, opts, vm["output"].as<std::string>());

  fmt::print(out, "wrote {}\n", summary.output.string());
  fmt::print(out, "  scenario {}: {} run{}, seed {}, {} .. {} by {}, {} events\n", scenario.meta.name, summary.runs,
             summary.runs == 1 ? "" : "s", opts.master_seed, scenario.meta.start.iso(), scenario.meta.end.iso(),
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
