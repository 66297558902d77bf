#include "hedgesim/cli/command.hpp"

#include "hedgesim/cluster/shard_runner.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/sweep/run_plan.hpp"
#include "hedgesim/sweep/sweep.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>
#include <regex>

namespace hedgesim::cli {

namespace po = boost::program_options;

namespace {

// Single quotes keep every path literal in the script, whatever characters it holds.
std::string shell_quote(const std::string& text)
{
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::filesystem::path absolute_path(const std::string& text)
{
  std::error_code error;
  const std::filesystem::path path = std::filesystem::absolute(text, error);
  if (error) {
    throw IoError(fmt::format("{}: cannot resolve: {}", text, error.message()));
  }
  return path.lexically_normal();
}

} // namespace

int command_slurm(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("slurm options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("sweep", po::value<std::string>(), "sweep YAML file");
  add("shards", po::value<std::string>(), "array tasks, one shard each (required)");
  add("output,o", po::value<std::string>(), "shard directory to create (required)");
  add("partition,p", po::value<std::string>(), "SLURM partition");
  add("time,t", po::value<std::string>(), "time limit per task, [D-]HH:MM:SS");
  add("mem", po::value<std::string>(), "memory per task, e.g. 2G or 500M");
  add("threads,j", po::value<std::string>()->default_value("1"), "CPUs (threads) per task");
  add("block-size", po::value<std::string>(),
      fmt::format("runs per block file (default {})", cluster::kDefaultBlockSize).c_str());
  po::positional_options_description positional;
  positional.add("sweep", 1);
  const auto vm = parse("slurm", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("slurm SWEEP.yaml --shards N -o DIR [--partition P] [--time HH:MM:SS] [--mem M]", options);
    return kExitSuccess;
  }
  if (vm.count("sweep") == 0U) {
    throw UsageError("slurm: missing SWEEP.yaml (see `hedgesim slurm --help`)");
  }
  if (vm.count("shards") == 0U) {
    throw UsageError("slurm: missing --shards N (see `hedgesim slurm --help`)");
  }
  if (vm.count("output") == 0U) {
    throw UsageError("slurm: missing -o DIR (see `hedgesim slurm --help`)");
  }
  check_output("slurm", vm);
  const std::uint64_t shards = unsigned_option("slurm", "--shards", vm["shards"].as<std::string>(), 1);
  const std::uint64_t threads = unsigned_option("slurm", "--threads", vm["threads"].as<std::string>(), 1);
  const std::uint64_t block_size = vm.count("block-size") != 0U
                                       ? unsigned_option("slurm", "--block-size", vm["block-size"].as<std::string>(), 1)
                                       : cluster::kDefaultBlockSize;
  std::string directives;
  if (vm.count("partition") != 0U) {
    const std::string p = vm["partition"].as<std::string>();
    if (!std::regex_match(p, std::regex("[A-Za-z0-9_.,-]+"))) {
      throw UsageError(fmt::format("slurm: --partition expects a partition name, got '{}'", p));
    }
    directives += fmt::format("#SBATCH --partition={}\n", p);
  }
  if (vm.count("time") != 0U) {
    const std::string t = vm["time"].as<std::string>();
    if (!std::regex_match(t, std::regex("([0-9]+-)?[0-9]{1,2}:[0-5][0-9]:[0-5][0-9]"))) {
      throw UsageError(fmt::format("slurm: --time expects [D-]HH:MM:SS, got '{}'", t));
    }
    directives += fmt::format("#SBATCH --time={}\n", t);
  }
  if (vm.count("mem") != 0U) {
    const std::string m = vm["mem"].as<std::string>();
    if (!std::regex_match(m, std::regex("[0-9]+[KMGT]?"))) {
      throw UsageError(fmt::format("slurm: --mem expects a size such as 2G or 500M, got '{}'", m));
    }
    directives += fmt::format("#SBATCH --mem={}\n", m);
  }

  const std::filesystem::path sweep_file = absolute_path(vm["sweep"].as<std::string>());
  const sweep::Sweep sw = sweep::load_sweep(sweep_file); // bad input shows now, not in N jobs
  const sweep::RunPlan plan = sweep::RunPlan::from_sweep(sw);
  const std::filesystem::path dir = absolute_path(vm["output"].as<std::string>());
  std::error_code error;
  const std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    throw IoError(fmt::format("cannot find this hedgesim binary: {}", error.message()));
  }
  // Writing the manifest now lets `status` work before the first task starts, and makes
  // the tasks check that the sweep has not changed since.
  cluster::prepare_directory(
      dir, cluster::make_manifest(plan, "sweep", sw.name, sweep_file.string(), shards, block_size), false);
  std::filesystem::create_directories(dir / "logs", error);
  if (error) {
    throw IoError(fmt::format("{}: cannot create directory: {}", (dir / "logs").string(), error.message()));
  }
  const std::string script = fmt::format(
      "#!/bin/bash\n"
      "# Generated by `hedgesim slurm`: shard $SLURM_ARRAY_TASK_ID of {shards} of sweep {name} ({runs} runs).\n"
      "# Submit: sbatch {script}; resubmit after preemption or failure: finished blocks are kept.\n"
      "#SBATCH --job-name=hedgesim-{name}\n"
      "#SBATCH --array=0-{last}\n"
      "#SBATCH --ntasks=1\n"
      "#SBATCH --cpus-per-task={threads}\n"
      "#SBATCH --output={logs}/shard-%a.out\n"
      "{directives}"
      "set -euo pipefail\n"
      "exec {binary} sweep {sweep} -o {dir} --shard \"$SLURM_ARRAY_TASK_ID\" --shards {shards} "
      "--block-size {block} --resume --threads {threads} --quiet\n",
      fmt::arg("shards", shards), fmt::arg("name", sw.name), fmt::arg("runs", plan.total_runs()),
      fmt::arg("script", shell_quote((dir / "submit.sbatch").string())), fmt::arg("last", shards - 1),
      fmt::arg("threads", threads), fmt::arg("logs", (dir / "logs").string()), fmt::arg("directives", directives),
      fmt::arg("binary", shell_quote(binary.string())), fmt::arg("sweep", shell_quote(sweep_file.string())),
      fmt::arg("dir", shell_quote(dir.string())), fmt::arg("block", block_size));
  const std::filesystem::path script_path = dir / "submit.sbatch";
  cluster::write_file_atomically(script_path, script);
  std::filesystem::permissions(script_path, std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec,
                               std::filesystem::perm_options::add, error);
  fmt::print(out, "wrote {}\n", script_path.string());
  fmt::print(out, "  sweep {}: {} runs in {} array tasks (at most {} runs each, blocks of {})\n", sw.name,
             plan.total_runs(), shards, (plan.total_runs() + shards - 1) / shards, block_size);
  fmt::print(out, "  submit:  sbatch {}\n", script_path.string());
  fmt::print(out, "  watch:   hedgesim status {}\n", dir.string());
  fmt::print(out, "  merge:   hedgesim merge {} -o OUT.h5\n", dir.string());
  fmt::print(out, "  after preemption or a failure, submit the same script again: finished blocks are kept\n");
  return kExitSuccess;
}

} // namespace hedgesim::cli
