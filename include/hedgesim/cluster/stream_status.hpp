// What a streamed MPI job's working files say of it, for `hedgesim status OUTPUT` while the job
// runs or after it stopped: its journal (stream_journal.hpp) holds the runs a rerun keeps, and
// rank 0's progress file (progress_file.hpp) the runs it has written, its rate and when it last
// wrote. The progress file goes with the journal once the output is in place, or when a failed
// job kept nothing.
#pragma once

#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/cluster/progress_file.hpp"
#include "hedgesim/cluster/stream_journal.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>

namespace hedgesim::cluster {

//! A stream journal's heading and its whole records, read whatever plan or build it is of.
struct StreamJournalSummary {
  StreamJournalHeading heading;
  std::uint64_t groups = 0;        // whole records
  std::uint64_t runs_recorded = 0; // in those groups: what a rerun of the same plan takes over
};

//! Reads the journal at `path`. Throws IoError if it cannot be read, or its first line is not the
//! heading of a stream journal; a format this build does not read is summarised from its heading.
StreamJournalSummary read_stream_journal_summary(const std::filesystem::path& path);

//! What the files beside `output` say of a streamed job: nothing if it left neither a journal nor
//! a progress file (never started, or finished).
struct StreamStatus {
  std::optional<StreamJournalSummary> journal;
  std::optional<ShardProgress> progress;
};
[[nodiscard]] std::optional<StreamStatus> read_stream_status(const std::filesystem::path& output);

} // namespace hedgesim::cluster
