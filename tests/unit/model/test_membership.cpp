// Memberships as the hedger's choice: the parts of what membership is worth and the logit on it.
#include "hedgesim/model/membership.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace hedgesim::model {
namespace {

using test::alignment;
using test::default_model_params;
using test::kChina;
using test::kRussia;
using test::three_partner_view;

constexpr double kFloor = 1.0 / 7.0;

InstitutionParams offer(double benefit = 0.2, double exit_cost = 0.2)
{
  InstitutionParams p;
  p.open = 1.0;
  p.benefit = benefit;
  p.exit_cost = exit_cost;
  return p;
}

//! Alignment well above the floor toward Russia on every dimension, neutral elsewhere.
AlignmentRows above_floor()
{
  return alignment({{0.5, 0.5, 0.5}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}});
}

MembershipValue value_of(const HedgerView& v, const AlignmentRows& a, Dimension d, const ModelParams& m,
                         const InstitutionParams& inst = offer())
{
  return membership_value(v, a, kRussia, d, kFloor, inst, m);
}

// --- value ---------------------------------------------------------------------------------------

TEST(MembershipValue, PartsSumToTotal)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  v.partners[kRussia].at_war = 0.7;
  v.partners[kRussia].sanctioned = 0.6;
  v.partners[kRussia].intent = 0.4;
  v.oil_price = 40;
  const AlignmentRows a = alignment({{-0.2, -0.3, 0.1}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}});
  for (Dimension d : {Dimension::security, Dimension::economic, Dimension::diplomatic}) {
    const MembershipValue value = value_of(v, a, d, m);
    EXPECT_NEAR(value.total, value.benefit + value.obligations + value.entrapment + value.sanctions + value.sovereignty,
                1e-15);
  }
}

TEST(MembershipValue, BenefitIsWeightedAndScalesWithHardship)
{
  ModelParams m = default_model_params();
  m.weight_institutions = 2.0;
  HedgerView v = three_partner_view();
  const AlignmentRows a = above_floor();
  // At the reference price there is no hardship: the benefit is the weighted offer.
  ASSERT_DOUBLE_EQ(hardship(v), 1.0);
  EXPECT_NEAR(value_of(v, a, Dimension::economic, m, offer(0.3)).benefit, 2.0 * 0.3, 1e-15);
  // Half the reference price: hardship 1 + 0.5 ln 2 multiplies the benefit.
  v.oil_price = v.oil_reference_price / 2.0;
  const double h = 1.0 + 0.5 * std::log(2.0);
  ASSERT_NEAR(hardship(v), h, 1e-12);
  EXPECT_NEAR(value_of(v, a, Dimension::economic, m, offer(0.3)).benefit, 2.0 * 0.3 * h, 1e-12);
  // A boom brings no discount below the plain benefit.
  v.oil_price = v.oil_reference_price * 2.0;
  EXPECT_NEAR(value_of(v, a, Dimension::economic, m, offer(0.3)).benefit, 2.0 * 0.3, 1e-15);
  // No offer, no benefit.
  EXPECT_EQ(value_of(v, a, Dimension::economic, m, offer(0.0)).benefit, 0.0);
}

// As in the prosperity term, reform absorbs part of the hardship, and with it part of the extra
// weight hard times give membership's gains.
TEST(MembershipValue, ReformAbsorbsPartOfTheHardship)
{
  ModelParams m = default_model_params();
  m.weight_institutions = 2.0;
  m.reform_resilience = 0.6;
  HedgerView v = three_partner_view();
  v.oil_price = v.oil_reference_price / 2.0;
  v.effort[static_cast<std::size_t>(Effort::reform)] = 0.5;
  const double h = 1.0 + (1.0 - 0.6 * 0.5) * 0.5 * std::log(2.0);
  ASSERT_NEAR(hardship(v, 0.6 * 0.5), h, 1e-12);
  EXPECT_NEAR(value_of(v, above_floor(), Dimension::economic, m, offer(0.3)).benefit, 2.0 * 0.3 * h, 1e-12);
  // Without reform, the whole hardship.
  v.effort[static_cast<std::size_t>(Effort::reform)] = 0.0;
  EXPECT_NEAR(value_of(v, above_floor(), Dimension::economic, m, offer(0.3)).benefit,
              2.0 * 0.3 * (1.0 + 0.5 * std::log(2.0)), 1e-12);
}

