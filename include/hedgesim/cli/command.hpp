// One `hedgesim` subcommand, and the helpers every subcommand shares.
#pragma once

#include "hedgesim/io/compression.hpp"

#include <boost/program_options.hpp>

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim {
struct Override;
} // namespace hedgesim

namespace hedgesim::sweep {
class RunPlan;
} // namespace hedgesim::sweep

namespace hedgesim::engine {
struct EnsembleOptions;
struct EnsembleSummary;
} // namespace hedgesim::engine

namespace hedgesim::cli {

//! A subcommand: its name, a one-line synopsis for `hedgesim --help`, and its entry point.
struct Command {
  std::string_view name;
  std::string_view synopsis; // e.g. "run SCENARIO.yaml -o OUT.h5"
  std::string_view summary;  // one line
  int (*main)(const std::vector<std::string>& args, std::ostream& out);
};

//! Every subcommand, in the order `hedgesim --help` lists them (sim/cli/commands.cpp).
std::span<const Command> commands();

// The subcommands' entry points, one source file each (sim/cli/command_<name>.cpp).
int command_run(const std::vector<std::string>& args, std::ostream& out);
int command_validate(const std::vector<std::string>& args, std::ostream& out);
int command_info(const std::vector<std::string>& args, std::ostream& out);
int command_explain(const std::vector<std::string>& args, std::ostream& out);
int command_params(const std::vector<std::string>& args, std::ostream& out);
int command_sweep(const std::vector<std::string>& args, std::ostream& out);   // command_sweep.cpp
int command_compare(const std::vector<std::string>& args, std::ostream& out); // command_sweep.cpp
int command_merge(const std::vector<std::string>& args, std::ostream& out);
int command_status(const std::vector<std::string>& args, std::ostream& out);
int command_slurm(const std::vector<std::string>& args, std::ostream& out);
int command_diff(const std::vector<std::string>& args, std::ostream& out);

//! Parses a subcommand's options; throws UsageError naming the subcommand.
boost::program_options::variables_map parse(const std::string& command, const std::vector<std::string>& args,
                                            const boost::program_options::options_description& options,
                                            const boost::program_options::positional_options_description& positional);

//! The text of `hedgesim COMMAND --help`.
std::string help_text(const std::string& synopsis, const boost::program_options::options_description& options);

//! A whole number in [min, max] given to an option (Boost would wrap "-1" around to 2^64 - 1).
std::uint64_t unsigned_option(const std::string& command, const std::string& option, const std::string& text,
                              std::uint64_t min, std::uint64_t max = std::numeric_limits<std::uint64_t>::max());

//! Checks `-o`: a file name, or with --shards a directory; throws UsageError for an empty name
//! or, for a file, a name that is (or ends like) a directory.
void check_output(const std::string& command, const boost::program_options::variables_map& vm);

//! `--set key.path=value` arguments as overrides.
std::vector<Override> overrides_from(const std::vector<std::string>& sets);

//! The output options `run`, `sweep` and `compare` share: -o/--output, -j/--threads, -f/--force.
void add_output_options(boost::program_options::options_description& options);

//! The options `run` and `sweep` share for clusters: --shard, --shards, --block-size, --resume,
//! --fail, --keep-shards, --inject-failure, --quiet (sim/cli/options.cpp).
void add_cluster_options(boost::program_options::options_description& options);

//! Adds `--compression none|fast|small`, how the output's variables are filtered.
void add_compression_option(boost::program_options::options_description& options);
//! The `--compression` given, if any. Throws UsageError naming the choices.
std::optional<io::Compression> compression_option(const std::string& command,
                                                  const boost::program_options::variables_map& vm);

//! The worker-thread count of `--threads` (0 = all cores), capped at 4096.
unsigned threads_option(const std::string& command, const boost::program_options::variables_map& vm);

//! What a plan is, for a shard directory's manifest.
struct PlanSource {
  std::string command; // "run" or "sweep"
  std::string name;    // scenario or sweep name
  std::string file;    // as given on the command line
};

//! Runs `plan` as one shard of `-o DIR` (with --shards) or as one rank of an MPI job (under
//! mpirun), printing what it did; returns the exit code. Returns nothing when neither was
//! asked for, and the caller runs the plan in threads into one file.
std::optional<int> run_distributed(const PlanSource& source, const sweep::RunPlan& plan,
                                   const boost::program_options::variables_map& vm, std::ostream& out);

//! True unless --quiet: whether a long job shows its progress on stderr.
bool progress_wanted(const boost::program_options::variables_map& vm);

//! `--threads`, `--force` and `--compression` as the options of an ensemble in threads.
engine::EnsembleOptions threaded_options(const std::string& command, const boost::program_options::variables_map& vm);

//! Runs `plan` in threads into `-o OUT.h5` with `options`, showing progress on stderr unless
//! --quiet; SIGINT or SIGTERM stops it, leaving no output.
engine::EnsembleSummary run_in_threads(const sweep::RunPlan& plan, engine::EnsembleOptions options,
                                       const boost::program_options::variables_map& vm);

//! Set by SIGINT/SIGTERM once install_stop_handlers() has run; long jobs poll it.
const std::atomic<bool>& stop_requested();
void install_stop_handlers();

} // namespace hedgesim::cli
