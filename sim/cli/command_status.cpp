#include "hedgesim/cli/command.hpp"

#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/cluster/progress_meter.hpp"
#include "hedgesim/cluster/shard_range.hpp"
#include "hedgesim/core/error.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

int command_status(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("status options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("dir", po::value<std::string>(), "shard directory");
  po::positional_options_description positional;
  positional.add("dir", 1);
  const auto vm = parse("status", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("status DIR", options);
    return kExitSuccess;
  }
  if (vm.count("dir") == 0U) {
    throw UsageError("status: missing DIR (see `hedgesim status --help`)");
  }
  const std::filesystem::path dir = vm["dir"].as<std::string>();
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
  if (done == m.runs && failed == 0) {
    fmt::print(out, "complete: hedgesim merge {} -o OUT.h5\n", dir.string());
  }
  return kExitSuccess;
}

} // namespace hedgesim::cli