TEST(MembershipValue, ObligationsBiteOnlyBelowTheFloorOnTheBoundDimension)
{
  ModelParams m = default_model_params();
  m.weight_institutions = 1.5;
  const HedgerView v = three_partner_view();
  // At or above the floor: no obligation cost.
  EXPECT_EQ(value_of(v, alignment({{kFloor, 0.0, 0.0}, {0, 0, 0}, {0, 0, 0}}), Dimension::security, m).obligations,
            0.0);
  EXPECT_EQ(value_of(v, alignment({{0.9, 0.0, 0.0}, {0, 0, 0}, {0, 0, 0}}), Dimension::security, m).obligations, 0.0);
  // Below it, the squared shortfall, weighted.
  const double shortfall = kFloor + 0.3;
  EXPECT_NEAR(value_of(v, alignment({{-0.3, 0.9, 0.9}, {0, 0, 0}, {0, 0, 0}}), Dimension::security, m).obligations,
              -1.5 * shortfall * shortfall, 1e-12);
  // The same low alignment on another dimension does not bind a security institution...
  EXPECT_EQ(value_of(v, alignment({{0.9, -0.3, -0.3}, {0, 0, 0}, {0, 0, 0}}), Dimension::security, m).obligations, 0.0);
  // ...and alignment toward another power does not count.
  EXPECT_EQ(value_of(v, alignment({{0.9, 0.9, 0.9}, {-1, -1, -1}, {0, 0, 0}}), Dimension::security, m).obligations,
            0.0);
  // The further below, the costlier.
  const double a_bit = value_of(v, alignment({{0.0, 0, 0}, {0, 0, 0}, {0, 0, 0}}), Dimension::security, m).obligations;
  const double a_lot = value_of(v, alignment({{-0.8, 0, 0}, {0, 0, 0}, {0, 0, 0}}), Dimension::security, m).obligations;
  EXPECT_LT(a_bit, 0.0);
  EXPECT_LT(a_lot, a_bit);
}

TEST(MembershipValue, EntrapmentOnlyInASecurityPactWithAPowerAtWar)
{
  ModelParams m = default_model_params();
  m.weight_security = 2.0;
  m.entrapment = 0.75;
  HedgerView v = three_partner_view();
  const AlignmentRows a = above_floor();
  EXPECT_EQ(value_of(v, a, Dimension::security, m).entrapment, 0.0); // at peace
  v.partners[kChina].at_war = 1.0;                                   // another power's war
  EXPECT_EQ(value_of(v, a, Dimension::security, m).entrapment, 0.0);
  v.partners[kRussia].at_war = 0.8;
  EXPECT_NEAR(value_of(v, a, Dimension::security, m).entrapment, -2.0 * 0.75 * 0.8, 1e-12);
  EXPECT_EQ(value_of(v, a, Dimension::economic, m).entrapment, 0.0);
  EXPECT_EQ(value_of(v, a, Dimension::diplomatic, m).entrapment, 0.0);
  // It lowers the total of the security pact by exactly its amount.
  HedgerView peace = v;
  peace.partners[kRussia].at_war = 0.0;
  EXPECT_NEAR(value_of(v, a, Dimension::security, m).total - value_of(peace, a, Dimension::security, m).total,
              -2.0 * 0.75 * 0.8, 1e-12);
}

TEST(MembershipValue, SanctionsOnlyInAnEconomicUnionWithASanctionedPower)
{
  ModelParams m = default_model_params();
  m.weight_prosperity = 1.5;
  m.sanctions_exposure = 0.4;
  HedgerView v = three_partner_view();
  const AlignmentRows a = above_floor();
  EXPECT_EQ(value_of(v, a, Dimension::economic, m).sanctions, 0.0);
  v.partners[kChina].sanctioned = 1.0;
  EXPECT_EQ(value_of(v, a, Dimension::economic, m).sanctions, 0.0);
  v.partners[kRussia].sanctioned = 0.5;
  EXPECT_NEAR(value_of(v, a, Dimension::economic, m).sanctions, -1.5 * 0.4 * 0.5, 1e-12);
  EXPECT_EQ(value_of(v, a, Dimension::security, m).sanctions, 0.0);
  EXPECT_EQ(value_of(v, a, Dimension::diplomatic, m).sanctions, 0.0);
}

TEST(MembershipValue, AHedgerUnderSanctionsFearsSecondarySanctionsLess)
{
  ModelParams m = default_model_params();
  m.weight_prosperity = 1.5;
  m.sanctions_exposure = 0.4;
  HedgerView v = three_partner_view();
  v.partners[kRussia].sanctioned = 0.5;
  v.sanctioned = 0.75;
  EXPECT_NEAR(value_of(v, above_floor(), Dimension::economic, m).sanctions, -1.5 * 0.4 * 0.25 * 0.5, 1e-12);
  v.sanctioned = 1.0;
  EXPECT_EQ(value_of(v, above_floor(), Dimension::economic, m).sanctions, 0.0);
}

TEST(MembershipValue, SovereigntyCostIsNationalismTimesIntent)
{
  ModelParams m = default_model_params();
  m.weight_autonomy = 0.8;
  m.sovereignty = 1.25;
  HedgerView v = three_partner_view();
  const AlignmentRows a = above_floor();
  v.nationalism = 0.6;
  v.partners[kRussia].intent = 0.0;
  EXPECT_EQ(value_of(v, a, Dimension::security, m).sovereignty, 0.0);
  v.partners[kRussia].intent = 0.5;
  EXPECT_NEAR(value_of(v, a, Dimension::security, m).sovereignty, -0.8 * 1.25 * 0.6 * 0.5, 1e-12);
  // Every dimension of institution pays it: it is about who leads, not what binds.
  EXPECT_NEAR(value_of(v, a, Dimension::economic, m).sovereignty, -0.8 * 1.25 * 0.6 * 0.5, 1e-12);
  v.nationalism = 0.0;
  EXPECT_EQ(value_of(v, a, Dimension::security, m).sovereignty, 0.0);
  // Doubling either factor doubles the cost.
  v.nationalism = 0.3;
  const double base = value_of(v, a, Dimension::security, m).sovereignty;
  v.nationalism = 0.6;
  EXPECT_NEAR(value_of(v, a, Dimension::security, m).sovereignty, 2.0 * base, 1e-12);
  v.partners[kRussia].intent = 1.0;
  EXPECT_NEAR(value_of(v, a, Dimension::security, m).sovereignty, 4.0 * base, 1e-12);
  // Another power's intent does not count.
  HedgerView other = v;
  other.partners[kRussia].intent = 0.0;
  other.partners[kChina].intent = 1.0;
  EXPECT_EQ(value_of(other, a, Dimension::security, m).sovereignty, 0.0);
}

