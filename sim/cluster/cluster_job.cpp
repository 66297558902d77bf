#include "hedgesim/cluster/cluster_job.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/move_into_place.hpp"

#include <fmt/format.h>

#include <chrono>
#include <exception>

namespace hedgesim::cluster {

namespace {

Manifest manifest_of(const sweep::RunPlan& plan, const JobSpec& spec)
{
  return make_manifest(plan, spec.kind, spec.name, spec.source, spec.shard.shards, spec.shard.block_size);
}

} // namespace

ShardReport run_one_shard(const sweep::RunPlan& plan, const JobSpec& spec, const std::filesystem::path& dir,
                          std::ostream& err)
{
  prepare_directory(dir, manifest_of(plan, spec), spec.shard.force);
  return run_shard(plan, spec.shard, dir, err);
}

std::filesystem::path mpi_shards_dir(const std::filesystem::path& output)
{
  return io::hidden_beside(output, ".shards");
}

MpiJobReport run_mpi_job(const sweep::RunPlan& plan, JobSpec spec, const MpiWorld& world,
                         const std::filesystem::path& output, std::ostream& err)
{
  const auto started = std::chrono::steady_clock::now();
  MpiJobReport report;
  report.shards_dir = mpi_shards_dir(output);
  std::error_code error;
  if (!spec.force && std::filesystem::exists(std::filesystem::symlink_status(output, error))) {
    throw IoError(fmt::format("{}: output exists; use --force to overwrite", output.string()));
  }
  spec.shard.shard = static_cast<std::uint64_t>(world.rank());
  spec.shard.shards = static_cast<std::uint64_t>(world.size());
  spec.shard.resume = true; // the directory is ours: a rerun after a kill keeps finished blocks
  spec.shard.force = false;
  const Manifest manifest = manifest_of(plan, spec);

  std::exception_ptr failure;
  if (world.rank() == 0) {
    try {
      // Blocks of another plan or rank count (an earlier, different job) are of no use.
      if (std::filesystem::exists(manifest_path(report.shards_dir), error)) {
        bool same = false;
        try {
          same = read_manifest(manifest_path(report.shards_dir)).same_plan(manifest);
        } catch (const IoError&) {
        }
        if (!same) {
          std::filesystem::remove_all(report.shards_dir, error);
        }
      }
      prepare_directory(report.shards_dir, manifest, false);
    } catch (...) {
      failure = std::current_exception();
    }
  }
  agree_on_failure(world, failure, "preparing the shard directory");

  try {
    report.shard = run_shard(plan, spec.shard, report.shards_dir, err);
    if (!report.shard.failures.empty()) {
      throw Error(fmt::format("{} run{} failed (first: run {}: {}); see {}", report.shard.failures.size(),
                              report.shard.failures.size() == 1 ? "" : "s", report.shard.failures.front().run,
                              report.shard.failures.front().error,
                              progress_path(report.shards_dir, spec.shard.shard).string()));
    }
  } catch (...) {
    failure = std::current_exception();
  }
  agree_on_failure(world, failure, "running its shard");

  if (world.rank() == 0) {
    try {
      report.merge = merge_shards(report.shards_dir, output, spec.force, spec.shard.threads, err);
      if (!spec.keep_shards) {
        std::filesystem::remove_all(report.shards_dir, error);
      }
    } catch (...) {
      failure = std::current_exception();
    }
  }
  // The other ranks wait here, napping, rather than spinning in MPI_Finalize beside the merge.
  agree_on_failure(world, failure, "merging the blocks");
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

} // namespace hedgesim::cluster
