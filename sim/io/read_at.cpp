#include "hedgesim/io/read_at.hpp"

#include <unistd.h>

#include <cerrno>

namespace hedgesim::io {

std::optional<std::size_t> read_at(int descriptor, void* into, std::size_t size, std::uint64_t offset) noexcept
{
  std::size_t got = 0;
  while (got < size) {
    const ::ssize_t n =
        ::pread(descriptor, static_cast<char*>(into) + got, size - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return std::nullopt;
    }
    if (n == 0) {
      break; // the end of the file
    }
    got += static_cast<std::size_t>(n);
  }
  return got;
}

} // namespace hedgesim::io
