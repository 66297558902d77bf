// What `hedgesim status OUTPUT` reads of a streamed job: the journal's heading and the runs of its
// whole records, whatever plan it is of, and rank 0's progress file.
#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/cluster/run_packet.hpp"
#include "hedgesim/cluster/stream_journal.hpp"
#include "hedgesim/cluster/stream_status.hpp"
#include "hedgesim/core/error.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <span>
#include <string>

namespace hedgesim::cluster {
namespace {

// The heading of a journal of plan "0a1b", its data in `data_file`.
StreamJournalHeading heading_of(std::string data_file)
{
  return {kStreamJournalFormat, "test", "0a1b", 20, "fast", std::move(data_file)};
}

// A placed group of `runs` runs with one chunk.
std::vector<unsigned char> group_of(std::uint64_t index, std::size_t runs)
{
  PlacedGroup g;
  g.group = index;
  g.places.push_back({4096 * (index + 1), 300, 0});
  g.crcs.push_back(7);
  g.events.resize(runs);
  return encode(g);
}

void write_file(const std::filesystem::path& path, const std::string& text)
{
  std::ofstream(path, std::ios::binary) << text;
}

TEST(StreamStatus, CountsTheRunsOfEveryWholeRecord)
{
  const testing::TempDir dir;
  const auto path = dir.path() / ".my ens.h5.journal";
  {
    StreamJournal journal(path, heading_of(".my ens.h5.journal-data-2"), "my ens.h5");
    journal.append(group_of(0, 8));
    journal.append(group_of(2, 4)); // the last group, shorter
    journal.sync();
  }
  // A record cut by a kill is not counted.
  std::ofstream(path, std::ios::binary | std::ios::app) << "HSJR\x01\x02";
  const StreamJournalSummary s = read_stream_journal_summary(path);
  EXPECT_EQ(s.heading, heading_of(".my ens.h5.journal-data-2"));
  EXPECT_EQ(s.groups, 2U);
  EXPECT_EQ(s.runs_recorded, 12U);
}

TEST(StreamStatus, ReadsOnlyTheHeadingOfAnotherFormat)
{
  const testing::TempDir dir;
  const auto path = dir.path() / ".e.h5.journal";
  write_file(path, "hedgesim stream journal 2 0.9 plan=ff runs=64 compression=small data=.e.h5.journal-data\nHSJR");
  const StreamJournalSummary s = read_stream_journal_summary(path);
  EXPECT_EQ(s.heading, (StreamJournalHeading{2, "0.9", "ff", 64, "small", ".e.h5.journal-data"}));
  EXPECT_EQ(s.groups, 0U);
  EXPECT_EQ(s.runs_recorded, 0U);
}

TEST(StreamStatus, RefusesWhatIsNotAStreamJournal)
{
  const testing::TempDir dir;
  const auto path = dir.path() / ".e.h5.journal";
  write_file(path, "hedgesim shards\n");
  EXPECT_THROW_MSG(read_stream_journal_summary(path), IoError, path.string() + ": not a stream journal");
  write_file(path, "hedgesim stream journal x 1 plan=ff runs=64 compression=fast data=d\n");
  EXPECT_THROW_MSG(read_stream_journal_summary(path), IoError, path.string() + ": not a stream journal");
  write_file(path, "hedgesim stream journal 3 1 plan=ff runs=-4 compression=fast data=d\n");
  EXPECT_THROW_MSG(read_stream_journal_summary(path), IoError, path.string() + ": not a stream journal");
  EXPECT_THROW_MSG(read_stream_journal_summary(dir.path() / "none"), IoError,
                   (dir.path() / "none").string() + ": cannot read the stream journal");
}

TEST(StreamStatus, ReadsTheJournalAndTheProgressBesideAnOutput)
{
  const testing::TempDir dir;
  const auto output = dir.path() / "ens.h5";
  EXPECT_FALSE(read_stream_status(output).has_value()); // no job ever wrote there

  ShardProgress p;
  p.range = {0, 20};
  p.state = "interrupted";
  p.done_runs = 8;
  write_file_atomically(stream_progress_path(output), to_json(p));
  std::optional<StreamStatus> s = read_stream_status(output);
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(s->journal.has_value());
  ASSERT_TRUE(s->progress.has_value());
  EXPECT_EQ(s->progress->state, "interrupted");
  EXPECT_EQ(s->progress->done_runs, 8U);

  {
    StreamJournal journal(stream_journal_path(output), heading_of(".ens.h5.journal-data-1"), output);
    journal.append(group_of(1, 8));
  }
  s = read_stream_status(output);
  ASSERT_TRUE(s.has_value() && s->journal.has_value());
  EXPECT_EQ(s->journal->runs_recorded, 8U);
}

} // namespace
} // namespace hedgesim::cluster
