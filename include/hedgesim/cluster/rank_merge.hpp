// Merging an MPI job's blocks with the help of every rank.
#pragma once

#include "hedgesim/cluster/mpi_world.hpp"
#include "hedgesim/cluster/shard_merge.hpp"

#include <filesystem>
#include <ostream>

namespace hedgesim::cluster {

//! Merges the complete shard directory `dir` of an MPI job into `output`; every rank of `world`
//! calls it. Rank 0 writes the output while the other ranks read the blocks, each its share,
//! and send rank 0 their chunk groups as they are stored: reading and writing overlap, each
//! process with its own HDF5 library. If a block must be recompressed (a --block-size that does
//! not cut whole chunk groups), rank 0 merges alone, as merge_shards does, and so it does on a
//! world of one rank. Throws on a rank that failed; a reader's failure reaches rank 0 too, and
//! agree_on_failure tells the rest. Rank 0 returns the report, the others an empty one.
MergeReport merge_across_ranks(MpiWorld& world, const std::filesystem::path& dir, const std::filesystem::path& output,
                               bool force, unsigned threads, std::ostream& report);

} // namespace hedgesim::cluster
