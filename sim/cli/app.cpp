#include "hedgesim/cli/app.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "hedgesim/model/strategy.hpp"
#include "hedgesim/scenario/parameter_dictionary.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "hedgesim/version.hpp"

#include <atomic>
#include <boost/program_options.hpp>
#include <charconv>
#include <csignal>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

namespace {

// Set by SIGINT/SIGTERM; the ensemble stops between runs and removes its temporary file.
std::atomic<bool> g_stop{false};

extern "C" void request_stop(int /*signal*/)
{
  g_stop.store(true);
}

const char* const kUsage = R"(usage: hedgesim COMMAND [ARGS...]

Agent-based simulation of small-state hedging between great powers.

commands:
  run SCENARIO.yaml -o OUT.h5   simulate an ensemble and write its full history (HDF5)
  validate SCENARIO.yaml        check a scenario and print it fully resolved
  info OUT.h5                   describe what a history file holds
  params [--markdown]           print the parameter dictionary

options:
  -h, --help                    this text (or `hedgesim COMMAND --help`)
  --version                     print the version and the commit

exit codes:
  0  success
  1  runtime failure (an output cannot be written, a file cannot be read, a model error)
  2  bad usage or bad input (unknown option, invalid scenario)
)";

const std::vector<std::string> kCommands{"run", "validate", "info", "params"};

std::vector<Override> overrides_from(const std::vector<std::string>& sets)
{
  std::vector<Override> out;
  for (const auto& s : sets) {
    out.push_back(Override::parse(s));
  }
  return out;
}

//! A whole number >= min given to an option; Boost would wrap "-1" around to 2^64 - 1.
std::uint64_t unsigned_option(const std::string& command, const std::string& option, const std::string& text,
                              std::uint64_t min)
{
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min) {
    throw UsageError(fmt::format("{}: {} expects a whole number >= {}, got '{}'", command, option, min, text));
  }
  return value;
}

//! Parses a subcommand's options; throws UsageError with the subcommand named.
po::variables_map parse(const std::string& command, const std::vector<std::string>& args,
                        const po::options_description& options, const po::positional_options_description& positional)
{
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(fmt::format("{}: {} (see `hedgesim {} --help`)", command, e.what(), command));
  }
  return vm;
}

std::string help_text(const std::string& synopsis, const po::options_description& options)
{
  std::ostringstream text;
  text << "usage: hedgesim " << synopsis << "\n\n"
       << options << "\nexit codes: 0 success, 1 runtime failure, 2 bad usage or bad input\n";
  return text.str();
}

int cmd_run(const std::vector<std::string>& args, std::ostream& out)
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
  opts.stop = &g_stop;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
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

int cmd_validate(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("validate options");
  std::vector<std::string> sets;
  auto add = options.add_options();
  add("help,h", "show this help");
  add("scenario", po::value<std::string>(), "scenario YAML file");
  add("set", po::value<std::vector<std::string>>(&sets)->composing(), "override a scenario key: key.path=value");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("validate", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("validate SCENARIO.yaml [--set key.path=value ...]", options);
    return kExitSuccess;
  }
  if (vm.count("scenario") == 0U) {
    throw UsageError("validate: missing SCENARIO.yaml (see `hedgesim validate --help`)");
  }
  const Scenario scenario = load_scenario(vm["scenario"].as<std::string>(), overrides_from(sets));
  fmt::print(out, "# {}: valid\n{}", vm["scenario"].as<std::string>(), to_yaml(scenario));
  return kExitSuccess;
}

int cmd_info(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("info options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("file", po::value<std::string>(), "history file (HDF5)");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse("info", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("info OUT.h5", options);
    return kExitSuccess;
  }
  if (vm.count("file") == 0U) {
    throw UsageError("info: missing OUT.h5 (see `hedgesim info --help`)");
  }
  const auto s = io::read_history_summary(vm["file"].as<std::string>());
  fmt::print(out, "file        {}\n", vm["file"].as<std::string>());
  fmt::print(out, "filetype    {} {}.{}\n", s.filetype, s.format_version[0], s.format_version[1]);
  fmt::print(out, "written by  hedgesim {} ({}) at {}\n", s.hedgesim_version, s.git_sha, s.created);
  fmt::print(out, "scenario    {}\n", s.scenario_name);
  fmt::print(out, "seed        {}\n", s.master_seed);
  fmt::print(out, "runs        {}\n", s.runs);
  if (!s.dates.empty()) {
    fmt::print(out, "time        {} .. {} ({} recorded steps)\n", s.dates.front(), s.dates.back(), s.dates.size());
  }
  std::string agents;
  for (std::size_t i = 0; i < s.agents.size(); ++i) {
    agents +=
        fmt::format("{}{} ({})", i == 0 ? "" : ", ", s.agents[i], i < s.agent_roles.size() ? s.agent_roles[i] : "?");
  }
  fmt::print(out, "agents      {}\n", agents);
  fmt::print(out, "events      {}\n", s.events);
  fmt::print(out, "datasets\n");
  for (const auto& d : s.datasets) {
    std::string shape;
    for (std::size_t i = 0; i < d.shape.size(); ++i) {
      shape += fmt::format("{}{}", i == 0 ? "" : " x ", d.shape[i]);
    }
    fmt::print(out, "  {:<28} {:<8} [{}]{}\n", d.path, d.dtype, shape, d.units.empty() ? "" : " " + d.units);
  }
  return kExitSuccess;
}

int cmd_params(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("params options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("markdown", "print the Markdown tables of docs/scenario-reference.md");
  const auto vm = parse("params", args, options, po::positional_options_description{});
  if (vm.count("help") != 0U) {
    out << help_text("params [--markdown]", options);
    return kExitSuccess;
  }
  out << parameter_reference_markdown();
  return kExitSuccess;
}

int dispatch(const std::vector<std::string>& args, std::ostream& out)
{
  if (args.empty()) {
    throw UsageError("missing COMMAND (see `hedgesim --help`)");
  }
  const std::string& first = args.front();
  if (first == "-h" || first == "--help" || first == "help") {
    out << kUsage;
    return kExitSuccess;
  }
  if (first == "--version" || first == "version") {
    fmt::print(out, "hedgesim {} ({})\n", kVersion, kGitSha);
    return kExitSuccess;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (first == "run") {
    return cmd_run(rest, out);
  }
  if (first == "validate") {
    return cmd_validate(rest, out);
  }
  if (first == "info") {
    return cmd_info(rest, out);
  }
  if (first == "params") {
    return cmd_params(rest, out);
  }
  throw UsageError(
      fmt::format("unknown command '{}'{} (see `hedgesim --help`)", first, did_you_mean(first, kCommands)));
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
  try {
    return dispatch(args, out);
  } catch (const Error& e) {
    fmt::print(err, "hedgesim: error: {}\n", e.what());
    return exit_code_for(e);
  } catch (const std::exception& e) {
    fmt::print(err, "hedgesim: internal error: {}\n", e.what());
    return kExitRuntimeFailure;
  }
}

} // namespace hedgesim::cli
