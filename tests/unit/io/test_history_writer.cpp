#include "hedgesim/io/history_writer.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "support/same_datasets.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hedgesim::io {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kRuns = 3;
constexpr std::size_t kTimes = 4;
constexpr std::size_t kAgents = 2;
constexpr std::size_t kDimensions = 3;

HistoryHeader make_header(std::uint64_t runs = kRuns)
{
  HistoryHeader header;
  header.scenario_name = "test-scenario";
  header.scenario_yaml = "name: test-scenario\nruns: 3\n";
  header.master_seed = std::numeric_limits<std::uint64_t>::max() - 1;
  header.runs = runs;
  header.hedgesim_version = "0.1.0";
  header.git_sha = "0123456789ab";
  header.created = "2026-11-22T09:00:00Z";
  header.time_step = "quarter";
  header.time = {2020.0, 2020.25, 2020.5, 2020.75};
  header.dates = {"2020-01", "2020-04", "2020-07", "2020-10"};
  header.agents = {"VNM", "PHL"};
  header.agent_names = {"Viet Nam", "Philippines"};
  header.agent_roles = {"hedger", "hedger"};
  header.hedgers = {"VNM", "PHL"};
  header.dimensions = {"security", "economic", "diplomatic"};
  header.variables = {
      {"alignment", {"time", "agent", "dimension"}, DType::float32, "1", "alignment per dimension", {}},
      {"state/legitimacy", {"time", "agent"}, DType::float64, "1", "regime legitimacy", {}},
      {"strategy",
       {"time", "hedger"},
       DType::int8,
       "1",
       "strategy code",
       {{"flag_values", "0 1 2"}, {"flag_meanings", "balance hedge bandwagon"}}},
      {"dyad/threat", {"time", "agent", "partner"}, DType::float32, "1", "perceived threat", {}},
      {"crises", {}, DType::int32, "count", "number of crises", {}},
  };
  return header;
}

// Values depend on run and position, so misplaced slabs show up.
RunRecord make_record(std::uint64_t run)
{
  const auto base = static_cast<double>(run);
  RunRecord record;
  std::vector<float> alignment(kTimes * kAgents * kDimensions);
  for (std::size_t i = 0; i < alignment.size(); ++i) {
    alignment[i] = static_cast<float>(base + static_cast<double>(i) / 100.0);
  }
  std::vector<double> legitimacy(kTimes * kAgents);
  for (std::size_t i = 0; i < legitimacy.size(); ++i) {
    legitimacy[i] = base * 10.0 + static_cast<double>(i);
  }
  legitimacy[1] = std::numeric_limits<double>::quiet_NaN(); // a non-applicable entry
  std::vector<std::int8_t> strategy(kTimes * kAgents);
  for (std::size_t i = 0; i < strategy.size(); ++i) {
    strategy[i] = static_cast<std::int8_t>((run + i) % 3);
  }
  const std::vector<float> threat(kTimes * kAgents * kAgents, static_cast<float>(base) + 0.5F);
  record.variables = {alignment, legitimacy, strategy, threat,
                      std::vector<std::int32_t>{static_cast<std::int32_t>(run * 7)}};
  for (std::uint64_t k = 0; k <= run; ++k) {
    record.events.push_back({0, 2020.0 + static_cast<double>(k),
                             "event-" + std::to_string(run) + "-" + std::to_string(k), "VNM", k % 2 == 0 ? "" : "PHL",
                             base + static_cast<double>(k)});
  }
  return record;
}

void write_file(const fs::path& path, const std::vector<std::uint64_t>& order, bool force = false)
{
  HistoryWriter writer(path, make_header(), force);
  for (const std::uint64_t run : order) {
    writer.write_run(run, make_record(run));
  }
  writer.commit();
}

template <class F>
std::string io_error_message(F&& action)
{
  try {
    action();
  } catch (const IoError& e) {
    return e.what();
  }
  return "<no IoError>";
}

