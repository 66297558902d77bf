// Where a chunked dataset's chunks lie, read straight from the chunk index of a flushed file.
//
// HDF5 1.10's own lookup, H5Dget_chunk_info_by_coord, walks the index from its first chunk to
// the one asked for, so asking for every chunk of a growing file costs time in the square of its
// chunks (a 2-rank job of 10^4 reference runs took a fifth longer). The index of a dataset of
// fixed shape in a file of HDF5 1.10's formats is a fixed array, one entry per chunk in chunk
// order, that never moves; so after a flush an entry is one read away. The layout read here is
// that of the HDF5 file format specification (version 2 object header, layout message version
// 4, fixed array header and data block); anything else is refused.
#pragma once

#include "hedgesim/io/hdf5_file.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hedgesim::io {

class ChunkIndex {
public:
  //! Reads the index of the dataset whose object header is at `object_header` in the file open
  //! for reading on `descriptor` (which must outlive this), named `shown` in errors. The file must
  //! have been flushed since the dataset's first chunk was written. Throws IoError if the
  //! dataset's storage is not described as above.
  ChunkIndex(int descriptor, std::uint64_t object_header, std::string shown);

  //! Chunks in the index.
  [[nodiscard]] std::uint64_t chunks() const noexcept { return chunks_; }
  //! The place of chunk `chunk` (in chunk order: row-major over the chunk grid) as of the last
  //! flush; address 0 if it had not been written then. Throws IoError.
  [[nodiscard]] h5::ChunkPlace at(std::uint64_t chunk) const;
  //! The places of chunks `first` .. `first + count - 1`, read a page of the index at a time.
  [[nodiscard]] std::vector<h5::ChunkPlace> range(std::uint64_t first, std::uint64_t count) const;

private:
  int descriptor_;
  std::string shown_;
  bool filtered_ = false;         // entries hold a size and a filter mask after the address
  std::uint64_t chunk_bytes_ = 0; // unfiltered: every chunk's size
  unsigned entry_bytes_ = 0;      // one entry in the file
  unsigned page_bits_ = 0;        // entries per data block page: 2^page_bits
  std::uint64_t chunks_ = 0;      // entries
  std::uint64_t first_entry_ = 0; // the first entry's address (the first page's, when paged)
  bool paged_ = false;

  [[noreturn]] void fail(const std::string& what) const;
  void read(std::uint64_t address, void* into, std::size_t size) const;
  [[nodiscard]] std::uint64_t entry_address(std::uint64_t chunk) const;
  [[nodiscard]] h5::ChunkPlace decode(const unsigned char* entry) const;
};

} // namespace hedgesim::io
