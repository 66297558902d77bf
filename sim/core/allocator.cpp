#include "hedgesim/core/allocator.hpp"

#include <cstdlib> // defines __GLIBC__ under glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hedgesim {

void keep_freed_memory() noexcept
{
#if defined(__GLIBC__)
  // Blocks below 32 MiB come from the heap, not from mmap(2) and back; the heap's top is given
  // back to the kernel only beyond 256 MiB free. Peak memory is unchanged: what stays is memory
  // the process has just used and will use again.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

} // namespace hedgesim
