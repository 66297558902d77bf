#include "hedgesim/io/hdf5_file.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/strided_deflate.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <libdeflate.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <system_error>
#include <utility>

namespace hedgesim::io::h5 {

// The header spells hid_t and herr_t without hdf5.h, so they must really be these types.
static_assert(std::is_same_v<hid_t, Id>);
static_assert(std::is_same_v<herr_t, int>);
static_assert(sizeof(hsize_t) == sizeof(std::uint64_t));

namespace {

// Turned off in every thread that calls HDF5 (Object::id, create, open_read, Handle::close),
// since HDF5 keeps this setting per thread in thread-safe builds; either way nothing is
// printed to stderr behind hedgesim's back.
void silence_hdf5_errors() noexcept
{
  thread_local const bool silenced = H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0;
  static_cast<void>(silenced);
}

herr_t collect_innermost(unsigned n, const H5E_error2_t* error, void* out)
{
  if (n == 0 && error->desc != nullptr) {
    *static_cast<std::string*>(out) = error->desc;
  }
  return 0;
}

// The innermost message on HDF5's error stack says what actually went wrong ("no such file").
// A failed system call is reported with a dump of the call's arguments; its errno says it all.
std::string take_hdf5_error()
{
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_innermost, &message);
  H5Eclear2(H5E_DEFAULT);
  constexpr std::string_view kErrno = "errno = ";
  if (const std::size_t at = message.find(kErrno); at != std::string::npos) {
    const int code = std::atoi(message.c_str() + at + kErrno.size());
    if (code > 0) {
      return std::error_code(code, std::generic_category()).message();
    }
  }
  return message;
}

[[noreturn]] void throw_io(std::string_view file, std::string_view what)
{
  const std::string detail = take_hdf5_error();
  if (detail.empty()) {
    throw IoError(fmt::format("{}: {}", file, what));
  }
  throw IoError(fmt::format("{}: {} (HDF5: {})", file, what, detail));
}

std::vector<hsize_t> to_hsize(std::span<const std::uint64_t> values)
{
  return {values.begin(), values.end()};
}

std::uint64_t product(std::span<const std::uint64_t> values)
{
  return std::accumulate(values.begin(), values.end(), std::uint64_t{1}, std::multiplies<>{});
}

Handle string_type()
{
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

Handle fixed_string_type(std::size_t width)
{
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), width);
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

// Where an element type is wanted: in memory (the host's native numbers) or in the file (fixed
// little-endian, so that files do not depend on the host).
enum class Side { memory, file };

Handle element_type(ElementType type, Side side)
{
  const bool file = side == Side::file;
  switch (type) {
  case ElementType::float32:
    return {H5Tcopy(file ? H5T_IEEE_F32LE : H5T_NATIVE_FLOAT), H5Tclose};
  case ElementType::float64:
    return {H5Tcopy(file ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE), H5Tclose};
  case ElementType::int8:
    return {H5Tcopy(file ? H5T_STD_I8LE : H5T_NATIVE_SCHAR), H5Tclose};
  case ElementType::int32:
    return {H5Tcopy(file ? H5T_STD_I32LE : H5T_NATIVE_INT32), H5Tclose};
  case ElementType::int64:
    return {H5Tcopy(file ? H5T_STD_I64LE : H5T_NATIVE_INT64), H5Tclose};
  case ElementType::uint64:
    return {H5Tcopy(file ? H5T_STD_U64LE : H5T_NATIVE_UINT64), H5Tclose};
  case ElementType::string:
    return string_type();
  case ElementType::other:
    break;
  }
  return {};
}

Handle memory_type(ElementType type)
{
  return element_type(type, Side::memory);
}

Handle file_type(ElementType type)
{
  return element_type(type, Side::file);
}

ElementType classify(hid_t type)
{
  const std::size_t size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
  case H5T_FLOAT:
    return size == 4 ? ElementType::float32 : size == 8 ? ElementType::float64 : ElementType::other;
  case H5T_INTEGER: {
    const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
    if (is_signed && size == 1) {
      return ElementType::int8;
    }
    if (is_signed && size == 4) {
      return ElementType::int32;
    }
    if (is_signed && size == 8) {
      return ElementType::int64;
    }
    return !is_signed && size == 8 ? ElementType::uint64 : ElementType::other;
  }
  case H5T_STRING:
    return ElementType::string;
  default:
    return ElementType::other;
  }
}

bool is_numeric(ElementType type)
{
  return type != ElementType::string && type != ElementType::other;
}

// Object headers otherwise record their creation time, making two identical runs differ.
void disable_time_tracking(hid_t create_plist)
{
  H5Pset_obj_track_times(create_plist, false);
}

// Paged aggregation with a page buffer: HDF5 gathers the small chunks and metadata blocks into
// whole pages and hands the kernel page-aligned writes of a page each. Written one by one, a
// run's small chunks (0.2-29 KB) cost the kernel about twice the time of one sequential stream,
// in the write and again in fsync. 1 MiB pages write about a tenth faster than 256 KiB ones but
// make the smallest file 2 MiB, so the caller picks the page (File::kSmallPage, kLargePage) by
// the size of what it will write (docs/performance.md). The layout follows the order of the
// writes alone.
constexpr std::size_t kPageBufferSize = std::size_t{8} * 1024 * 1024;

void use_paged_aggregation(hid_t create_plist, hid_t access_plist, std::uint64_t page_size)
{
  // Readers need HDF5 1.10 for paged files anyway, so the file may use that version's formats as
  // well: fixed-array chunk indices take a chunk in constant time (a tenth less writer CPU).
  if (H5Pset_file_space_strategy(create_plist, H5F_FSPACE_STRATEGY_PAGE, false, 1) < 0 ||
      H5Pset_file_space_page_size(create_plist, page_size) < 0 ||
      H5Pset_page_buffer_size(access_plist, kPageBufferSize, 0, 0) < 0 ||
      H5Pset_libver_bounds(access_plist, H5F_LIBVER_V110, H5F_LIBVER_V110) < 0) {
    throw IoError("HDF5: cannot set up paged file space");
  }
}