class HistoryWriterTest : public ::testing::Test {
protected:
  void SetUp() override
  {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = fs::temp_directory_path() /
           ("hedgesim-history-test-" + std::to_string(stamp) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  void TearDown() override
  {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  [[nodiscard]] std::vector<std::string> directory_entries() const
  {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(HistoryWriterTest, HeaderAndVariablesRoundTrip)
{
  const fs::path path = dir_ / "out.h5";
  write_file(path, {0, 1, 2});

  const HistorySummary summary = read_history_summary(path);
  EXPECT_EQ(summary.filetype, "hedgesim.history");
  EXPECT_EQ(summary.format_version, (std::array<int, 2>{4, 0}));
  EXPECT_EQ(summary.hedgesim_version, "0.1.0");
  EXPECT_EQ(summary.git_sha, "0123456789ab");
  EXPECT_EQ(summary.created, "2026-11-22T09:00:00Z");
  EXPECT_EQ(summary.scenario_name, "test-scenario");
  EXPECT_EQ(summary.scenario_yaml, "name: test-scenario\nruns: 3\n");
  EXPECT_EQ(summary.master_seed, std::numeric_limits<std::uint64_t>::max() - 1);
  EXPECT_EQ(summary.runs, kRuns);
  EXPECT_EQ(summary.dates, make_header().dates);
  EXPECT_EQ(summary.agents, make_header().agents);
  EXPECT_EQ(summary.agent_roles, make_header().agent_roles);
  EXPECT_EQ(summary.events, 6U); // 1 + 2 + 3

  std::vector<std::string> paths;
  for (const DatasetInfo& info : summary.datasets) {
    paths.push_back(info.path);
  }
  EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end()));
  auto info = [&](const std::string& name) {
    const auto found = std::find_if(summary.datasets.begin(), summary.datasets.end(),
                                    [&](const DatasetInfo& d) { return d.path == name; });
    EXPECT_NE(found, summary.datasets.end()) << name;
    return found == summary.datasets.end() ? DatasetInfo{} : *found;
  };
  EXPECT_EQ(info("alignment").shape, (std::vector<std::uint64_t>{kRuns, kTimes, kAgents, kDimensions}));
  EXPECT_EQ(info("alignment").dtype, "float32");
  EXPECT_EQ(info("state/legitimacy").dtype, "float64");
  EXPECT_EQ(info("strategy").dtype, "int8");
  EXPECT_EQ(info("crises").dtype, "int32");
  EXPECT_EQ(info("crises").units, "count");
  EXPECT_EQ(info("crises").shape, (std::vector<std::uint64_t>{kRuns}));
  EXPECT_EQ(info("dyad/threat").shape, (std::vector<std::uint64_t>{kRuns, kTimes, kAgents, kAgents}));
  // Each axis is named by the dimension scale attached to it.
  using Names = std::vector<std::string>;
  EXPECT_EQ(info("dyad/threat").dims, (Names{"run", "time", "agent", "partner"}));
  EXPECT_EQ(info("strategy").dims, (Names{"run", "time", "hedger"}));
  EXPECT_EQ(info("crises").dims, (Names{"run"}));
  EXPECT_EQ(info("run").dims, (Names{""})); // a scale has none attached to itself
  EXPECT_EQ(info("run").dtype, "int64");
  EXPECT_EQ(info("time").units, "year");
  EXPECT_EQ(info("agent").dtype, "string");
  EXPECT_EQ(info("partner").shape, (std::vector<std::uint64_t>{kAgents}));
  EXPECT_EQ(info("dimension").shape, (std::vector<std::uint64_t>{kDimensions}));
  EXPECT_EQ(info("events/event").dtype, "int64");
  EXPECT_EQ(info("events/run").dtype, "int32");

  for (std::uint64_t run = 0; run < kRuns; ++run) {
    const RunRecord expected = make_record(run);
    const std::vector<double> alignment = read_dataset_as_double(path, "alignment");
    const auto& want_alignment = std::get<std::vector<float>>(expected.variables[0]);
    for (std::size_t i = 0; i < want_alignment.size(); ++i) {
      ASSERT_EQ(alignment[run * want_alignment.size() + i], static_cast<double>(want_alignment[i]));
    }
    const std::vector<double> legitimacy = read_dataset_as_double(path, "state/legitimacy");
    const auto& want_legitimacy = std::get<std::vector<double>>(expected.variables[1]);
    for (std::size_t i = 0; i < want_legitimacy.size(); ++i) {
      const double got = legitimacy[run * want_legitimacy.size() + i];
      if (std::isnan(want_legitimacy[i])) {
        EXPECT_TRUE(std::isnan(got));
      } else {
        EXPECT_EQ(got, want_legitimacy[i]);
      }
    }
    const std::vector<std::int64_t> strategy = read_dataset_as_int(path, "strategy");
    const auto& want_strategy = std::get<std::vector<std::int8_t>>(expected.variables[2]);
    for (std::size_t i = 0; i < want_strategy.size(); ++i) {
      ASSERT_EQ(strategy[run * want_strategy.size() + i], want_strategy[i]);
    }
    EXPECT_EQ(read_dataset_as_double(path, "dyad/threat")[run * kAgents * kAgents * kTimes],
              static_cast<double>(run) + 0.5);
    EXPECT_EQ(read_dataset_as_int(path, "crises")[run], static_cast<std::int64_t>(run * 7));
  }
  EXPECT_EQ(read_dataset_as_int(path, "run"), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(read_dataset_as_double(path, "time"), make_header().time);
  EXPECT_THROW(static_cast<void>(read_dataset_as_double(path, "strategy")), IoError);
  EXPECT_THROW(static_cast<void>(read_dataset_as_int(path, "alignment")), IoError);
  EXPECT_THROW(static_cast<void>(read_dataset_as_double(path, "no/such")), IoError);

  const h5::File file = h5::File::open_read(path);
  const h5::Dataset strategy = file.open_dataset("strategy");
  EXPECT_EQ(strategy.read_string_attribute("units"), "1");
  EXPECT_EQ(strategy.read_string_attribute("long_name"), "strategy code");
  EXPECT_EQ(strategy.read_string_attribute("flag_meanings"), "balance hedge bandwagon");
  EXPECT_EQ(strategy.read_string_attribute("flag_values"), "0 1 2");
  EXPECT_TRUE(strategy.has_attribute("DIMENSION_LIST"));
  EXPECT_EQ(file.open_dataset("partner").read_strings(), make_header().agents);
  EXPECT_EQ(file.open_dataset("hedger").read_strings(), make_header().hedgers);
  EXPECT_TRUE(file.open_dataset("power").read_strings().empty()); // no great power: an empty axis
  EXPECT_EQ(file.open_dataset("agent_name").read_strings(), make_header().agent_names);
  EXPECT_EQ(file.open_dataset("dimension").read_strings(), make_header().dimensions);
  EXPECT_EQ(file.open_dataset("time").read_string_attribute("NAME"), "time");
  EXPECT_EQ(file.read_string_attribute("time_step"), "quarter");
  EXPECT_EQ(file.read_attribute<std::int32_t>("format_version"), (std::vector<std::int32_t>{4, 0}));
}

TEST_F(HistoryWriterTest, RefusesToOverwriteWithoutForce)
{
  const fs::path path = dir_ / "exists.h5";
  std::ofstream(path) << "keep me\n";
  EXPECT_EQ(io_error_message([&] { HistoryWriter writer(path, make_header(), false); }),
            path.string() + ": output exists; use --force to overwrite");
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "keep me");
  EXPECT_EQ(directory_entries(), std::vector<std::string>{"exists.h5"});
}

TEST_F(HistoryWriterTest, LeavesAnOutputWrittenMeanwhileWithoutForce)
{
  // Another job wrote the output after this writer checked: without --force it stays.
  const fs::path path = dir_ / "out.h5";
  HistoryWriter writer(path, make_header(), false);
  for (std::uint64_t run = 0; run < kRuns; ++run) {
    writer.write_run(run, make_record(run));
  }
  std::ofstream(path) << "the other job's\n";
  EXPECT_EQ(io_error_message([&] { writer.commit(); }),
            path.string() + ": output exists, written while this job ran; use --force to overwrite");
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "the other job's");
}

TEST_F(HistoryWriterTest, ForceOverwrites)
{
  const fs::path path = dir_ / "exists.h5";
  std::ofstream(path) << "old contents\n";
  write_file(path, {0, 1, 2}, true);
  EXPECT_EQ(read_history_summary(path).runs, kRuns);
  EXPECT_EQ(directory_entries(), std::vector<std::string>{"exists.h5"});
}

TEST_F(HistoryWriterTest, CreatesMissingParentDirectory)
{
  const fs::path path = dir_ / "a" / "b" / "out.h5";
  write_file(path, {2, 1, 0});
  EXPECT_EQ(read_history_summary(path).scenario_name, "test-scenario");
}

TEST_F(HistoryWriterTest, UncommittedWriterLeavesNothing)
{
  const fs::path path = dir_ / "out.h5";
  {
    HistoryWriter writer(path, make_header(), false);
    writer.write_run(0, make_record(0));
    EXPECT_EQ(directory_entries().size(), 1U); // the temporary file, under another name
    EXPECT_FALSE(fs::exists(path));
  }
  EXPECT_TRUE(directory_entries().empty());
}

TEST_F(HistoryWriterTest, RemovesTemporaryFilesThatKilledWritersLeft)
{
  const fs::path path = dir_ / "out.h5";
  const auto touch = [&](const std::string& name) { std::ofstream(dir_ / name) << "x"; };
  touch(".out.h5.tmp-2147483646");                   // no such process
  touch(fmt::format(".out.h5.tmp-{}", ::getppid())); // a process that runs
  touch(".out.h5.tmp-12x");                          // not a writer's name
  touch(".other.h5.tmp-2147483646");                 // another output's
  std::vector<std::string> kept{".other.h5.tmp-2147483646", ".out.h5.tmp-12x",
                                fmt::format(".out.h5.tmp-{}", ::getpid()), fmt::format(".out.h5.tmp-{}", ::getppid())};
  std::sort(kept.begin(), kept.end());
  const HistoryWriter writer(path, make_header(), false);
  EXPECT_EQ(directory_entries(), kept);
}

TEST_F(HistoryWriterTest, CommitNamesTheFirstMissingRun)
{
  const fs::path path = dir_ / "out.h5";
  {
    HistoryWriter writer(path, make_header(), false);
    writer.write_run(0, make_record(0));
    writer.write_run(2, make_record(2));
    EXPECT_EQ(io_error_message([&] { writer.commit(); }), path.string() + ": run 1 was never written");
  }
  EXPECT_TRUE(directory_entries().empty());
}

TEST_F(HistoryWriterTest, RejectsBadRecords)
{
  const fs::path path = dir_ / "out.h5";
  HistoryWriter writer(path, make_header(), false);

  RunRecord short_buffer = make_record(0);
  std::get<std::vector<float>>(short_buffer.variables[0]).pop_back();
  EXPECT_EQ(io_error_message([&] { writer.write_run(0, short_buffer); }),
            path.string() + ": run 0, variable 'alignment': 23 values, expected 24");

  RunRecord wrong_type = make_record(0);
  wrong_type.variables[1] = std::vector<float>(kTimes * kAgents, 1.0F);
  EXPECT_EQ(io_error_message([&] { writer.write_run(0, wrong_type); }),
            path.string() + ": run 0, variable 'state/legitimacy': float32 data for a float64 variable");

  RunRecord missing_variable = make_record(0);
  missing_variable.variables.pop_back();
  EXPECT_NE(io_error_message([&] { writer.write_run(0, missing_variable); }), "<no IoError>");

  EXPECT_EQ(io_error_message([&] { writer.write_run(3, make_record(0)); }),
            path.string() + ": run 3 is out of range (runs = 3)");

  // A rejected record leaves its run writable.
  writer.write_run(0, make_record(0));
  EXPECT_EQ(io_error_message([&] { writer.write_run(0, make_record(0)); }), path.string() + ": run 0 written twice");
}

TEST_F(HistoryWriterTest, RejectsBadHeaders)
{
  HistoryHeader unknown_dim = make_header();
  unknown_dim.variables[0].dims = {"time", "country"};
  EXPECT_THROW(HistoryWriter(dir_ / "a.h5", unknown_dim, false), IoError);
  HistoryHeader clash = make_header();
  clash.variables[0].name = "time";
  EXPECT_THROW(HistoryWriter(dir_ / "b.h5", clash, false), IoError);
  HistoryHeader dates = make_header();
  dates.dates.pop_back();
  EXPECT_THROW(HistoryWriter(dir_ / "c.h5", dates, false), IoError);
  EXPECT_TRUE(directory_entries().empty());
}

TEST_F(HistoryWriterTest, EventsAreSortedByRunWhateverTheWriteOrder)
{
  const fs::path path = dir_ / "out.h5";
  write_file(path, {2, 0, 1});
  EXPECT_EQ(read_dataset_as_int(path, "events/run"), (std::vector<std::int64_t>{0, 1, 1, 2, 2, 2}));
  EXPECT_EQ(read_dataset_as_int(path, "events/event"), (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(read_dataset_as_double(path, "events/magnitude"), (std::vector<double>{0, 1, 2, 2, 3, 4}));
  const h5::File file = h5::File::open_read(path);
  EXPECT_EQ(file.open_dataset("events/type").read_strings(),
            (std::vector<std::string>{"event-0-0", "event-1-0", "event-1-1", "event-2-0", "event-2-1", "event-2-2"}));
  EXPECT_EQ(file.open_dataset("events/target").read_strings(),
            (std::vector<std::string>{"", "", "PHL", "", "PHL", ""}));
}

TEST_F(HistoryWriterTest, WriteOrderDoesNotChangeAnyDatasetBytes)
{
  const fs::path forward = dir_ / "forward.h5";
  const fs::path backward = dir_ / "backward.h5";
  write_file(forward, {0, 1, 2});
  write_file(backward, {2, 1, 0});
  const HistorySummary a = read_history_summary(forward);
  const HistorySummary b = read_history_summary(backward);
  ASSERT_EQ(a.datasets.size(), b.datasets.size());
  for (std::size_t i = 0; i < a.datasets.size(); ++i) {
    ASSERT_EQ(a.datasets[i].path, b.datasets[i].path);
    EXPECT_EQ(read_dataset_bytes(forward, a.datasets[i].path), read_dataset_bytes(backward, b.datasets[i].path))
        << a.datasets[i].path;
  }
  EXPECT_FALSE(read_dataset_bytes(forward, "alignment").empty());
}

// Five runs; run 2 has no events.
RunRecord make_sparse_record(std::uint64_t run)
{
  RunRecord record = make_record(run);
  if (run == 2) {
    record.events.clear();
  }
  return record;
}

void write_sparse_file(const fs::path& path, const std::vector<std::uint64_t>& order)
{
  HistoryWriter writer(path, make_header(5), false);
  for (const std::uint64_t run : order) {
    writer.write_run(run, make_sparse_record(run));
  }
  writer.commit();
}

TEST_F(HistoryWriterTest, EventsStreamInRunOrderWhenRunsArriveOutOfOrder)
{
  // The last run first, the empty run 2 between runs that must wait for it, run 0 late.
  const fs::path path = dir_ / "out.h5";
  write_sparse_file(path, {4, 1, 2, 0, 3});
  EXPECT_EQ(read_history_summary(path).events, 1U + 2U + 4U + 5U);
  EXPECT_EQ(read_dataset_as_int(path, "events/run"), (std::vector<std::int64_t>{0, 1, 1, 3, 3, 3, 3, 4, 4, 4, 4, 4}));
  std::vector<std::int64_t> index(12);
  std::iota(index.begin(), index.end(), std::int64_t{0});
  EXPECT_EQ(read_dataset_as_int(path, "events/event"), index);
  EXPECT_EQ(read_dataset_as_double(path, "events/time"),
            (std::vector<double>{2020, 2020, 2021, 2020, 2021, 2022, 2023, 2020, 2021, 2022, 2023, 2024}));
  const h5::File file = h5::File::open_read(path);
  const std::vector<std::string> types = file.open_dataset("events/type").read_strings();
  ASSERT_EQ(types.size(), 12U);
  EXPECT_EQ(types.front(), "event-0-0");
  EXPECT_EQ(types[3], "event-3-0");
  EXPECT_EQ(types.back(), "event-4-4");
  EXPECT_EQ(file.open_dataset("events/actor").read_strings(), std::vector<std::string>(12, "VNM"));
  EXPECT_EQ(file.open_dataset("events/magnitude").read_string_attribute("long_name"),
            "size of the effect in the units of its target");
  EXPECT_TRUE(file.open_dataset("events/run").has_attribute("DIMENSION_LIST"));
}

TEST_F(HistoryWriterTest, NoEventsAtAllGiveEmptyColumns)
{
  const fs::path path = dir_ / "out.h5";
  {
    HistoryWriter writer(path, make_header(), false);
    for (const std::uint64_t run : {2U, 0U, 1U}) {
      RunRecord record = make_record(run);
      record.events.clear();
      writer.write_run(run, record);
    }
    writer.commit();
  }
  EXPECT_EQ(read_history_summary(path).events, 0U);
  EXPECT_TRUE(read_dataset_as_int(path, "events/run").empty());
  EXPECT_TRUE(h5::File::open_read(path).open_dataset("events/type").read_strings().empty());
}

TEST_F(HistoryWriterTest, ArrivalOrderDoesNotChangeAnyDatasetBytes)
{
  write_sparse_file(dir_ / "forward.h5", {0, 1, 2, 3, 4});
  write_sparse_file(dir_ / "backward.h5", {4, 3, 2, 1, 0});
  write_sparse_file(dir_ / "shuffled.h5", {2, 4, 0, 3, 1});
  hedgesim::testing::expect_same_datasets(dir_ / "forward.h5", dir_ / "backward.h5");
  hedgesim::testing::expect_same_datasets(dir_ / "forward.h5", dir_ / "shuffled.h5");
}

TEST_F(HistoryWriterTest, ConcurrentWritersGiveTheSameBytesAsOne)
{
  constexpr std::uint64_t kManyRuns = 40;
  const fs::path serial = dir_ / "serial.h5";
  const fs::path parallel = dir_ / "parallel.h5";
  {
    HistoryWriter writer(serial, make_header(kManyRuns), false);
    for (std::uint64_t run = 0; run < kManyRuns; ++run) {
      writer.write_run(run, make_record(run % 4));
    }
    writer.commit();
  }
  {
    HistoryWriter writer(parallel, make_header(kManyRuns), false);
    std::atomic<std::uint64_t> next{0};
    {
      std::vector<std::jthread> workers;
      for (int t = 0; t < 4; ++t) {
        workers.emplace_back([&] {
          for (std::uint64_t run = next++; run < kManyRuns; run = next++) {
            writer.write_run(run, make_record(run % 4));
          }
        });
      }
    }
    writer.commit();
  }
  hedgesim::testing::expect_same_datasets(serial, parallel);
  EXPECT_EQ(read_history_summary(parallel).events, 10U * (1U + 2U + 3U + 4U));
}

TEST_F(HistoryWriterTest, StoredChunksPassThroughUnchanged)
{
  // 20 runs: groups of 8, 8 and a short last one of 4.
  constexpr std::uint64_t kGroupedRuns = 20;
  const fs::path source = dir_ / "source.h5";
  const fs::path copy = dir_ / "copy.h5";
  const HistoryHeader header = make_header(kGroupedRuns);
  {
    HistoryWriter writer(source, header, false);
    for (std::uint64_t run = kGroupedRuns; run-- > 0;) {
      writer.write_run(run, make_record(run % 4));
    }
    writer.commit();
  }
  {
    const h5::File in = h5::File::open_read(source);
    HistoryWriter writer(copy, header, false);
    ASSERT_EQ(writer.filter().group_runs(), kRunsPerChunk);
    ASSERT_EQ(writer.filter().groups(), 3U);
    // Groups out of order: the events table must still come out sorted by run.
    for (const std::uint64_t group : {2ULL, 0ULL, 1ULL}) {
      std::vector<h5::FilteredChunk> chunks;
      for (std::size_t i = 0; i < header.variables.size(); ++i) {
        const h5::Dataset dataset = in.open_dataset(header.variables[i].name);
        ASSERT_EQ(dataset.storage()->chunk, writer.storage(i).chunk);
        std::vector<std::uint64_t> offset(writer.storage(i).chunk.size(), 0);
        offset[0] = group * kRunsPerChunk;
        chunks.push_back(dataset.read_chunk(offset));
      }
      std::vector<std::vector<EventRecord>> events;
      for (std::uint64_t run = group * kRunsPerChunk; run < std::min(kGroupedRuns, (group + 1) * kRunsPerChunk);
           ++run) {
        events.push_back(make_record(run % 4).events);
      }
      // A wrong count of chunks or runs, or a mask naming a filter the pipeline lacks, is
      // refused, writing nothing.
      std::vector<h5::FilteredChunk> short_list(chunks.begin(), chunks.end() - 1);
      EXPECT_NE(io_error_message([&] { writer.write_group_chunks(group, short_list, events); }).find("chunks"),
                std::string::npos);
      std::vector<std::vector<EventRecord>> one_short(events.begin(), events.end() - 1);
      EXPECT_NE(io_error_message([&] { writer.write_group_chunks(group, chunks, one_short); }).find("runs"),
                std::string::npos);
      std::vector<h5::FilteredChunk> bad_mask = chunks;
      bad_mask[0].filter_mask = 1U << 2;
      EXPECT_NE(io_error_message([&] { writer.write_group_chunks(group, bad_mask, events); }).find("does not fit"),
                std::string::npos);
      writer.write_group_chunks(group, std::move(chunks), std::move(events));
    }
    EXPECT_NE(io_error_message([&] { writer.write_group_chunks(3, {}, {}); }).find("out of range"), std::string::npos);
    EXPECT_NE(io_error_message([&] { writer.write_run(0, make_record(0)); }).find("written twice"), std::string::npos);
    writer.commit();
  }
  hedgesim::testing::expect_same_datasets(source, copy);
  const h5::File a = h5::File::open_read(source);
  const h5::File b = h5::File::open_read(copy);
  for (const VariableSpec& spec : header.variables) {
    std::vector<std::uint64_t> offset(spec.dims.size() + 1, 0);
    for (std::uint64_t group = 0; group < 3; ++group) {
      offset[0] = group * kRunsPerChunk;
      const h5::FilteredChunk want = a.open_dataset(spec.name).read_chunk(offset);
      const h5::FilteredChunk got = b.open_dataset(spec.name).read_chunk(offset);
      EXPECT_EQ(got.bytes, want.bytes) << spec.name << " group " << group;
      EXPECT_EQ(got.filter_mask, want.filter_mask);
    }
  }
}

TEST_F(HistoryWriterTest, GroupChunksRefuseAGroupWithARunWrittenAlready)
{
  const HistoryHeader header = make_header(kRunsPerChunk);
  HistoryWriter writer(dir_ / "out.h5", header, false);
  writer.write_run(5, make_record(1));
  RunGroup group;
  const RunFilter& filter = writer.filter();
  filter.start(0, group);
  std::vector<std::vector<EventRecord>> events(kRunsPerChunk);
  for (std::uint64_t run = 0; run < kRunsPerChunk; ++run) {
    filter.gather(run, make_record(run % 4), group);
  }
  EXPECT_NE(io_error_message([&] { writer.write_group_chunks(0, filter(group), events); }).find("run 5 written twice"),
            std::string::npos);
}

TEST_F(HistoryWriterTest, ManyRunsShareAChunk)
{
  const fs::path path = dir_ / "out.h5";
  HistoryWriter writer(path, make_header(20), false);
  for (std::uint64_t run = 0; run < 20; ++run) {
    writer.write_run(run, make_record(run));
  }
  writer.commit();
  const h5::File file = h5::File::open_read(path);
  const h5::Dataset alignment = file.open_dataset("alignment");
  const std::optional<h5::DatasetOptions> stored = alignment.storage();
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->chunk, (std::vector<std::uint64_t>{kRunsPerChunk, kTimes, kAgents, kDimensions}));
  // Each run of the short last group reads back as written.
  for (std::uint64_t run = 16; run < 20; ++run) {
    const std::vector<std::uint64_t> offset{run, 0, 0, 0};
    const std::vector<std::uint64_t> count{1, kTimes, kAgents, kDimensions};
    const std::vector<double> got = alignment.read_slab_as_double(offset, count);
    const RunRecord record = make_record(run);
    const auto& want = std::get<std::vector<float>>(record.variables[0]);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i], static_cast<double>(want[i])) << "run " << run << " value " << i;
    }
  }
}

