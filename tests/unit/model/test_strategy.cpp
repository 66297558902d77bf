#include "hedgesim/model/strategy.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

namespace hedgesim::model {
namespace {

using test::alignment;

// Rows: Russia, China, United States; columns: security, economic, diplomatic.

TEST(Strategy, NeutralIsHedging)
{
  EXPECT_EQ(classify_strategy(test::uniform_alignment(3, 0.0)), Strategy::hedging);
  EXPECT_EQ(classify_strategy(test::uniform_alignment(2, 0.0)), Strategy::hedging);
}

TEST(Strategy, EngagingEveryoneIsHedging)
{
  // Binding engagement with all three: the classic multi-vector posture.
  EXPECT_EQ(classify_strategy(alignment({{0.4, 0.3, 0.3}, {0.1, 0.4, 0.2}, {0.1, 0.2, 0.3}})), Strategy::hedging);
  // Dominance denial toward one while engaging another is still hedging.
  EXPECT_EQ(classify_strategy(alignment({{-0.3, -0.2, -0.3}, {0.3, 0.4, 0.2}, {0.0, 0.0, 0.0}})), Strategy::hedging);
}

TEST(Strategy, PureBalancing)
{
  EXPECT_EQ(classify_strategy(alignment({{-0.9, -0.8, -0.9}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}})), Strategy::balancing);
  // Against the second power, with the others engaged.
  EXPECT_EQ(classify_strategy(alignment({{0.2, 0.3, 0.2}, {-0.8, -0.7, -0.9}, {0.3, 0.2, 0.3}})), Strategy::balancing);
  // The band edge -5/7 is already indirect balancing, not pure.
  const double edge = -5.0 / 7.0;
  EXPECT_EQ(classify_strategy(alignment({{edge, edge, edge}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}})), Strategy::hedging);
}

TEST(Strategy, IndirectBalancingWhileAlliedWithAnother)
{
  // Indirect balancing (mean in [-5/7, -3/7)) toward Russia, allied in security with the United States.
  EXPECT_EQ(classify_strategy(alignment({{-0.6, -0.5, -0.5}, {0.0, 0.0, 0.0}, {0.8, 0.2, 0.3}})), Strategy::balancing);
  // Exactly at the alliance threshold 5/7.
  EXPECT_EQ(classify_strategy(alignment({{-0.6, -0.5, -0.5}, {0.0, 0.0, 0.0}, {5.0 / 7.0, 0.2, 0.3}})),
            Strategy::balancing);
  // Without the alliance (security just below 5/7, or alignment only economic) it is hedging.
  EXPECT_EQ(classify_strategy(alignment({{-0.6, -0.5, -0.5}, {0.0, 0.0, 0.0}, {0.7, 0.2, 0.3}})), Strategy::hedging);
  EXPECT_EQ(classify_strategy(alignment({{-0.6, -0.5, -0.5}, {0.0, 0.9, 0.0}, {0.1, 0.9, 0.9}})), Strategy::hedging);
  // A security alliance while merely denying dominance to Russia (mean -1/3, not indirect balancing): hedging.
  EXPECT_EQ(classify_strategy(alignment({{-0.3, -0.4, -0.3}, {0.0, 0.0, 0.0}, {0.9, 0.0, -0.3}})), Strategy::hedging);
}

TEST(Strategy, PureBandwagoning)
{
  EXPECT_EQ(classify_strategy(alignment({{0.9, 0.8, 0.9}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}})), Strategy::bandwagoning);
  // Pure bandwagoning stays bandwagoning even with a fallback elsewhere.
  EXPECT_EQ(classify_strategy(alignment({{0.9, 0.8, 0.9}, {0.3, 0.5, 0.3}, {0.0, 0.0, 0.0}})), Strategy::bandwagoning);
  // The edge 5/7 belongs to pure bandwagoning.
  const double edge = 5.0 / 7.0;
  EXPECT_EQ(classify_strategy(alignment({{edge, edge, edge}, {0.3, 0.5, 0.3}, {0.0, 0.0, 0.0}})),
            Strategy::bandwagoning);
}

TEST(Strategy, LimitedBandwagoningWithoutFallbackIsBandwagoning)
{
  // Mean 0.55 toward Russia (limited bandwagoning); nobody else engaged above 1/7.
  EXPECT_EQ(classify_strategy(alignment({{0.6, 0.55, 0.5}, {0.1, 0.1, 0.0}, {0.0, -0.2, 0.1}})),
            Strategy::bandwagoning);
  // Estrangement from the others is no fallback either.
  EXPECT_EQ(classify_strategy(alignment({{0.6, 0.55, 0.5}, {-0.5, -0.5, -0.5}, {-0.3, -0.3, -0.3}})),
            Strategy::bandwagoning);
  // Only one great power in the block.
  EXPECT_EQ(classify_strategy(alignment({{0.6, 0.55, 0.5}})), Strategy::bandwagoning);
}

TEST(Strategy, LimitedBandwagoningWithFallbackIsHedging)
{
  // A single dimension above 1/7 with another power is a fallback.
  EXPECT_EQ(classify_strategy(alignment({{0.6, 0.55, 0.5}, {0.0, 0.3, 0.0}, {0.0, 0.0, 0.0}})), Strategy::hedging);
  EXPECT_EQ(classify_strategy(alignment({{0.6, 0.55, 0.5}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.2}})), Strategy::hedging);
  // Limited bandwagoning toward China with Russia kept as a fallback.
  EXPECT_EQ(classify_strategy(alignment({{0.2, 0.3, 0.1}, {0.5, 0.6, 0.5}, {0.0, 0.0, 0.0}})), Strategy::hedging);
}

TEST(Strategy, Names)
{
  EXPECT_STREQ(to_string(Strategy::balancing), "balancing");
  EXPECT_STREQ(to_string(Strategy::hedging), "hedging");
  EXPECT_STREQ(to_string(Strategy::bandwagoning), "bandwagoning");
  EXPECT_STREQ(to_string(Strategy::not_applicable), "not_applicable");
}

} // namespace
} // namespace hedgesim::model
