// The journal of an MPI `--stream` job gives back every whole record, in order, after a kill cut
// it anywhere, and nothing of a journal written for something else.
#include "hedgesim/cluster/stream_journal.hpp"
#include "hedgesim/core/error.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hedgesim::cluster {
namespace {

using Bytes = std::vector<unsigned char>;

// The heading of a journal of plan "00", its data in `data_file`.
StreamJournalHeading heading_of(std::string data_file)
{
  return {kStreamJournalFormat, "test", "00", 24, "fast", std::move(data_file)};
}

const StreamJournalHeading kHeading = heading_of(".ens.h5.journal-data-1");
const std::string kLine = "hedgesim stream journal 3 test plan=00 runs=24 compression=fast data=.ens.h5.journal-data-1";
const std::filesystem::path kOutput = "ens.h5";

Bytes record(unsigned char fill, std::size_t size)
{
  return Bytes(size, fill);
}

// The records of the journal at `path` if it starts with `heading`.
std::vector<Bytes> read_back(const std::filesystem::path& path, const StreamJournalHeading& heading = kHeading)
{
  std::vector<Bytes> seen;
  const std::uint64_t count = replay_stream_journal(
      path, heading, [&](std::span<const unsigned char> b) { seen.emplace_back(b.begin(), b.end()); });
  EXPECT_EQ(count, seen.size());
  return seen;
}

// A new journal at `path` of three records.
void write_three(const std::filesystem::path& path)
{
  std::filesystem::remove(path);
  StreamJournal journal(path, kHeading, kOutput);
  journal.append(record(1, 100));
  journal.append(record(2, 0)); // an empty payload is a record too
  journal.append(record(3, 5000));
  journal.sync();
}

TEST(StreamJournal, IsNamedAfterTheOutputBesideIt)
{
  EXPECT_EQ(stream_journal_path("/data/out/ens.h5"), std::filesystem::path("/data/out/.ens.h5.journal"));
  EXPECT_EQ(stream_journal_path("ens.h5"), std::filesystem::path(".ens.h5.journal"));
}

TEST(StreamJournal, ReplaysEveryRecordInTheOrderWritten)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  write_three(path);
  // Each part takes whole pieces: the heading one, the records one, one and two.
  EXPECT_EQ(std::filesystem::file_size(path), 5 * StreamJournal::kPiece);
  EXPECT_EQ(read_back(path), (std::vector<Bytes>{record(1, 100), record(2, 0), record(3, 5000)}));
}

TEST(StreamJournal, KeepsTheWholeRecordsOfAJournalCutAnywhere)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  write_three(path);
  constexpr std::uint64_t third = 3 * StreamJournal::kPiece; // where the third record starts
  // Cut inside the third record's payload, inside its head, and just before it.
  for (const std::uint64_t cut : {third + 16 + 100, third + 7, third}) {
    write_three(path);
    std::filesystem::resize_file(path, cut);
    EXPECT_EQ(read_back(path), (std::vector<Bytes>{record(1, 100), record(2, 0)})) << "cut at " << cut;
  }
}

TEST(StreamJournal, StopsAtARecordThatFailsItsCrc)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  write_three(path);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(StreamJournal::kPiece + 16 + 50)); // inside the first payload
    file.put('\x7f');
  }
  EXPECT_TRUE(read_back(path).empty());
}

TEST(StreamJournal, GivesNothingOfAJournalOfAnythingElse)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  write_three(path);
  EXPECT_TRUE(read_back(path, heading_of(".ens.h5.journal-data-2")).empty());
  std::ofstream(path) << "hedgesim"; // shorter than a heading
  EXPECT_TRUE(read_back(path).empty());
}