TEST_F(HistoryWriterTest, StorageReportsChunkAndFilters)
{
  const fs::path path = dir_ / "out.h5";
  write_file(path, {0, 1, 2});
  const h5::File file = h5::File::open_read(path);
  const std::optional<h5::DatasetOptions> stored = file.open_dataset("alignment").storage();
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->chunk, (std::vector<std::uint64_t>{kRuns, kTimes, kAgents, kDimensions})); // fewer than 8 runs
  EXPECT_TRUE(stored->shuffle);
  EXPECT_EQ(stored->gzip_level, filters_of(kDefaultCompression).gzip_level);
  const std::optional<h5::DatasetOptions> contiguous = file.open_dataset("time").storage();
  ASSERT_TRUE(contiguous.has_value());
  EXPECT_TRUE(contiguous->chunk.empty());
  EXPECT_EQ(contiguous->gzip_level, 0);
}

TEST_F(HistoryWriterTest, EveryCompressionStoresTheSameData)
{
  write_file(dir_ / "default.h5", {0, 1, 2});
  for (const Compression c : {Compression::none, Compression::fast, Compression::small}) {
    const fs::path path = dir_ / fmt::format("{}.h5", to_string(c));
    HistoryWriter writer(path, make_header(), false, c);
    for (std::uint64_t run = 0; run < kRuns; ++run) {
      writer.write_run(run, make_record(run));
    }
    writer.commit();
    const std::optional<h5::DatasetOptions> stored = h5::File::open_read(path).open_dataset("alignment").storage();
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->chunk, (std::vector<std::uint64_t>{kRuns, kTimes, kAgents, kDimensions})); // all runs in one
    EXPECT_EQ(compression_of(Filters{stored->shuffle, stored->gzip_level}), c);
    for (const std::string name : {"alignment", "state/legitimacy", "strategy", "dyad/threat", "events/type"}) {
      EXPECT_EQ(read_dataset_bytes(path, name), read_dataset_bytes(dir_ / "default.h5", name)) << name;
    }
  }
  EXPECT_EQ(parse_compression("fast"), Compression::fast);
  EXPECT_FALSE(parse_compression("zstd"));
}

