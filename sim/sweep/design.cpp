#include "hedgesim/sweep/design.hpp"

#include "hedgesim/core/random.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace hedgesim::sweep {

namespace {

// Substreams of Stream::design, one per use, so that no two designs share draws.
enum Substream : std::uint32_t {
  kRandom = 1,
  kLhsPermutation = 2,
  kLhsJitter = 3,
  kSaltelliA = 4,
  kSaltelliB = 5,
  kMorris = 6,
};

constexpr std::array<const char*, 5> kNames{"grid", "random", "lhs", "sobol", "morris"};

RandomStream stream(std::uint64_t seed, std::uint64_t row, std::size_t column, Substream substream)
{
  return RandomStream(seed, row, static_cast<std::uint32_t>(column), 0, Stream::design, substream);
}

//! Uniform integer in [0, n) from one draw; n is small, so the bias of floor(u n) is nil.
std::size_t below(RandomStream& random, std::size_t n)
{
  const auto i = static_cast<std::size_t>(random.uniform() * static_cast<double>(n));
  return i < n ? i : n - 1;
}

void fill_uniform(DesignMatrix& m, std::size_t first_row, std::size_t rows, std::uint64_t seed, Substream substream)
{
  for (std::size_t r = 0; r < rows; ++r) {
    RandomStream random = stream(seed, r, 0, substream);
    for (std::size_t c = 0; c < m.columns; ++c) {
      m.at(first_row + r, c) = random.uniform();
    }
  }
}

//! a * b, or the largest uint64 when that overflows.
std::uint64_t times(std::uint64_t a, std::uint64_t b) noexcept
{
  constexpr std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
  return a != 0 && b > most / a ? most : a * b;
}

} // namespace

const char* to_string(DesignType type) noexcept
{
  return kNames[static_cast<std::size_t>(type)];
}

bool parse_design_type(std::string_view text, DesignType& out) noexcept
{
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (text == kNames[i]) {
      out = static_cast<DesignType>(i);
      return true;
    }
  }
  return false;
}

std::uint64_t design_rows(const DesignSpec& spec, std::size_t k, const std::vector<std::uint64_t>& grid_levels)
{
  switch (spec.type) {
  case DesignType::grid:
    return std::accumulate(grid_levels.begin(), grid_levels.end(), std::uint64_t{1}, times);
  case DesignType::random:
  case DesignType::lhs:
    return spec.points;
  case DesignType::sobol:
    return times(spec.points, k + 2);
  case DesignType::morris:
    return times(spec.trajectories, k + 1);
  }
  return 0;
}

DesignMatrix unit_design(const DesignSpec& spec, std::size_t k, const std::vector<std::uint64_t>& grid_levels,
                         std::uint64_t seed)
{
  DesignMatrix m;
  m.columns = k;
  m.rows = design_rows(spec, k, grid_levels);
  m.values.assign(m.rows * m.columns, 0.0);
  switch (spec.type) {
  case DesignType::grid: {
    // Full factorial, last column fastest: row index read as a mixed-radix number.
    for (std::size_t r = 0; r < m.rows; ++r) {
      std::size_t rest = r;
      for (std::size_t c = k; c-- > 0;) {
        const std::size_t n = grid_levels[c];
        const std::size_t level = rest % n;
        rest /= n;
        m.at(r, c) = n == 1 ? 0.5 : static_cast<double>(level) / static_cast<double>(n - 1);
      }
    }
    break;
  }
  case DesignType::random:
    fill_uniform(m, 0, m.rows, seed, kRandom);
    break;
  case DesignType::lhs: {
    const std::size_t n = m.rows;
    for (std::size_t c = 0; c < k; ++c) {
      // Fisher-Yates: stratum of each row in this column.
      std::vector<std::size_t> stratum(n);
      std::iota(stratum.begin(), stratum.end(), std::size_t{0});
      RandomStream shuffle = stream(seed, 0, c, kLhsPermutation);
      for (std::size_t i = n; i > 1; --i) {
        std::swap(stratum[i - 1], stratum[below(shuffle, i)]);
      }
      for (std::size_t r = 0; r < n; ++r) {
        RandomStream jitter = stream(seed, r, c, kLhsJitter);
        const double lower = static_cast<double>(stratum[r]) / static_cast<double>(n);
        const double upper = static_cast<double>(stratum[r] + 1) / static_cast<double>(n);
        const double u = (static_cast<double>(stratum[r]) + jitter.uniform()) / static_cast<double>(n);
        // Rounding must never push a point into the next stratum.
        m.at(r, c) = u < upper ? (u > lower ? u : std::nextafter(lower, 1.0)) : std::nextafter(upper, 0.0);
      }
    }
    break;
  }
  case DesignType::sobol: {
    const std::size_t n = spec.points;
    DesignMatrix b;
    b.rows = n;
    b.columns = k;
    b.values.assign(n * k, 0.0);
    fill_uniform(m, 0, n, seed, kSaltelliA);
    fill_uniform(b, 0, n, seed, kSaltelliB);
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t c = 0; c < k; ++c) {
        m.at(n + r, c) = b.at(r, c);
      }
      for (std::size_t i = 0; i < k; ++i) {
        const std::size_t row = (2 + i) * n + r;
        for (std::size_t c = 0; c < k; ++c) {
          m.at(row, c) = c == i ? b.at(r, c) : m.at(r, c);
        }
      }
    }
    break;
  }
  case DesignType::morris: {
    // Levels 0 .. p-1; a step moves one column by p/2 levels (Delta = p / (2 (p - 1))).
    const std::size_t p = spec.levels;
    const std::size_t step = p / 2;
    const double scale = 1.0 / static_cast<double>(p - 1);
    for (std::size_t t = 0; t < spec.trajectories; ++t) {
      RandomStream random = stream(seed, t, 0, kMorris);
      std::vector<std::size_t> level(k);
      for (std::size_t c = 0; c < k; ++c) {
        level[c] = below(random, p);
      }
      std::vector<std::size_t> order(k);
      std::iota(order.begin(), order.end(), std::size_t{0});
      for (std::size_t i = k; i > 1; --i) {
        std::swap(order[i - 1], order[below(random, i)]);
      }
      const std::size_t first = t * (k + 1);
      for (std::size_t c = 0; c < k; ++c) {
        m.at(first, c) = static_cast<double>(level[c]) * scale;
      }
      for (std::size_t j = 0; j < k; ++j) {
        const std::size_t c = order[j];
        const bool up_ok = level[c] + step <= p - 1;
        const bool down_ok = level[c] >= step;
        const bool up = up_ok && (!down_ok || random.uniform() < 0.5);
        level[c] = up ? level[c] + step : level[c] - step;
        for (std::size_t d = 0; d < k; ++d) {
          m.at(first + j + 1, d) = static_cast<double>(level[d]) * scale;
        }
      }
    }
    break;
  }
  }
  return m;
}

} // namespace hedgesim::sweep
