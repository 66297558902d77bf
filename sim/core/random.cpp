#include "hedgesim/core/random.hpp"

#include <cmath>
#include <numbers>

namespace hedgesim {

RandomStream::RandomStream(std::uint64_t master_seed, std::uint64_t run, std::uint32_t agent, std::uint32_t step,
                           Stream stream, std::uint32_t substream) noexcept
{
  key_[0] = master_seed;
  key_[1] = run;
  counter_[0] = (static_cast<std::uint64_t>(agent) << 32) | step;
  counter_[1] = (static_cast<std::uint64_t>(stream) << 32) | substream;
  counter_[2] = 0;
  counter_[3] = 0; // the draw-block index within this key
}

double RandomStream::next_uniform() noexcept
{
  for (;;) {
    if (used_ == 4) {
      block_ = Engine{}(counter_, key_);
      ++counter_[3];
      used_ = 0;
    }
    // unit_interval maps a 64-bit integer to (0, 1] with half-ulp centring; it is never 0, but the top 2^10
    // integers round to exactly 1.0 because a double has only 53 mantissa bits. Those (probability
    // 2^-54) are skipped so the result stays in the open interval (0, 1) as documented, while every
    // other draw is unchanged.
    const double u = unit_interval(block_[static_cast<std::size_t>(used_++)]);
    if (u < 1.0) {
      return u;
    }
  }
}

double RandomStream::normal() noexcept
{
  const double u1 = uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace hedgesim
