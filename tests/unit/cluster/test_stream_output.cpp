// Rank 0's output in a `--stream` job: a job that fails keeps a journal of where its groups lie
// in its temporary file, and the next job takes over exactly the groups whose bytes are intact,
// then writes the data of an uninterrupted run.
#include "hedgesim/cluster/stream_output.hpp"
#include "hedgesim/core/error.hpp"

#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/engine/plan_runner.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/same_datasets.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <set>

namespace hedgesim::cluster {
namespace {

namespace fs = std::filesystem;

sweep::RunPlan small_plan(std::uint64_t runs)
{
  return sweep::RunPlan::ensemble(load_scenario(fs::path(HEDGESIM_SOURCE_DIR) / "tests/golden/short.yaml"), runs, 11);
}

// Group `group` of `plan`, simulated and filtered as a simulating rank sends it.
RunPacket packet_of(const sweep::RunPlan& plan, const io::HistoryHeader& header, const io::RunFilter& filter,
                    std::uint64_t group)
{
  engine::PlanRunner runner(plan, header);
  io::RunGroup gathered;
  RunPacket packet{group, {}, {}};
  filter.start(group, gathered);
  const std::uint64_t first = group * filter.group_runs();
  for (std::uint64_t run = first; run < first + filter.runs_in_group(group); ++run) {
    engine::RunResult result = runner.simulate(run);
    filter.gather(run, result.record, gathered);
    packet.events.push_back(std::move(result.record.events));
  }
  packet.chunks = filter(gathered);
  return packet;
}

// Stores `groups` into `output` with a journal, then fails: returns the runs kept.
std::uint64_t fail_after(const sweep::RunPlan& plan, const fs::path& output,
                         std::initializer_list<std::uint64_t> groups,
                         io::Compression compression = io::kDefaultCompression)
{
  const io::HistoryHeader header = engine::plan_header(plan);
  StreamOutput out(plan, header, output, false, compression);
  for (const std::uint64_t g : groups) {
    out.store(packet_of(plan, header, out.filter(), g));
  }
  const std::optional<std::uint64_t> kept = out.keep();
  EXPECT_TRUE(kept.has_value());
  return kept.value_or(0);
}

// Opens `output` again, stores the groups not kept, commits; returns the groups that were kept.
std::set<std::uint64_t> resume(const sweep::RunPlan& plan, const fs::path& output,
                               io::Compression compression = io::kDefaultCompression)
{
  const io::HistoryHeader header = engine::plan_header(plan);
  StreamOutput out(plan, header, output, false, compression);
  std::set<std::uint64_t> kept;
  std::uint64_t kept_runs = 0;
  for (std::uint64_t g = 0; g < out.kept_groups().size(); ++g) {
    if (out.kept_groups()[g]) {
      kept.insert(g);
      kept_runs += out.filter().runs_in_group(g);
    } else {
      out.store(packet_of(plan, header, out.filter(), g));
    }
  }
  EXPECT_EQ(out.kept_runs(), kept_runs);
  out.commit();
  return kept;
}

std::set<std::string> names_in(const fs::path& dir)
{
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// The whole plan in one threaded run, for comparison.
fs::path uninterrupted(const sweep::RunPlan& plan, const fs::path& dir,
                       io::Compression compression = io::kDefaultCompression)
{
  engine::EnsembleOptions options;
  options.threads = 2;
  options.compression = compression;
  engine::run_ensemble(plan, options, dir / "whole.h5");
  return dir / "whole.h5";
}

TEST(StreamOutput, AFailedJobLeavesItsJournalAndDataFileAndTheNextTakesOver)
{
  const testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(37); // 5 groups, the last of 5 runs
  const fs::path output = dir.path() / "out" / "ens.h5";
  EXPECT_EQ(fail_after(plan, output, {0, 4, 2}), 8U + 5U + 8U);
  EXPECT_EQ(names_in(output.parent_path()), (std::set<std::string>{".ens.h5.journal", ".ens.h5.journal-data-1"}));

  EXPECT_EQ(resume(plan, output), (std::set<std::uint64_t>{0, 2, 4}));
  EXPECT_EQ(names_in(output.parent_path()), std::set<std::string>{"ens.h5"});
  testing::expect_same_datasets(uninterrupted(plan, dir.path()), output);
}

TEST(StreamOutput, TakesOverUncompressedChunks)
{
  const testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(24);
  const fs::path output = dir.path() / "ens.h5";
  EXPECT_EQ(fail_after(plan, output, {2, 0}, io::Compression::none), 16U);
  EXPECT_EQ(resume(plan, output, io::Compression::none), (std::set<std::uint64_t>{0, 2}));
  testing::expect_same_datasets(uninterrupted(plan, dir.path(), io::Compression::none), output);
}

TEST(StreamOutput, ATakenOverGroupIsKeptAgainByTheNextFailure)
{
  const testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(32);
  const fs::path output = dir.path() / "ens.h5";
  fail_after(plan, output, {1});
  // The second job takes group 1 over, adds group 3 and fails too: both are in its journal,
  // which now points into its own data file.
  EXPECT_EQ(fail_after(plan, output, {3}), 16U);
  EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{".ens.h5.journal", ".ens.h5.journal-data-2"}));
  EXPECT_EQ(resume(plan, output), (std::set<std::uint64_t>{1, 3}));
  testing::expect_same_datasets(uninterrupted(plan, dir.path()), output);
}

TEST(StreamOutput, AGroupWhoseBytesChangedIsSimulatedAgain)
{
  const testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(24);
  const fs::path output = dir.path() / "ens.h5";
  fail_after(plan, output, {0, 1, 2});
  // One byte of one chunk of group 1 changed, as a crash of the machine may leave a page unwritten.
  const StreamJournalHeading heading = read_stream_journal_heading(stream_journal_path(output)).value();
  ASSERT_TRUE(heading.same_job(StreamJournalHeading::of(plan, io::kDefaultCompression, "")));
  io::h5::ChunkPlace place;
  replay_stream_journal(stream_journal_path(output), heading, [&](std::span<const unsigned char> bytes) {
    const PlacedGroup g = decode_placed_group(bytes);
    if (g.group == 1) {
      place = g.places.back();
    }
  });
  ASSERT_GT(place.size, 0U);
  {
    std::fstream data(dir.path() / ".ens.h5.journal-data-1", std::ios::in | std::ios::out | std::ios::binary);
    data.seekg(static_cast<std::streamoff>(place.address + place.size / 2));
    const char was = static_cast<char>(data.get());
    data.seekp(static_cast<std::streamoff>(place.address + place.size / 2));
    data.put(static_cast<char>(~was));
  }
  EXPECT_EQ(resume(plan, output), (std::set<std::uint64_t>{0, 2}));
  testing::expect_same_datasets(uninterrupted(plan, dir.path()), output);
}

TEST(StreamOutput, WhatAJobKilledWhileTakingOverLeftIsCleanedUp)
{
  const testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(16);
  const fs::path output = dir.path() / "ens.h5";
  fail_after(plan, output, {0});
  // A job killed while copying leaves the next journal and data file, half made.
  std::ofstream(dir.path() / ".ens.h5.journal-next") << "half";
  std::ofstream(dir.path() / ".ens.h5.journal-data-2") << "half";
  EXPECT_EQ(resume(plan, output), std::set<std::uint64_t>{0});
  EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"ens.h5"});
}

