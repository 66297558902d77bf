// An MPI job whose ranks send each finished run to rank 0, which writes the one output file as
// the runs come: no block files and no merge (the default under mpirun, `--stream`).
#pragma once

#include "hedgesim/cluster/cluster_job.hpp"
#include "hedgesim/cluster/mpi_world.hpp"
#include "hedgesim/sweep/run_plan.hpp"

#include <cstdint>
#include <filesystem>
#include <ostream>

namespace hedgesim::cluster {

struct StreamJobReport {
  std::uint64_t runs_here = 0; // simulated by this rank
  std::uint64_t runs_kept = 0; // rank 0: taken over from an earlier job
  double seconds = 0;
};

//! Every rank simulates its opening share of batches while MPI starts (batch_dispenser.hpp),
//! then asks rank 0 for more; it simulates and filters them on `spec.shard.threads` worker
//! threads (0: one per core), and sends each to rank 0. Rank 0 hands out the batches, simulates
//! runs of its own on as many worker threads, and writes every run into `output` as it arrives.
//! Only each rank's main thread sends and receives. Which rank or thread runs which run changes
//! nothing in the file's data. Rank 0 also records where each group it writes lies in the
//! output's temporary file in a journal, and first takes over the groups an earlier, unfinished
//! job of the same plan recorded (stream_output.hpp). A failed run or an interrupt on any rank
//! leaves no output but the journal and that file, and every rank throws; the same command then
//! resumes. Both go once the output is in place.
StreamJobReport run_mpi_stream(const sweep::RunPlan& plan, const JobSpec& spec, MpiWorld& world,
                               const std::filesystem::path& output, std::ostream& err);

} // namespace hedgesim::cluster
