// An output is moved to its name whole, and without --force never over a file already there.
#include "hedgesim/io/move_into_place.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace hedgesim::io {
namespace {

namespace fs = std::filesystem;

std::string contents(const fs::path& path)
{
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(MoveIntoPlace, WorkingFilesAreHiddenBesideTheOutput)
{
  EXPECT_EQ(hidden_beside("/data/out/rr.h5", ".journal"), fs::path("/data/out/.rr.h5.journal"));
  EXPECT_EQ(hidden_beside("rr.h5", ".tmp-42"), fs::path(".rr.h5.tmp-42"));
  EXPECT_EQ(hidden_beside("out/my ens.h5", ".shards"), fs::path("out/.my ens.h5.shards"));
}

// Moves without replacing: move_into_place as a job calls it, and its way where the file system
// lacks RENAME_NOREPLACE.
using NoReplace = std::error_code (*)(const fs::path&, const fs::path&);

std::error_code by_rename(const fs::path& from, const fs::path& to)
{
  return move_into_place(from, to, false);
}

class MoveWithoutReplacing : public ::testing::TestWithParam<NoReplace> {};

INSTANTIATE_TEST_SUITE_P(MoveIntoPlace, MoveWithoutReplacing, ::testing::Values(&by_rename, &link_into_place),
                         [](const ::testing::TestParamInfo<NoReplace>& param) {
                           return param.index == 0 ? "rename" : "link";
                         });

TEST_P(MoveWithoutReplacing, MovesToAFreeName)
{
  const testing::TempDir dir;
  std::ofstream(dir.path() / ".tmp") << "new";
  EXPECT_FALSE(GetParam()(dir.path() / ".tmp", dir.path() / "out.h5"));
  EXPECT_EQ(contents(dir.path() / "out.h5"), "new");
  EXPECT_FALSE(fs::exists(dir.path() / ".tmp"));
}

TEST_P(MoveWithoutReplacing, LeavesAFileThere)
{
  const testing::TempDir dir;
  std::ofstream(dir.path() / ".tmp") << "new";
  std::ofstream(dir.path() / "out.h5") << "old";
  EXPECT_EQ(GetParam()(dir.path() / ".tmp", dir.path() / "out.h5"), std::errc::file_exists);
  EXPECT_EQ(contents(dir.path() / "out.h5"), "old");
  EXPECT_EQ(contents(dir.path() / ".tmp"), "new");
}

TEST_P(MoveWithoutReplacing, SaysWhyItCannot)
{
  const testing::TempDir dir;
  EXPECT_EQ(GetParam()(dir.path() / "none", dir.path() / "out.h5"), std::errc::no_such_file_or_directory);
}

TEST(MoveIntoPlace, ReplacesAFileWhenTold)
{
  const testing::TempDir dir;
  std::ofstream(dir.path() / ".tmp") << "new";
  std::ofstream(dir.path() / "out.h5") << "old";
  EXPECT_FALSE(move_into_place(dir.path() / ".tmp", dir.path() / "out.h5", true));
  EXPECT_EQ(contents(dir.path() / "out.h5"), "new");
  EXPECT_FALSE(fs::exists(dir.path() / ".tmp"));
  EXPECT_EQ(move_into_place(dir.path() / "none", dir.path() / "out.h5", true), std::errc::no_such_file_or_directory);
}

} // namespace
} // namespace hedgesim::io
