// libFuzzer target: strided_deflate on arbitrary bytes, strides and block sizes. A finding is a
// stream that zlib (HDF5's inflater) refuses or inflates to anything but the input. Run it as
//   build-asan/fuzz/hedgesim_fuzz_deflate -timeout=10 NEW_DIR fuzz/corpus/deflate
#include "hedgesim/io/strided_deflate.hpp"

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  // The first four bytes choose the stride and the block size; the rest is the input.
  if (size < 4) {
    return 0;
  }
  const std::size_t stride = static_cast<std::size_t>(data[0]) | static_cast<std::size_t>(data[1]) << 8U;
  const std::size_t block = static_cast<std::size_t>(data[2]) | static_cast<std::size_t>(data[3]) << 8U;
  const std::vector<unsigned char> input(data + 4, data + size);
  // Blocks of one byte take at most 3 + 9 + 7 bits each (fixed codes); stored ones are no bigger.
  std::vector<unsigned char> packed(3 * input.size() + 1024);
  const std::size_t packed_size = hedgesim::io::strided_deflate(input, stride, block, packed);
  if (packed_size == 0) {
    std::abort();
  }
  std::vector<unsigned char> back(input.size() + 1);
  uLongf back_size = back.size();
  if (uncompress(back.data(), &back_size, packed.data(), packed_size) != Z_OK || back_size != input.size() ||
      (!input.empty() && std::memcmp(back.data(), input.data(), input.size()) != 0)) {
    std::abort();
  }
  return 0;
}
