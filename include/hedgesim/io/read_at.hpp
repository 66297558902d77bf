// Reading a stretch of a file by offset, whole: pread(2) returns fewer bytes than asked at will,
// and fails with EINTR when a signal arrives, so every caller would otherwise loop on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace hedgesim::io {

//! Reads up to `size` bytes at `offset` of the file open on `descriptor` into `into`, going on
//! after short reads and interrupts. Returns the bytes read, fewer than `size` only at the end of
//! the file, or nothing if the read failed (errno then says why).
[[nodiscard]] std::optional<std::size_t> read_at(int descriptor, void* into, std::size_t size,
                                                 std::uint64_t offset) noexcept;

} // namespace hedgesim::io
