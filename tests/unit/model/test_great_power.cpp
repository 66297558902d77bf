#include "hedgesim/model/great_power.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace hedgesim::model {
namespace {

AgentParams power(double revisionism = 0.5)
{
  AgentParams p = test::default_agent_params(0.04);
  p.ambition = 0.4;
  p.lever_tolerance = 0.1;
  p.revisionism = revisionism;
  p.lever_inducement = 0.3;
  p.lever_military = 0.6;
  p.lever_economic = 0.8;
  p.lever_ethnic = 0.4;
  return p;
}

TEST(Pressure, ZeroWithinTolerance)
{
  const AgentParams p = power();
  // Alignment at or above ambition - tolerance, no rival ahead.
  for (double own : {0.3, 0.35, 0.4, 0.9}) {
    EXPECT_NEAR(pressure(p, own, own - 0.2, 0.5), 0.0, 1e-12) << own;
  }
  // A rival ahead does not matter when rivalry is zero.
  EXPECT_NEAR(pressure(p, 0.3, 0.9, 0.0), 0.0, 1e-12);
  // Just beyond tolerance it is positive.
  EXPECT_GT(pressure(p, 0.29, 0.0, 0.5), 0.0);
}

TEST(Pressure, GrowsWithShortfall)
{
  const AgentParams p = power();
  double last = -1;
  for (double own : {0.3, 0.2, 0.0, -0.2}) {
    const double x = pressure(p, own, -1.0, 0.5);
    EXPECT_GT(x, last) << own;
    last = x;
  }
  EXPECT_NEAR(pressure(p, 0.0, -1.0, 0.5), 0.4 - 0.0 - 0.1, 1e-12);
}

TEST(Pressure, GrowsWithRivalLeadTimesRivalry)
{
  const AgentParams p = power();
  const double own = 0.2;
  const double alone = pressure(p, own, own, 0.5);
  double last = alone;
  for (double rival : {0.3, 0.45, 0.6}) {
    const double x = pressure(p, own, rival, 0.5);
    EXPECT_GT(x, last) << rival;
    EXPECT_NEAR(x - alone, 0.5 * (rival - own), 1e-12);
    last = x;
  }
  last = alone;
  for (double rivalry : {0.2, 0.5, 1.0}) {
    const double x = pressure(p, own, 0.5, rivalry);
    EXPECT_GT(x, last) << rivalry;
    last = x;
  }
  // A rival behind is no loss.
  EXPECT_DOUBLE_EQ(pressure(p, own, -0.5, 1.0), alone);
}

TEST(Pressure, ClampedToUnitInterval)
{
  AgentParams p = power();
  p.ambition = 1.0;
  p.lever_tolerance = 0.0;
  EXPECT_EQ(pressure(p, -1.0, 1.0, 1.0), 1.0);
  p.ambition = -1.0;
  p.lever_tolerance = 2.0;
  EXPECT_EQ(pressure(p, 1.0, -1.0, 1.0), 0.0);
  for (double own = -1.0; own <= 1.0; own += 0.25) {
    for (double rival = -1.0; rival <= 1.0; rival += 0.25) {
      const double x = pressure(power(), own, rival, 1.0);
      ASSERT_GE(x, 0.0);
      ASSERT_LE(x, 1.0);
    }
  }
}

TEST(LeverTargets, StatusQuoPowerNeverCoerces)
{
  const AgentParams p = power(0.0);
  for (double pr : {0.0, 0.3, 1.0}) {
    const Levers t = lever_targets(p, pr);
    EXPECT_EQ(t.military, 0.0);
    EXPECT_EQ(t.economic, 0.0);
    EXPECT_EQ(t.ethnic, 0.0);
    EXPECT_EQ(t.coercion(), 0.0);
    EXPECT_GT(t.inducement, 0.0);
  }
}

TEST(LeverTargets, CoercionProportionalToRevisionism)
{
  const double pr = 0.6;
  const Levers quarter = lever_targets(power(0.25), pr);
  ASSERT_GT(quarter.coercion(), 0.0);
  for (double rev : {0.5, 0.75, 1.0}) {
    const Levers t = lever_targets(power(rev), pr);
    const double ratio = rev / 0.25;
    EXPECT_NEAR(t.military, ratio * quarter.military, 1e-12) << rev;
    EXPECT_NEAR(t.economic, ratio * quarter.economic, 1e-12) << rev;
    EXPECT_NEAR(t.ethnic, ratio * quarter.ethnic, 1e-12) << rev;
    EXPECT_DOUBLE_EQ(t.inducement, quarter.inducement); // carrots do not depend on revisionism
  }
  // Each lever stays within its largest intensity; no pressure, no sticks.
  const Levers full = lever_targets(power(1.0), 1.0);
  EXPECT_NEAR(full.military, 0.6, 1e-12);
  EXPECT_NEAR(full.economic, 0.8, 1e-12);
  EXPECT_NEAR(full.ethnic, 0.4, 1e-12);
  EXPECT_EQ(lever_targets(power(1.0), 0.0).coercion(), 0.0);
}

TEST(LeverTargets, GrievanceAddsSticksButNoCarrots)
{
  // A vote against the power or an exit from its institution raises coercion by a revisionist
  // power, never by a status-quo one, and is not bought off with more inducement.
  const double pr = 0.3;
  const Levers calm = lever_targets(power(0.8), pr);
  const Levers aggrieved = lever_targets(power(0.8), pr, 0.4);
  EXPECT_GT(aggrieved.military, calm.military);
  EXPECT_GT(aggrieved.economic, calm.economic);
  EXPECT_NEAR(aggrieved.coercion(), calm.coercion() * (pr + 0.4) / pr, 1e-12);
  EXPECT_DOUBLE_EQ(aggrieved.inducement, calm.inducement);
  EXPECT_EQ(lever_targets(power(0.0), pr, 1.0).coercion(), 0.0);
  // Pressure and grievance together saturate at the full lever.
  EXPECT_NEAR(lever_targets(power(1.0), 0.8, 0.8).economic, 0.8, 1e-12);
}

TEST(LeverTargets, InducementBetweenHalfAndFullBudget)
{
  const AgentParams p = power();
  double last = -1;
  for (double pr = 0.0; pr <= 1.0; pr += 0.1) {
    const double x = lever_targets(p, pr).inducement;
    EXPECT_GE(x, 0.5 * p.lever_inducement - 1e-15);
    EXPECT_LE(x, p.lever_inducement + 1e-15);
    EXPECT_GT(x, last);
    last = x;
  }
  EXPECT_DOUBLE_EQ(lever_targets(p, 0.0).inducement, 0.5 * p.lever_inducement);
  EXPECT_DOUBLE_EQ(lever_targets(p, 1.0).inducement, p.lever_inducement);
}

TEST(AdjustLevers, MovesByRateTimesYears)
{
  const Levers from{0.1, 0.0, 0.5, 0.2};
  const Levers to{0.3, 0.4, 0.1, 0.2};
  const Levers next = adjust_levers(from, to, 2.0, 1.0 / 12.0); // one sixth of the way
  EXPECT_NEAR(next.inducement, 0.1 + (0.2 / 6.0), 1e-12);
  EXPECT_NEAR(next.military, 0.4 / 6.0, 1e-12);
  EXPECT_NEAR(next.economic, 0.5 - 0.4 / 6.0, 1e-12);
  EXPECT_NEAR(next.ethnic, 0.2, 1e-12);
  // Twice the step length moves twice as far.
  const Levers longer = adjust_levers(from, to, 2.0, 2.0 / 12.0);
  EXPECT_NEAR(longer.military - from.military, 2 * (next.military - from.military), 1e-12);
  // Zero rate: no change.
  const Levers frozen = adjust_levers(from, to, 0.0, 1.0);
  EXPECT_EQ(frozen.military, from.military);
  EXPECT_EQ(frozen.economic, from.economic);
}

TEST(AdjustLevers, NeverOvershoots)
{
  const Levers from{0.1, 0.0, 0.5, 0.9};
  const Levers to{0.3, 0.4, 0.1, 0.0};
  for (double rate : {2.0, 6.0, 12.0}) {
    for (double years : {1.0 / 12.0, 0.25, 1.0, 5.0}) {
      const Levers x = adjust_levers(from, to, rate, years);
      EXPECT_GE(x.inducement, from.inducement);
      EXPECT_LE(x.inducement, to.inducement + 1e-15);
      EXPECT_LE(x.military, to.military + 1e-15);
      EXPECT_GE(x.economic, to.economic - 1e-15);
      EXPECT_LE(x.economic, from.economic);
      EXPECT_GE(x.ethnic, to.ethnic - 1e-15);
    }
  }
  // A long step lands exactly on the target.
  const Levers x = adjust_levers(from, to, 12.0, 1.0);
  EXPECT_DOUBLE_EQ(x.military, to.military);
  EXPECT_DOUBLE_EQ(x.ethnic, to.ethnic);
  // Repeated steps converge monotonically.
  Levers y = from;
  double gap = std::abs(y.military - to.military);
  for (int i = 0; i < 24; ++i) {
    y = adjust_levers(y, to, 2.0, 1.0 / 12.0);
    const double g = std::abs(y.military - to.military);
    ASSERT_LT(g, gap);
    gap = g;
  }
}

} // namespace
} // namespace hedgesim::model