struct VisitState {
  std::vector<std::string> datasets;
};

herr_t collect_dataset(hid_t group, const char* name, const H5L_info_t* info, void* out)
{
  if (info->type != H5L_TYPE_HARD) {
    return 0;
  }
  const hid_t object = H5Oopen(group, name, H5P_DEFAULT);
  if (object < 0) {
    return -1;
  }
  if (H5Iget_type(object) == H5I_DATASET) {
    static_cast<VisitState*>(out)->datasets.emplace_back(name);
  }
  H5Oclose(object);
  return 0;
}

// HDF5 zero-fills a type conversion buffer of 1 MiB on every write that converts (strings
// always do); sized to the data, many small appends stay cheap. H5P_DEFAULT when that is bigger.
Handle transfer_for(hid_t dataset, hid_t memory, std::size_t count)
{
  constexpr std::size_t kDefaultBuffer = std::size_t{1} << 20;
  constexpr std::size_t kSmallestBuffer = std::size_t{1} << 16;
  // Strings are 16 bytes on disk although H5Tget_size says 8; doubled for a background buffer.
  constexpr std::size_t kWidestElement = 32;
  const Handle stored(H5Dget_type(dataset), H5Tclose);
  const std::size_t widest =
      std::max({H5Tget_size(memory), stored.valid() ? H5Tget_size(stored.get()) : 0, kWidestElement});
  const std::size_t needed = std::max(count * widest, kSmallestBuffer);
  if (needed >= kDefaultBuffer) {
    return {H5P_DEFAULT, nullptr};
  }
  Handle transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  if (!transfer.valid() || H5Pset_buffer(transfer.get(), needed, nullptr, nullptr) < 0) {
    return {H5P_DEFAULT, nullptr};
  }
  return transfer;
}

// HDF5's shuffle filter: byte j of element i goes to j * n + i, so equal high bytes line up;
// a tail shorter than one element is copied as is. `out` must hold bytes.size() bytes.
void shuffle_into(std::span<const unsigned char> bytes, std::size_t element_size, unsigned char* out)
{
  const std::size_t n = bytes.size() / element_size;
  std::size_t first = 0; // elements shuffled so far
#if defined(__SSE2__)
  if (element_size == 4) {
    // 16 float32 at a time: three rounds of interleaving bytes of register pairs, then joining
    // halves, leave byte j of the 16 elements in register j.
    const auto pair = [](__m128i& a, __m128i& b) {
      const __m128i low = _mm_unpacklo_epi8(a, b);
      b = _mm_unpackhi_epi8(a, b);
      a = low;
    };
    for (; first + 16 <= n; first += 16) {
      const auto* source = reinterpret_cast<const __m128i*>(bytes.data() + first * 4);
      __m128i a = _mm_loadu_si128(source);
      __m128i b = _mm_loadu_si128(source + 1);
      __m128i c = _mm_loadu_si128(source + 2);
      __m128i d = _mm_loadu_si128(source + 3);
      for (int round = 0; round < 3; ++round) {
        pair(a, b);
        pair(c, d);
      }
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + first), _mm_unpacklo_epi64(a, c));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + n + first), _mm_unpackhi_epi64(a, c));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 2 * n + first), _mm_unpacklo_epi64(b, d));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 3 * n + first), _mm_unpackhi_epi64(b, d));
    }
  }
#endif
  for (std::size_t j = 0; j < element_size; ++j) {
    unsigned char* column = out + j * n;
    const unsigned char* source = bytes.data() + j;
    for (std::size_t i = first; i < n; ++i) {
      column[i] = source[i * element_size];
    }
  }
  std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(n * element_size), bytes.end(), out + n * element_size);
}

// Scratch memory of one thread, grown but never shrunk, so that filtering a chunk neither
// allocates nor clears memory it then overwrites.
unsigned char* scratch(std::vector<unsigned char>& buffer, std::size_t size)
{
  if (buffer.size() < size) {
    buffer.resize(size);
  }
  return buffer.data();
}

// HDF5's deflate filter gives its output this much room (H5Z_DEFLATE_SIZE_ADJUST, with its
// float constant) and skips the optional filter if the stream does not fit; so do we.
std::size_t deflate_room(std::size_t size)
{
  return static_cast<std::size_t>(std::ceil(static_cast<double>(size) * static_cast<double>(1.001F)) + 12);
}

// libdeflate rather than zlib: the same zlib-format stream, which HDF5's deflate filter reads,
// in about half zlib's time at the same level and size, and compression is most of the cost of
// writing a run. One compressor per thread and level, kept, since setting one up allocates.
class Deflater {
public:
  Deflater() = default;
  ~Deflater()
  {
    for (libdeflate_compressor* compressor : compressors_) {
      libdeflate_free_compressor(compressor); // accepts nullptr
    }
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  // Compresses `input` into `output`; the size written, 0 if it does not fit.
  std::size_t compress(std::span<const unsigned char> input, std::span<unsigned char> output, int level)
  {
    if (level < 1 || level >= static_cast<int>(compressors_.size())) {
      throw IoError(fmt::format("cannot compress at deflate level {} (1 to 9)", level));
    }
    libdeflate_compressor*& compressor = compressors_.at(static_cast<std::size_t>(level));
    if (compressor == nullptr) {
      compressor = libdeflate_alloc_compressor(level);
      if (compressor == nullptr) {
        throw IoError(fmt::format("cannot set up a deflate compressor at level {}", level));
      }
    }
    return libdeflate_zlib_compress(compressor, input.data(), input.size(), output.data(), output.size());
  }

private:
  std::array<libdeflate_compressor*, 10> compressors_{}; // by level; HDF5's deflate levels are 1 to 9
};

// Elements from one index of a chunk's second axis to the next: in a history chunk [runs, time,
// ...], one time step. Values that did not change repeat at this distance. A chunk of fewer
// than three axes has rows of one element.
std::size_t row_elements(std::span<const std::uint64_t> chunk)
{
  std::uint64_t row = 1;
  for (std::size_t k = 2; k < chunk.size(); ++k) {
    row *= chunk[k];
  }
  return static_cast<std::size_t>(row);
}

} // namespace

