// A thin typed RAII layer over the HDF5 C API: the only code in hedgesim that calls H5* functions.
#pragma once

#include "hedgesim/io/history_format.hpp"

#include <algorithm>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace hedgesim::io::h5 {

//! HDF5's object id (hid_t); spelled out here so that callers never need hdf5.h.
using Id = std::int64_t;

//! Element types the wrapper stores. Numbers are always stored little-endian; strings as
//! variable-length UTF-8. `other` only appears when reading files hedgesim did not write.
enum class ElementType { float32, float64, int8, int32, int64, uint64, string, other };

//! "float32", "float64", "int8", "int32", "int64", "uint64", "string" or "other".
std::string_view to_string(ElementType type) noexcept;

//! How a history variable of this dtype is stored.
ElementType element_type_of(DType dtype) noexcept;

//! Keeps HDF5 from closing files left open at process exit. After a failed close (a full disk)
//! HDF5 1.10's exit-time cleanup crashes on that file; hedgesim closes every file it keeps
//! itself, and removes the ones it abandons. Call before any other HDF5 use, e.g. first in main.
void skip_cleanup_at_exit() noexcept;

//! The C++ types that map one-to-one onto a numeric ElementType.
template <class T>
concept Numeric = std::same_as<T, float> || std::same_as<T, double> || std::same_as<T, std::int8_t> ||
    std::same_as<T, std::int32_t> || std::same_as<T, std::int64_t> || std::same_as<T, std::uint64_t>;

template <Numeric T>
constexpr ElementType element_type_of() noexcept
{
  if constexpr (std::same_as<T, float>) {
    return ElementType::float32;
  } else if constexpr (std::same_as<T, double>) {
    return ElementType::float64;
  } else if constexpr (std::same_as<T, std::int8_t>) {
    return ElementType::int8;
  } else if constexpr (std::same_as<T, std::int32_t>) {
    return ElementType::int32;
  } else if constexpr (std::same_as<T, std::int64_t>) {
    return ElementType::int64;
  } else {
    return ElementType::uint64;
  }
}

//! A contiguous range of numbers or of std::string, as accepted by the write functions.
template <class R>
concept Writable = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
    (Numeric<std::ranges::range_value_t<R>> || std::same_as<std::ranges::range_value_t<R>, std::string>);

//! One chunk as stored in the file: the element bytes after the dataset's filter pipeline.
struct DatasetOptions;

struct FilteredChunk {
  std::vector<unsigned char> bytes;
  //! Bit i set: filter i of the pipeline was skipped, as HDF5 records an optional filter
  //! that failed (deflate does when compressing would make the chunk bigger).
  unsigned filter_mask = 0;

  bool operator==(const FilteredChunk&) const = default;
};

//! Where a chunk's stored bytes lie in its file: another process can read them there once the
//! file has been flushed, as long as the chunk is not written again.
struct ChunkPlace {
  std::uint64_t address = 0; // byte offset in the file
  std::uint64_t size = 0;    // stored bytes
  unsigned filter_mask = 0;  // as FilteredChunk::filter_mask

  bool operator==(const ChunkPlace&) const = default;
};

//! Owns one HDF5 id and releases it with the close function of its kind (H5Dclose, H5Sclose, ...).
class Handle {
public:
  using CloseFn = int (*)(Id);

  Handle() noexcept = default;
  Handle(Id id, CloseFn closer) noexcept : id_(id), close_(closer) {}
  ~Handle() { static_cast<void>(close()); }
  Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  [[nodiscard]] Id get() const noexcept { return id_; }
  [[nodiscard]] bool valid() const noexcept { return id_ >= 0; }
  //! Closes now; returns HDF5's status (negative on failure, 0 if there was nothing to close).
  int close() noexcept;

private:
  Id id_ = -1;
  CloseFn close_ = nullptr;
};

//! An HDF5 object that carries attributes: a file's root group or a dataset.
class Object {
public:
  //! Writes (or replaces) a scalar variable-length UTF-8 string attribute.
  void write_string_attribute(std::string_view name, std::string_view value);

  //! Writes (or replaces) a scalar numeric attribute.
  template <Numeric T>
  void write_attribute(std::string_view name, T value)
  {
    write_attribute_raw(name, element_type_of<T>(), &value, 1, true);
  }

