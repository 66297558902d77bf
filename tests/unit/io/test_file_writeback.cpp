// Windows of a growing file go to the disk and out of memory, the bytes stay the same, and a
// file that cannot be opened says so.
#include "hedgesim/io/file_writeback.hpp"

#include "hedgesim/core/error.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <vector>

namespace hedgesim::io {
namespace {

constexpr std::uint64_t kWindow = FileWriteback::kWindow;

// Writes `size` bytes of a known pattern to `path`, as a writer still holding the file would.
void append_pattern(const std::filesystem::path& path, std::uint64_t from, std::uint64_t size)
{
  std::vector<char> bytes(size);
  for (std::uint64_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<char>((from + i) * 2654435761U >> 24);
  }
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(bytes.data(), static_cast<std::streamsize>(size));
}

// Pages of [offset, offset + size) of the file that are in the page cache.
std::uint64_t resident_pages(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t size)
{
  const int descriptor = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(descriptor, 0);
  void* map = ::mmap(nullptr, offset + size, PROT_READ, MAP_SHARED, descriptor, 0);
  ::close(descriptor);
  EXPECT_NE(map, MAP_FAILED);
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in_core((offset + size + page - 1) / page);
  EXPECT_EQ(::mincore(map, offset + size, in_core.data()), 0);
  ::munmap(map, offset + size);
  std::uint64_t resident = 0;
  for (std::uint64_t p = offset / page; p < in_core.size(); ++p) {
    resident += in_core[p] & 1U;
  }
  return resident;
}

// tmpfs and ramfs keep files in memory only: nothing to write back or drop.
bool lives_in_memory(const std::filesystem::path& path)
{
  constexpr long kTmpfsMagic = 0x01021994;
  constexpr long kRamfsMagic = 0x858458f6;
  struct statfs info {};
  return ::statfs(path.c_str(), &info) == 0 && (info.f_type == kTmpfsMagic || info.f_type == kRamfsMagic);
}

TEST(FileWriteback, AFileSmallerThanAWindowIsLeftToTheKernel)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "small.bin";
  append_pattern(path, 0, kWindow - 1);
  FileWriteback writeback(path);
  writeback.advance();
  EXPECT_EQ(writeback.started(), 0U);
  EXPECT_EQ(writeback.dropped(), 0U);
  writeback.sync();
}

TEST(FileWriteback, StartsEveryWholeWindowAndDropsAllButTheNewest)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "growing.bin";
  append_pattern(path, 0, kWindow / 2);
  FileWriteback writeback(path);
  writeback.advance();
  EXPECT_EQ(writeback.started(), 0U);

  append_pattern(path, kWindow / 2, 3 * kWindow); // 3.5 windows in all
  writeback.advance();
  EXPECT_EQ(writeback.started(), 3 * kWindow);
  EXPECT_EQ(writeback.dropped(), 2 * kWindow); // the third stays in flight
  if (!lives_in_memory(path)) {
    EXPECT_EQ(resident_pages(path, 0, 2 * kWindow), 0U) << "the dropped windows are still in memory";
  }

  append_pattern(path, 7 * kWindow / 2, kWindow); // 4.5 windows
  writeback.advance();
  EXPECT_EQ(writeback.started(), 4 * kWindow);
  EXPECT_EQ(writeback.dropped(), 3 * kWindow);
  writeback.sync();

  // Dropping is a matter of memory only: the bytes read back are the bytes written.
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(bytes.size(), 9 * kWindow / 2);
  std::uint64_t wrong = 0;
  for (std::uint64_t i = 0; i < bytes.size(); ++i) {
    wrong += bytes[i] != static_cast<char>(i * 2654435761U >> 24) ? 1 : 0;
  }
  EXPECT_EQ(wrong, 0U);
}

TEST(FileWriteback, AFileThatCannotBeOpenedIsNamedInTheError)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "missing.h5";
  EXPECT_THROW_MSG(FileWriteback(path, "out/missing.h5"), IoError,
                   "out/missing.h5: cannot open for writeback: No such file or directory");
}

TEST(FileWriteback, SyncingADirectoryThatIsGoneOrUnreadableIsSkipped)
{
  const testing::TempDir dir;
  EXPECT_NO_THROW(sync_directory(dir.path()));
  EXPECT_NO_THROW(sync_directory(dir.path() / "gone"));
  EXPECT_NO_THROW(sync_directory({})); // the current directory
}

} // namespace
} // namespace hedgesim::io