FilteredChunk filter_chunk(std::span<const unsigned char> bytes, std::size_t element_size,
                           const DatasetOptions& options)
{
  FilteredChunk chunk;
  const bool shuffle = options.shuffle && element_size > 1 && bytes.size() >= 2 * element_size;
  if (options.gzip_level <= 0) {
    if (shuffle) {
      chunk.bytes.resize(bytes.size());
      shuffle_into(bytes, element_size, chunk.bytes.data());
    } else {
      chunk.bytes.assign(bytes.begin(), bytes.end());
    }
    return chunk;
  }
  thread_local std::vector<unsigned char> shuffled;
  thread_local std::vector<unsigned char> packed;
  std::span<const unsigned char> input = bytes;
  if (shuffle) {
    shuffle_into(bytes, element_size, scratch(shuffled, bytes.size()));
    input = std::span<const unsigned char>(shuffled.data(), bytes.size());
  }
  const std::size_t room = deflate_room(bytes.size());
  const std::span<unsigned char> output(scratch(packed, room), room);
  std::size_t size = 0;
  if (options.gzip_level == kStridedLevel) {
    // In a shuffled chunk one row back is `row` bytes back in every byte plane.
    const std::size_t row = row_elements(options.chunk);
    size = strided_deflate(input, shuffle ? row : row * element_size, 0, output);
  } else {
    thread_local Deflater deflater;
    size = deflater.compress(input, output, options.gzip_level);
  }
  if (size == 0) {
    const unsigned deflate_index = options.shuffle ? 1 : 0; // position in the pipeline
    chunk.filter_mask |= 1U << deflate_index;
    chunk.bytes.assign(input.begin(), input.end());
    return chunk;
  }
  chunk.bytes.assign(output.begin(), output.begin() + static_cast<std::ptrdiff_t>(size));
  return chunk;
}

void skip_cleanup_at_exit() noexcept
{
  static_cast<void>(H5dont_atexit());
}

ElementType element_type_of(DType dtype) noexcept
{
  switch (dtype) {
  case DType::float32:
    return ElementType::float32;
  case DType::float64:
    return ElementType::float64;
  case DType::int8:
    return ElementType::int8;
  case DType::int32:
    return ElementType::int32;
  }
  return ElementType::other;
}

std::string_view to_string(ElementType type) noexcept
{
  switch (type) {
  case ElementType::float32:
    return "float32";
  case ElementType::float64:
    return "float64";
  case ElementType::int8:
    return "int8";
  case ElementType::int32:
    return "int32";
  case ElementType::int64:
    return "int64";
  case ElementType::uint64:
    return "uint64";
  case ElementType::string:
    return "string";
  case ElementType::other:
    break;
  }
  return "other";
}

// ---- Handle ----

Handle& Handle::operator=(Handle&& other) noexcept
{
  if (this != &other) {
    static_cast<void>(close());
    id_ = other.id_;
    close_ = other.close_;
    other.id_ = -1;
  }
  return *this;
}

int Handle::close() noexcept
{
  silence_hdf5_errors();
  if (id_ < 0 || close_ == nullptr) {
    id_ = -1;
    return 0;
  }
  const int status = close_(id_);
  id_ = -1;
  return status;
}

// ---- Object ----

Object::Object(Handle handle, std::string file_name, std::string path) noexcept
    : handle_(std::move(handle)), file_name_(std::move(file_name)), path_(std::move(path))
{
}

Id Object::id() const noexcept
{
  silence_hdf5_errors();
  return handle_.get();
}

std::string Object::describe() const
{
  return path_.empty() ? std::string("root group") : fmt::format("dataset '{}'", path_);
}

void Object::fail(std::string_view what) const
{
  throw_io(file_name_, what);
}

Handle Object::checked(Id id, Handle::CloseFn closer, std::string_view what) const
{
  if (id < 0) {
    fail(what);
  }
  return {id, closer};
}

bool Object::has_attribute(std::string_view name) const
{
  const std::string key(name);
  const htri_t exists = H5Aexists(id(), key.c_str());
  if (exists < 0) {
    fail(fmt::format("cannot look up attribute '{}' of {}", name, describe()));
  }
  return exists > 0;
}

void Object::write_string_attribute(std::string_view name, std::string_view value)
{
  const std::string key(name);
  const std::string text(value);
  if (has_attribute(name) && H5Adelete(id(), key.c_str()) < 0) {
    fail(fmt::format("cannot replace attribute '{}' of {}", name, describe()));
  }
  const Handle type = string_type();
  const Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "cannot create dataspace");
  const Handle attribute = checked(H5Acreate2(id(), key.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                   H5Aclose, fmt::format("cannot create attribute '{}' of {}", name, describe()));
  const char* pointer = text.c_str();
  if (H5Awrite(attribute.get(), type.get(), &pointer) < 0) {
    fail(fmt::format("cannot write attribute '{}' of {}", name, describe()));
  }
}

