#include "hedgesim/cli/command.hpp"

#include "hedgesim/cluster/cluster_job.hpp"
#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/cluster/progress_file.hpp"
#include "hedgesim/cluster/progress_meter.hpp"
#include "hedgesim/cluster/shard_range.hpp"
#include "hedgesim/cluster/stream_journal.hpp"
#include "hedgesim/cluster/stream_status.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "hedgesim/version.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

namespace {

// The shards of a shard directory: block files are the truth (each appears whole); the progress
// files add runs in flight, rates and failures.
void print_shard_status(const std::filesystem::path& dir, bool merged_by_job, std::ostream& out)
{
  const cluster::Manifest m = cluster::read_manifest(cluster::manifest_path(dir));
  fmt::print(out, "{}: {} {}, {} runs in {} shard{} (blocks of {}), plan {}\n", dir.string(), m.kind, m.name, m.runs,
             m.shards, m.shards == 1 ? "" : "s", m.block_size, m.plan_hash);
  const std::int64_t now = cluster::unix_now();
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  std::uint64_t finished = 0;
  double rate = 0;
  for (std::uint64_t shard = 0; shard < m.shards; ++shard) {
    const cluster::RunRange range = cluster::shard_range(m.runs, shard, m.shards);
    // Block files are the truth (each appears whole); the progress file adds runs in flight.
    std::uint64_t in_blocks = 0;
    const auto blocks = cluster::block_ranges(range, m.block_size);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      std::error_code error;
      in_blocks += std::filesystem::exists(cluster::block_path(dir, shard, b), error) ? blocks[b].count : 0;
    }
    const auto p = cluster::try_read_progress(dir, shard);
    if (!p) {
      done += in_blocks;
      fmt::print(out, "  shard {}: {}/{} runs, not started\n", shard, in_blocks, range.count);
      continue;
    }
    const std::uint64_t shard_done = std::min(std::max(p->done_runs, in_blocks), range.count);
    done += shard_done;
    failed += p->failures.size();
    const std::int64_t age = std::max<std::int64_t>(0, now - p->updated_unix);
    std::string line = fmt::format("  shard {}: {}/{} runs, {} failed, {}", shard, shard_done, range.count,
                                   p->failures.size(), p->state);
    if (p->state == "running") {
      rate += p->rate;
      const double eta = p->rate > 0 ? static_cast<double>(range.count - shard_done) / p->rate : -1.0;
      line += fmt::format(", {:.1f} runs/s, ETA {}", p->rate, cluster::format_duration(eta));
    } else if (p->state == "done") {
      ++finished;
    }
    line += fmt::format(", updated {} ago", cluster::format_duration(static_cast<double>(age)));
    fmt::print(out, "{}\n", line);
  }
  const double eta = rate > 0 ? static_cast<double>(m.runs - done) / rate : -1.0;
  fmt::print(out, "total: {}/{} runs ({:.1f} %), {} failed, {}/{} shards done", done, m.runs,
             m.runs > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(m.runs) : 100.0, failed, finished,
             m.shards);
  if (rate > 0) {
    fmt::print(out, ", {:.1f} runs/s, ETA {}", rate, cluster::format_duration(eta));
  }
  fmt::print(out, "\n");
  if (done == m.runs && failed == 0 && !merged_by_job) {
    fmt::print(out, "complete: hedgesim merge {} -o OUT.h5\n", dir.string());
  }
}

// Rank 0 rewrites its progress file every two seconds while it runs; this long without, it has
// most likely stopped (killed, or its machine gone).
constexpr std::int64_t kSilentSeconds = 10;

// "  WHO: D/N runs written, STATE[, RATE runs/s, ETA T], updated A ago"; returns the file's age
// in seconds.
std::int64_t print_progress(std::string_view who, const cluster::ShardProgress& p, std::uint64_t written,
                            std::uint64_t runs, std::ostream& out)
{
  const std::int64_t age = std::max<std::int64_t>(0, cluster::unix_now() - p.updated_unix);
  std::string line = fmt::format("  {}{}{}/{} runs written, {}", who, who.empty() ? "" : ": ", written, runs, p.state);
  if (p.state == "running") {
    const double eta = p.rate > 0 ? static_cast<double>(runs - written) / p.rate : -1.0;
    line += fmt::format(", {:.1f} runs/s, ETA {}", p.rate, cluster::format_duration(eta));
  }
  fmt::print(out, "{}, updated {} ago\n", line, cluster::format_duration(static_cast<double>(age)));
  return age;
}

