// Endogenous exposure: the change of a partner's log attraction and the multinomial-logit shares
// that follow, with the rest of the world keeping its attraction.
#include "hedgesim/model/exposure.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

namespace hedgesim::model {
namespace {

double total(const std::vector<double>& shares)
{
  return std::accumulate(shares.begin(), shares.end(), 0.0);
}

// --- attraction_change ---------------------------------------------------------------------------

TEST(AttractionChange, NoDriversNoChange)
{
  const ExposureElasticity e{2.0, 3.0, 5.0};
  EXPECT_EQ(attraction_change(ExposureDrivers{}, e, 1.0), 0.0);
}

TEST(AttractionChange, HandComputedCase)
{
  // 0.1 * 0.5 + 2 * 0.2 - 3 * 0.3 - 5 * 0.4 = 0.05 + 0.4 - 0.9 - 2.0
  const ExposureDrivers d{0.1, 0.2, 0.3, 0.4};
  const ExposureElasticity e{2.0, 3.0, 5.0};
  EXPECT_NEAR(attraction_change(d, e, 0.5), -2.45, 1e-12);
}

TEST(AttractionChange, EachDriverPullsItsOwnWay)
{
  const ExposureElasticity e{1.0, 1.0, 1.0};
  // Schweller: closer alignment and a growing market attract; Walt: threat and coercion repel.
  EXPECT_GT(attraction_change({0.1, 0.0, 0.0, 0.0}, e, 1.0), 0.0);
  EXPECT_LT(attraction_change({-0.1, 0.0, 0.0, 0.0}, e, 1.0), 0.0);
  EXPECT_GT(attraction_change({0.0, 0.1, 0.0, 0.0}, e, 1.0), 0.0);
  EXPECT_LT(attraction_change({0.0, -0.1, 0.0, 0.0}, e, 1.0), 0.0);
  EXPECT_LT(attraction_change({0.0, 0.0, 0.1, 0.0}, e, 1.0), 0.0);
  EXPECT_GT(attraction_change({0.0, 0.0, -0.1, 0.0}, e, 1.0), 0.0);
  EXPECT_LT(attraction_change({0.0, 0.0, 0.0, 0.1}, e, 1.0), 0.0);
  EXPECT_GT(attraction_change({0.0, 0.0, 0.0, -0.1}, e, 1.0), 0.0);
}

TEST(AttractionChange, ZeroElasticityMutesItsDriver)
{
  const ExposureDrivers d{0.0, 0.3, 0.4, 0.5};
  EXPECT_EQ(attraction_change(d, {0.0, 1.0, 1.0}, 1.0), attraction_change({0.0, 0.0, 0.4, 0.5}, {1.0, 1.0, 1.0}, 1.0));
  EXPECT_EQ(attraction_change(d, {1.0, 0.0, 1.0}, 1.0), attraction_change({0.0, 0.3, 0.0, 0.5}, {1.0, 1.0, 1.0}, 1.0));
  EXPECT_EQ(attraction_change(d, {1.0, 1.0, 0.0}, 1.0), attraction_change({0.0, 0.3, 0.4, 0.0}, {1.0, 1.0, 1.0}, 1.0));
}

TEST(AttractionChange, TrendScalesWithYearsAndChangesDoNot)
{
  const ExposureElasticity e{1.0, 1.0, 1.0};
  const ExposureDrivers trend_only{0.2, 0.0, 0.0, 0.0};
  EXPECT_NEAR(attraction_change(trend_only, e, 1.0 / 12.0), 0.2 / 12.0, 1e-15);
  EXPECT_NEAR(attraction_change(trend_only, e, 3.0), 3.0 * attraction_change(trend_only, e, 1.0), 1e-12);
  // Alignment, threat and coercion enter as changes since the last step, whatever its length.
  const ExposureDrivers changes{0.0, 0.1, 0.2, 0.3};
  EXPECT_EQ(attraction_change(changes, e, 1.0 / 12.0), attraction_change(changes, e, 2.0));
  // Twelve monthly trend steps add up to one yearly step.
  double monthly = 0;
  for (int i = 0; i < 12; ++i) {
    monthly += attraction_change(trend_only, e, 1.0 / 12.0);
  }
  EXPECT_NEAR(monthly, attraction_change(trend_only, e, 1.0), 1e-12);
}

TEST(AttractionChange, LinearInEachElasticity)
{
  const ExposureDrivers d{0.0, 0.2, 0.3, 0.4};
  EXPECT_NEAR(attraction_change(d, {2.0, 0.0, 0.0}, 1.0), 2.0 * attraction_change(d, {1.0, 0.0, 0.0}, 1.0), 1e-15);
  EXPECT_NEAR(attraction_change(d, {0.0, 3.0, 0.0}, 1.0), 3.0 * attraction_change(d, {0.0, 1.0, 0.0}, 1.0), 1e-15);
  EXPECT_NEAR(attraction_change(d, {0.0, 0.0, 4.0}, 1.0), 4.0 * attraction_change(d, {0.0, 0.0, 1.0}, 1.0), 1e-15);
}

// --- shift_shares --------------------------------------------------------------------------------

TEST(ShiftShares, NoChangeKeepsTheShares)
{
  const std::vector<double> shares{0.25, 0.2, 0.05};
  const std::vector<double> none{0.0, 0.0, 0.0};
  const auto out = shift_shares(shares, none);
  ASSERT_EQ(out.size(), shares.size());
  for (std::size_t g = 0; g < shares.size(); ++g) {
    EXPECT_NEAR(out[g], shares[g], 1e-15);
  }
}

TEST(ShiftShares, HandComputedCaseKeepsTheRestOfTheWorld)
{
  // Shares 0.5 and 0.3, rest of the world 0.2; the first partner's attraction doubles:
  // total attraction 0.2 + 1.0 + 0.3 = 1.5, so the shares become 1/1.5, 0.3/1.5 and the rest 0.2/1.5.
  const std::vector<double> shares{0.5, 0.3};
  const std::vector<double> change{std::log(2.0), 0.0};
  const auto out = shift_shares(shares, change);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_NEAR(out[0], 1.0 / 1.5, 1e-12);
  EXPECT_NEAR(out[1], 0.3 / 1.5, 1e-12);
  const double rest = 1.0 - total(out);
  EXPECT_NEAR(rest, 0.2 / 1.5, 1e-12);
  // The rest of the world and the unchanged partner keep their ratio: both kept their attraction.
  EXPECT_NEAR(rest / out[1], 0.2 / 0.3, 1e-12);
}

TEST(ShiftShares, EqualChangeForAllMovesOnlyAgainstTheRestOfTheWorld)
{
  // Every modelled partner gains the same: their ratios stay, the rest of the world loses.
  const std::vector<double> shares{0.4, 0.2, 0.1};
  const std::vector<double> change{0.5, 0.5, 0.5};
  const auto out = shift_shares(shares, change);
  EXPECT_NEAR(out[0] / out[1], 2.0, 1e-12);
  EXPECT_NEAR(out[1] / out[2], 2.0, 1e-12);
  const double moved = 0.7 * std::exp(0.5);
  EXPECT_NEAR(total(out), moved / (0.3 + moved), 1e-12);
  EXPECT_GT(total(out), 0.7);
}

TEST(ShiftShares, ZeroStaysZero)
{
  const std::vector<double> shares{0.0, 0.6, 0.0};
  const std::vector<double> change{5.0, -1.0, -5.0};
  const auto out = shift_shares(shares, change);
  EXPECT_EQ(out[0], 0.0);
  EXPECT_EQ(out[2], 0.0);
  EXPECT_GT(out[1], 0.0);
  EXPECT_LT(out[1], 0.6);
}

TEST(ShiftShares, AllZeroStaysAllZero)
{
  const std::vector<double> shares{0.0, 0.0};
  const std::vector<double> change{1.0, -1.0};
  const auto out = shift_shares(shares, change);
  EXPECT_EQ(out, shares);
}

TEST(ShiftShares, SharesStayInTheUnitIntervalAndSumToAtMostOne)
{
  // A deterministic grid of share vectors and changes, including large ones.
  const std::vector<double> levels{0.0, 0.05, 0.2, 0.3};
  const std::vector<double> moves{-8.0, -1.0, 0.0, 0.7, 8.0};
  int checked = 0;
  for (double a : levels) {
    for (double b : levels) {
      for (double c : levels) {
        for (double x : moves) {
          for (double y : moves) {
            const std::vector<double> shares{a, b, c};
            const std::vector<double> change{x, y, -x};
            const auto out = shift_shares(shares, change);
            ASSERT_EQ(out.size(), 3u);
            for (double s : out) {
              EXPECT_GE(s, 0.0);
              EXPECT_LE(s, 1.0);
            }
            EXPECT_LE(total(out), 1.0 + 1e-12);
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 4 * 4 * 4 * 5 * 5);
}

TEST(ShiftShares, FullyModelledSharesStaySummingToOne)
{
  // No rest of the world: the shares stay a partition.
  const std::vector<double> shares{0.5, 0.3, 0.2};
  const std::vector<double> change{0.4, -0.3, 1.2};
  const auto out = shift_shares(shares, change);
  EXPECT_NEAR(total(out), 1.0, 1e-12);
}

TEST(ShiftShares, RiseOfOnePartnerLowersAllOthersInProportion)
{
  const std::vector<double> shares{0.25, 0.2, 0.05, 0.1};
  for (std::size_t g = 0; g < shares.size(); ++g) {
    std::vector<double> change(shares.size(), 0.0);
    change[g] = 0.8;
    const auto out = shift_shares(shares, change);
    EXPECT_GT(out[g], shares[g]) << g;
    // Everyone else, the rest of the world included, keeps the same fraction of its share.
    const double factor = (1.0 - total(out)) / (1.0 - total(shares));
    EXPECT_LT(factor, 1.0);
    for (std::size_t j = 0; j < shares.size(); ++j) {
      if (j != g) {
        EXPECT_LT(out[j], shares[j]) << g << " " << j;
        EXPECT_NEAR(out[j] / shares[j], factor, 1e-12) << g << " " << j;
      }
    }
  }
}

TEST(ShiftShares, FallOfOnePartnerRaisesAllOthersInProportion)
{
  const std::vector<double> shares{0.25, 0.2, 0.05};
  const std::vector<double> change{-0.6, 0.0, 0.0};
  const auto out = shift_shares(shares, change);
  EXPECT_LT(out[0], shares[0]);
  EXPECT_GT(out[1], shares[1]);
  EXPECT_GT(out[2], shares[2]);
  EXPECT_NEAR(out[1] / shares[1], out[2] / shares[2], 1e-12);
}

TEST(ShiftShares, StepsCompose)
{
  // Logit shares with a fixed rest of the world: two steps equal one step with the summed change.
  const std::vector<double> shares{0.3, 0.15, 0.25};
  const std::vector<double> first{0.3, -0.2, 0.1};
  const std::vector<double> second{-0.5, 0.4, 0.2};
  const std::vector<double> both{-0.2, 0.2, 0.3};
  const auto twice = shift_shares(shift_shares(shares, first), second);
  const auto once = shift_shares(shares, both);
  for (std::size_t g = 0; g < shares.size(); ++g) {
    EXPECT_NEAR(twice[g], once[g], 1e-12) << g;
  }
}

} // namespace
} // namespace hedgesim::model