void Object::write_attribute_raw(std::string_view name, ElementType type, const void* data, std::size_t count,
                                 bool scalar)
{
  const std::string key(name);
  if (has_attribute(name) && H5Adelete(id(), key.c_str()) < 0) {
    fail(fmt::format("cannot replace attribute '{}' of {}", name, describe()));
  }
  const hsize_t dims[1] = {count};
  const Handle space =
      checked(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, nullptr), H5Sclose, "cannot create dataspace");
  const Handle stored = file_type(type);
  const Handle memory = memory_type(type);
  const Handle attribute = checked(H5Acreate2(id(), key.c_str(), stored.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                   H5Aclose, fmt::format("cannot create attribute '{}' of {}", name, describe()));
  if (count > 0 && H5Awrite(attribute.get(), memory.get(), data) < 0) {
    fail(fmt::format("cannot write attribute '{}' of {}", name, describe()));
  }
}

std::size_t Object::attribute_size(std::string_view name) const
{
  if (!has_attribute(name)) {
    fail(fmt::format("{} has no attribute '{}'", describe(), name));
  }
  const std::string key(name);
  const Handle attribute = checked(H5Aopen(id(), key.c_str(), H5P_DEFAULT), H5Aclose,
                                   fmt::format("cannot open attribute '{}' of {}", name, describe()));
  const Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, "cannot get attribute dataspace");
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  if (points < 0) {
    fail(fmt::format("cannot size attribute '{}' of {}", name, describe()));
  }
  return static_cast<std::size_t>(points);
}

void Object::read_attribute_raw(std::string_view name, ElementType type, void* data, std::size_t count) const
{
  const std::string key(name);
  const Handle attribute = checked(H5Aopen(id(), key.c_str(), H5P_DEFAULT), H5Aclose,
                                   fmt::format("cannot open attribute '{}' of {}", name, describe()));
  const Handle stored = checked(H5Aget_type(attribute.get()), H5Tclose, "cannot get attribute type");
  if (!is_numeric(classify(stored.get()))) {
    throw IoError(fmt::format("{}: attribute '{}' of {} is not numeric", file_name_, name, describe()));
  }
  const Handle memory = memory_type(type);
  if (count > 0 && H5Aread(attribute.get(), memory.get(), data) < 0) {
    fail(fmt::format("cannot read attribute '{}' of {}", name, describe()));
  }
}

std::string Object::read_string_attribute_or_empty(std::string_view name) const
{
  return has_attribute(name) ? read_string_attribute(name) : std::string{};
}

std::string Object::read_string_attribute(std::string_view name) const
{
  if (!has_attribute(name)) {
    fail(fmt::format("{} has no attribute '{}'", describe(), name));
  }
  const std::string key(name);
  const Handle attribute = checked(H5Aopen(id(), key.c_str(), H5P_DEFAULT), H5Aclose,
                                   fmt::format("cannot open attribute '{}' of {}", name, describe()));
  const Handle stored = checked(H5Aget_type(attribute.get()), H5Tclose, "cannot get attribute type");
  const Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, "cannot get attribute dataspace");
  if (H5Tget_class(stored.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw IoError(fmt::format("{}: attribute '{}' of {} is not a single string", file_name_, name, describe()));
  }
  if (H5Tis_variable_str(stored.get()) > 0) {
    const Handle memory = string_type();
    char* pointer = nullptr;
    if (H5Aread(attribute.get(), memory.get(), &pointer) < 0) {
      fail(fmt::format("cannot read attribute '{}' of {}", name, describe()));
    }
    std::string value = pointer != nullptr ? pointer : "";
    H5free_memory(pointer);
    return value;
  }
  // Fixed-length strings, as other tools may write them: read the raw bytes, stop at the first NUL.
  const std::size_t size = H5Tget_size(stored.get());
  std::string buffer(size, '\0');
  if (H5Aread(attribute.get(), stored.get(), buffer.data()) < 0) {
    fail(fmt::format("cannot read attribute '{}' of {}", name, describe()));
  }
  buffer.resize(std::strlen(buffer.c_str()));
  return buffer;
}

// ---- Dataset ----

std::vector<std::uint64_t> Dataset::shape() const
{
  const Handle space(H5Dget_space(id()), H5Sclose);
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank < 0) {
    fail(fmt::format("cannot get the shape of '{}'", path_));
  }
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return {dims.begin(), dims.end()};
}

std::size_t Dataset::rank() const
{
  if (rank_ < 0) {
    rank_ = static_cast<int>(shape().size());
  }
  return static_cast<std::size_t>(rank_);
}

ElementType Dataset::element_type() const
{
  const Handle type = checked(H5Dget_type(id()), H5Tclose, fmt::format("cannot get type of '{}'", path_));
  return classify(type.get());
}

std::size_t Dataset::element_count() const
{
  return static_cast<std::size_t>(product(shape()));
}

std::size_t Dataset::check_widths(const std::string* data, std::size_t size) const
{
  const Handle stored = checked(H5Dget_type(id()), H5Tclose, fmt::format("cannot get the type of '{}'", path_));
  if (H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) > 0) {
    return 0;
  }
  const std::size_t width = H5Tget_size(stored.get());
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i].size() > width) {
      throw IoError(fmt::format("{}: '{}' is longer than the {} bytes of '{}'", file_name_, data[i], width, path_));
    }
  }
  return width;
}

void Dataset::write_strings(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count,
                            const std::string* data, std::size_t size)
{
  const std::size_t width = check_widths(data, size);
  if (width == 0) {
    std::vector<const char*> pointers(size);
    for (std::size_t i = 0; i < size; ++i) {
      pointers[i] = data[i].c_str();
    }
    write_raw(offset, count, ElementType::string, pointers.data(), size);
    return;
  }
  std::vector<char> packed(size * width, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    std::copy(data[i].begin(), data[i].end(), packed.begin() + static_cast<std::ptrdiff_t>(i * width));
  }
  write_raw(offset, count, ElementType::string, packed.data(), size, width);
}

