// The CRC-32 (zlib's polynomial) that the stream journal keeps of its records and of every chunk
// it places, so that a rerun can tell bytes that reached the disk from bytes that did not.
#pragma once

#include <cstdint>
#include <span>

namespace hedgesim::io {

//! CRC-32 of `bytes`, as zlib's crc32() gives it.
[[nodiscard]] std::uint32_t crc32_of(std::span<const unsigned char> bytes) noexcept;

} // namespace hedgesim::io
