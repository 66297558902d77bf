// The chunk index read straight from a flushed file gives every chunk's place as HDF5's own
// lookup does, for files whose index fits one data block and files whose index is paged, and
// for filtered and unfiltered chunks.
#include "hedgesim/io/chunk_index.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/hdf5_file.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace hedgesim::io {
namespace {

// A file descriptor closed at the end of the scope.
struct Descriptor {
  int fd;
  explicit Descriptor(const std::filesystem::path& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~Descriptor() { ::close(fd); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
};

// Writes `chunks` chunks of 8 x 3 floats into a dataset (every other one skipped until a flush,
// then written too), then checks every entry against Dataset::chunk_place.
void check(std::uint64_t chunks, int gzip_level)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "f.h5";
  h5::File file = h5::File::create(path, "f.h5", h5::File::kSmallPage);
  h5::DatasetOptions options;
  options.chunk = {8, 3};
  options.gzip_level = gzip_level;
  options.shuffle = gzip_level > 0;
  const std::array<std::uint64_t, 2> shape{chunks * 8, 3};
  h5::Dataset dataset = file.create_dataset("v", h5::ElementType::float32, shape, options);
  const auto write = [&](std::uint64_t c) {
    std::vector<float> values(24);
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = static_cast<float>(c * 1000 + (c % 7 == 0 ? 0 : i)); // chunks of several sizes
    }
    const std::array<std::uint64_t, 2> offset{c * 8, 0};
    const std::array<std::uint64_t, 2> count{8, 3};
    dataset.write_slab(offset, count, values);
  };
  for (std::uint64_t c = 0; c < chunks; c += 2) {
    write(c);
  }
  file.flush();
  const Descriptor descriptor(path);
  const ChunkIndex index(descriptor.fd, dataset.header_address(), "f.h5");
  EXPECT_EQ(index.chunks(), chunks);
  for (std::uint64_t c = 1; c < chunks; c += 2) {
    write(c);
  }
  file.flush();
  for (std::uint64_t c = 0; c < chunks; ++c) {
    const std::array<std::uint64_t, 2> offset{c * 8, 0};
    ASSERT_EQ(index.at(c), dataset.chunk_place(offset)) << "chunk " << c;
    ASSERT_GT(index.at(c).address, 0U);
  }
  // A range read a page at a time gives the same places, wherever it starts and ends.
  const std::vector<h5::ChunkPlace> all = index.range(0, chunks);
  ASSERT_EQ(all.size(), chunks);
  for (const std::uint64_t first : {std::uint64_t{0}, std::uint64_t{1}, chunks / 2, chunks - 1}) {
    const std::vector<h5::ChunkPlace> some = index.range(first, chunks - first);
    EXPECT_TRUE(std::equal(some.begin(), some.end(), all.begin() + static_cast<std::ptrdiff_t>(first))) << first;
  }
  EXPECT_THROW_MSG(static_cast<void>(index.at(chunks)), IoError,
                   fmt::format("f.h5: chunk index: chunks {} .. {} of {}", chunks, chunks, chunks));
  EXPECT_THROW_MSG(static_cast<void>(index.range(1, chunks)), IoError,
                   fmt::format("f.h5: chunk index: chunks 1 .. {} of {}", chunks, chunks));
}

TEST(ChunkIndex, ReadsEveryEntryOfOneDataBlock)
{
  check(300, 1);
}

TEST(ChunkIndex, ReadsEveryEntryOfAPagedDataBlock)
{
  check(2600, 1); // three pages of 1,024 entries, the last one short
}

TEST(ChunkIndex, ReadsUnfilteredChunks)
{
  check(1500, 0);
}

TEST(ChunkIndex, RefusesWhatIsNotAnObjectHeader)
{
  const testing::TempDir dir;
  const auto path = dir.path() / "f.h5";
  {
    h5::File file = h5::File::create(path, "f.h5", h5::File::kSmallPage);
    file.close();
  }
  const Descriptor descriptor(path);
  EXPECT_THROW_MSG(ChunkIndex(descriptor.fd, 0, "f.h5"), IoError, "f.h5: chunk index: not a version 2 object header");
  EXPECT_THROW_MSG(
      ChunkIndex(descriptor.fd, std::uint64_t{1} << 40U, "f.h5"), IoError,
      fmt::format("f.h5: chunk index: cannot read 32 bytes at {}: past the end of the file", std::uint64_t{1} << 40U));
}

} // namespace
} // namespace hedgesim::io