TEST_F(HistoryWriterTest, SummaryVariablesUseTheStatAxis)
{
  HistoryHeader header = make_header(1);
  header.variables = {{"summary/alignment", {"stat", "agent"}, DType::float32, "1", "statistics", {}}};
  EXPECT_EQ(io_error_message([&] { HistoryWriter(dir_ / "a.h5", header, false); }),
            (dir_ / "a.h5").string() + ": variable 'summary/alignment' has dimension 'stat' but the header names no "
                                       "statistics");
  header.statistics = {"final", "mean", "max"};
  {
    HistoryWriter writer(dir_ / "b.h5", header, false);
    writer.write_run(0, RunRecord{{std::vector<float>(3 * kAgents, 0.5F)}, {}});
    writer.commit();
  }
  const HistorySummary summary = read_history_summary(dir_ / "b.h5");
  EXPECT_EQ(summary.statistics, header.statistics);
  const h5::File file = h5::File::open_read(dir_ / "b.h5");
  EXPECT_EQ(file.open_dataset("summary/alignment").shape(), (std::vector<std::uint64_t>{1, 3, kAgents}));
  // Files without summaries have no `stat` coordinate.
  write_file(dir_ / "c.h5", {0, 1, 2});
  EXPECT_FALSE(h5::File::open_read(dir_ / "c.h5").has_dataset("stat"));
}