  //! Writes (or replaces) a 1-D numeric array attribute, e.g. int32[2] {1, 0}.
  template <std::ranges::contiguous_range R>
  requires Numeric<std::ranges::range_value_t<R>>
  void write_array_attribute(std::string_view name, const R& values)
  {
    write_attribute_raw(name, element_type_of<std::ranges::range_value_t<R>>(), std::ranges::data(values),
                        std::ranges::size(values), false);
  }

  [[nodiscard]] bool has_attribute(std::string_view name) const;
  //! Reads a string attribute, fixed or variable length. Throws IoError if missing or not a string.
  [[nodiscard]] std::string read_string_attribute(std::string_view name) const;
  //! As read_string_attribute, but an empty string if the attribute is missing.
  [[nodiscard]] std::string read_string_attribute_or_empty(std::string_view name) const;

  //! Reads a numeric attribute (scalar or array), converted to T. Throws IoError if missing.
  template <Numeric T>
  [[nodiscard]] std::vector<T> read_attribute(std::string_view name) const
  {
    std::vector<T> values(attribute_size(name));
    read_attribute_raw(name, element_type_of<T>(), values.data(), values.size());
    return values;
  }

  //! The file as named in error messages, and this object's path inside it ("" for the root).
  [[nodiscard]] const std::string& file_name() const noexcept { return file_name_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

protected:
  Object(Handle handle, std::string file_name, std::string path) noexcept;
  //! The HDF5 id, for a call on this object; first silences HDF5's error printing in the
  //! calling thread (HDF5 keeps that setting per thread), so any call made with it is quiet.
  [[nodiscard]] Id id() const noexcept;
  //! Throws IoError "<file>: <what> (HDF5: <innermost HDF5 error>)".
  [[noreturn]] void fail(std::string_view what) const;
  //! Returns a Handle owning `id`, or calls fail(what) if `id` is negative.
  Handle checked(Id id, Handle::CloseFn closer, std::string_view what) const;

  Handle handle_;
  std::string file_name_;
  std::string path_;

private:
  [[nodiscard]] std::string describe() const;
  void write_attribute_raw(std::string_view name, ElementType type, const void* data, std::size_t count, bool scalar);
  [[nodiscard]] std::size_t attribute_size(std::string_view name) const;
  void read_attribute_raw(std::string_view name, ElementType type, void* data, std::size_t count) const;
};

//! An open dataset. Obtained from File; movable, closes itself.
class Dataset : public Object {
public:
  [[nodiscard]] std::vector<std::uint64_t> shape() const;
  [[nodiscard]] ElementType element_type() const;

  //! Writes the whole dataset; `data` must hold exactly as many elements, row-major.
  template <Writable R>
  void write(const R& data)
  {
    write_range({}, {}, data);
  }

  //! Writes the block of size `count` starting at `offset` (one entry per axis), row-major.
  template <Writable R>
  void write_slab(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count, const R& data)
  {
    write_range(offset, count, data);
  }

  //! Stores an already filtered chunk (see filter_chunk) whose first element is at `offset`,
  //! bypassing HDF5's filter pipeline. The chunk must be whole and filtered exactly as the
  //! dataset was created; readers then see the same data as if it had gone through write_slab.
  void write_chunk(std::span<const std::uint64_t> offset, const FilteredChunk& chunk);
  //! The stored bytes and filter mask of the chunk at `offset`, without undoing any filter.
  [[nodiscard]] FilteredChunk read_chunk(std::span<const std::uint64_t> offset) const;
  //! Where the chunk at `offset` lies in the file, as HDF5 finds it: by walking the chunk index
  //! up to it (chunk_index.hpp reads an entry directly). Throws IoError if it has not been written.
  [[nodiscard]] ChunkPlace chunk_place(std::span<const std::uint64_t> offset) const;
  //! The address of the dataset's object header in the file.
  [[nodiscard]] std::uint64_t header_address() const;
  //! The chunk shape and filters the dataset was created with (nan_fill is not reported), or
  //! nullopt if its pipeline holds anything but shuffle and then deflate, which File never makes.
  [[nodiscard]] std::optional<DatasetOptions> storage() const;