TEST(MembershipValue, NeutralViewIsWorthTheBenefit)
{
  // No war, no sanctions, no hostility, above the floor: only the benefit remains.
  const ModelParams m = default_model_params();
  const HedgerView v = three_partner_view();
  const MembershipValue value = value_of(v, above_floor(), Dimension::security, m, offer(0.4));
  EXPECT_EQ(value.obligations, 0.0);
  EXPECT_EQ(value.entrapment, 0.0);
  EXPECT_EQ(value.sanctions, 0.0);
  EXPECT_EQ(value.sovereignty, 0.0);
  EXPECT_NEAR(value.total, m.weight_institutions * 0.4, 1e-15);
}

TEST(MembershipValue, ExitCostDoesNotEnterTheValue)
{
  const ModelParams m = default_model_params();
  const HedgerView v = three_partner_view();
  EXPECT_EQ(value_of(v, above_floor(), Dimension::economic, m, offer(0.2, 0.0)).total,
            value_of(v, above_floor(), Dimension::economic, m, offer(0.2, 4.0)).total);
}

// --- probability ---------------------------------------------------------------------------------

TEST(MembershipProbability, HalfAtZeroMargin)
{
  EXPECT_DOUBLE_EQ(membership_probability(0.0, false, 0.7, 20.0), 0.5);
  EXPECT_DOUBLE_EQ(membership_probability(0.0, true, 0.0, 20.0), 0.5);
  // A member with value -exit_cost is at zero margin too.
  EXPECT_NEAR(membership_probability(-0.7, true, 0.7, 20.0), 0.5, 1e-15);
  // No precision: a coin toss whatever the value.
  EXPECT_DOUBLE_EQ(membership_probability(3.0, false, 0.0, 0.0), 0.5);
}

TEST(MembershipProbability, IsTheLogitOfTheMargin)
{
  EXPECT_NEAR(membership_probability(0.1, false, 5.0, 20.0), 1.0 / (1.0 + std::exp(-2.0)), 1e-15);
  EXPECT_NEAR(membership_probability(-0.3, true, 0.2, 10.0), 1.0 / (1.0 + std::exp(1.0)), 1e-15);
  // Symmetric about zero margin.
  EXPECT_NEAR(membership_probability(0.25, false, 0.0, 8.0) + membership_probability(-0.25, false, 0.0, 8.0), 1.0,
              1e-15);
}

TEST(MembershipProbability, RisesWithValue)
{
  for (bool member : {false, true}) {
    double previous = 0.0;
    for (double value = -2.0; value <= 2.0; value += 0.05) {
      const double p = membership_probability(value, member, 0.3, 5.0);
      EXPECT_GE(p, 0.0);
      EXPECT_LE(p, 1.0);
      EXPECT_GT(p, previous) << value;
      previous = p;
    }
  }
  EXPECT_GT(membership_probability(1.0, false, 0.0, 20.0), 0.999);
  EXPECT_LT(membership_probability(-1.0, false, 0.0, 20.0), 0.001);
}

TEST(MembershipProbability, SharperWithRationality)
{
  EXPECT_GT(membership_probability(0.2, false, 0.0, 40.0), membership_probability(0.2, false, 0.0, 5.0));
  EXPECT_LT(membership_probability(-0.2, false, 0.0, 40.0), membership_probability(-0.2, false, 0.0, 5.0));
}

TEST(MembershipProbability, AMemberStaysMoreEasilyThanANonMemberJoins)
{
  for (double value : {-1.0, -0.2, 0.0, 0.2}) {
    const double join = membership_probability(value, false, 0.5, 10.0);
    const double stay = membership_probability(value, true, 0.5, 10.0);
    EXPECT_GT(stay, join) << value;
    // The exit cost counts only for a member.
    EXPECT_EQ(join, membership_probability(value, false, 0.0, 10.0)) << value;
    // The larger the exit cost, the likelier a member stays.
    EXPECT_GT(membership_probability(value, true, 2.0, 10.0), stay) << value;
  }
  // Without an exit cost the two are the same choice.
  EXPECT_EQ(membership_probability(0.1, true, 0.0, 10.0), membership_probability(0.1, false, 0.0, 10.0));
}

} // namespace
} // namespace hedgesim::model
