#include "hedgesim/model/gumbel_choice.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace hedgesim::model {

namespace {

constexpr std::size_t kBuckets = 1024; // a power of two, so u * kBuckets is exact

//! Bounds on the noise of a draw in [k / kBuckets, (k + 1) / kBuckets): gumbel() of the bucket's
//! ends, moved outward by far more than the few units in the last place by which the computed
//! logarithms can miss the exact ones, so they bound the computed noise as well. The noise rises
//! with u; the first bucket has no lower bound and the last no upper one.
struct NoiseBounds {
  std::array<double, kBuckets> lower{};
  std::array<double, kBuckets> upper{};

  NoiseBounds() noexcept
  {
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    auto margin = [](double x) { return 1e-9 * (1.0 + std::fabs(x)); };
    for (std::size_t k = 0; k < kBuckets; ++k) {
      const double low = gumbel(static_cast<double>(k) / kBuckets);
      const double high = gumbel(static_cast<double>(k + 1) / kBuckets);
      lower[k] = k == 0 ? -kInfinity : low - margin(low);
      upper[k] = k + 1 == kBuckets ? kInfinity : high + margin(high);
    }
  }
};

std::size_t bucket(double u) noexcept
{
  return static_cast<std::size_t>(u * kBuckets);
}

//! The plain rule over the options whose score can reach `floor`: their noise, the first maximum.
//! With no floor (-inf) that is every option: a comparison with an undefined sum is false.
std::size_t first_max(std::span<const double> base, std::span<const double> uniform,
                      const std::array<double, kBuckets>& upper, double floor) noexcept
{
  std::size_t chosen = 0;
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < base.size(); ++i) {
    if (base[i] + upper[bucket(uniform[i])] < floor) {
      continue;
    }
    const double score = base[i] + gumbel(uniform[i]);
    if (score > best) {
      best = score;
      chosen = i;
    }
  }
  return chosen;
}

} // namespace

double gumbel(double u) noexcept
{
  return -std::log(-std::log(u));
}

std::size_t gumbel_argmax(std::span<const double> base, std::span<const double> uniform) noexcept
{
  static const NoiseBounds kBounds;
  // The largest score some option is sure to reach. Rounding a sum never reverses an order, so the
  // bounds on the noise bound the rounded scores too.
  double floor = -std::numeric_limits<double>::infinity();
  bool finite = true;
  for (std::size_t i = 0; i < base.size(); ++i) {
    finite = finite && std::isfinite(base[i]);
    const double sure = base[i] + kBounds.lower[bucket(uniform[i])];
    floor = sure > floor ? sure : floor;
  }
  if (!finite) {
    // The bounds say nothing of infinite or undefined scores: every option's noise decides.
    return first_max(base, uniform, kBounds.upper, -std::numeric_limits<double>::infinity());
  }
  // The winner's score reaches the floor, so only options whose upper bound reaches it can win;
  // where there are several, their exact scores decide, in index order as the plain rule has it.
  std::size_t contenders = 0;
  std::size_t first = 0;
  for (std::size_t i = 0; i < base.size(); ++i) {
    if (base[i] + kBounds.upper[bucket(uniform[i])] >= floor) {
      first = contenders == 0 ? i : first;
      ++contenders;
    }
  }
  return contenders == 1 ? first : first_max(base, uniform, kBounds.upper, floor);
}

} // namespace hedgesim::model
