// Elite factions bargaining over a successor's course, and a personalist predecessor's fading veto.
#include "hedgesim/model/factions.hpp"

#include "hedgesim/core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace hedgesim::model;

namespace {

// A security faction leaning toward the great power against three that lean away or sit near 0.
std::vector<Faction> elite(double security_capability)
{
  return {{"security", security_capability, 0.8, 0.6},
          {"technocrats", 0.15, 0.6, -0.2},
          {"business", 0.15, 0.3, 0.0},
          {"nationalists", 0.1, 0.7, -0.6}};
}

// The same elite with a personalist predecessor at +0.8 whose capability is scaled by `weight`.
std::vector<Faction> with_predecessor(double weight)
{
  auto factions = elite(0.2);
  factions.push_back({"predecessor", 0.5 * weight, 0.9, 0.8});
  return factions;
}

} // namespace

TEST(Faction, DominantFactionPullsTheCourse)
{
  const auto strong = bargain_course(elite(0.6));
  const auto weak = bargain_course(elite(0.05));
  EXPECT_DOUBLE_EQ(strong.forecast, 0.6);
  EXPECT_LT(weak.forecast, 0.0);
  EXPECT_GT(strong.mean, weak.mean);
}

TEST(Faction, OutcomeKeepsOrderAndScale)
{
  const auto out = bargain_course(elite(0.3), 3);
  ASSERT_EQ(out.positions.size(), 4U);
  for (double x : out.positions) {
    EXPECT_GE(x, -1.0);
    EXPECT_LE(x, 1.0);
  }
  EXPECT_DOUBLE_EQ(out.positions[0], 0.6); // the strong, salient faction is not moved
  EXPECT_GE(out.forecast, -1.0);
  EXPECT_LE(out.forecast, 1.0);
}

TEST(Faction, ZeroRoundsIsTheOpeningMedian)
{
  const auto factions = elite(0.3);
  const auto out = bargain_course(factions, 0);
  EXPECT_DOUBLE_EQ(out.forecast, 0.6);
  ASSERT_EQ(out.positions.size(), factions.size());
  for (std::size_t k = 0; k < factions.size(); ++k) {
    EXPECT_EQ(out.positions[k], factions[k].position);
  }
}

TEST(Faction, PredecessorWeightHalvesEveryHalfLife)
{
  EXPECT_DOUBLE_EQ(predecessor_weight(0.0, 4.0), 1.0);
  EXPECT_NEAR(predecessor_weight(4.0, 4.0), 0.5, 1e-12);
  EXPECT_NEAR(predecessor_weight(8.0, 4.0), 0.25, 1e-12);
  EXPECT_NEAR(predecessor_weight(6.0, 4.0) / predecessor_weight(2.0, 4.0), 0.5, 1e-12);
  EXPECT_LT(predecessor_weight(1.0, 2.0), predecessor_weight(1.0, 4.0)); // shorter half-life, faster fade
}

TEST(Faction, FadingPredecessorLetsTheCourseDriftToTheOthers)
{
  const double half_life = 4.0; // [years]
  double previous_forecast = bargain_course(with_predecessor(1.0)).forecast;
  double previous_mean = bargain_course(with_predecessor(1.0)).mean;
  EXPECT_DOUBLE_EQ(previous_forecast, 0.8); // at resignation the predecessor still carries the median
  for (double years : {2.0, 4.0, 8.0, 12.0, 20.0, 40.0}) {
    const auto out = bargain_course(with_predecessor(predecessor_weight(years, half_life)));
    EXPECT_LE(out.forecast, previous_forecast) << "years " << years;
    EXPECT_LT(out.mean, previous_mean) << "years " << years;
    previous_forecast = out.forecast;
    previous_mean = out.mean;
  }
  // Long after, the course is close to the one the others bargain without the predecessor (a
  // powerless faction still counts among the pairs that scale the success probabilities).
  EXPECT_LT(previous_forecast, 0.0);
  EXPECT_NEAR(previous_forecast, bargain_course(elite(0.2)).forecast, 0.02);
}

TEST(Faction, RejectsBadInput)
{
  EXPECT_THROW(bargain_course({}), hedgesim::ModelError);
  EXPECT_THROW(bargain_course({{"a", -0.1, 0.5, 0.0}}), hedgesim::ModelError);
  EXPECT_THROW(bargain_course({{"a", 0.1, 1.5, 0.0}}), hedgesim::ModelError);
  EXPECT_THROW(bargain_course({{"a", 0.1, 0.5, 1.2}}), hedgesim::ModelError);
  EXPECT_THROW(bargain_course(elite(0.3), -1), hedgesim::ModelError);
  EXPECT_THROW(predecessor_weight(1.0, 0.0), hedgesim::ModelError);
  EXPECT_THROW(predecessor_weight(-1.0, 4.0), hedgesim::ModelError);
}

TEST(CourseMemo, GivesTheForecastOfAFreshBargainForEveryInput)
{
  CourseMemo memo;
  // More distinct inputs than the memo holds, each asked twice in a row and again after the
  // memo has cycled: every answer is the fresh bargain's, bit for bit.
  std::vector<double> weights;
  for (std::size_t i = 0; i < CourseMemo::kCapacity + 10; ++i) {
    weights.push_back(0.01 * static_cast<double>(i));
  }
  std::set<double> distinct; // a memo mixing up inputs must show on inputs with different answers
  for (double w : weights) {
    distinct.insert(bargain_course(with_predecessor(w)).forecast);
  }
  ASSERT_GE(distinct.size(), 10U);
  for (int pass = 0; pass < 2; ++pass) {
    for (double w : weights) {
      const double fresh = bargain_course(with_predecessor(w)).forecast;
      EXPECT_EQ(memo.forecast(with_predecessor(w)), fresh) << w;
      EXPECT_EQ(memo.forecast(with_predecessor(w)), fresh) << w;
    }
  }
  // Inputs that differ only in the last bit are different inputs.
  const double w = 0.3;
  const double next = std::nextafter(w, 1.0);
  EXPECT_EQ(memo.forecast(with_predecessor(next)), bargain_course(with_predecessor(next)).forecast);
  EXPECT_EQ(memo.forecast(with_predecessor(w)), bargain_course(with_predecessor(w)).forecast);
}

TEST(CourseMemo, RemembersNoInputThatFailed)
{
  CourseMemo memo;
  auto bad = elite(0.2);
  bad[1].salience = 1.5;
  EXPECT_THROW(static_cast<void>(memo.forecast(bad)), hedgesim::ModelError);
  EXPECT_THROW(static_cast<void>(memo.forecast(bad)), hedgesim::ModelError);
  EXPECT_THROW(static_cast<void>(memo.forecast({})), hedgesim::ModelError);
}