  //! Grows a 1-D extendable dataset by `data.size()` elements and writes them at the end.
  template <Writable R>
  void append(const R& data)
  {
    if constexpr (std::same_as<std::ranges::range_value_t<R>, std::string>) {
      check_widths(std::ranges::data(data), std::ranges::size(data)); // before the dataset grows
    }
    const std::uint64_t old_size = extend_by(std::ranges::size(data));
    const std::uint64_t offset[1] = {old_size};
    const std::uint64_t count[1] = {static_cast<std::uint64_t>(std::ranges::size(data))};
    write_range(offset, count, data);
  }

  //! Marks this dataset as the dimension scale `dimension_name` (H5DSset_scale).
  void make_scale(std::string_view dimension_name);
  //! Attaches the dimension scale `scale` to axis `axis` of this dataset (H5DSattach_scale).
  void attach_scale(const Dataset& scale, unsigned axis);
  //! The name of the dimension scale attached to each axis, "" where none is.
  [[nodiscard]] std::vector<std::string> dimension_names() const;

  //! The whole dataset, converted; numeric datasets only.
  [[nodiscard]] std::vector<double> read_as_double() const;
  [[nodiscard]] std::vector<std::int64_t> read_as_int64() const;
  //! The whole dataset; string datasets only.
  [[nodiscard]] std::vector<std::string> read_strings() const;
  //! The data in the memory layout of the stored type; strings concatenated, each ended by '\0'.
  [[nodiscard]] std::vector<unsigned char> read_bytes() const;

  //! The block of size `count` starting at `offset` (one entry per axis), row-major, converted;
  //! numeric datasets only. Reading one run of a per-run variable decompresses only its chunk.
  [[nodiscard]] std::vector<double> read_slab_as_double(std::span<const std::uint64_t> offset,
                                                        std::span<const std::uint64_t> count) const;
  [[nodiscard]] std::vector<std::int64_t> read_slab_as_int64(std::span<const std::uint64_t> offset,
                                                             std::span<const std::uint64_t> count) const;
  //! The block of a string dataset, as read_slab_as_double.
  [[nodiscard]] std::vector<std::string> read_slab_strings(std::span<const std::uint64_t> offset,
                                                           std::span<const std::uint64_t> count) const;

private:
  friend class File;
  using Object::Object;

  mutable int rank_ = -1; // number of axes, looked up once: it never changes

  //! The number of axes, without building the shape (write_chunk and read_chunk check it per chunk).
  [[nodiscard]] std::size_t rank() const;

  template <Writable R>
  void write_range(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count, const R& data)
  {
    using Value = std::ranges::range_value_t<R>;
    if constexpr (std::same_as<Value, std::string>) {
      write_strings(offset, count, std::ranges::data(data), std::ranges::size(data));
    } else {
      write_raw(offset, count, element_type_of<Value>(), std::ranges::data(data), std::ranges::size(data));
    }
  }

