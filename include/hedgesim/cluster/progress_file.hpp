// A job's progress file beside its output, for `hedgesim status OUTPUT` while the job runs or
// after it stopped: the progress file of a shard directory (manifest.hpp) for one shard of every
// run, rewritten whole every few seconds from the job's progress meter.
//
//   .NAME.journal-progress   rank 0 of a streamed MPI job; kept with the journal when the job
//                            stops, for the rerun that resumes it (stream_status.hpp)
//   .NAME.progress           a run in one process (`hedgesim run`, threads); such a run does not
//                            resume, so it leaves none behind unless killed
#pragma once

#include "hedgesim/cluster/manifest.hpp"

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>

namespace hedgesim::cluster {

//! The progress file of a streamed MPI job writing `output`: ".NAME.journal-progress".
[[nodiscard]] std::filesystem::path stream_progress_path(const std::filesystem::path& output);

//! The progress file of a run in one process writing `output`: ".NAME.progress".
[[nodiscard]] std::filesystem::path run_progress_path(const std::filesystem::path& output);

//! One job's progress file: `runs` runs, saved from the meter's thread and the job's own.
class ProgressFile {
public:
  ProgressFile(std::filesystem::path path, std::uint64_t runs);

  //! Rewrites the file (written aside, synced, renamed); a failed write is passed over, as the
  //! next one follows within seconds and the job's output does not depend on it. Thread-safe.
  void save(const std::string& state, std::uint64_t done_runs, double rate) noexcept;
  //! Deletes the file. Thread-safe.
  void remove() noexcept;

private:
  std::filesystem::path path_;
  std::mutex mutex_; // the meter's thread and the job's main thread both save
  ShardProgress progress_;
};

} // namespace hedgesim::cluster
