// Several doubles worked on lane by lane: one calculation run for several inputs at once.
//
// Each operator acts on every lane alone, so code written once for `double` and instantiated for
// Lanes gives in each lane bit for bit what it gives for that lane's input: the expression is the
// same, and so are the order and rounding of its operations. What changes is that the processor
// gets independent work (and vector instructions) instead of one chain of dependent operations.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace hedgesim {

namespace lanes_detail {
// Two lanes in one value with the compiler's vector extension (g++ and clang): one SSE2 register
// on x86-64, two plain doubles where there is no such register. Arithmetic on it is lane-wise
// IEEE arithmetic; a comparison gives a mask per lane (all ones where true).
using Pair = double __attribute__((vector_size(16)));
using Mask = std::int64_t __attribute__((vector_size(16)));

//! b where `mask` is set, else a.
inline Pair choose(Mask mask, Pair a, Pair b) noexcept
{
  return reinterpret_cast<Pair>((mask & reinterpret_cast<Mask>(b)) | (~mask & reinterpret_cast<Mask>(a)));
}
} // namespace lanes_detail

//! W doubles, W even, kept as pairs so that they stay in vector registers.
template <std::size_t W>
struct Lanes {
  static_assert(W % 2 == 0, "lanes come in pairs");
  using Pair = lanes_detail::Pair;
  std::array<Pair, W / 2> pair; // NOLINT(cppcoreguidelines-pro-type-member-init): set before use, and often

  Lanes() = default;
  Lanes(double x) noexcept // NOLINT(google-explicit-constructor): a scalar is every lane
  {
    pair.fill(Pair{x, x});
  }

  //! Lane j is f(j). Built a pair at a time in registers: writing one lane into memory and reading
  //! the pair back would stall until the write lands.
  template <class F>
  [[nodiscard]] static Lanes from(F f) noexcept
  {
    Lanes r; // NOLINT(cppcoreguidelines-pro-type-member-init): every pair is set below
    for (std::size_t k = 0; k < W / 2; ++k) {
      r.pair[k] = Pair{f(2 * k), f(2 * k + 1)};
    }
    return r;
  }

  [[nodiscard]] double get(std::size_t j) const noexcept { return pair[j / 2][j % 2]; }

  Lanes& operator+=(const Lanes& x) noexcept
  {
    for (std::size_t k = 0; k < W / 2; ++k) {
      pair[k] += x.pair[k];
    }
    return *this;
  }
  Lanes& operator-=(const Lanes& x) noexcept
  {
    for (std::size_t k = 0; k < W / 2; ++k) {
      pair[k] -= x.pair[k];
    }
    return *this;
  }
  Lanes& operator*=(const Lanes& x) noexcept
  {
    for (std::size_t k = 0; k < W / 2; ++k) {
      pair[k] *= x.pair[k];
    }
    return *this;
  }
  Lanes& operator/=(const Lanes& x) noexcept
  {
    for (std::size_t k = 0; k < W / 2; ++k) {
      pair[k] /= x.pair[k];
    }
    return *this;
  }
  friend Lanes operator+(Lanes a, const Lanes& b) noexcept { return a += b; }
  friend Lanes operator-(Lanes a, const Lanes& b) noexcept { return a -= b; }
  friend Lanes operator*(Lanes a, const Lanes& b) noexcept { return a *= b; }
  friend Lanes operator/(Lanes a, const Lanes& b) noexcept { return a /= b; }
  friend Lanes operator-(Lanes a) noexcept // the sign flipped, as for a double (0 becomes -0)
  {
    for (Pair& p : a.pair) {
      p = -p;
    }
    return a;
  }
};

// Selections, written for a double and for Lanes alike. The Lanes forms use masks: which lanes
// take which value is unpredictable, so branches would often be mispredicted.

//! x where x > 0, else +0 (`x > 0 ? x : 0.0`).
inline double positive_part(double x) noexcept
{
  return x > 0 ? x : 0.0;
}
//! std::max(a, b): b where a < b, else a.
inline double max_of(double a, double b) noexcept
{
  return a < b ? b : a;
}
//! std::min(a, b): b where b < a, else a.
inline double min_of(double a, double b) noexcept
{
  return b < a ? b : a;
}

template <std::size_t W>
Lanes<W> positive_part(Lanes<W> x) noexcept
{
  for (auto& p : x.pair) {
    p = lanes_detail::choose(p > lanes_detail::Pair{}, lanes_detail::Pair{}, p);
  }
  return x;
}
template <std::size_t W>
Lanes<W> max_of(Lanes<W> a, const Lanes<W>& b) noexcept
{
  for (std::size_t k = 0; k < W / 2; ++k) {
    a.pair[k] = lanes_detail::choose(a.pair[k] < b.pair[k], a.pair[k], b.pair[k]);
  }
  return a;
}
template <std::size_t W>
Lanes<W> min_of(Lanes<W> a, const Lanes<W>& b) noexcept
{
  for (std::size_t k = 0; k < W / 2; ++k) {
    a.pair[k] = lanes_detail::choose(b.pair[k] < a.pair[k], a.pair[k], b.pair[k]);
  }
  return a;
}

} // namespace hedgesim
