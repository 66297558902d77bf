#include "hedgesim/io/chunk_index.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/read_at.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>
#include <vector>

namespace hedgesim::io {

namespace {

// HDF5 stores integers little-endian; `bytes` of them at `p`.
std::uint64_t little(const unsigned char* p, std::size_t bytes)
{
  std::uint64_t value = 0;
  for (std::size_t i = bytes; i-- > 0;) {
    value = (value << 8U) | p[i];
  }
  return value;
}

constexpr std::uint16_t kLayoutMessage = 0x0008;
constexpr std::uint16_t kContinuationMessage = 0x0010;
constexpr unsigned kFixedArrayIndex = 3;
constexpr std::size_t kAddressBytes = 8; // the superblock's size of offsets and of lengths, as File writes them
constexpr std::size_t kChecksumBytes = 4;

} // namespace

void ChunkIndex::fail(const std::string& what) const
{
  throw IoError(fmt::format("{}: chunk index: {}", shown_, what));
}

void ChunkIndex::read(std::uint64_t address, void* into, std::size_t size) const
{
  const std::optional<std::size_t> got = read_at(descriptor_, into, size, address);
  if (!got || *got < size) {
    fail(fmt::format("cannot read {} bytes at {}: {}", size, address,
                     got ? std::string("past the end of the file") : std::generic_category().message(errno)));
  }
}

ChunkIndex::ChunkIndex(int descriptor, std::uint64_t object_header, std::string shown)
    : descriptor_(descriptor), shown_(std::move(shown))
{
  // The object header's chunks, each a run of messages: chunk 0 first, then those the
  // continuation messages point to.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> chunks; // address of the messages, their bytes
  std::array<unsigned char, 32> head{};
  read(object_header, head.data(), head.size());
  if (std::memcmp(head.data(), "OHDR", 4) != 0 || head[4] != 2) {
    fail("not a version 2 object header");
  }
  const unsigned flags = head[5];
  std::size_t at = 6 + ((flags & 0x20U) != 0 ? 16 : 0) + ((flags & 0x10U) != 0 ? 4 : 0);
  const std::size_t size_bytes = std::size_t{1} << (flags & 0x03U);
  const std::uint64_t chunk0 = little(head.data() + at, size_bytes);
  at += size_bytes;
  chunks.emplace_back(object_header + at, chunk0);
  const std::size_t message_head = (flags & 0x04U) != 0 ? 6 : 4; // type, size, flags[, creation order]

  std::vector<unsigned char> layout;
  for (std::size_t c = 0; c < chunks.size() && layout.empty(); ++c) {
    std::vector<unsigned char> bytes(chunks[c].second);
    read(chunks[c].first, bytes.data(), bytes.size());
    for (std::size_t m = 0; m + message_head <= bytes.size();) {
      const unsigned type = bytes[m];
      const std::size_t size = little(&bytes[m + 1], 2);
      const std::size_t data = m + message_head;
      if (data + size > bytes.size()) {
        fail("a message runs past its object header chunk");
      }
      if (type == kLayoutMessage) {
        layout.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data),
                      bytes.begin() + static_cast<std::ptrdiff_t>(data + size));
        break;
      }
      if (type == kContinuationMessage && size >= 2 * kAddressBytes) {
        const std::uint64_t address = little(&bytes[data], kAddressBytes);
        const std::uint64_t length = little(&bytes[data + kAddressBytes], kAddressBytes);
        if (length < 4 + kChecksumBytes) {
          fail("an object header continuation too short to hold messages");
        }
        std::array<unsigned char, 4> signature{};
        read(address, signature.data(), signature.size());
        if (std::memcmp(signature.data(), "OCHK", 4) != 0) {
          fail("an object header continuation without its signature");
        }
        chunks.emplace_back(address + 4, length - 4 - kChecksumBytes);
      }
      m = data + size;
    }
  }

  // Layout message version 4, chunked: flags, rank, the dimensions' encoded length, the chunk's
  // dimensions (the last one the element's bytes), the index type and its parameters, the
  // index's address.
  if (layout.size() < 5 || layout[0] != 4 || layout[1] != 2) {
    fail("not a version 4 layout message of a chunked dataset");
  }
  const std::size_t rank = layout[3];
  const std::size_t dimension_bytes = layout[4];
  std::size_t p = 5 + rank * dimension_bytes;
  if (dimension_bytes == 0 || dimension_bytes > 8 || p + 2 + kAddressBytes > layout.size()) {
    fail("a layout message cut short");
  }
  chunk_bytes_ = 1;
  for (std::size_t d = 0; d < rank; ++d) {
    chunk_bytes_ *= little(&layout[5 + d * dimension_bytes], dimension_bytes);
  }
  if (layout[p] != kFixedArrayIndex) {
    fail(fmt::format("index type {}, not a fixed array", layout[p]));
  }
  p += 2; // the index type and the fixed array's page bits, which its header repeats
  const std::uint64_t header = little(&layout[p], kAddressBytes);

  // Fixed array header: "FAHD", version, client (0: chunks, 1: filtered chunks), entry bytes,
  // page bits, entries, the data block's address, checksum.
  std::array<unsigned char, 4 + 4 + 2 * kAddressBytes> fahd{};
  read(header, fahd.data(), fahd.size());
  if (std::memcmp(fahd.data(), "FAHD", 4) != 0 || fahd[4] != 0 || fahd[5] > 1) {
    fail("not a fixed array header of chunks");
  }
  filtered_ = fahd[5] == 1;
  entry_bytes_ = fahd[6];
  page_bits_ = fahd[7];
  chunks_ = little(&fahd[8], kAddressBytes);
  const std::uint64_t data_block = little(&fahd[8 + kAddressBytes], kAddressBytes);
  const unsigned least = filtered_ ? kAddressBytes + 1 + 4 : kAddressBytes;
  if (entry_bytes_ < least || entry_bytes_ > 2 * kAddressBytes + 4 || (!filtered_ && entry_bytes_ != kAddressBytes) ||
      page_bits_ >= 32) {
    fail(fmt::format("fixed array entries of {} bytes", entry_bytes_));
  }

  // Data block: "FADB", version, client, the header's address; when the entries are more than
  // a page holds, a bitmap of the pages made and a checksum, the pages following (each its
  // entries and a checksum); otherwise the entries, then a checksum.
  std::array<unsigned char, 6 + kAddressBytes> fadb{};
  read(data_block, fadb.data(), fadb.size());
  if (std::memcmp(fadb.data(), "FADB", 4) != 0 || fadb[4] != 0 || little(&fadb[6], kAddressBytes) != header) {
    fail("not the fixed array data block of its header");
  }
  paged_ = chunks_ > (std::uint64_t{1} << page_bits_);
  const std::uint64_t pages = (chunks_ + (std::uint64_t{1} << page_bits_) - 1) >> page_bits_;
  first_entry_ = data_block + fadb.size() + (paged_ ? (pages + 7) / 8 + kChecksumBytes : 0);
}