void Dataset::write_raw(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count, ElementType type,
                        const void* data, std::size_t size, std::size_t string_width)
{
  const std::vector<std::uint64_t> dims = shape();
  const bool whole = offset.empty();
  if (!whole && (offset.size() != dims.size() || count.size() != dims.size())) {
    throw IoError(fmt::format("{}: '{}' has {} axes, slab has {}", file_name_, path_, dims.size(), offset.size()));
  }
  const std::uint64_t expected = whole ? product(dims) : product(count);
  if (size != expected) {
    throw IoError(fmt::format("{}: writing {} values to '{}', expected {}", file_name_, size, path_, expected));
  }
  if ((type == ElementType::string) != (element_type() == ElementType::string)) {
    throw IoError(fmt::format("{}: cannot write {} data to {} dataset '{}'", file_name_, to_string(type),
                              to_string(element_type()), path_));
  }
  if (size == 0) {
    return;
  }
  const Handle memory = string_width > 0 ? fixed_string_type(string_width) : memory_type(type);
  const Handle transfer = transfer_for(id(), memory.get(), size);
  if (whole) {
    if (H5Dwrite(id(), memory.get(), H5S_ALL, H5S_ALL, transfer.get(), data) < 0) {
      fail(fmt::format("cannot write dataset '{}'", path_));
    }
    return;
  }
  const Handle file_space = checked(H5Dget_space(id()), H5Sclose, fmt::format("cannot get dataspace of '{}'", path_));
  const std::vector<hsize_t> start = to_hsize(offset);
  const std::vector<hsize_t> block = to_hsize(count);
  if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, block.data(), nullptr) < 0) {
    fail(fmt::format("cannot select a slab of '{}'", path_));
  }
  const Handle memory_space = checked(H5Screate_simple(static_cast<int>(block.size()), block.data(), nullptr), H5Sclose,
                                      "cannot create dataspace");
  if (H5Dwrite(id(), memory.get(), memory_space.get(), file_space.get(), transfer.get(), data) < 0) {
    fail(fmt::format("cannot write a slab of '{}'", path_));
  }
}

void Dataset::write_chunk(std::span<const std::uint64_t> offset, const FilteredChunk& chunk)
{
  if (offset.size() != rank()) {
    throw IoError(fmt::format("{}: '{}' has {} axes, chunk offset has {}", file_name_, path_, rank(), offset.size()));
  }
  const std::vector<hsize_t> start = to_hsize(offset);
  if (H5Dwrite_chunk(id(), H5P_DEFAULT, chunk.filter_mask, start.data(), chunk.bytes.size(), chunk.bytes.data()) < 0) {
    fail(fmt::format("cannot write a chunk of '{}'", path_));
  }
}

FilteredChunk Dataset::read_chunk(std::span<const std::uint64_t> offset) const
{
  const std::vector<hsize_t> start = to_hsize(offset);
  hsize_t size = 0;
  if (offset.size() != rank() || H5Dget_chunk_storage_size(id(), start.data(), &size) < 0) {
    fail(fmt::format("cannot find the chunk of '{}' at that offset", path_));
  }
  FilteredChunk chunk;
  chunk.bytes.resize(size);
  uint32_t mask = 0;
  if (H5Dread_chunk(id(), H5P_DEFAULT, start.data(), &mask, chunk.bytes.data()) < 0) {
    fail(fmt::format("cannot read a chunk of '{}'", path_));
  }
  chunk.filter_mask = mask;
  return chunk;
}

ChunkPlace Dataset::chunk_place(std::span<const std::uint64_t> offset) const
{
  const std::vector<hsize_t> start = to_hsize(offset);
  unsigned mask = 0;
  haddr_t address = HADDR_UNDEF;
  hsize_t size = 0;
  if (offset.size() != rank() || H5Dget_chunk_info_by_coord(id(), start.data(), &mask, &address, &size) < 0 ||
      address == HADDR_UNDEF) {
    fail(fmt::format("cannot find the chunk of '{}' at that offset", path_));
  }
  return {address, size, mask};
}

std::uint64_t Dataset::header_address() const
{
  H5O_info_t info{};
  if (H5Oget_info2(id(), &info, H5O_INFO_BASIC) < 0) {
    fail(fmt::format("cannot look up the object header of '{}'", path_));
  }
  return info.addr;
}

std::optional<DatasetOptions> Dataset::storage() const
{
  const Handle creation = checked(H5Dget_create_plist(id()), H5Pclose, fmt::format("cannot inspect '{}'", path_));
  DatasetOptions options;
  if (H5Pget_layout(creation.get()) != H5D_CHUNKED) {
    return H5Pget_nfilters(creation.get()) == 0 ? std::optional(options) : std::nullopt;
  }
  const int rank = H5Pget_chunk(creation.get(), 0, nullptr);
  std::vector<hsize_t> chunk(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank <= 0 || H5Pget_chunk(creation.get(), rank, chunk.data()) != rank) {
    fail(fmt::format("cannot read the chunk shape of '{}'", path_));
  }
  options.chunk.assign(chunk.begin(), chunk.end());
  const int filters = H5Pget_nfilters(creation.get());
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0;
    std::size_t count = 1;
    unsigned values[1] = {0};
    const H5Z_filter_t filter =
        H5Pget_filter2(creation.get(), static_cast<unsigned>(i), &flags, &count, values, 0, nullptr, nullptr);
    // Only the order File creates (shuffle, then deflate) maps onto DatasetOptions.
    if (filter == H5Z_FILTER_SHUFFLE && i == 0) {
      options.shuffle = true;
    } else if (filter == H5Z_FILTER_DEFLATE && i == filters - 1 && count >= 1 && values[0] > 0) {
      options.gzip_level = static_cast<int>(values[0]);
    } else {
      return std::nullopt;
    }
  }
  return options;
}

