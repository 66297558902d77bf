// The process's memory allocator, tuned for writing histories.
#pragma once

namespace hedgesim {

//! Keeps memory that is freed within the process for reuse, rather than handing it back to the
//! kernel at once. HDF5's page buffer frees and allocates a page (1 MiB) for every page it
//! writes; with glibc's defaults each came back as fresh memory, to be faulted in and zeroed
//! again, which cost a quarter of the time of writing a history (docs/performance.md). Call
//! once, at the start of main(); a no-op where the C library is not glibc.
void keep_freed_memory() noexcept;

} // namespace hedgesim
