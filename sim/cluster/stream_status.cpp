#include "hedgesim/cluster/stream_status.hpp"

#include "hedgesim/cluster/run_packet.hpp"
#include "hedgesim/cluster/stream_journal.hpp"
#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

namespace hedgesim::cluster {

namespace {

std::uint64_t number(const std::string& text, const std::filesystem::path& path)
{
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw IoError(fmt::format("{}: '{}' in the heading is not a number", path.string(), text));
  }
  return value;
}

} // namespace

std::filesystem::path stream_progress_path(const std::filesystem::path& output)
{
  return output.parent_path() / fmt::format(".{}.journal-progress", output.filename().string());
}

StreamJournalSummary read_stream_journal_summary(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError(fmt::format("{}: cannot read the stream journal", path.string()));
  }
  std::string line;
  std::getline(in, line);
  // "hedgesim stream journal FORMAT VERSION plan=HASH runs=N compression=C data=FILE"; the data
  // file's name, which may hold spaces, is last.
  constexpr std::string_view kLead = "hedgesim stream journal ";
  const std::size_t data = line.find(" data=");
  if (in.eof() || !line.starts_with(kLead) || data == std::string::npos) {
    throw IoError(fmt::format("{}: not a stream journal", path.string()));
  }
  StreamJournalSummary summary;
  summary.data_file = line.substr(data + 6);
  std::istringstream fields(line.substr(kLead.size(), data - kLead.size()));
  std::string format;
  fields >> format >> summary.version;
  summary.format = static_cast<int>(number(format, path));
  for (std::string field; fields >> field;) {
    const std::size_t equals = field.find('=');
    const std::string key = field.substr(0, equals);
    const std::string value = equals == std::string::npos ? "" : field.substr(equals + 1);
    if (key == "plan") {
      summary.plan_hash = value;
    } else if (key == "runs") {
      summary.runs = number(value, path);
    } else if (key == "compression") {
      summary.compression = value;
    }
  }
  // Records of another format are not read: the heading says what the journal is of.
  if (summary.format != kStreamJournalFormat) {
    return summary;
  }
  summary.groups = replay_stream_journal(path, line + "\n", [&](std::span<const unsigned char> payload) {
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