std::uint64_t Dataset::extend_by(std::size_t size)
{
  const std::vector<std::uint64_t> dims = shape();
  if (dims.size() != 1) {
    throw IoError(fmt::format("{}: cannot append to '{}': it is not 1-D", file_name_, path_));
  }
  const hsize_t grown[1] = {dims[0] + size};
  if (size > 0 && H5Dset_extent(id(), grown) < 0) {
    fail(fmt::format("cannot extend dataset '{}'", path_));
  }
  return dims[0];
}

void Dataset::make_scale(std::string_view dimension_name)
{
  const std::string name(dimension_name);
  if (H5DSset_scale(id(), name.c_str()) < 0) {
    fail(fmt::format("cannot make '{}' a dimension scale", path_));
  }
}

void Dataset::attach_scale(const Dataset& scale, unsigned axis)
{
  if (H5DSattach_scale(id(), scale.id(), axis) < 0) {
    fail(fmt::format("cannot attach dimension scale '{}' to axis {} of '{}'", scale.path_, axis, path_));
  }
}

std::vector<std::string> Dataset::dimension_names() const
{
  std::vector<std::string> names;
  for (std::size_t axis = 0; axis < rank(); ++axis) {
    std::string name;
    const auto visit = [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
      const ssize_t length = H5DSget_scale_name(scale, nullptr, 0);
      if (length > 0) {
        std::string& text = *static_cast<std::string*>(out);
        text.resize(static_cast<std::size_t>(length) + 1);
        H5DSget_scale_name(scale, text.data(), text.size());
        text.resize(static_cast<std::size_t>(length));
      }
      return 1; // the first scale names the axis
    };
    const auto index = static_cast<unsigned>(axis);
    if (H5DSget_num_scales(id(), index) > 0) {
      H5DSiterate_scales(id(), index, nullptr, visit, &name);
    }
    names.push_back(std::move(name));
  }
  return names;
}