  //! Strings go as `const char*` to a variable-length dataset, or packed into the width of a
  //! fixed-length one (IoError if one does not fit: nothing is cut short).
  void write_strings(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count,
                     const std::string* data, std::size_t size);
  //! The width of a fixed-length string dataset (0 for variable-length strings); throws IoError
  //! if one of `data` is wider.
  std::size_t check_widths(const std::string* data, std::size_t size) const;
  //! `offset` empty means the whole dataset; strings are passed as an array of `const char*`, or
  //! with `string_width` > 0 packed into that many bytes each.
  void write_raw(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count, ElementType type,
                 const void* data, std::size_t size, std::size_t string_width = 0);
  //! Returns the old length.
  std::uint64_t extend_by(std::size_t size);
  [[nodiscard]] std::size_t element_count() const;
  void read_numeric(ElementType type, void* data) const;
  //! Checks the slab against the shape and returns its element count.
  [[nodiscard]] std::size_t slab_size(std::span<const std::uint64_t> offset,
                                      std::span<const std::uint64_t> count) const;
  //! Reads the slab into `data`, converting to the memory type `memory` (an HDF5 type id).
  void read_slab_raw(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count, Id memory,
                     void* data) const;
};

//! How File creates a dataset.
struct DatasetOptions {
  std::vector<std::uint64_t> chunk; // empty: contiguous layout (then no compression)
  int gzip_level = 0;               // 0: uncompressed
  bool shuffle = false;             // byte shuffle before gzip; helps floats compress
  bool nan_fill = false;            // float datasets: elements never written read back as NaN
};

//! The deflate level whose chunks filter_chunk compresses with strided_deflate, which looks for
//! repeats one byte and one row of the chunk back only: HDF5 reads them as any deflate stream.
inline constexpr int kStridedLevel = 1;

//! Runs the filters `options` describes (shuffle, then deflate at gzip_level) over `bytes`,
//! which hold elements of `element_size` bytes in file order (little-endian), and returns
//! what HDF5's own pipeline stores, or at level kStridedLevel a stream it reads as the same data. Calls no HDF5
//! function, so any thread may run it without a lock.
FilteredChunk filter_chunk(std::span<const unsigned char> bytes, std::size_t element_size,
                           const DatasetOptions& options);

//! filter_chunk over numbers in memory order.
template <std::ranges::contiguous_range R>
requires Numeric<std::ranges::range_value_t<R>> FilteredChunk filter_chunk(const R& values,
                                                                           const DatasetOptions& options)
{
  using Value = std::ranges::range_value_t<R>;
  const auto* first = reinterpret_cast<const unsigned char*>(std::ranges::data(values));
  const std::size_t size = std::ranges::size(values) * sizeof(Value);
  if constexpr (std::endian::native == std::endian::little || sizeof(Value) == 1) {
    return filter_chunk(std::span<const unsigned char>(first, size), sizeof(Value), options);
  } else {
    // The file stores little-endian numbers.
    std::vector<unsigned char> swapped(first, first + size);
    for (std::size_t at = 0; at < size; at += sizeof(Value)) {
      std::reverse(swapped.begin() + static_cast<std::ptrdiff_t>(at),
                   swapped.begin() + static_cast<std::ptrdiff_t>(at + sizeof(Value)));
    }
    return filter_chunk(std::span<const unsigned char>(swapped), sizeof(Value), options);
  }
}

//! A dataset as listed by File::list_datasets.
struct DatasetEntry {
  std::string path; // without a leading '/', e.g. "state/legitimacy"
  std::vector<std::uint64_t> shape;
  ElementType type = ElementType::other;
};

//! An open HDF5 file; its attributes are those of the root group "/".
class File : public Object {
public:
  //! File-space pages: small files keep to the small page, files of many megabytes write faster
  //! with the large one (docs/performance.md).
  static constexpr std::uint64_t kSmallPage = std::uint64_t{256} * 1024;
  static constexpr std::uint64_t kLargePage = std::uint64_t{1024} * 1024;

  //! Creates `path`, truncating any file there, with file-space pages of `page_size` bytes.
  //! Throws IoError. Messages name the file `shown` if given: the target of a file written
  //! under a temporary name.
  static File create(const std::filesystem::path& path, const std::string& shown = {},
                     std::uint64_t page_size = kSmallPage);
  //! How open_read reaches the file's bytes: as each read asks for them, or all read into memory
  //! when the file opens (one read instead of one per chunk, for files that fit in memory).
  enum class Reading { on_demand, whole };

  //! Opens an existing file read-only. Throws IoError.
  static File open_read(const std::filesystem::path& path, Reading reading = Reading::on_demand);

  //! Creates a dataset (and any missing parent groups) with a fixed shape.
  Dataset create_dataset(std::string_view path, ElementType type, std::span<const std::uint64_t> shape,
                         const DatasetOptions& options = {});
  //! Creates an empty 1-D dataset with an unlimited maximum size, to be grown by Dataset::append.
  //! A string dataset with `string_width` > 0 holds UTF-8 strings of at most that many bytes,
  //! padded with NULs: no heap to fill, so much quicker to write than variable-length strings.
  Dataset create_extendable(std::string_view path, ElementType type, std::uint64_t chunk, int gzip_level = 0,
                            bool shuffle = false, std::size_t string_width = 0);
  [[nodiscard]] Dataset open_dataset(std::string_view path) const;
  [[nodiscard]] bool has_dataset(std::string_view path) const;
  //! Every dataset in the file, recursively, sorted by path.
  [[nodiscard]] std::vector<DatasetEntry> list_datasets() const;

  //! Hands everything written so far, the page buffer and metadata included, to the operating
  //! system. Throws IoError on failure.
  void flush();
  //! Flushes and closes the file and every object still open in it. Throws IoError on failure.
  void close();

private:
  using Object::Object;
  void ensure_groups(std::string_view dataset_path);
};

} // namespace hedgesim::io::h5
