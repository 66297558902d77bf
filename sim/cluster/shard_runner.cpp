#include "hedgesim/cluster/shard_runner.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/io/history_reader.hpp"

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <mutex>
#include <optional>

namespace hedgesim::cluster {

namespace {

bool has_content(const std::filesystem::path& dir)
{
  std::error_code error;
  return std::filesystem::is_directory(dir, error) && !std::filesystem::is_empty(dir, error);
}

// A SIGKILLed writer leaves its hidden temporary file behind; nothing else uses the name.
void remove_stale_temporaries(const std::filesystem::path& dir)
{
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".") && name.find(".tmp-") != std::string::npos) {
      std::filesystem::remove(entry.path(), error);
    }
  }
}

// A block file is complete by construction (renamed into place whole); check it is ours.
bool block_complete(const std::filesystem::path& path, const RunRange& block)
{
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return false;
  }
  const io::HistorySummary summary = io::read_history_summary(path);
  if (summary.first_run != block.first || summary.runs != block.count) {
    throw IoError(fmt::format("{}: holds runs {} .. {}, expected {} .. {} (another shard layout?)", path.string(),
                              summary.first_run, summary.first_run + summary.runs - 1, block.first, block.end() - 1));
  }
  return true;
}

} // namespace

Manifest make_manifest(const sweep::RunPlan& plan, std::string kind, std::string name, std::string source,
                       std::uint64_t shards, std::uint64_t block_size)
{
  Manifest m;
  m.kind = std::move(kind);
  m.name = std::move(name);
  m.source = std::move(source);
  m.plan_hash = plan_fingerprint(plan);
  m.runs = plan.total_runs();
  m.seed = plan.master_seed();
  m.shards = shards;
  m.block_size = block_size;
  return m;
}

void prepare_directory(const std::filesystem::path& dir, const Manifest& manifest, bool force)
{
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw IoError(fmt::format("{}: cannot create directory: {}", dir.string(), error.message()));
  }
  const std::filesystem::path path = manifest_path(dir);
  if (std::filesystem::exists(path, error) && !force) {
    const Manifest existing = read_manifest(path);
    if (!existing.same_plan(manifest)) {
      throw UsageError(fmt::format("{}: holds shards of another plan ({} runs, {} shards, block size {}, plan {}); "
                                   "use another directory or --force",
                                   dir.string(), existing.runs, existing.shards, existing.block_size,
                                   existing.plan_hash));
    }
    return;
  }
  // Shards that start together write the same text: whichever rename wins, it is right.
  write_file_atomically(path, to_json(manifest));
}

ShardReport run_shard(const sweep::RunPlan& plan, const ShardOptions& options, const std::filesystem::path& dir,
                      std::ostream& err)
{
  const auto started = std::chrono::steady_clock::now();
  ShardReport report;
  report.range = shard_range(plan.total_runs(), options.shard, options.shards);
  const std::vector<RunRange> blocks = block_ranges(report.range, options.block_size);
  report.blocks = blocks.size();

  const std::filesystem::path own = shard_dir(dir, options.shard);
  if (has_content(own) && !options.resume) {
    if (!options.force) {
      throw UsageError(fmt::format("{}: shard {} has already started; use --resume to go on or --force to start "
                                   "afresh",
                                   own.string(), options.shard));
    }
    std::error_code error;
    std::filesystem::remove_all(own, error);
    if (error) {
      throw IoError(fmt::format("{}: cannot remove: {}", own.string(), error.message()));
    }
  }
  std::error_code error;
  std::filesystem::create_directories(own, error);
  if (error) {
    throw IoError(fmt::format("{}: cannot create directory: {}", own.string(), error.message()));
  }
  remove_stale_temporaries(own);

  ShardProgress progress;
  progress.shard = options.shard;
  progress.range = report.range;
  progress.blocks = blocks.size();
  std::vector<bool> complete(blocks.size(), false);
  std::uint64_t kept_runs = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    complete[b] = block_complete(block_path(dir, options.shard, b), blocks[b]);
    if (complete[b]) {
      ++report.kept_blocks;
      kept_runs += blocks[b].count;
      progress.done_blocks.push_back(b);
    }
  }

  std::mutex progress_mutex; // the meter's thread and this one both write the progress file
  ProgressMeter* meter_ptr = nullptr;
  const auto save_progress = [&](const std::string& state) {
    const std::lock_guard lock(progress_mutex);
    progress.state = state;
    progress.done_runs = kept_runs;
    if (state != "running") {
      // Count whole blocks only: runs of a failed or interrupted block are not kept.
      progress.done_runs = 0;
      for (const std::uint64_t b : progress.done_blocks) {
        progress.done_runs += blocks[b].count;
      }
    } else if (meter_ptr != nullptr) {
      progress.done_runs = meter_ptr->done();
    }
    progress.rate = meter_ptr != nullptr ? meter_ptr->rate() : 0.0;
    cluster::save_progress(progress_path(dir, options.shard), progress); // the file's writer, not this lambda
  };
  save_progress("running");
  ProgressMeter meter(options.progress, err, options.progress_label, report.range.count, kept_runs, [&] {
    try {
      save_progress("running");
    } catch (const Error&) {
      // A missed update is harmless; the next one or the final one will be written.
    }
  });
  meter_ptr = &meter;

  std::exception_ptr fatal;
  for (std::size_t b = 0; b < blocks.size() && !fatal; ++b) {
    if (complete[b]) {
      continue;
    }
    engine::EnsembleOptions opts;
    opts.threads = options.threads;
    opts.force = true; // the name is ours: a leftover can only be from this shard
    opts.stop = options.stop;
    opts.inject_failures = options.inject_failures;
    opts.compression = options.compression;
    opts.on_run_written = [&meter] { meter.add(); };
    std::optional<std::uint64_t> failed;
    opts.failed_run = &failed;
    const sweep::RunPlan window = plan.window(blocks[b].first, blocks[b].count);
    try {
      const auto summary = engine::run_ensemble(window, opts, block_path(dir, options.shard, b));
      report.runs_done += summary.runs;
      const std::lock_guard lock(progress_mutex);
      progress.done_blocks.push_back(b);
    } catch (const Error& e) {
      if (!failed) {
        fatal = std::current_exception(); // not a run's fault: the writer or an interrupt
        break;
      }
      {
        const std::lock_guard lock(progress_mutex);
        progress.failures.push_back(RunFailure{blocks[b].first + *failed, e.what()});
      }
      report.failures.push_back(RunFailure{blocks[b].first + *failed, e.what()});
      if (options.fail == FailMode::fast) {
        fatal = std::current_exception();
      }
    }
  }
  meter.stop();
  const bool interrupted = options.stop != nullptr && options.stop->load();
  save_progress(fatal ? (interrupted ? "interrupted" : "failed") : (report.failures.empty() ? "done" : "failed"));
  meter_ptr = nullptr;
  if (fatal) {
    std::rethrow_exception(fatal);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

} // namespace hedgesim::cluster