void Dataset::read_numeric(ElementType type, void* data) const
{
  if (!is_numeric(element_type())) {
    throw IoError(fmt::format("{}: dataset '{}' is {}, not numeric", file_name_, path_, to_string(element_type())));
  }
  if (element_count() == 0) {
    return;
  }
  const Handle memory = memory_type(type);
  if (H5Dread(id(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    fail(fmt::format("cannot read dataset '{}'", path_));
  }
}

std::vector<double> Dataset::read_as_double() const
{
  std::vector<double> values(element_count());
  read_numeric(ElementType::float64, values.data());
  return values;
}

std::vector<std::int64_t> Dataset::read_as_int64() const
{
  std::vector<std::int64_t> values(element_count());
  read_numeric(ElementType::int64, values.data());
  return values;
}

std::vector<std::string> Dataset::read_strings() const
{
  const Handle stored = checked(H5Dget_type(id()), H5Tclose, fmt::format("cannot get type of '{}'", path_));
  if (H5Tget_class(stored.get()) != H5T_STRING) {
    throw IoError(fmt::format("{}: dataset '{}' is {}, not string", file_name_, path_, to_string(element_type())));
  }
  const std::size_t count = element_count();
  std::vector<std::string> values;
  values.reserve(count);
  if (count == 0) {
    return values;
  }
  if (H5Tis_variable_str(stored.get()) > 0) {
    const Handle memory = string_type();
    std::vector<char*> pointers(count, nullptr);
    if (H5Dread(id(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
      fail(fmt::format("cannot read dataset '{}'", path_));
    }
    for (const char* pointer : pointers) {
      values.emplace_back(pointer != nullptr ? pointer : "");
    }
    const Handle space = checked(H5Dget_space(id()), H5Sclose, "cannot get dataspace");
    H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
    return values;
  }
  const std::size_t width = H5Tget_size(stored.get());
  std::vector<char> buffer(width * count, '\0');
  if (H5Dread(id(), stored.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) {
    fail(fmt::format("cannot read dataset '{}'", path_));
  }
  for (std::size_t i = 0; i < count; ++i) {
    const char* start = buffer.data() + i * width;
    values.emplace_back(start, std::find(start, start + width, '\0'));
  }
  return values;
}

std::vector<unsigned char> Dataset::read_bytes() const
{
  if (element_type() == ElementType::string) {
    std::vector<unsigned char> bytes;
    for (const std::string& text : read_strings()) {
      bytes.insert(bytes.end(), text.begin(), text.end());
      bytes.push_back('\0');
    }
    return bytes;
  }
  const Handle stored = checked(H5Dget_type(id()), H5Tclose, fmt::format("cannot get type of '{}'", path_));
  const Handle native = checked(H5Tget_native_type(stored.get(), H5T_DIR_ASCEND), H5Tclose,
                                fmt::format("cannot map the type of '{}'", path_));
  std::vector<unsigned char> bytes(H5Tget_size(native.get()) * element_count());
  if (!bytes.empty() && H5Dread(id(), native.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) < 0) {
    fail(fmt::format("cannot read dataset '{}'", path_));
  }
  return bytes;
}

std::size_t Dataset::slab_size(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count) const
{
  const std::vector<std::uint64_t> dims = shape();
  if (offset.size() != dims.size() || count.size() != dims.size()) {
    throw IoError(fmt::format("{}: '{}' has {} axes, slab has {}", file_name_, path_, dims.size(), offset.size()));
  }
  for (std::size_t axis = 0; axis < dims.size(); ++axis) {
    if (offset[axis] + count[axis] > dims[axis]) {
      throw IoError(fmt::format("{}: slab {}+{} is outside axis {} of '{}' (length {})", file_name_, offset[axis],
                                count[axis], axis, path_, dims[axis]));
    }
  }
  return static_cast<std::size_t>(product(count));
}

void Dataset::read_slab_raw(std::span<const std::uint64_t> offset, std::span<const std::uint64_t> count, Id memory,
                            void* data) const
{
  const Handle file_space = checked(H5Dget_space(id()), H5Sclose, fmt::format("cannot get dataspace of '{}'", path_));
  const std::vector<hsize_t> start = to_hsize(offset);
  const std::vector<hsize_t> block = to_hsize(count);
  if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, block.data(), nullptr) < 0) {
    fail(fmt::format("cannot select a slab of '{}'", path_));
  }
  const Handle memory_space = checked(H5Screate_simple(static_cast<int>(block.size()), block.data(), nullptr), H5Sclose,
                                      "cannot create dataspace");
  if (H5Dread(id(), memory, memory_space.get(), file_space.get(), H5P_DEFAULT, data) < 0) {
    fail(fmt::format("cannot read a slab of '{}'", path_));
  }
}

std::vector<double> Dataset::read_slab_as_double(std::span<const std::uint64_t> offset,
                                                 std::span<const std::uint64_t> count) const
{
  if (!is_numeric(element_type())) {
    throw IoError(fmt::format("{}: dataset '{}' is {}, not numeric", file_name_, path_, to_string(element_type())));
  }
  std::vector<double> values(slab_size(offset, count));
  if (!values.empty()) {
    const Handle memory = memory_type(ElementType::float64);
    read_slab_raw(offset, count, memory.get(), values.data());
  }
  return values;
}

std::vector<std::int64_t> Dataset::read_slab_as_int64(std::span<const std::uint64_t> offset,
                                                      std::span<const std::uint64_t> count) const
{
  if (!is_numeric(element_type())) {
    throw IoError(fmt::format("{}: dataset '{}' is {}, not numeric", file_name_, path_, to_string(element_type())));
  }
  std::vector<std::int64_t> values(slab_size(offset, count));
  if (!values.empty()) {
    const Handle memory = memory_type(ElementType::int64);
    read_slab_raw(offset, count, memory.get(), values.data());
  }
  return values;
}

std::vector<std::string> Dataset::read_slab_strings(std::span<const std::uint64_t> offset,
                                                    std::span<const std::uint64_t> count) const
{
  const Handle stored = checked(H5Dget_type(id()), H5Tclose, fmt::format("cannot get type of '{}'", path_));
  if (H5Tget_class(stored.get()) != H5T_STRING) {
    throw IoError(fmt::format("{}: dataset '{}' is {}, not string", file_name_, path_, to_string(element_type())));
  }
  const std::size_t size = slab_size(offset, count);
  std::vector<std::string> values;
  values.reserve(size);
  if (size == 0) {
    return values;
  }
  if (H5Tis_variable_str(stored.get()) > 0) {
    const Handle memory = string_type();
    std::vector<char*> pointers(size, nullptr);
    read_slab_raw(offset, count, memory.get(), pointers.data());
    for (const char* pointer : pointers) {
      values.emplace_back(pointer != nullptr ? pointer : "");
    }
    // HDF5 allocated the strings; the memory space of the block says how many to free.
    const std::vector<hsize_t> block = to_hsize(count);
    const Handle space = checked(H5Screate_simple(static_cast<int>(block.size()), block.data(), nullptr), H5Sclose,
                                 "cannot create dataspace");
    H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
    return values;
  }
  const std::size_t width = H5Tget_size(stored.get());
  std::vector<char> buffer(width * size, '\0');
  read_slab_raw(offset, count, stored.get(), buffer.data());
  for (std::size_t i = 0; i < size; ++i) {
    const char* start = buffer.data() + i * width;
    values.emplace_back(start, std::find(start, start + width, '\0'));
  }
  return values;
}

// ---- File ----

File File::create(const std::filesystem::path& path, const std::string& shown, std::uint64_t page_size)
{
  silence_hdf5_errors();
  const std::string name = shown.empty() ? path.string() : shown;
  const Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // Strong close: close() really closes the file even if a dataset handle is still alive.
  H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG);
  const Handle creation(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  disable_time_tracking(creation.get());
  use_paged_aggregation(creation.get(), access.get(), page_size);
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, creation.get(), access.get());
  if (file < 0) {
    throw_io(name, "cannot create file");
  }
  return File(Handle(file, H5Fclose), name, "");
}

File File::open_read(const std::filesystem::path& path, Reading reading)
{
  silence_hdf5_errors();
  const std::string name = path.string();
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    throw IoError(fmt::format("{}: no such file", name));
  }
  const Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG);
  if (reading == Reading::whole) {
    H5Pset_fapl_core(access.get(), kSmallPage, false); // no backing store: never written back
  }
  // A chunk holds eight runs: reading them one after another decompresses it once only if it
  // stays in the chunk cache, whose default of 1 MiB per dataset a scenario of many agents
  // outgrows. Memory is taken only as chunks are read.
  constexpr std::size_t kChunkCacheSlots = 10007; // a prime, as HDF5 advises
  constexpr std::size_t kChunkCacheBytes = std::size_t{16} * 1024 * 1024;
  H5Pset_cache(access.get(), 0, kChunkCacheSlots, kChunkCacheBytes, 0.75);
  const hid_t file = H5Fopen(name.c_str(), H5F_ACC_RDONLY, access.get());
  if (file < 0) {
    throw_io(name, "cannot open as an HDF5 file");
  }
  return File(Handle(file, H5Fclose), name, "");
}

