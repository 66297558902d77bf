// Counter-based random numbers keyed by (master seed, run, agent, step, stream).
//
// Every draw is a pure function of its key and its index within the key, so results
// never depend on thread count, rank count, shard split or the order runs execute in.
#pragma once

#include <Random123/philox.h>
#include <Random123/uniform.hpp>
#include <cstdint>

namespace hedgesim {

//! Named streams; adding one never shifts the numbers of the others.
enum class Stream : std::uint32_t {
  events = 1,        // stochastic event arrivals
  hedger_choice = 2, // logit choice among candidate moves
  great_power = 3,   // great-power lever noise
  perception = 4,    // noise in perceived intentions
  design = 5,        // sweep designs, keyed by the sweep seed
  domestic = 6,      // regime crises and patrons' answers to calls for help
  membership = 7,    // join / keep / leave choices, substream = institution
  acts = 8,          // votes and recognition decisions, substream = event
};

//! Agent slot for draws that belong to no agent (world-level events).
inline constexpr std::uint32_t kNoAgent = 0xFFFFFFFFu;

//! r123::u01<double>(x), bit for bit: x / 2^64 + 2^-65, in (0, 1]. Converting a 64-bit unsigned
//! integer to double takes a branch on its top bit, which is a coin toss for random bits; the two
//! halves of x convert exactly without one, and their sum rounds once, as the direct conversion does.
[[nodiscard]] inline double unit_interval(std::uint64_t x) noexcept
{
  constexpr double kTwo32 = 4294967296.0;
  constexpr double kFactor = 1.0 / (18446744073709551615.0 + 1.0); // 2^-64, as r123 writes it
  const auto high = static_cast<double>(static_cast<std::int64_t>(x >> 32U));
  const auto low = static_cast<double>(static_cast<std::int64_t>(x & 0xFFFFFFFFU));
  return (high * kTwo32 + low) * kFactor + 0.5 * kFactor;
}

//! A finite sequence of uniform draws for one (seed, run, agent, step, stream) key.
class RandomStream {
public:
  RandomStream(std::uint64_t master_seed, std::uint64_t run, std::uint32_t agent, std::uint32_t step, Stream stream,
               std::uint32_t substream = 0) noexcept;

  //! Uniform double in (0, 1): never exactly 0 or 1, so logs and inverses are safe.
  double uniform() noexcept
  {
    // Three draws in four come from the block at hand: inline, without a call. Refills and the
    // skipped draws (see next_uniform) go out of line.
    if (used_ < 4) {
      const double u = unit_interval(block_[static_cast<std::size_t>(used_++)]);
      if (u < 1.0) {
        return u;
      }
    }
    return next_uniform();
  }
  //! Standard normal by Box-Muller on two uniforms.
  double normal() noexcept;

private:
  //! uniform() from a fresh block, or past a skipped draw.
  double next_uniform() noexcept;

  using Engine = r123::Philox4x64;
  Engine::key_type key_{};
  Engine::ctr_type counter_{};
  Engine::ctr_type block_{};
  int used_ = 4; // values of block_ already handed out
};

} // namespace hedgesim
