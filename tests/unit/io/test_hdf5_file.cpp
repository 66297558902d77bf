#include "hedgesim/io/hdf5_file.hpp"

#include "hedgesim/core/error.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace hedgesim::io::h5 {
namespace {

namespace fs = std::filesystem;

// Each test gets its own directory, removed afterwards.
class Hdf5FileTest : public ::testing::Test {
protected:
  void SetUp() override
  {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = fs::temp_directory_path() / ("hedgesim-h5-test-" + std::to_string(stamp) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  void TearDown() override
  {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  [[nodiscard]] fs::path file(const std::string& name) const { return dir_ / name; }

  fs::path dir_;
};

TEST_F(Hdf5FileTest, AttributesRoundTrip)
{
  const fs::path path = file("attrs.h5");
  {
    File out = File::create(path);
    out.write_string_attribute("filetype", "hedgesim.history");
    out.write_string_attribute("utf8", "Việt Nam");
    out.write_string_attribute("empty", "");
    out.write_array_attribute("format_version", std::array<std::int32_t, 2>{1, 7});
    out.write_attribute("seed", std::numeric_limits<std::uint64_t>::max());
    out.write_attribute("ratio", 0.125);
    out.write_attribute("small", std::int8_t{-3});
    out.write_string_attribute("filetype", "replaced"); // overwriting must work
    out.close();
  }
  const File in = File::open_read(path);
  EXPECT_EQ(in.read_string_attribute("filetype"), "replaced");
  EXPECT_EQ(in.read_string_attribute("utf8"), "Việt Nam");
  EXPECT_EQ(in.read_string_attribute("empty"), "");
  EXPECT_EQ(in.read_attribute<std::int32_t>("format_version"), (std::vector<std::int32_t>{1, 7}));
  EXPECT_EQ(in.read_attribute<std::uint64_t>("seed"),
            std::vector<std::uint64_t>{std::numeric_limits<std::uint64_t>::max()});
  EXPECT_EQ(in.read_attribute<double>("ratio"), std::vector<double>{0.125});
  EXPECT_EQ(in.read_attribute<std::int64_t>("small"), std::vector<std::int64_t>{-3});
  EXPECT_TRUE(in.has_attribute("seed"));
  EXPECT_FALSE(in.has_attribute("missing"));
  EXPECT_THROW(static_cast<void>(in.read_string_attribute("missing")), IoError);
  EXPECT_THROW(static_cast<void>(in.read_string_attribute("seed")), IoError);
  EXPECT_THROW(static_cast<void>(in.read_attribute<double>("filetype")), IoError);
}

TEST_F(Hdf5FileTest, EveryElementTypeRoundTrips)
{
  const fs::path path = file("types.h5");
  const std::vector<float> f32{1.5F, -2.25F, 3.0F, 4.0F};
  const std::vector<double> f64{0.1, 0.2, 0.3, 0.4};
  const std::vector<std::int8_t> i8{-128, 0, 1, 127};
  const std::vector<std::int32_t> i32{-5, 6, 7, 2147483647};
  const std::vector<std::int64_t> i64{-9000000000, 1, 2, 3};
  const std::vector<std::string> text{"a", "", "ünïcode", "long string with spaces"};
  const std::array<std::uint64_t, 2> shape{2, 2};
  {
    File out = File::create(path);
    out.create_dataset("f32", ElementType::float32, shape).write(f32);
    out.create_dataset("deep/er/f64", ElementType::float64, shape).write(f64);
    out.create_dataset("i8", ElementType::int8, shape).write(i8);
    out.create_dataset("i32", ElementType::int32, shape).write(i32);
    out.create_dataset("i64", ElementType::int64, shape).write(i64);
    out.create_dataset("text", ElementType::string, shape).write(text);
    out.close();
  }
  const File in = File::open_read(path);
  EXPECT_EQ(in.open_dataset("f32").read_as_double(), (std::vector<double>{1.5, -2.25, 3.0, 4.0}));
  EXPECT_EQ(in.open_dataset("deep/er/f64").read_as_double(), f64);
  EXPECT_EQ(in.open_dataset("i8").read_as_int64(), (std::vector<std::int64_t>{-128, 0, 1, 127}));
  EXPECT_EQ(in.open_dataset("i32").read_as_int64(), (std::vector<std::int64_t>{-5, 6, 7, 2147483647}));
  EXPECT_EQ(in.open_dataset("i64").read_as_int64(), i64);
  EXPECT_EQ(in.open_dataset("text").read_strings(), text);
  EXPECT_THROW(static_cast<void>(in.open_dataset("text").read_as_double()), IoError);
  EXPECT_THROW(static_cast<void>(in.open_dataset("i32").read_strings()), IoError);

  const std::vector<unsigned char> bytes = in.open_dataset("i32").read_bytes();
  ASSERT_EQ(bytes.size(), i32.size() * sizeof(std::int32_t));
  EXPECT_EQ(std::memcmp(bytes.data(), i32.data(), bytes.size()), 0);

  const std::vector<DatasetEntry> entries = in.list_datasets();
  std::vector<std::string> paths;
  for (const DatasetEntry& entry : entries) {
    paths.push_back(entry.path);
    EXPECT_EQ(entry.shape, (std::vector<std::uint64_t>{2, 2}));
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"deep/er/f64", "f32", "i32", "i64", "i8", "text"}));
  EXPECT_EQ(entries[0].type, ElementType::float64);
  EXPECT_EQ(entries[1].type, ElementType::float32);
  EXPECT_EQ(entries[4].type, ElementType::int8);
  EXPECT_EQ(entries[5].type, ElementType::string);
}

TEST_F(Hdf5FileTest, SlabsCompressionAndNanFill)
{
  const fs::path path = file("slab.h5");
  {
    File out = File::create(path);
    const std::array<std::uint64_t, 2> shape{3, 2};
    DatasetOptions options;
    options.chunk = {1, 2};
    options.gzip_level = 4;
    options.shuffle = true;
    options.nan_fill = true;
    Dataset data = out.create_dataset("data", ElementType::float32, shape, options);
    const std::array<std::uint64_t, 2> offset{2, 0};
    const std::array<std::uint64_t, 2> count{1, 2};
    data.write_slab(offset, count, std::vector<float>{7.0F, 8.0F});
    EXPECT_THROW(data.write_slab(offset, count, std::vector<float>{1.0F}), IoError);
    EXPECT_THROW(data.write(std::vector<std::string>(6, "x")), IoError);
    out.close();
  }
  const std::vector<double> values = File::open_read(path).open_dataset("data").read_as_double();
  ASSERT_EQ(values.size(), 6U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(std::isnan(values[i])) << i;
  }
  EXPECT_EQ(values[4], 7.0);
  EXPECT_EQ(values[5], 8.0);
}

TEST_F(Hdf5FileTest, ExtendableAppendAndScales)
{
  const fs::path path = file("ext.h5");
  {
    File out = File::create(path);
    Dataset index = out.create_extendable("events/event", ElementType::int64, 4);
    index.append(std::vector<std::int64_t>{0, 1, 2});
    index.append(std::vector<std::int64_t>{3, 4, 5, 6});
    index.append(std::vector<std::int64_t>{});
    index.make_scale("event");
    Dataset names = out.create_extendable("events/type", ElementType::string, 4, 4, false);
    names.append(std::vector<std::string>{"a", "b"});
    names.append(std::vector<std::string>{"c", "d", "e", "f", "g"});
    names.attach_scale(index, 0);
    EXPECT_THROW(names.attach_scale(index, 3), IoError);
    out.close();
  }
  const File in = File::open_read(path);
  EXPECT_EQ(in.open_dataset("events/event").read_as_int64(), (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(in.open_dataset("events/type").read_strings(),
            (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"}));
  const Dataset scale = in.open_dataset("events/event");
  EXPECT_EQ(scale.read_string_attribute("CLASS"), "DIMENSION_SCALE");
  EXPECT_EQ(scale.read_string_attribute("NAME"), "event");
  EXPECT_TRUE(scale.has_attribute("REFERENCE_LIST"));
  EXPECT_TRUE(in.open_dataset("events/type").has_attribute("DIMENSION_LIST"));
}

TEST_F(Hdf5FileTest, FixedWidthStringsRoundTripAndRefuseWhatDoesNotFit)
{
  const fs::path path = file("fixed.h5");
  {
    File out = File::create(path);
    Dataset ids = out.create_extendable("events/actor", ElementType::string, 4, 0, false, 5);
    ids.append(std::vector<std::string>{"china", "", "eu"}); // one exactly as wide as the column
    ids.append(std::vector<std::string>{"ru", "kz"});
    // Nothing is cut short: a value wider than the column is an error, and nothing is added.
    EXPECT_THROW(ids.append(std::vector<std::string>{"kazakhstan"}), IoError);
    EXPECT_EQ(ids.shape(), (std::vector<std::uint64_t>{5}));
    out.close();
  }
  const File in = File::open_read(path);
  const Dataset ids = in.open_dataset("events/actor");
  EXPECT_EQ(ids.element_type(), ElementType::string);
  EXPECT_EQ(ids.read_strings(), (std::vector<std::string>{"china", "", "eu", "ru", "kz"}));
}

TEST_F(Hdf5FileTest, LookupsAndFailuresNameTheFile)
{
  const fs::path path = file("lookups.h5");
  {
    File out = File::create(path);
    const std::array<std::uint64_t, 1> shape{1};
    out.create_dataset("group/value", ElementType::int32, shape).write(std::vector<std::int32_t>{1});
    out.close();
  }
  const File in = File::open_read(path);
  EXPECT_TRUE(in.has_dataset("group/value"));
  EXPECT_FALSE(in.has_dataset("group"));
  EXPECT_FALSE(in.has_dataset("nope/value"));
  EXPECT_FALSE(in.has_dataset(""));
  try {
    static_cast<void>(in.open_dataset("nope/value"));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": no dataset 'nope/value'");
  }

  try {
    static_cast<void>(File::open_read(file("missing.h5")));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()), file("missing.h5").string() + ": no such file");
  }

  const fs::path junk = file("junk.h5");
  std::ofstream(junk) << "not hdf5\n";
  try {
    static_cast<void>(File::open_read(junk));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(junk.string() + ": cannot open as an HDF5 file", 0), 0U) << e.what();
  }

  EXPECT_THROW(static_cast<void>(File::create(dir_ / "no-such-dir" / "x.h5")), IoError);
}

TEST(Hdf5FilterChunk, ShuffleLaysOutByteJOfElementIAtJTimesNPlusI)
{
  DatasetOptions shuffle_only;
  shuffle_only.shuffle = true;
  // Little-endian in the file: element i has bytes 4i+1 .. 4i+4.
  const std::vector<std::int32_t> values{0x04030201, 0x08070605, 0x0c0b0a09};
  const FilteredChunk chunk = filter_chunk(values, shuffle_only);
  EXPECT_EQ(chunk.bytes, (std::vector<unsigned char>{1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12}));
  EXPECT_EQ(chunk.filter_mask, 0U);

  // A tail shorter than one element stays at the end, as HDF5's filter leaves it.
  const std::vector<unsigned char> odd{1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(filter_chunk(odd, 2, shuffle_only).bytes, (std::vector<unsigned char>{1, 3, 5, 2, 4, 6, 7}));
  // One-byte elements and a single element are left as they are.
  EXPECT_EQ(filter_chunk(odd, 1, shuffle_only).bytes, odd);
  EXPECT_EQ(filter_chunk(std::vector<std::int32_t>{0x04030201}, shuffle_only).bytes,
            (std::vector<unsigned char>{1, 2, 3, 4}));
  EXPECT_EQ(filter_chunk(values, DatasetOptions{}).bytes.size(), 12U); // no filters: the raw bytes

  // Four-byte elements go 16 at a time, then one by one: 37 covers both.
  std::vector<std::int32_t> many(37);
  for (std::size_t i = 0; i < many.size(); ++i) {
    many[i] = static_cast<std::int32_t>(0x01000000U * (i + 1) + 0x010000U * (i + 2) + 0x0100U * (i + 3) + (i + 4));
  }
  const std::vector<unsigned char> laid_out = filter_chunk(many, shuffle_only).bytes;
  ASSERT_EQ(laid_out.size(), 4 * many.size());
  for (std::size_t i = 0; i < many.size(); ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      EXPECT_EQ(laid_out[j * many.size() + i], static_cast<unsigned char>(i + 4 - j)) << i << ", " << j;
    }
  }
}

// Writes row 1 of a [3, 4, 5] dataset once through HDF5's filter pipeline and once as a chunk
// filtered by filter_chunk; both must read back the same data through HDF5's own filters.
// (The compressed bytes differ: filter_chunk deflates with libdeflate or, at kStridedLevel, with
// strided_deflate; HDF5 with zlib.)
template <Numeric T>
void expect_direct_chunk_matches_pipeline(const fs::path& path, const std::vector<T>& row, bool nan_fill, int level)
{
  SCOPED_TRACE("deflate level " + std::to_string(level));
  const std::array<std::uint64_t, 3> shape{3, 4, 5};
  const std::array<std::uint64_t, 3> offset{1, 0, 0};
  const std::array<std::uint64_t, 3> count{1, 4, 5};
  DatasetOptions options;
  options.chunk = {1, 4, 5};
  options.gzip_level = level;
  options.shuffle = true;
  options.nan_fill = nan_fill;
  {
    File out = File::create(path);
    out.create_dataset("pipeline", element_type_of<T>(), shape, options).write_slab(offset, count, row);
    Dataset direct = out.create_dataset("direct", element_type_of<T>(), shape, options);
    direct.write_chunk(offset, filter_chunk(row, options));
    EXPECT_THROW(direct.write_chunk(std::array<std::uint64_t, 1>{0}, filter_chunk(row, options)), IoError);
    out.close();
  }
  const File in = File::open_read(path);
  const Dataset pipeline = in.open_dataset("pipeline");
  const Dataset direct = in.open_dataset("direct");
  EXPECT_EQ(direct.read_bytes(), pipeline.read_bytes());
  const FilteredChunk stored = direct.read_chunk(offset);
  EXPECT_EQ(stored.bytes, filter_chunk(row, options).bytes); // stored as given, and deterministic
  EXPECT_EQ(stored.filter_mask, pipeline.read_chunk(offset).filter_mask);
  EXPECT_EQ(stored.filter_mask, 0U); // every filter applied
  if constexpr (sizeof(T) > 1) {     // 20 bytes of int8 are too few to gain from deflate's header
    EXPECT_LT(stored.bytes.size(), row.size() * sizeof(T)); // really compressed
  }

  const std::vector<double> values = direct.read_as_double();
  ASSERT_EQ(values.size(), 60U);
  for (std::size_t i = 0; i < row.size(); ++i) {
    ASSERT_EQ(values[20 + i], static_cast<double>(row[i])) << i;
  }
  EXPECT_EQ(std::isnan(values[0]), nan_fill); // untouched chunks read as the fill value
}

TEST_F(Hdf5FileTest, DirectChunkReadsBackLikeThePipeline)
{
  std::vector<float> f32(20);
  std::vector<double> f64(20);
  std::vector<std::int8_t> i8(20);
  std::vector<std::int32_t> i32(20);
  for (std::size_t i = 0; i < 20; ++i) {
    f32[i] = 0.25F * static_cast<float>(i % 7) - 1.0F;
    f64[i] = 2020.0 + static_cast<double>(i / 4) / 12.0;
    i8[i] = static_cast<std::int8_t>(static_cast<int>(i % 3) - 1);
    i32[i] = static_cast<std::int32_t>(i * i * 1000) - 7;
  }
  for (const int level : {4, kStridedLevel}) {
    expect_direct_chunk_matches_pipeline(file("f32.h5"), f32, true, level);
    expect_direct_chunk_matches_pipeline(file("f64.h5"), f64, true, level);
    expect_direct_chunk_matches_pipeline(file("i8.h5"), i8, false, level);
    expect_direct_chunk_matches_pipeline(file("i32.h5"), i32, false, level);
  }
}

TEST_F(Hdf5FileTest, DirectChunkOfIncompressibleDataMatchesThePipeline)
{
  std::mt19937_64 random(42);
  std::vector<std::int32_t> noise(4000);
  for (std::int32_t& value : noise) {
    value = static_cast<std::int32_t>(random());
  }
  const std::array<std::uint64_t, 2> shape{2, 4000};
  const std::array<std::uint64_t, 2> offset{1, 0};
  const std::array<std::uint64_t, 2> count{1, 4000};
  DatasetOptions options;
  options.chunk = {1, 4000};
  options.gzip_level = 9;
  options.shuffle = false; // deflate alone: filter 0
  const fs::path path = file("noise.h5");
  {
    File out = File::create(path);
    out.create_dataset("pipeline", ElementType::int32, shape, options).write_slab(offset, count, noise);
    out.create_dataset("direct", ElementType::int32, shape, options).write_chunk(offset, filter_chunk(noise, options));
    out.close();
  }
  const File in = File::open_read(path);
  const FilteredChunk stored = in.open_dataset("pipeline").read_chunk(offset);
  const FilteredChunk direct = in.open_dataset("direct").read_chunk(offset);
  EXPECT_EQ(direct.bytes, stored.bytes);
  EXPECT_EQ(direct.filter_mask, stored.filter_mask);
  EXPECT_EQ(in.open_dataset("direct").read_bytes(), in.open_dataset("pipeline").read_bytes());
}

TEST_F(Hdf5FileTest, ReadingWholeGivesTheSameChunksAndLeavesTheFileAsItWas)
{
  const std::array<std::uint64_t, 2> shape{3, 500};
  std::vector<double> values(1500);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = std::sin(static_cast<double>(i) * 0.01);
  }
  DatasetOptions options;
  options.chunk = {1, 500};
  options.gzip_level = 4;
  options.shuffle = true;
  const fs::path path = file("whole.h5");
  {
    File out = File::create(path);
    out.create_dataset("x", ElementType::float64, shape, options)
        .write_slab(std::array<std::uint64_t, 2>{0, 0}, shape, values);
    out.close();
  }
  std::ifstream before_stream(path, std::ios::binary);
  const std::vector<char> before{std::istreambuf_iterator<char>(before_stream), {}};
  {
    const File streamed = File::open_read(path);
    const File whole = File::open_read(path, File::Reading::whole);
    for (std::uint64_t run = 0; run < 3; ++run) {
      const std::array<std::uint64_t, 2> offset{run, 0};
      const FilteredChunk a = streamed.open_dataset("x").read_chunk(offset);
      const FilteredChunk b = whole.open_dataset("x").read_chunk(offset);
      EXPECT_EQ(a.bytes, b.bytes) << run;
      EXPECT_EQ(a.filter_mask, b.filter_mask) << run;
    }
    EXPECT_EQ(whole.open_dataset("x").read_as_double(), values);
  }
  std::ifstream after_stream(path, std::ios::binary);
  const std::vector<char> after{std::istreambuf_iterator<char>(after_stream), {}};
  EXPECT_EQ(after, before); // read into memory, never written back
  EXPECT_THROW(File::open_read(file("missing.h5"), File::Reading::whole), IoError);
}

TEST(Hdf5ElementType, Names)
{
  EXPECT_EQ(to_string(ElementType::float32), "float32");
  EXPECT_EQ(to_string(ElementType::int8), "int8");
  EXPECT_EQ(to_string(ElementType::string), "string");
  static_assert(element_type_of<std::int32_t>() == ElementType::int32);
  static_assert(element_type_of<double>() == ElementType::float64);
}

} // namespace
} // namespace hedgesim::io::h5