void File::ensure_groups(std::string_view dataset_path)
{
  std::size_t slash = dataset_path.find('/');
  while (slash != std::string_view::npos) {
    const std::string group(dataset_path.substr(0, slash));
    const htri_t exists = H5Lexists(id(), group.c_str(), H5P_DEFAULT);
    if (exists < 0) {
      fail(fmt::format("cannot look up group '{}'", group));
    }
    if (exists == 0) {
      const Handle creation(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
      disable_time_tracking(creation.get());
      checked(H5Gcreate2(id(), group.c_str(), H5P_DEFAULT, creation.get(), H5P_DEFAULT), H5Gclose,
              fmt::format("cannot create group '{}'", group));
    }
    slash = dataset_path.find('/', slash + 1);
  }
}

Dataset File::create_dataset(std::string_view path, ElementType type, std::span<const std::uint64_t> shape,
                             const DatasetOptions& options)
{
  if (type == ElementType::other) {
    throw IoError(fmt::format("{}: cannot create dataset '{}' of type 'other'", file_name_, path));
  }
  if (!options.chunk.empty() && options.chunk.size() != shape.size()) {
    throw IoError(fmt::format("{}: chunk of '{}' has {} axes, shape has {}", file_name_, path, options.chunk.size(),
                              shape.size()));
  }
  ensure_groups(path);
  const std::string name(path);
  const std::vector<hsize_t> dims = to_hsize(shape);
  const Handle space = checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                               fmt::format("cannot create dataspace for '{}'", path));
  const Handle creation(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  disable_time_tracking(creation.get());
  if (!options.chunk.empty()) {
    const std::vector<hsize_t> chunk = to_hsize(options.chunk);
    if (H5Pset_chunk(creation.get(), static_cast<int>(chunk.size()), chunk.data()) < 0) {
      fail(fmt::format("cannot set the chunk size of '{}'", path));
    }
    if (options.shuffle) {
      H5Pset_shuffle(creation.get());
    }
    if (options.gzip_level > 0) {
      H5Pset_deflate(creation.get(), static_cast<unsigned>(options.gzip_level));
    }
  }
  if (options.nan_fill && (type == ElementType::float32 || type == ElementType::float64)) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    H5Pset_fill_value(creation.get(), H5T_NATIVE_DOUBLE, &nan);
  }
  const Handle stored = file_type(type);
  const hid_t dataset =
      H5Dcreate2(id(), name.c_str(), stored.get(), space.get(), H5P_DEFAULT, creation.get(), H5P_DEFAULT);
  if (dataset < 0) {
    fail(fmt::format("cannot create dataset '{}'", path));
  }
  return Dataset(Handle(dataset, H5Dclose), file_name_, name);
}

Dataset File::create_extendable(std::string_view path, ElementType type, std::uint64_t chunk, int gzip_level,
                                bool shuffle, std::size_t string_width)
{
  if (type == ElementType::other || chunk == 0) {
    throw IoError(fmt::format("{}: bad type or chunk for extendable dataset '{}'", file_name_, path));
  }
  ensure_groups(path);
  const std::string name(path);
  const hsize_t dims[1] = {0};
  const hsize_t max_dims[1] = {H5S_UNLIMITED};
  const Handle space =
      checked(H5Screate_simple(1, dims, max_dims), H5Sclose, fmt::format("cannot create dataspace for '{}'", path));
  const Handle creation(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  disable_time_tracking(creation.get());
  const hsize_t chunk_dims[1] = {chunk};
  H5Pset_chunk(creation.get(), 1, chunk_dims);
  if (shuffle) {
    H5Pset_shuffle(creation.get());
  }
  if (gzip_level > 0) {
    H5Pset_deflate(creation.get(), static_cast<unsigned>(gzip_level));
  }
  const Handle stored =
      type == ElementType::string && string_width > 0 ? fixed_string_type(string_width) : file_type(type);
  const hid_t dataset =
      H5Dcreate2(id(), name.c_str(), stored.get(), space.get(), H5P_DEFAULT, creation.get(), H5P_DEFAULT);
  if (dataset < 0) {
    fail(fmt::format("cannot create dataset '{}'", path));
  }
  return Dataset(Handle(dataset, H5Dclose), file_name_, name);
}

bool File::has_dataset(std::string_view path) const
{
  // H5Lexists fails rather than answering "no" when a parent group is missing, so walk down.
  std::size_t slash = path.find('/');
  while (true) {
    const std::string prefix(path.substr(0, slash));
    if (prefix.empty() || H5Lexists(id(), prefix.c_str(), H5P_DEFAULT) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
    if (slash == std::string_view::npos) {
      break;
    }
    slash = path.find('/', slash + 1);
  }
  const std::string name(path);
  const Handle object(H5Oopen(id(), name.c_str(), H5P_DEFAULT), H5Oclose);
  return object.valid() && H5Iget_type(object.get()) == H5I_DATASET;
}

Dataset File::open_dataset(std::string_view path) const
{
  if (!has_dataset(path)) {
    throw IoError(fmt::format("{}: no dataset '{}'", file_name_, path));
  }
  const std::string name(path);
  Handle dataset =
      checked(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), H5Dclose, fmt::format("cannot open dataset '{}'", path));
  return Dataset(std::move(dataset), file_name_, name);
}

std::vector<DatasetEntry> File::list_datasets() const
{
  VisitState state;
  if (H5Lvisit(id(), H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &state) < 0) {
    fail("cannot list the datasets");
  }
  std::sort(state.datasets.begin(), state.datasets.end());
  std::vector<DatasetEntry> entries;
  entries.reserve(state.datasets.size());
  for (const std::string& path : state.datasets) {
    const Dataset dataset = open_dataset(path);
    entries.push_back({path, dataset.shape(), dataset.element_type()});
  }
  return entries;
}

void File::flush()
{
  if (H5Fflush(id(), H5F_SCOPE_GLOBAL) < 0) {
    fail("cannot flush file");
  }
}

void File::close()
{
  flush();
  if (handle_.close() < 0) {
    throw_io(file_name_, "cannot close file");
  }
}

} // namespace hedgesim::io::h5