TEST_F(HistoryWriterTest, DecisionVariablesUseTheChannelAxis)
{
  HistoryHeader header = make_header(1);
  header.variables = {{"decision/move_delta", {"agent", "channel"}, DType::float32, "1", "moves", {}}};
  EXPECT_EQ(io_error_message([&] { HistoryWriter(dir_ / "a.h5", header, false); }),
            (dir_ / "a.h5").string() + ": variable 'decision/move_delta' has dimension 'channel' but the header names "
                                       "no channels");
  header.channels = {"security", "economic", "diplomatic", "internal"};
  // With a `stat` axis as well, each variable still finds its own scales by name.
  header.statistics = {"final"};
  header.variables.push_back({"summary/x", {"stat", "agent"}, DType::float32, "1", "statistics", {}});
  {
    HistoryWriter writer(dir_ / "b.h5", header, false);
    writer.write_run(0, RunRecord{{std::vector<float>(4 * kAgents, 0.25F), std::vector<float>(kAgents, 1.0F)}, {}});
    writer.commit();
  }
  const h5::File file = h5::File::open_read(dir_ / "b.h5");
  EXPECT_EQ(file.open_dataset("decision/move_delta").shape(), (std::vector<std::uint64_t>{1, kAgents, 4}));
  EXPECT_EQ(file.open_dataset("channel").read_strings(), header.channels);
  EXPECT_EQ(file.open_dataset("summary/x").shape(), (std::vector<std::uint64_t>{1, 1, kAgents}));
}

