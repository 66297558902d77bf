#include "hedgesim/cli/command.hpp"

#include "hedgesim/cluster/cluster_job.hpp"
#include "hedgesim/cluster/progress_file.hpp"
#include "hedgesim/cluster/progress_meter.hpp"
#include "hedgesim/cluster/stream_job.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/scenario/yaml_document.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <iostream>
#include <sstream>

namespace hedgesim::cli {

namespace po = boost::program_options;

namespace {

std::atomic<bool> g_stop{false};

extern "C" void request_stop(int /*signal*/)
{
  g_stop.store(true);
}

} // namespace

po::variables_map parse(const std::string& command, const std::vector<std::string>& args,
                        const po::options_description& options, const po::positional_options_description& positional)
{
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> names;
    for (const auto& option : options.options()) {
      names.push_back("--" + option->long_name());
    }
    throw UsageError(fmt::format("{}: {}{} (see `hedgesim {} --help`)", command, e.what(),
                                 did_you_mean(e.get_option_name(), names), command));
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

std::uint64_t unsigned_option(const std::string& command, const std::string& option, const std::string& text,
                              std::uint64_t min, std::uint64_t max)
{
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    const std::string expected = max == std::numeric_limits<std::uint64_t>::max()
                                     ? fmt::format(">= {}", min)
                                     : fmt::format("in [{}, {}]", min, max);
    throw UsageError(fmt::format("{}: {} expects a whole number {}, got '{}'", command, option, expected, text));
  }
  return value;
}

void check_output(const std::string& command, const po::variables_map& vm)
{
  const std::string text = vm["output"].as<std::string>();
  const bool directory = vm.count("shards") != 0U;
  if (text.empty()) {
    throw UsageError(fmt::format("{}: -o expects {}, got ''", command, directory ? "a directory" : "a file name"));
  }
  std::error_code error;
  if (!directory && (std::filesystem::path(text).filename().empty() || std::filesystem::is_directory(text, error))) {
    // The output is written beside its name and renamed onto it, which a directory refuses.
    throw UsageError(fmt::format("{}: -o expects a file name, got '{}', a directory", command, text));
  }
}

std::vector<Override> overrides_from(const std::vector<std::string>& sets)
{
  std::vector<Override> out;
  out.reserve(sets.size());
  for (const auto& s : sets) {
    out.push_back(Override::parse(s));
  }
  return out;
}

const std::atomic<bool>& stop_requested()
{
  return g_stop;
}

void install_stop_handlers()
{
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
}

unsigned threads_option(const std::string& command, const po::variables_map& vm)
{
  return static_cast<unsigned>(
      std::min<std::uint64_t>(unsigned_option(command, "--threads", vm["threads"].as<std::string>(), 0), 4096));
}

void add_output_options(po::options_description& options)
{
  auto add = options.add_options();
  add("output,o", po::value<std::string>(), "output HDF5 file (required)");
  add("threads,j", po::value<std::string>()->default_value("0"),
      "worker threads (0 = all cores); no effect on results");
  add("force,f", "overwrite an existing output");
}

void add_cluster_options(po::options_description& options)
{
  auto add = options.add_options();
  add("shards", po::value<std::string>(), "run one shard of N: -o names a directory of blocks (see docs/clusters.md)");
  add("shard", po::value<std::string>(), "which shard, 0 .. N-1 (default: $SLURM_ARRAY_TASK_ID)");
  add("block-size", po::value<std::string>(),
      fmt::format("runs per block file of a shard (default {})", cluster::kDefaultBlockSize).c_str());
  add("resume", "keep the blocks a shard already finished");
  add("fail", po::value<std::string>()->default_value("fast"),
      "when a run throws: fast = stop, slow = record it and go on with the next block");
  add("stream", "under mpirun (the default there): ranks send each run to rank 0, which writes the output as "
                "runs finish, keeping a journal from which the same command resumes a killed job");
  add("blocks", "under mpirun: each rank writes blocks of runs beside the output, which rank 0 merges at the end "
                "(what --fail slow, --keep-shards and hedgesim status need; implied by the first two)");
  add("keep-shards", "under mpirun, with blocks: keep the ranks' blocks after merging");
  add("journal", "with --stream: keep the journal (always kept; accepted so that older commands still run)");
  add("inject-failure", po::value<std::vector<std::string>>()->composing(),
      "make run K fail, to rehearse --fail, status, merge and --resume (repeatable; needs --shards or mpirun)");
  add("quiet,q", "no progress line on stderr");
  add_compression_option(options);
}

void add_compression_option(po::options_description& options)
{
  options.add_options()(
      "compression", po::value<std::string>(),
      "output variables: fast (default; shuffle + a fast deflate), small (shuffle + deflate 4) or none; "
      "no effect on the data");
}

std::optional<io::Compression> compression_option(const std::string& command, const po::variables_map& vm)
{
  if (vm.count("compression") == 0U) {
    return std::nullopt;
  }
  const std::string text = vm["compression"].as<std::string>();
  const std::optional<io::Compression> choice = io::parse_compression(text);
  if (!choice) {
    throw UsageError(fmt::format("{}: --compression expects none, fast or small, got '{}'", command, text));
  }
  return choice;
}

bool progress_wanted(const po::variables_map& vm)
{
  return vm.count("quiet") == 0U;
}

engine::EnsembleOptions threaded_options(const std::string& command, const po::variables_map& vm)
{
  engine::EnsembleOptions options;
  options.threads = threads_option(command, vm);
  options.force = vm.count("force") != 0U;
  options.compression = compression_option(command, vm).value_or(io::kDefaultCompression);
  return options;
}

engine::EnsembleSummary run_in_threads(const sweep::RunPlan& plan, engine::EnsembleOptions options,
                                       const po::variables_map& vm)
{
  options.stop = &stop_requested();
  install_stop_handlers();
  const std::filesystem::path output = vm["output"].as<std::string>();
  // For `hedgesim status OUTPUT` while the run goes on, from the meter's first tick (2 s): a run
  // in one process does not resume, so the file goes with it however it ends.
  cluster::ProgressFile progress(cluster::run_progress_path(output), plan.runs());
  cluster::ProgressMeter meter(cluster::progress_mode(!progress_wanted(vm)), std::cerr, "", plan.runs(), 0,
                               [&] { progress.save("running", meter.done(), meter.rate()); });
  struct StopAndRemove {
    cluster::ProgressMeter& meter;
    cluster::ProgressFile& progress;
    ~StopAndRemove()
    {
      meter.stop(); // no tick writes the file again
      progress.remove();
    }
  } stop_and_remove{meter, progress};
  options.on_run_written = [&meter] { meter.add(); };
  return engine::run_ensemble(plan, options, output);
}

std::optional<int> run_distributed(const PlanSource& source, const sweep::RunPlan& plan, const po::variables_map& vm,
                                   std::ostream& out)
{
  const std::string& cmd = source.command;
  const bool sharded = vm.count("shards") != 0U;
  if (!sharded && (vm.count("shard") != 0U || vm.count("resume") != 0U || vm.count("block-size") != 0U)) {
    throw UsageError(fmt::format("{}: --shard, --block-size and --resume need --shards N", cmd));
  }
  if (vm.count("resume") != 0U && vm.count("force") != 0U) {
    // Together, --force would let another plan's manifest be replaced while --resume kept its blocks.
    throw UsageError(fmt::format("{}: --resume keeps a shard's finished blocks and --force starts it afresh; give "
                                 "one of them",
                                 cmd));
  }
  const std::string fail = vm["fail"].as<std::string>();
  if (fail != "fast" && fail != "slow") {
    throw UsageError(fmt::format("{}: --fail expects fast or slow, got '{}'", cmd, fail));
  }
  cluster::MpiWorld world;
  // Under mpirun runs are streamed to rank 0 unless blocks are asked for, or needed.
  const bool stream_given = vm.count("stream") != 0U;
  const bool blocks = vm.count("blocks") != 0U || vm.count("keep-shards") != 0U || fail == "slow";
  if (stream_given && !world.active()) {
    throw UsageError(fmt::format("{}: --stream needs mpirun with 2 or more ranks", cmd));
  }
  if (vm.count("blocks") != 0U && !world.active()) {
    throw UsageError(fmt::format("{}: --blocks needs mpirun with 2 or more ranks (--shards N writes blocks without "
                                 "it)",
                                 cmd));
  }
  if (stream_given && vm.count("blocks") != 0U) {
    throw UsageError(fmt::format("{}: --stream and --blocks are two ways to run under mpirun; give one", cmd));
  }
  if (stream_given && vm.count("keep-shards") != 0U) {
    throw UsageError(fmt::format("{}: --stream writes no blocks to keep; drop --keep-shards", cmd));
  }
  if (stream_given && fail == "slow") {
    throw UsageError(fmt::format("{}: --stream stops at a failed run (--fail slow needs --blocks)", cmd));
  }
  const bool stream = world.active() && !blocks;
  if (!stream && vm.count("journal") != 0U) {
    throw UsageError(fmt::format("{}: --journal goes with --stream (blocks resume without one)", cmd));
  }
  if (!sharded && !world.active()) {
    if (vm.count("inject-failure") != 0U) {
      throw UsageError(fmt::format("{}: --inject-failure needs --shards N or mpirun", cmd));
    }
    return std::nullopt;
  }
  if (sharded && world.active()) {
    throw UsageError(fmt::format("{}: under mpirun each rank is a shard already; drop --shard and --shards", cmd));
  }

  cluster::JobSpec spec;
  spec.kind = cmd;
  spec.name = source.name;
  std::error_code error;
  spec.source = std::filesystem::absolute(source.file, error).lexically_normal().string();
  spec.force = vm.count("force") != 0U;
  spec.keep_shards = vm.count("keep-shards") != 0U;
  cluster::ShardOptions& shard = spec.shard;
  shard.fail = fail == "slow" ? cluster::FailMode::slow : cluster::FailMode::fast;
  shard.compression = compression_option(cmd, vm).value_or(io::kDefaultCompression);
  if (vm.count("inject-failure") != 0U) {
    for (const std::string& text : vm["inject-failure"].as<std::vector<std::string>>()) {
      const std::uint64_t run = unsigned_option(cmd, "--inject-failure", text, 0);
      if (run >= plan.total_runs()) {
        throw UsageError(
            fmt::format("{}: --inject-failure expects a run 0 .. {}, got {}", cmd, plan.total_runs() - 1, run));
      }
      shard.inject_failures.push_back(run);
    }
  }
  shard.stop = &stop_requested();
  const bool threads_given = !vm["threads"].defaulted();
  shard.threads = static_cast<unsigned>(
      std::min<std::uint64_t>(unsigned_option(cmd, "--threads", vm["threads"].as<std::string>(), 0), 4096));
  if (vm.count("block-size") != 0U) {
    shard.block_size = unsigned_option(cmd, "--block-size", vm["block-size"].as<std::string>(), 1);
  }
  const std::filesystem::path output = vm["output"].as<std::string>();
  install_stop_handlers();

  if (world.active()) {
    if (!threads_given) {
      shard.threads = 1; // one rank per core is the usual layout
    }
    // One progress line is enough: rank 0's.
    shard.progress = world.rank() == 0 ? cluster::progress_mode(!progress_wanted(vm)) : cluster::ProgressMode::off;
    shard.progress_label = fmt::format("rank 0 of {}: ", world.size());
    const std::string threads_each = fmt::format(
        "{} thread{} each", shard.threads == 0 ? "all" : std::to_string(shard.threads), shard.threads == 1 ? "" : "s");
    if (stream) {
      const auto report = cluster::run_mpi_stream(plan, spec, world, output, std::cerr);
      if (world.rank() == 0) {
        fmt::print(out, "wrote {}\n", output.string());
        fmt::print(out, "  {} {}: {} runs on {} MPI ranks ({}), streamed to rank 0, in {:.2f} s ({:.1f} runs/s)\n", cmd,
                   source.name, plan.total_runs(), world.size(), threads_each, report.seconds,
                   static_cast<double>(plan.total_runs() - report.runs_kept) / std::max(report.seconds, 1e-9));
        if (report.runs_kept > 0) {
          fmt::print(out, "  resumed: {} runs kept from before\n", report.runs_kept);
        }
      }
      return kExitSuccess;
    }
    const auto report = cluster::run_mpi_job(plan, spec, world, output, std::cerr);
    if (world.rank() == 0) {
      fmt::print(out, "wrote {}\n", output.string());
      fmt::print(out, "  {} {}: {} runs on {} MPI ranks ({}) in {:.2f} s ({:.1f} runs/s)\n", cmd, source.name,
                 plan.total_runs(), world.size(), threads_each, report.seconds,
                 static_cast<double>(plan.total_runs()) / std::max(report.seconds, 1e-9));
      fmt::print(out, "  merged {} blocks in {:.2f} s{}\n", report.merge.blocks, report.merge.seconds,
                 spec.keep_shards ? fmt::format("; blocks kept in {}", report.shards_dir.string()) : "");
    }
    return kExitSuccess;
  }

  shard.shards = unsigned_option(cmd, "--shards", vm["shards"].as<std::string>(), 1);
  std::string index;
  if (vm.count("shard") != 0U) {
    index = vm["shard"].as<std::string>();
  } else if (const char* task = std::getenv("SLURM_ARRAY_TASK_ID"); task != nullptr) {
    index = task;
  } else {
    throw UsageError(fmt::format("{}: --shards needs --shard I (or SLURM_ARRAY_TASK_ID)", cmd));
  }
  shard.shard = unsigned_option(cmd, "--shard", index, 0);
  if (shard.shard >= shard.shards) {
    throw UsageError(fmt::format("{}: --shard expects 0 .. {}, got {}", cmd, shard.shards - 1, shard.shard));
  }
  shard.resume = vm.count("resume") != 0U;
  shard.force = vm.count("force") != 0U;
  shard.progress = cluster::progress_mode(!progress_wanted(vm));
  shard.progress_label = fmt::format("shard {} of {}: ", shard.shard, shard.shards);
  const cluster::ShardReport report = cluster::run_one_shard(plan, spec, output, std::cerr);
  fmt::print(out, "wrote shard {} of {} into {}\n", shard.shard, shard.shards, output.string());
  fmt::print(out, "  runs {}: {} block{} ({} kept from before), {} runs in {:.2f} s ({:.1f} runs/s)\n",
             report.range.count == 0 ? std::string("none")
                                     : fmt::format("{} .. {}", report.range.first, report.range.end() - 1),
             report.blocks, report.blocks == 1 ? "" : "s", report.kept_blocks, report.runs_done, report.seconds,
             static_cast<double>(report.runs_done) / std::max(report.seconds, 1e-9));
  if (!report.failures.empty()) {
    for (const auto& f : report.failures) {
      fmt::print(out, "  failed: run {}: {}\n", f.run, f.error);
    }
    throw Error(fmt::format("{}: {} run{} failed in shard {}; fix the cause and rerun with --resume", output.string(),
                            report.failures.size(), report.failures.size() == 1 ? "" : "s", shard.shard));
  }
  fmt::print(out, "  when every shard is done: hedgesim merge {} -o OUT.h5 (progress: hedgesim status {})\n",
             output.string(), output.string());
  return kExitSuccess;
}

} // namespace hedgesim::cli