TEST(StreamJournal, ReplacesTheFileItIsCreatedOver)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  write_three(path);
  const StreamJournalHeading other = heading_of(".ens.h5.journal-data-2");
  {
    const StreamJournal journal(path, other, kOutput);
  }
  EXPECT_EQ(std::filesystem::file_size(path), StreamJournal::kPiece);
  EXPECT_TRUE(read_back(path, other).empty());
  EXPECT_TRUE(read_back(path, kHeading).empty()); // the first heading's records are gone
}

TEST(StreamJournal, HeadingIsOneLineThatReadsBack)
{
  EXPECT_EQ(kHeading.line(), kLine + "\n");
  EXPECT_EQ(parse_stream_journal_heading(kLine), kHeading);
  const StreamJournalHeading spaced = heading_of(".my ens.h5.journal-data-2");
  std::string line = spaced.line();
  line.pop_back();
  EXPECT_EQ(parse_stream_journal_heading(line), spaced);
}

TEST(StreamJournal, HeadingOfAnotherFormatReadsWithFieldsItKnows)
{
  const std::optional<StreamJournalHeading> h =
      parse_stream_journal_heading("hedgesim stream journal 2 0.9 plan=ff runs=64 chunks=8 compression=small data=d");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(*h, (StreamJournalHeading{2, "0.9", "ff", 64, "small", "d"}));
  EXPECT_FALSE(h->same_job(heading_of("d")));
}

TEST(StreamJournal, HeadingRefusesWhatIsNotOne)
{
  for (const std::string line :
       {"hedgesim shards", "hedgesim stream journal 3 test plan=00 runs=24 compression=fast",
        "hedgesim stream journal x test plan=00 runs=24 compression=fast data=d",
        "hedgesim stream journal 3 test plan=00 runs=-4 compression=fast data=d",
        "hedgesim stream journal 3 test plan=00 runs=2x compression=fast data=d", "hedgesim stream journal 3 data=d"}) {
    EXPECT_EQ(parse_stream_journal_heading(line), std::nullopt) << line;
  }
  // Only a file beside the journal.
  for (const std::string& name : std::vector<std::string>{"", ".", "..", "../x", "sub/x", std::string("a\0b", 3)}) {
    EXPECT_EQ(
        parse_stream_journal_heading("hedgesim stream journal 3 test plan=00 runs=24 compression=fast data=" + name),
        std::nullopt)
        << name;
  }
}

TEST(StreamJournal, SameJobIsAllButTheDataFile)
{
  EXPECT_TRUE(kHeading.same_job(heading_of("other")));
  std::vector<StreamJournalHeading> others(5, kHeading);
  others[0].format = 2;
  others[1].version = "0.9";
  others[2].plan_hash = "01";
  others[3].runs = 25;
  others[4].compression = "small";
  for (const StreamJournalHeading& other : others) {
    EXPECT_FALSE(kHeading.same_job(other)) << other.line();
  }
}

TEST(StreamJournal, ReadsTheHeadingOfAWholeFirstLine)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  EXPECT_EQ(read_stream_journal_heading(path), std::nullopt); // none yet
  write_three(path);
  EXPECT_EQ(read_stream_journal_heading(path), kHeading);
  std::ofstream(path) << "hedgesim"; // shorter than a heading
  EXPECT_EQ(read_stream_journal_heading(path), std::nullopt);
  std::ofstream(path) << kLine; // no end to the line
  EXPECT_EQ(read_stream_journal_heading(path), std::nullopt);
}

TEST(StreamJournal, ReplaysWithoutChangingTheFile)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  write_three(path);
  const auto size = std::filesystem::file_size(path);
  std::vector<Bytes> seen;
  EXPECT_EQ(replay_stream_journal(path, kHeading,
                                  [&](std::span<const unsigned char> b) { seen.emplace_back(b.begin(), b.end()); }),
            3U);
  EXPECT_EQ(seen, (std::vector<Bytes>{record(1, 100), record(2, 0), record(3, 5000)}));
  EXPECT_EQ(
      replay_stream_journal(path, heading_of("other"),
                            [](std::span<const unsigned char>) { FAIL() << "a journal of another heading replayed"; }),
      0U);
  EXPECT_EQ(std::filesystem::file_size(path), size);
  EXPECT_EQ(read_back(path).size(), 3U);
}