std::uint64_t ChunkIndex::entry_address(std::uint64_t chunk) const
{
  if (!paged_) {
    return first_entry_ + chunk * entry_bytes_;
  }
  const std::uint64_t page_entries = std::uint64_t{1} << page_bits_;
  const std::uint64_t page_bytes = page_entries * entry_bytes_ + kChecksumBytes;
  return first_entry_ + (chunk >> page_bits_) * page_bytes + (chunk & (page_entries - 1)) * entry_bytes_;
}

h5::ChunkPlace ChunkIndex::decode(const unsigned char* entry) const
{
  h5::ChunkPlace place;
  place.address = little(entry, kAddressBytes);
  if (place.address == ~std::uint64_t{0}) {
    place.address = 0; // undefined: not written
  }
  if (filtered_) {
    place.size = little(entry + kAddressBytes, entry_bytes_ - kAddressBytes - 4);
    place.filter_mask = static_cast<unsigned>(little(entry + entry_bytes_ - 4, 4));
  } else {
    place.size = place.address == 0 ? 0 : chunk_bytes_;
  }
  return place;
}

h5::ChunkPlace ChunkIndex::at(std::uint64_t chunk) const
{
  return range(chunk, 1).front();
}

std::vector<h5::ChunkPlace> ChunkIndex::range(std::uint64_t first, std::uint64_t count) const
{
  if (first >= chunks_ || count > chunks_ - first) {
    fail(fmt::format("chunks {} .. {} of {}", first, first + count - 1, chunks_));
  }
  std::vector<h5::ChunkPlace> places;
  places.reserve(count);
  std::vector<unsigned char> bytes;
  // One read per page the range touches: a page's entries lie one after another.
  const std::uint64_t page_entries = paged_ ? std::uint64_t{1} << page_bits_ : chunks_;
  for (std::uint64_t chunk = first; chunk < first + count;) {
    const std::uint64_t page_end = (chunk / page_entries + 1) * page_entries;
    const std::uint64_t n = std::min(first + count, page_end) - chunk;
    bytes.resize(n * entry_bytes_);
    read(entry_address(chunk), bytes.data(), bytes.size());
    for (std::uint64_t k = 0; k < n; ++k) {
      places.push_back(decode(bytes.data() + k * entry_bytes_));
    }
    chunk += n;
  }
  return places;
}

} // namespace hedgesim::io
