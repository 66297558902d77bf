#include "hedgesim/cluster/stream_status.hpp"

#include "hedgesim/cluster/run_packet.hpp"
#include "hedgesim/cluster/stream_journal.hpp"
#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

namespace hedgesim::cluster {

StreamJournalSummary read_stream_journal_summary(const std::filesystem::path& path)
{
  if (!std::filesystem::exists(path)) {
    throw IoError(fmt::format("{}: cannot read the stream journal", path.string()));
  }
  std::optional<StreamJournalHeading> heading = read_stream_journal_heading(path);
  if (!heading) {
    throw IoError(fmt::format("{}: not a stream journal", path.string()));
  }
  StreamJournalSummary summary{*std::move(heading)};
  // Records of another format are not read: the heading says what the journal is of.
  if (summary.heading.format != kStreamJournalFormat) {
    return summary;
  }
  summary.groups = replay_stream_journal(path, summary.heading, [&](std::span<const unsigned char> payload) {
    try {
      summary.runs_recorded += decode_placed_group(payload).events.size();
    } catch (const Error& e) {
      throw IoError(fmt::format("{}: a record after {} runs: {}", path.string(), summary.runs_recorded, e.what()));
    }
  });
  return summary;
}

std::optional<StreamStatus> read_stream_status(const std::filesystem::path& output)
{
  StreamStatus status;
  std::error_code error;
  const std::filesystem::path journal = stream_journal_path(output);
  if (std::filesystem::exists(journal, error)) {
    status.journal = read_stream_journal_summary(journal);
  }
  const std::filesystem::path progress = stream_progress_path(output);
  if (std::filesystem::exists(progress, error)) {
    status.progress = read_progress(progress);
  }
  if (!status.journal && !status.progress) {
    return std::nullopt;
  }
  return status;
}

} // namespace hedgesim::cluster