//! A file with only the two root attributes a reader checks first.
void write_stub(const fs::path& path, const char* filetype, std::array<std::int32_t, 2> version)
{
  h5::File file = h5::File::create(path);
  file.write_string_attribute("filetype", filetype);
  file.write_array_attribute("format_version", version);
  file.close();
}

TEST_F(HistoryWriterTest, ReaderRejectsWrongFiletype)
{
  const fs::path path = dir_ / "other.h5";
  write_stub(path, "something.else", {1, 0});
  EXPECT_EQ(io_error_message([&] { static_cast<void>(read_history_summary(path)); }),
            path.string() + ": not a hedgesim history file (filetype 'something.else')");

  const fs::path bare = dir_ / "bare.h5";
  h5::File::create(bare).close();
  EXPECT_EQ(io_error_message([&] { static_cast<void>(read_history_summary(bare)); }),
            bare.string() + ": not a hedgesim history file (filetype '')");
}

TEST_F(HistoryWriterTest, ReaderRejectsWrongMajorVersion)
{
  const fs::path path = dir_ / "future.h5";
  write_stub(path, "hedgesim.history", {5, 1});
  EXPECT_EQ(io_error_message([&] { static_cast<void>(read_history_summary(path)); }),
            path.string() + ": format version 5.1 is not supported by this hedgesim (reads 4.x)");
  // Version 3 files (a dataset per utility term), version 2 files (hedger variables padded over
  // every agent) and version 1 files (decisions without the channel axis) are refused too.
  for (const std::array<int, 2> version :
       {std::array<int, 2>{3, 0}, std::array<int, 2>{2, 0}, std::array<int, 2>{1, 3}}) {
    const fs::path old = dir_ / "old.h5";
    write_stub(old, "hedgesim.history", version);
    EXPECT_EQ(io_error_message([&] { static_cast<void>(read_history_summary(old)); }),
              old.string() + fmt::format(": format version {}.{} is not supported by this hedgesim (reads 4.x)",
                                         version[0], version[1]));
    fs::remove(old);
  }
}

