// What a `--threads N` option (or a `threads` field) asks for, where 0 means one per core.
#pragma once

#include <algorithm>
#include <thread>

namespace hedgesim {

//! `requested` threads, or one per core (at least one) when it is 0.
[[nodiscard]] inline unsigned thread_count(unsigned requested) noexcept
{
  return requested != 0 ? requested : std::max(1U, std::thread::hardware_concurrency());
}

} // namespace hedgesim
