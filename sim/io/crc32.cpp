#include "hedgesim/io/crc32.hpp"

#include <libdeflate.h>

namespace hedgesim::io {

std::uint32_t crc32_of(std::span<const unsigned char> bytes) noexcept
{
  return libdeflate_crc32(0, bytes.data(), bytes.size());
}

} // namespace hedgesim::io