TEST_F(HistoryWriterTest, ReaderAcceptsNewerMinorVersion)
{
  const fs::path path = dir_ / "minor.h5";
  write_stub(path, "hedgesim.history", {4, 9});
  EXPECT_EQ(read_history_summary(path).format_version, (std::array<int, 2>{4, 9}));
}

} // namespace
} // namespace hedgesim::io

namespace hedgesim::io {
namespace {

TEST(HistoryWriterSweep, SweepColumnsRoundTripAndMustHaveOneRowPerRun)
{
  const fs::path dir = fs::temp_directory_path() / fmt::format("hedgesim_writer_sweep_{}", ::getpid());
  fs::create_directories(dir);
  HistoryHeader header = make_header();
  header.first_run = 10;
  header.sweep.design = "lhs";
  header.sweep.sweep_yaml = "sweep: {}\n";
  header.sweep.points = 3;
  header.sweep.replicates = 1;
  header.sweep.params = {"world.rivalry", "model.rationality"};
  header.sweep.values = {0.1, 5, 0.2, 20, 0.3, 50};
  header.sweep.design_point = {0, 1, 2};
  header.sweep.replicate = {0, 0, 0};
  {
    HistoryWriter writer(dir / "s.h5", header, true);
    for (std::uint64_t run = 0; run < kRuns; ++run) {
      writer.write_run(run, make_record(run));
    }
    writer.commit();
  }
  const HistorySummary summary = read_history_summary(dir / "s.h5");
  EXPECT_EQ(summary.first_run, 10U);
  EXPECT_EQ(summary.sweep.design, "lhs");
  EXPECT_EQ(summary.sweep.params, header.sweep.params);
  EXPECT_EQ(summary.sweep.values, header.sweep.values);
  EXPECT_EQ(summary.sweep.design_point, header.sweep.design_point);
  EXPECT_EQ(summary.sweep.points, 3U);
  EXPECT_EQ(read_dataset_as_int(dir / "s.h5", "run"), (std::vector<std::int64_t>{10, 11, 12}));
  header.sweep.values.pop_back();
  EXPECT_THROW(HistoryWriter(dir / "t.h5", header, true), IoError);
  fs::remove_all(dir);
}

} // namespace
} // namespace hedgesim::io
