// Sizes, row orders and the defining properties of every design.
#include "hedgesim/sweep/design.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

using namespace hedgesim::sweep;

namespace {

DesignSpec spec(DesignType type, std::uint64_t points = 0, std::uint64_t trajectories = 0, std::uint64_t levels = 0)
{
  DesignSpec s;
  s.type = type;
  s.points = points;
  s.trajectories = trajectories;
  s.levels = levels;
  return s;
}

} // namespace

TEST(Design, GridIsTheFullFactorialWithTheLastParameterFastest)
{
  const DesignMatrix m = unit_design(spec(DesignType::grid), 3, {3, 2, 4}, 1);
  ASSERT_EQ(m.rows, 24U);
  ASSERT_EQ(m.columns, 3U);
  std::set<std::vector<double>> seen;
  for (std::size_t r = 0; r < m.rows; ++r) {
    seen.insert({m.at(r, 0), m.at(r, 1), m.at(r, 2)});
  }
  EXPECT_EQ(seen.size(), 24U); // every combination exactly once
  EXPECT_EQ(m.at(0, 2), 0.0);
  EXPECT_DOUBLE_EQ(m.at(1, 2), 1.0 / 3.0);
  EXPECT_EQ(m.at(3, 2), 1.0);
  EXPECT_EQ(m.at(4, 1), 1.0); // the middle column turns over after 4 rows
  EXPECT_EQ(m.at(8, 0), 0.5); // the first after 8
  EXPECT_EQ(m.at(23, 0), 1.0);
}

TEST(Design, RandomHasPointsRowsInsideTheOpenCube)
{
  const DesignMatrix m = unit_design(spec(DesignType::random, 50), 3, {}, 9);
  ASSERT_EQ(m.rows, 50U);
  for (double v : m.values) {
    EXPECT_GT(v, 0.0);
    EXPECT_LT(v, 1.0);
  }
}

TEST(Design, LatinHypercubeHasExactlyOnePointPerStratumPerParameter)
{
  for (const std::uint64_t n : {1U, 7U, 64U, 1000U}) {
    const DesignMatrix m = unit_design(spec(DesignType::lhs, n), 4, {}, 3);
    ASSERT_EQ(m.rows, n);
    for (std::size_t c = 0; c < 4; ++c) {
      std::vector<int> count(n, 0);
      for (std::size_t r = 0; r < n; ++r) {
        const auto stratum = static_cast<std::size_t>(std::floor(m.at(r, c) * static_cast<double>(n)));
        ASSERT_LT(stratum, n);
        ++count[stratum];
      }
      EXPECT_TRUE(std::all_of(count.begin(), count.end(), [](int k) { return k == 1; })) << "n " << n << " c " << c;
    }
  }
}

TEST(Design, SaltelliRowsAreABThenAWithColumnIFromB)
{
  const std::size_t n = 8;
  const std::size_t k = 3;
  const DesignMatrix m = unit_design(spec(DesignType::sobol, n), k, {}, 5);
  ASSERT_EQ(m.rows, n * (k + 2));
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t row = (2 + i) * n + r;
      for (std::size_t c = 0; c < k; ++c) {
        EXPECT_EQ(m.at(row, c), c == i ? m.at(n + r, c) : m.at(r, c)) << "block " << i << " row " << r;
      }
    }
    for (std::size_t c = 0; c < k; ++c) {
      EXPECT_NE(m.at(r, c), m.at(n + r, c)); // A and B are independent draws
    }
  }
}

TEST(Design, MorrisTrajectoriesStepOneParameterAtATime)
{
  const std::size_t k = 4;
  const std::uint64_t p = 4;
  const DesignMatrix m = unit_design(spec(DesignType::morris, 0, 10, p), k, {}, 2);
  ASSERT_EQ(m.rows, 10U * (k + 1));
  const double delta = static_cast<double>(p) / (2.0 * static_cast<double>(p - 1));
  for (std::size_t t = 0; t < 10; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t row = t * (k + 1) + j;
      std::size_t changed = 0;
      for (std::size_t c = 0; c < k; ++c) {
        const double step = m.at(row + 1, c) - m.at(row, c);
        if (step != 0.0) {
          ++changed;
          moved.insert(c);
          EXPECT_NEAR(std::abs(step), delta, 1e-12);
        }
        EXPECT_GE(m.at(row + 1, c), 0.0);
        EXPECT_LE(m.at(row + 1, c), 1.0);
      }
      EXPECT_EQ(changed, 1U);
    }
    EXPECT_EQ(moved.size(), k); // each parameter moves once per trajectory
  }
}

TEST(Design, TheSameSeedGivesTheSameDesignAndAnotherSeedAnother)
{
  for (const DesignType type : {DesignType::random, DesignType::lhs, DesignType::sobol, DesignType::morris}) {
    const DesignSpec s = spec(type, 16, 5, 6);
    const DesignMatrix a = unit_design(s, 3, {}, 11);
    EXPECT_EQ(a.values, unit_design(s, 3, {}, 11).values) << to_string(type);
    EXPECT_NE(a.values, unit_design(s, 3, {}, 12).values) << to_string(type);
  }
}
