#include "hedgesim/cluster/shard_merge.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/io/history_merge.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "hedgesim/sweep/sweep.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <chrono>

namespace hedgesim::cluster {

ShardInventory take_inventory(const std::filesystem::path& dir)
{
  ShardInventory inv;
  inv.manifest = read_manifest(manifest_path(dir));
  std::vector<std::uint64_t> missing;
  for (std::uint64_t shard = 0; shard < inv.manifest.shards; ++shard) {
    const RunRange range = shard_range(inv.manifest.runs, shard, inv.manifest.shards);
    const std::vector<RunRange> blocks = block_ranges(range, inv.manifest.block_size);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const std::filesystem::path path = block_path(dir, shard, b);
      std::error_code error;
      if (std::filesystem::exists(path, error)) {
        inv.blocks.push_back(path);
        continue;
      }
      inv.missing_blocks.push_back(std::filesystem::relative(path, dir).string());
      inv.missing_run_count += blocks[b].count;
      if (inv.missing_runs.empty() || inv.missing_runs.back().end() != blocks[b].first) {
        inv.missing_runs.push_back(blocks[b]);
      } else {
        inv.missing_runs.back().count += blocks[b].count;
      }
    }
    if (const auto progress = try_read_progress(dir, shard)) {
      inv.failures.insert(inv.failures.end(), progress->failures.begin(), progress->failures.end());
    }
  }
  return inv;
}

sweep::RunPlan plan_from_block(const std::filesystem::path& block, const Manifest& manifest)
{
  const io::HistorySummary h = io::read_history_summary(block);
  const Scenario base = sweep::scenario_from_text(h.scenario_yaml);
  sweep::RunPlan plan = h.sweep.is_sweep()
                            ? sweep::RunPlan::from_sweep(sweep::sweep_from_text(h.sweep.sweep_yaml, base))
                            : sweep::RunPlan::ensemble(base, manifest.runs, h.master_seed);
  if (plan.total_runs() != manifest.runs || plan_fingerprint(plan) != manifest.plan_hash) {
    throw IoError(fmt::format("{}: does not hold runs of the plan in the manifest (plan {})", block.string(),
                              manifest.plan_hash));
  }
  return plan;
}

MergeReport merge_shards(const std::filesystem::path& dir, const std::filesystem::path& output, bool force,
                         unsigned threads, std::ostream& report)
{
  const auto started = std::chrono::steady_clock::now();
  const ShardInventory inv = take_inventory(dir);
  for (const RunFailure& f : inv.failures) {
    fmt::print(report, "failed: run {}: {}\n", f.run, f.error);
  }
  if (!inv.missing_blocks.empty()) {
    for (const std::string& block : inv.missing_blocks) {
      fmt::print(report, "missing: {}\n", block);
    }
    std::string failed;
    if (!inv.failures.empty()) {
      std::vector<std::uint64_t> runs;
      for (const RunFailure& f : inv.failures) {
        runs.push_back(f.run);
      }
      failed = fmt::format("; {} failed: runs {}", inv.failures.size(), format_runs(to_ranges(runs)));
    }
    throw Error(fmt::format("{}: {} of {} runs are missing (runs {}) in {} block{}{}; run the missing shards "
                            "with --resume, then merge again",
                            dir.string(), inv.missing_run_count, inv.manifest.runs, format_runs(inv.missing_runs),
                            inv.missing_blocks.size(), inv.missing_blocks.size() == 1 ? "" : "s", failed));
  }
  const sweep::RunPlan plan = plan_from_block(inv.blocks.front(), inv.manifest);
  const io::HistoryHeader header = engine::plan_header(plan);
  io::MergeOptions options;
  options.force = force;
  options.threads = threads;
  io::merge_histories(header, inv.blocks, output, options);
  MergeReport out;
  out.runs = plan.runs();
  out.blocks = inv.blocks.size();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

} // namespace hedgesim::cluster