// A streamed MPI job's journal and rank 0's progress file.
void print_stream_status(const std::filesystem::path& output, const cluster::StreamStatus& status, std::ostream& out)
{
  std::uint64_t runs = status.progress ? status.progress->range.count : 0;
  std::uint64_t recorded = 0;
  if (const auto& j = status.journal) {
    const cluster::StreamJournalHeading& h = j->heading;
    runs = h.runs;
    fmt::print(out, "{}: a streamed MPI job of {} runs, plan {}, compression {}\n", output.string(), h.runs,
               h.plan_hash, h.compression);
    if (h.format != cluster::kStreamJournalFormat || h.version != kVersion) {
      fmt::print(out,
                 "  journal: written by hedgesim {} (journal format {}); this is {} (format {}), which starts "
                 "such a job afresh\n",
                 h.version, h.format, kVersion, cluster::kStreamJournalFormat);
    } else {
      recorded = j->runs_recorded;
      fmt::print(out, "  journal: {}/{} runs recorded, which a rerun of the same command keeps\n", recorded, runs);
    }
  } else {
    fmt::print(out, "{}: a streamed MPI job of {} runs, no journal yet\n", output.string(), runs);
  }
  if (!status.progress) {
    return;
  }
  const cluster::ShardProgress& p = *status.progress;
  // The journal may be ahead of the progress file, which is rewritten less often.
  const std::uint64_t written = std::min(std::max(p.done_runs, recorded), runs);
  const std::int64_t age = print_progress("rank 0", p, written, runs, out);
  if (p.state != "running") {
    fmt::print(out, "stopped: the same command resumes from the runs recorded\n");
  } else if (age > kSilentSeconds) {
    fmt::print(out,
               "silent for {}: the job has most likely stopped; the same command resumes from the runs "
               "recorded\n",
               cluster::format_duration(static_cast<double>(age)));
  }
}

// A run in one process (threads), which leaves its progress file only while it runs, or if killed.
void print_run_status(const std::filesystem::path& output, const cluster::ShardProgress& p, std::ostream& out)
{
  const std::uint64_t runs = p.range.count;
  fmt::print(out, "{}: a run of {} runs in one process\n", output.string(), runs);
  const std::int64_t age = print_progress("", p, std::min(p.done_runs, runs), runs, out);
  if (age > kSilentSeconds) {
    fmt::print(out,
               "silent for {}: the run has most likely been killed; a run in one process does not resume, so "
               "run it again (with --shards N, or under mpirun, a job resumes)\n",
               cluster::format_duration(static_cast<double>(age)));
  }
}

} // namespace

int command_status(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("status options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("target", po::value<std::string>(), "shard directory, or the output of an MPI job or of a run in progress");
  po::positional_options_description positional;
  positional.add("target", 1);
  const auto vm = parse("status", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("status DIR|OUTPUT", options);
    return kExitSuccess;
  }
  if (vm.count("target") == 0U) {
    throw UsageError("status: missing DIR or OUTPUT (see `hedgesim status --help`)");
  }
  const std::filesystem::path target = vm["target"].as<std::string>();
  std::error_code error;
  if (std::filesystem::is_directory(target, error)) {
    print_shard_status(target, false, out);
    return kExitSuccess;
  }
  // An MPI job writing `target`: blocks in a hidden shard directory (--blocks), or runs streamed
  // to rank 0 with a journal (the default).
  const std::filesystem::path blocks = cluster::mpi_shards_dir(target);
  if (std::filesystem::exists(cluster::manifest_path(blocks), error)) {
    fmt::print(out, "{}: an MPI job in blocks, merged when every rank is done\n", target.string());
    print_shard_status(blocks, true, out);
    return kExitSuccess;
  }
  if (const std::optional<cluster::StreamStatus> status = cluster::read_stream_status(target)) {
    print_stream_status(target, *status, out);
    return kExitSuccess;
  }
  const std::filesystem::path progress = cluster::run_progress_path(target);
  if (std::filesystem::exists(progress, error)) {
    print_run_status(target, cluster::read_progress(progress), out);
    return kExitSuccess;
  }
  if (std::filesystem::is_regular_file(target, error)) {
    const io::HistorySummary summary = io::read_history_summary(target);
    fmt::print(out, "{}: complete, {} runs of {}\n", target.string(), summary.runs, summary.scenario_name);
    return kExitSuccess;
  }
  throw IoError(
      fmt::format("{}: no shard directory, output, run in progress, or MPI job's journal or blocks", target.string()));
}

} // namespace hedgesim::cli
