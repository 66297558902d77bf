#include "hedgesim/io/strided_deflate.hpp"

#include <gtest/gtest.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace hedgesim::io {
namespace {

using Bytes = std::vector<unsigned char>;

Bytes compress(const Bytes& input, std::size_t stride, std::size_t block_size)
{
  Bytes out(input.size() + input.size() / 8 + 1024);
  const std::size_t size = strided_deflate(input, stride, block_size, out);
  out.resize(size);
  return out;
}

// Inflated by zlib (which HDF5's deflate filter uses) and by libdeflate; both must agree with the input.
void expect_round_trip(const Bytes& input, std::size_t stride, std::size_t block_size, const std::string& label)
{
  SCOPED_TRACE(label + ", stride " + std::to_string(stride) + ", block " + std::to_string(block_size));
  const Bytes packed = compress(input, stride, block_size);
  ASSERT_GT(packed.size(), 0U);
  Bytes by_zlib(input.size() + 1);
  uLongf size = by_zlib.size();
  ASSERT_EQ(uncompress(by_zlib.data(), &size, packed.data(), packed.size()), Z_OK);
  by_zlib.resize(size);
  EXPECT_TRUE(by_zlib == input);

  libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
  ASSERT_NE(decompressor, nullptr);
  Bytes by_libdeflate(input.size());
  std::size_t actual = 0;
  const libdeflate_result result = libdeflate_zlib_decompress(decompressor, packed.data(), packed.size(),
                                                              by_libdeflate.data(), by_libdeflate.size(), &actual);
  libdeflate_free_decompressor(decompressor);
  ASSERT_EQ(result, LIBDEFLATE_SUCCESS);
  by_libdeflate.resize(actual);
  EXPECT_TRUE(by_libdeflate == input);
}

// HDF5's shuffle of float32 values: byte j of element i at j * n + i.
Bytes shuffled(const std::vector<float>& values)
{
  Bytes out(values.size() * 4);
  for (std::size_t i = 0; i < values.size(); ++i) {
    unsigned char bytes[4];
    std::memcpy(bytes, &values[i], 4);
    for (std::size_t j = 0; j < 4; ++j) {
      out[j * values.size() + i] = bytes[j];
    }
  }
  return out;
}

// A history-like chunk: `steps` rows of `cells` values, each cell changing at random steps.
std::vector<float> series(std::size_t steps, std::size_t cells, double change, std::uint32_t seed)
{
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(0.0F, 1.0F);
  std::bernoulli_distribution changes(change);
  std::vector<float> out(steps * cells);
  for (std::size_t c = 0; c < cells; ++c) {
    out[c] = value(rng);
  }
  for (std::size_t t = 1; t < steps; ++t) {
    for (std::size_t c = 0; c < cells; ++c) {
      out[t * cells + c] = changes(rng) ? value(rng) : out[(t - 1) * cells + c];
    }
  }
  return out;
}

TEST(StridedDeflate, TinyAndEmptyInputsRoundTrip)
{
  for (std::size_t n = 0; n <= 40; ++n) {
    Bytes input(n);
    std::iota(input.begin(), input.end(), static_cast<unsigned char>(n % 3));
    for (std::size_t i = 0; i < n; i += 3) {
      input[i] = 7; // some repeats, some not
    }
    for (const std::size_t stride : {0, 1, 2, 5}) {
      expect_round_trip(input, stride, 0, "n " + std::to_string(n));
      expect_round_trip(input, stride, 4, "n " + std::to_string(n));
    }
  }
}

TEST(StridedDeflate, LongRunsBecomeMaximalMatches)
{
  const Bytes zeros(100000, 0);
  expect_round_trip(zeros, 0, 0, "zeros");
  expect_round_trip(zeros, 16, 25000, "zeros");
  // 100,000 bytes in matches of at most 258 bytes of 2 bits or so each: far below 1 %.
  EXPECT_LT(compress(zeros, 0, 0).size(), 1000U);
}

TEST(StridedDeflate, RandomBytesAreStoredAcrossSeveralStoredBlocks)
{
  std::mt19937 rng(7);
  Bytes noise(200000);
  for (unsigned char& byte : noise) {
    byte = static_cast<unsigned char>(rng());
  }
  expect_round_trip(noise, 0, 0, "noise");
  expect_round_trip(noise, 36, 50000, "noise");
  // Stored blocks of at most 65,535 bytes, each with 5 bytes of framing, plus header and checksum.
  EXPECT_LE(compress(noise, 0, 0).size(), noise.size() + 4 * 5 + 6);
}

TEST(StridedDeflate, RepeatsOneStrideBackAreFound)
{
  for (const std::size_t cells : {3, 16, 36, 1000}) {
    const Bytes input = shuffled(series(202, cells, 0.1, static_cast<std::uint32_t>(cells)));
    expect_round_trip(input, cells, input.size() / 4, "series");
    expect_round_trip(input, cells, 0, "series");
    expect_round_trip(input, 0, input.size() / 4, "series");
    // Nine values in ten repeat the previous row's: found one stride back, not one byte back.
    const std::size_t with_rows = compress(input, cells, input.size() / 4).size();
    const std::size_t without = compress(input, 0, input.size() / 4).size();
    EXPECT_LT(with_rows * 2, without) << cells << " cells: " << with_rows << " against " << without;
  }
}

TEST(StridedDeflate, StridesOutsideTheWindowAreIgnored)
{
  // Distances reach back 32,768 bytes at most: a repeat at exactly that distance may be used,
  // one a byte further may not.
  std::mt19937 rng(11);
  for (const std::size_t stride : {32768, 32769, 100000}) {
    Bytes input(3 * stride);
    for (std::size_t i = 0; i < stride; ++i) {
      input[i] = static_cast<unsigned char>(rng());
    }
    std::copy_n(input.begin(), stride, input.begin() + static_cast<std::ptrdiff_t>(stride));
    std::copy_n(input.begin(), stride, input.begin() + static_cast<std::ptrdiff_t>(2 * stride));
    expect_round_trip(input, stride, 0, "window");
    const std::size_t size = compress(input, stride, 0).size();
    if (stride == 32768) {
      EXPECT_LT(size, stride + stride / 2);
    } else {
      EXPECT_GT(size, 3 * stride);
    }
  }
}

TEST(StridedDeflate, SkewedFrequenciesGetCodesOfAtMostFifteenBits)
{
  // Symbol k occurs Fibonacci(k) times: an unlimited Huffman code would be 25 bits deep.
  Bytes input;
  std::uint64_t a = 1;
  std::uint64_t b = 1;
  for (unsigned char symbol = 0; symbol < 26; ++symbol) {
    input.insert(input.end(), a, static_cast<unsigned char>(symbol * 9));
    const std::uint64_t next = a + b;
    a = b;
    b = next;
  }
  std::mt19937 rng(3);
  std::shuffle(input.begin(), input.end(), rng);
  expect_round_trip(input, 0, 0, "fibonacci");
  expect_round_trip(input, 7, 1 << 16, "fibonacci");
}

TEST(StridedDeflate, RefusesAnOutputTooSmallAndFillsOneExactlyBigEnough)
{
  const Bytes input = shuffled(series(202, 16, 0.3, 5));
  const Bytes packed = compress(input, 16, input.size() / 4);
  ASSERT_GT(packed.size(), 0U);
  Bytes exact(packed.size());
  EXPECT_EQ(strided_deflate(input, 16, input.size() / 4, exact), packed.size());
  EXPECT_TRUE(exact == packed);
  Bytes short_by_one(packed.size() - 1);
  EXPECT_EQ(strided_deflate(input, 16, input.size() / 4, short_by_one), 0U);
  Bytes tiny(6);
  EXPECT_EQ(strided_deflate(input, 16, 0, tiny), 0U);
}

} // namespace
} // namespace hedgesim::io
