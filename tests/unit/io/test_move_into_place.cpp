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

TEST(MoveIntoPlace, MovesToAFreeName)
{
  const testing::TempDir dir;
  std::ofstream(dir.path() / ".tmp") << "new";
  EXPECT_FALSE(move_into_place(dir.path() / ".tmp", dir.path() / "out.h5", false));
  EXPECT_EQ(contents(dir.path() / "out.h5"), "new");
  EXPECT_FALSE(fs::exists(dir.path() / ".tmp"));
}

TEST(MoveIntoPlace, LeavesAFileThereUnlessToldToReplaceIt)
{
  const testing::TempDir dir;
  std::ofstream(dir.path() / ".tmp") << "new";
  std::ofstream(dir.path() / "out.h5") << "old";
  EXPECT_EQ(move_into_place(dir.path() / ".tmp", dir.path() / "out.h5", false), std::errc::file_exists);
  EXPECT_EQ(contents(dir.path() / "out.h5"), "old");
  EXPECT_EQ(contents(dir.path() / ".tmp"), "new");
  EXPECT_FALSE(move_into_place(dir.path() / ".tmp", dir.path() / "out.h5", true));
  EXPECT_EQ(contents(dir.path() / "out.h5"), "new");
  EXPECT_FALSE(fs::exists(dir.path() / ".tmp"));
}

TEST(MoveIntoPlace, SaysWhyItCannot)
{
  const testing::TempDir dir;
  EXPECT_EQ(move_into_place(dir.path() / "none", dir.path() / "out.h5", false), std::errc::no_such_file_or_directory);
  EXPECT_EQ(move_into_place(dir.path() / "none", dir.path() / "out.h5", true), std::errc::no_such_file_or_directory);
}

} // namespace
} // namespace hedgesim::io
