// Same scenario and seed give bit-identical data, whatever the thread count.
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace hedgesim;

namespace {

class DeterminismTest : public ::testing::Test {
protected:
  fs::path dir_;
  void SetUp() override
  {
    dir_ = fs::temp_directory_path() / ("hedgesim_det_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path run(const std::string& name, std::uint64_t seed, unsigned threads)
  {
    const Scenario s = load_scenario(fs::path(HEDGESIM_SOURCE_DIR) / "tests/golden/short.yaml");
    engine::EnsembleOptions o;
    o.runs = 6;
    o.master_seed = seed;
    o.threads = threads;
    const fs::path out = dir_ / name;
    engine::run_ensemble(s, o, out);
    return out;
  }
};

std::vector<std::string> dataset_paths(const fs::path& file)
{
  std::vector<std::string> out;
  for (const auto& d : io::read_history_summary(file).datasets) {
    out.push_back(d.path);
  }
  return out;
}

} // namespace

TEST_F(DeterminismTest, SameSeedGivesIdenticalBytesForEveryDataset)
{
  const fs::path a = run("a.h5", 7, 1);
  const fs::path b = run("b.h5", 7, 1);
  const auto paths = dataset_paths(a);
  ASSERT_EQ(paths, dataset_paths(b));
  ASSERT_GT(paths.size(), 10U);
  for (const auto& p : paths) {
    EXPECT_EQ(io::read_dataset_bytes(a, p), io::read_dataset_bytes(b, p)) << p;
  }
}

TEST_F(DeterminismTest, ThreadCountDoesNotChangeTheData)
{
  const fs::path one = run("one.h5", 11, 1);
  const fs::path two = run("two.h5", 11, 2);
  const fs::path three = run("three.h5", 11, 3);
  for (const auto& p : dataset_paths(one)) {
    const auto bytes = io::read_dataset_bytes(one, p);
    EXPECT_EQ(bytes, io::read_dataset_bytes(two, p)) << p;
    EXPECT_EQ(bytes, io::read_dataset_bytes(three, p)) << p;
  }
}

TEST_F(DeterminismTest, DifferentSeedsGiveDifferentHistories)
{
  const fs::path a = run("a.h5", 1, 1);
  const fs::path b = run("b.h5", 2, 1);
  EXPECT_NE(io::read_dataset_bytes(a, "alignment"), io::read_dataset_bytes(b, "alignment"));
}

TEST_F(DeterminismTest, RunsDifferFromEachOtherWithinAnEnsemble)
{
  const fs::path a = run("a.h5", 3, 1);
  const auto alignment = io::read_dataset_as_double(a, "alignment");
  const std::size_t per_run = alignment.size() / 6;
  const std::vector<double> first(alignment.begin(), alignment.begin() + static_cast<std::ptrdiff_t>(per_run));
  const std::vector<double> second(alignment.begin() + static_cast<std::ptrdiff_t>(per_run),
                                   alignment.begin() + static_cast<std::ptrdiff_t>(2 * per_run));
  // NaN != NaN, so compare bytes of the two slabs instead of values.
  EXPECT_NE(0, std::memcmp(first.data(), second.data(), per_run * sizeof(double)));
}
