#include "hedgesim/model/gumbel_choice.hpp"

#include "hedgesim/core/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace hedgesim::model {
namespace {

//! The rule written out: every option's noise, then the first maximum.
std::size_t plain_argmax(const std::vector<double>& base, const std::vector<double>& uniform)
{
  std::size_t chosen = 0;
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < base.size(); ++i) {
    const double score = base[i] + -std::log(-std::log(uniform[i]));
    if (score > best) {
      best = score;
      chosen = i;
    }
  }
  return chosen;
}

TEST(GumbelChoice, NoiseIsMinusLogMinusLog)
{
  EXPECT_DOUBLE_EQ(gumbel(std::exp(-1.0)), 0.0);
  EXPECT_DOUBLE_EQ(gumbel(0.5), -std::log(std::log(2.0)));
  EXPECT_LT(gumbel(0.25), gumbel(0.75));
}

// Random options whose base scores are as spread as the noise, so close calls are common.
TEST(GumbelChoice, AgreesWithThePlainRuleOnRandomOptions)
{
  RandomStream random(7, 0, 0, 0, Stream::hedger_choice);
  for (int trial = 0; trial < 20000; ++trial) {
    const auto n = static_cast<std::size_t>(1 + trial % 13);
    std::vector<double> base(n);
    std::vector<double> uniform(n);
    for (std::size_t i = 0; i < n; ++i) {
      base[i] = 3.0 * (random.uniform() - 0.5);
      uniform[i] = random.uniform();
    }
    const std::size_t expected = plain_argmax(base, uniform);
    ASSERT_EQ(gumbel_argmax(base, uniform), expected) << "trial " << trial;
  }
}

// Scores that differ by less than a bucket's noise bounds force the exact comparison.
TEST(GumbelChoice, AgreesOnNearTiesAndOnBucketEdges)
{
  RandomStream random(11, 0, 0, 0, Stream::hedger_choice);
  for (int trial = 0; trial < 20000; ++trial) {
    const double u = random.uniform();
    const double edge = std::floor(u * 1024.0) / 1024.0;
    // Two options whose noise differs by a hair, and bases that cancel or nearly cancel it.
    const double v = trial % 3 == 0 ? std::nextafter(u, 1.0) : trial % 3 == 1 ? edge : std::nextafter(edge, 0.0);
    if (!(v > 0.0 && v < 1.0)) {
      continue;
    }
    const double gap = gumbel(v) - gumbel(u);
    for (const double shift : {0.0, gap, std::nextafter(gap, 0.0), std::nextafter(gap, 1.0), 1e-12, -1e-12}) {
      const std::vector<double> base{0.25 + shift, 0.25, 0.25 - 1e-13};
      const std::vector<double> uniform{u, v, u};
      ASSERT_EQ(gumbel_argmax(base, uniform), plain_argmax(base, uniform)) << "trial " << trial;
    }
  }
}

TEST(GumbelChoice, ExactTiesGoToTheFirstOption)
{
  const std::vector<double> base{1.0, 2.0, 2.0, 0.5};
  const std::vector<double> uniform{0.4, 0.3, 0.3, 0.1};
  EXPECT_EQ(plain_argmax(base, uniform), 1U);
  EXPECT_EQ(gumbel_argmax(base, uniform), 1U);
}

TEST(GumbelChoice, DrawsAtTheEndsOfTheUnitInterval)
{
  const double tiny = std::numeric_limits<double>::denorm_min();
  const double almost_one = std::nextafter(1.0, 0.0);
  for (const auto& uniform : {std::vector<double>{tiny, almost_one}, std::vector<double>{almost_one, tiny},
                              std::vector<double>{almost_one, almost_one}, std::vector<double>{tiny, tiny}}) {
    for (const double b : {-40.0, 0.0, 40.0}) {
      const std::vector<double> base{0.0, b};
      EXPECT_EQ(gumbel_argmax(base, uniform), plain_argmax(base, uniform));
    }
  }
}

// Infinite or undefined scores say nothing to the bounds; the plain rule decides them.
TEST(GumbelChoice, NonFiniteScoresFollowThePlainRule)
{
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> uniform{0.5, 0.2, 0.7};
  for (const auto& base : {std::vector<double>{nan, 1.0, 0.0}, std::vector<double>{0.0, inf, 1.0},
                           std::vector<double>{-inf, -inf, -inf}, std::vector<double>{nan, nan, nan}}) {
    EXPECT_EQ(gumbel_argmax(base, uniform), plain_argmax(base, uniform));
  }
}

TEST(GumbelChoice, ASingleOptionIsChosen)
{
  EXPECT_EQ(gumbel_argmax(std::vector<double>{-3.0}, std::vector<double>{0.999}), 0U);
}

} // namespace
} // namespace hedgesim::model
