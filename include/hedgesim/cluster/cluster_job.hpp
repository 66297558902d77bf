// How `sweep` and `run` execute a plan beyond one process: as one shard of a directory, or
// as one rank of an MPI job that rank 0 then merges into the requested file.
#pragma once

#include "hedgesim/cluster/mpi_world.hpp"
#include "hedgesim/cluster/shard_merge.hpp"
#include "hedgesim/cluster/shard_runner.hpp"

#include <filesystem>
#include <ostream>
#include <string>

namespace hedgesim::cluster {

//! What the plan is, for the manifest, and how to run it.
struct JobSpec {
  std::string kind;   // "sweep" or "run"
  std::string name;   // sweep or scenario name
  std::string source; // its file, absolute
  ShardOptions shard;
  bool keep_shards = false; // MPI: keep the blocks after merging
  bool force = false;       // MPI: overwrite the output
};

//! Checks or writes DIR's manifest, then runs shard spec.shard.shard into DIR.
ShardReport run_one_shard(const sweep::RunPlan& plan, const JobSpec& spec, const std::filesystem::path& dir,
                          std::ostream& err);

struct MpiJobReport {
  std::filesystem::path shards_dir; // the hidden directory beside the output
  ShardReport shard;                // this rank's shard
  MergeReport merge;                // rank 0 only
  double seconds = 0;
};

//! The hidden directory beside `output` that MPI ranks write their shards to: ".NAME.shards".
std::filesystem::path mpi_shards_dir(const std::filesystem::path& output);

//! Rank r of n runs shard r of n into mpi_shards_dir(output), resuming blocks a killed job
//! left; after all ranks finish, rank 0 merges them into `output` and removes them unless
//! spec.keep_shards. If any rank fails, every rank throws.
MpiJobReport run_mpi_job(const sweep::RunPlan& plan, JobSpec spec, const MpiWorld& world,
                         const std::filesystem::path& output, std::ostream& err);

} // namespace hedgesim::cluster
