// A job's progress file lies beside its output, reads back as a shard's progress, and a failed
// write never stops the job.
#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/cluster/progress_file.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace hedgesim::cluster {
namespace {

TEST(ProgressFile, LiesBesideTheOutput)
{
  EXPECT_EQ(stream_progress_path("/data/out/ens.h5"), std::filesystem::path("/data/out/.ens.h5.journal-progress"));
  EXPECT_EQ(stream_progress_path("ens.h5"), std::filesystem::path(".ens.h5.journal-progress"));
  EXPECT_EQ(run_progress_path("/data/out/ens.h5"), std::filesystem::path("/data/out/.ens.h5.progress"));
  EXPECT_EQ(run_progress_path("ens.h5"), std::filesystem::path(".ens.h5.progress"));
}

TEST(ProgressFile, SavesWhatStatusReads)
{
  const testing::TempDir dir;
  const auto path = run_progress_path(dir.path() / "ens.h5");
  ProgressFile file(path, 500);
  file.save("running", 120, 61.5);
  ShardProgress p = read_progress(path);
  EXPECT_EQ(p.range.first, 0U);
  EXPECT_EQ(p.range.count, 500U);
  EXPECT_EQ(p.state, "running");
  EXPECT_EQ(p.done_runs, 120U);
  EXPECT_DOUBLE_EQ(p.rate, 61.5);
  EXPECT_GT(p.updated_unix, 0);
  file.save("interrupted", 240, 60.0);
  p = read_progress(path);
  EXPECT_EQ(p.state, "interrupted");
  EXPECT_EQ(p.done_runs, 240U);
  file.remove();
  EXPECT_FALSE(std::filesystem::exists(path));
  file.remove(); // nothing there: no error
}

TEST(ProgressFile, AFailedSaveIsPassedOver)
{
  const testing::TempDir dir;
  const auto path = run_progress_path(dir.path() / "not yet" / "ens.h5");
  ProgressFile file(path, 8);
  file.save("running", 1, 1.0); // its directory is not there: no file, no exception
  EXPECT_FALSE(std::filesystem::exists(path));
  std::filesystem::create_directory(dir.path() / "not yet");
  file.save("running", 2, 1.0);
  EXPECT_EQ(read_progress(path).done_runs, 2U);
}

} // namespace
} // namespace hedgesim::cluster