TEST(StreamOutput, ASecondJobOfTheSameOutputStopsAtOnceAndLeavesTheFirstAlone)
{
  const testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(16);
  const io::HistoryHeader header = engine::plan_header(plan);
  const fs::path output = dir.path() / "ens.h5";
  StreamOutput first(plan, header, output, false, io::kDefaultCompression);
  first.store(packet_of(plan, header, first.filter(), 0));
  const std::set<std::string> names = names_in(dir.path());
  const std::string message = output.string() + ": another job is writing it (its journal " +
                              stream_journal_path(output).string() +
                              " is locked); wait for that job to end, or stop it";
  EXPECT_THROW_MSG(StreamOutput(plan, header, output, false, io::kDefaultCompression), IoError, message);
  EXPECT_THROW_MSG(StreamOutput(plan, header, output, true, io::kDefaultCompression), IoError, message);
  EXPECT_EQ(names_in(dir.path()), names);
  first.store(packet_of(plan, header, first.filter(), 1));
  first.commit();
  EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"ens.h5"});
}

TEST(StreamOutput, AJobRefusedAtTheStartLeavesNoJournal)
{
  const testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(16);
  const fs::path output = dir.path() / "ens.h5";
  std::ofstream(output) << "an earlier output";
  EXPECT_THROW_MSG(StreamOutput(plan, engine::plan_header(plan), output, false, io::kDefaultCompression), IoError,
                   output.string() + ": output exists; use --force to overwrite");
  EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"ens.h5"});
}

TEST(StreamOutput, AFailedJobThatKeptNothingLeavesNothing)
{
  const testing::TempDir dir;
  const sweep::RunPlan plan = small_plan(16);
  const fs::path output = dir.path() / "ens.h5";
  {
    const io::HistoryHeader header = engine::plan_header(plan);
    StreamOutput out(plan, header, output, false, io::kDefaultCompression);
    EXPECT_EQ(out.journal_path(), stream_journal_path(output));
    EXPECT_EQ(out.keep(), std::nullopt);
  }
  EXPECT_TRUE(names_in(dir.path()).empty());
}

TEST(StreamOutput, AJournalOfAnotherPlanIsReplaced)
{
  const testing::TempDir dir;
  const fs::path output = dir.path() / "ens.h5";
  fail_after(small_plan(16), output, {0});
  const sweep::RunPlan other = small_plan(24);
  fail_after(other, output, {2}); // the first plan's journal and data go
  EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{".ens.h5.journal", ".ens.h5.journal-data-1"}));
  EXPECT_EQ(resume(other, output), std::set<std::uint64_t>{2});
  EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"ens.h5"});
}

} // namespace
} // namespace hedgesim::cluster
