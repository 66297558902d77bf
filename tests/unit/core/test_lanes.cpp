#include "hedgesim/core/lanes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hedgesim {
namespace {

std::uint64_t bits(double x)
{
  return std::bit_cast<std::uint64_t>(x);
}

//! Values where lane-wise and scalar results could part: signed zeros, infinities, NaN, denormals.
std::vector<double> awkward_values()
{
  constexpr double kInf = std::numeric_limits<double>::infinity();
  return {0.0,
          -0.0,
          1.0,
          -1.0,
          1.0 / 3.0,
          -2.5e-300,
          std::numeric_limits<double>::denorm_min(),
          -std::numeric_limits<double>::denorm_min(),
          1e308,
          kInf,
          -kInf,
          std::numeric_limits<double>::quiet_NaN()};
}

//! Every pair of awkward values, spread over the lanes of one Lanes<4> per operand.
template <class F, class G>
void expect_lanewise(F on_lanes, G on_doubles)
{
  const std::vector<double> values = awkward_values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t k = 0; k < values.size(); ++k) {
      const auto a = Lanes<4>::from([&](std::size_t j) { return values[(i + j) % values.size()]; });
      const auto b = Lanes<4>::from([&](std::size_t j) { return values[(k + 3 * j) % values.size()]; });
      const Lanes<4> r = on_lanes(a, b);
      for (std::size_t j = 0; j < 4; ++j) {
        const double expected = on_doubles(a.get(j), b.get(j));
        if (std::isnan(expected)) {
          EXPECT_TRUE(std::isnan(r.get(j)));
        } else {
          EXPECT_EQ(bits(r.get(j)), bits(expected)) << a.get(j) << ", " << b.get(j) << " in lane " << j;
        }
      }
    }
  }
}

TEST(Lanes, ArithmeticIsTheScalarArithmeticInEachLane)
{
  expect_lanewise([](auto a, auto b) { return a + b; }, [](double a, double b) { return a + b; });
  expect_lanewise([](auto a, auto b) { return a - b; }, [](double a, double b) { return a - b; });
  expect_lanewise([](auto a, auto b) { return a * b; }, [](double a, double b) { return a * b; });
  expect_lanewise([](auto a, auto b) { return a / b; }, [](double a, double b) { return a / b; });
  expect_lanewise([](auto a, auto) { return -a; }, [](double a, double) { return -a; });
  expect_lanewise([](auto a, auto b) { return 2.0 * a - b / 3.0; },
                  [](double a, double b) { return 2.0 * a - b / 3.0; });
}

TEST(Lanes, SelectionsAreTheScalarOnesInEachLane)
{
  expect_lanewise([](auto a, auto) { return positive_part(a); }, [](double a, double) { return a > 0 ? a : 0.0; });
  expect_lanewise([](auto a, auto b) { return max_of(a, b); }, [](double a, double b) { return std::max(a, b); });
  expect_lanewise([](auto a, auto b) { return min_of(a, b); }, [](double a, double b) { return std::min(a, b); });
}

TEST(Lanes, ScalarFormsAreTheStandardOnes)
{
  EXPECT_EQ(bits(positive_part(-0.0)), bits(0.0));
  EXPECT_EQ(positive_part(std::numeric_limits<double>::quiet_NaN()), 0.0);
  EXPECT_EQ(bits(max_of(0.0, -0.0)), bits(std::max(0.0, -0.0)));
  EXPECT_EQ(bits(min_of(-0.0, 0.0)), bits(std::min(-0.0, 0.0)));
}

TEST(Lanes, AScalarFillsEveryLaneAndFromSetsEachOne)
{
  const Lanes<4> x(2.5);
  for (std::size_t j = 0; j < 4; ++j) {
    EXPECT_EQ(x.get(j), 2.5);
  }
  const auto y = Lanes<4>::from([](std::size_t j) { return 1.5 * static_cast<double>(j) - 1.0; });
  for (std::size_t j = 0; j < 4; ++j) {
    EXPECT_EQ(y.get(j), 1.5 * static_cast<double>(j) - 1.0);
  }
}

} // namespace
} // namespace hedgesim