TEST(StreamJournal, MovesWithItsRecords)
{
  const testing::TempDir dir;
  const auto from = dir.path() / "next";
  const auto to = dir.path() / "j";
  write_three(to); // replaced
  StreamJournal journal(from, kHeading, kOutput);
  journal.append(record(7, 20));
  journal.move_to(to);
  EXPECT_EQ(journal.path(), to);
  journal.append(record(8, 30)); // still appends, at its new name
  journal.sync();
  EXPECT_FALSE(std::filesystem::exists(from));
  EXPECT_EQ(read_back(to), (std::vector<Bytes>{record(7, 20), record(8, 30)}));
}

TEST(StreamJournal, PassesOnWhatTheReplayThrows)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  write_three(path);
  EXPECT_THROW_MSG(
      replay_stream_journal(path, kHeading, [](std::span<const unsigned char>) { throw IoError("bad group"); }),
      IoError, "bad group");
}

TEST(StreamJournal, RemoveDeletesTheFile)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  StreamJournal journal(path, kHeading, kOutput);
  journal.append(record(1, 10));
  journal.remove();
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_THROW_MSG(journal.append(record(1, 10)), IoError, path.string() + ": the stream journal is closed");
}

TEST(StreamJournal, WritesTheSameFileThroughThePageCache)
{
  // tmpfs may refuse direct writes; the journal then writes through the page cache.
  if (!std::filesystem::is_directory("/dev/shm")) {
    GTEST_SKIP() << "no /dev/shm";
  }
  const testing::TempDir disk;
  const auto on_disk = disk.path() / "j";
  write_three(on_disk);
  const std::filesystem::path in_memory = "/dev/shm" / disk.path().filename();
  write_three(in_memory);
  std::ifstream a(on_disk, std::ios::binary);
  std::ifstream b(in_memory, std::ios::binary);
  const std::string bytes_a{std::istreambuf_iterator<char>(a), {}};
  const std::string bytes_b{std::istreambuf_iterator<char>(b), {}};
  std::filesystem::remove(in_memory);
  EXPECT_EQ(bytes_a, bytes_b);
}

std::string locked_message(const std::filesystem::path& journal)
{
  return "ens.h5: another job is writing it (its journal " + journal.string() +
         " is locked); wait for that job to end, or stop it";
}

TEST(JournalLock, LetsOneJobAtATimeHoldAJournal)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "j";
  {
    const JournalLock first(path, kOutput);
    EXPECT_TRUE(first.created()); // there was no journal: an empty file is locked
    EXPECT_EQ(std::filesystem::file_size(path), 0U);
    EXPECT_THROW_MSG(JournalLock(path, kOutput), IoError, locked_message(path));
  }
  const JournalLock again(path, kOutput); // released with the first
  EXPECT_FALSE(again.created());
}

TEST(JournalLock, FollowsTheJournalThroughItsRenameAndEndsWithIt)
{
  const testing::TempDir dir;
  const auto from = dir.path() / "next";
  const auto to = dir.path() / "j";
  StreamJournal journal(from, kHeading, kOutput);
  EXPECT_THROW_MSG(JournalLock(from, kOutput), IoError, locked_message(from));
  journal.move_to(to);
  EXPECT_THROW_MSG(JournalLock(to, kOutput), IoError, locked_message(to));
  journal.remove();
  const JournalLock after(to, kOutput);
  EXPECT_TRUE(after.created());
}

TEST(StreamJournal, SaysWhichFileItCannotOpen)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "missing" / "j";
  EXPECT_THROW_MSG(StreamJournal(path, kHeading, kOutput), IoError,
                   path.string() + ": cannot open the stream journal: No such file or directory");
}

} // namespace
} // namespace hedgesim::cluster
