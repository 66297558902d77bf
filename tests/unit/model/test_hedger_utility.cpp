#include "hedgesim/model/hedger_utility.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace hedgesim::model {
namespace {

using test::alignment;
using test::default_model_params;
using test::kChina;
using test::kRussia;
using test::kUnitedStates;
using test::term;
using test::three_partner_view;

constexpr int kSec = static_cast<int>(Dimension::security);
constexpr int kEcon = static_cast<int>(Dimension::economic);
constexpr int kDip = static_cast<int>(Dimension::diplomatic);

//! A few alignment blocks to run each direction-of-effect test from.
std::vector<AlignmentRows> starting_points()
{
  return {
      test::uniform_alignment(3, 0.0),
      alignment({{0.5, 0.4, 0.3}, {0.1, 0.2, 0.0}, {-0.1, 0.0, 0.1}}),
      alignment({{-0.3, -0.2, -0.4}, {0.3, 0.5, 0.2}, {0.2, 0.1, 0.3}}),
      alignment({{0.8, 0.7, 0.6}, {-0.5, -0.4, -0.6}, {0.0, 0.3, -0.2}}),
  };
}

double utility(const HedgerView& v, const AlignmentRows& a, const ModelParams& m = default_model_params())
{
  return evaluate_utility(v, a, m).total;
}

//! U(a + h e_{g,d}) - U(a): the gain from a small move up on one component.
double gain_up(const HedgerView& v, const AlignmentRows& a, int g, int d, double h = 0.05,
               const ModelParams& m = default_model_params())
{
  AlignmentRows b = a;
  b(g, d) += h;
  return utility(v, b, m) - utility(v, a, m);
}

TEST(HedgerUtility, TermsSumToTotal)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  v.partners[kRussia].coercion_economic = 0.3;
  v.partners[kRussia].membership_floor[kSec] = 1.0 / 7.0;
  v.partners[kChina].inducement = 0.2;
  v.partners[kUnitedStates].at_war = 0.4;
  v.oil_price = 40;
  for (const auto& a : starting_points()) {
    const UtilityTerms u = evaluate_utility(v, a, m);
    double sum = 0;
    int nonzero = 0;
    for (double t : u.term) {
      ASSERT_TRUE(std::isfinite(t));
      sum += t;
      nonzero += t != 0 ? 1 : 0;
    }
    EXPECT_NEAR(u.total, sum, 1e-12);
    EXPECT_GE(nonzero, 4); // a realistic view engages most terms
  }
}

TEST(HedgerUtility, WeightsScaleTheirTermLinearly)
{
  const ModelParams base = default_model_params();
  HedgerView v = three_partner_view();
  v.partners[kRussia].membership_floor[kSec] = 0.5;
  v.partners[kRussia].orientation = 0.6;
  v.partners[kChina].at_war = 0.5;
  v.legitimacy = 0.5;
  v.regime_security = 0.6;
  const AlignmentRows a = starting_points()[2];
  const UtilityTerms u0 = evaluate_utility(v, a, base);
  // Entrapment is a security risk: it shares the security weight.
  double ModelParams::*weights[kTermCount] = {
      &ModelParams::weight_security, &ModelParams::weight_prosperity,      &ModelParams::weight_autonomy,
      &ModelParams::weight_hedging,  &ModelParams::weight_leader,          &ModelParams::weight_institutions,
      &ModelParams::weight_security, &ModelParams::weight_regime_security, &ModelParams::weight_abandonment};
  for (int t = 0; t < kTermCount; ++t) {
    ASSERT_NE(u0.term[t], 0.0) << kTermNames[t];
    for (double factor : {0.0, 2.0, 3.5}) {
      ModelParams m = base;
      m.*weights[t] = base.*weights[t] * factor;
      const UtilityTerms u = evaluate_utility(v, a, m);
      for (int other = 0; other < kTermCount; ++other) {
        const double expected = weights[other] == weights[t] ? factor * u0.term[other] : u0.term[other];
        EXPECT_NEAR(u.term[other], expected, 1e-12) << kTermNames[t] << " x" << factor << " -> " << kTermNames[other];
      }
    }
  }
}

TEST(HedgerUtility, TermNamesFollowTheEnum)
{
  EXPECT_EQ(kTermCount, 9);
  EXPECT_STREQ(kTermNames[static_cast<int>(Term::security)], "security");
  EXPECT_STREQ(kTermNames[static_cast<int>(Term::institutions)], "institutions");
  EXPECT_STREQ(kTermNames[static_cast<int>(Term::entrapment)], "entrapment");
  EXPECT_STREQ(kTermNames[static_cast<int>(Term::regime_security)], "regime_security");
  EXPECT_STREQ(kTermNames[static_cast<int>(Term::abandonment)], "abandonment");
}

TEST(HedgerUtility, EntrapmentIsItsOwnTermAndLeavesSecurityAlone)
{
  // Snyder: only security alignment with a power at war entraps; the threat picture is unchanged.
  const ModelParams m = default_model_params();
  const AlignmentRows a = alignment({{0.5, 0.4, 0.3}, {-0.2, 0.2, 0.0}, {0.3, 0.0, 0.1}});
  HedgerView peace = three_partner_view();
  HedgerView war = peace;
  war.partners[kRussia].at_war = 0.6;
  war.partners[kChina].at_war = 1.0; // security alignment with China is negative: no entrapment
  const UtilityTerms up = evaluate_utility(peace, a, m);
  const UtilityTerms uw = evaluate_utility(war, a, m);
  EXPECT_EQ(term(up, Term::entrapment), 0.0);
  EXPECT_NEAR(term(uw, Term::entrapment), -m.weight_security * m.entrapment * 0.6 * 0.5, 1e-12);
  EXPECT_EQ(term(uw, Term::security), term(up, Term::security));
  EXPECT_NEAR(uw.total - up.total, term(uw, Term::entrapment), 1e-12);
}

TEST(HedgerUtility, TradeAndInvestmentRaiseTheMarginalUtilityOfEconomicAlignment)
{
  for (const auto& a : starting_points()) {
    for (int g : {kRussia, kChina, kUnitedStates}) {
      for (double coercion : {0.0, 0.4}) {
        double last = -std::numeric_limits<double>::infinity();
        for (double investment : {0.0, 0.1, 0.3, 0.6}) {
          HedgerView v = three_partner_view();
          v.partners[g].coercion_economic = coercion;
          v.partners[g].investment = investment;
          const double g_up = gain_up(v, a, g, kEcon);
          EXPECT_GT(g_up, last) << "partner " << g << " investment " << investment;
          last = g_up;
        }
        last = -std::numeric_limits<double>::infinity();
        for (double trade : {0.0, 0.1, 0.3, 0.6}) {
          HedgerView v = three_partner_view();
          v.partners[g].coercion_economic = coercion;
          v.partners[g].trade_share = trade;
          const double g_up = gain_up(v, a, g, kEcon);
          EXPECT_GT(g_up, last) << "partner " << g << " trade " << trade;
          last = g_up;
        }
      }
    }
  }
}

TEST(HedgerUtility, InvestmentRewardsEconomicAlignmentMoreThanDiplomatic)
{
  // Gains grow with economic engagement in particular, not with alignment in general.
  for (const auto& a : starting_points()) {
    HedgerView v = three_partner_view();
    const double econ_before = gain_up(v, a, kChina, kEcon);
    const double dip_before = gain_up(v, a, kChina, kDip);
    v.partners[kChina].investment += 0.5;
    const double econ_rise = gain_up(v, a, kChina, kEcon) - econ_before;
    const double dip_rise = gain_up(v, a, kChina, kDip) - dip_before;
    EXPECT_GT(econ_rise, 2 * std::abs(dip_rise));
  }
}

TEST(HedgerUtility, InvestmentInOnePartnerDoesNotRewardAlignmentWithAnother)
{
  const AlignmentRows a = starting_points()[1];
  HedgerView v = three_partner_view();
  const double before = gain_up(v, a, kUnitedStates, kEcon);
  v.partners[kChina].investment = 0.6;
  EXPECT_NEAR(gain_up(v, a, kUnitedStates, kEcon), before, 1e-12);
}

TEST(HedgerUtility, EconomicCoercionMakesDriftingAwayCostlier)
{
  for (const auto& a : starting_points()) {
    for (int d : {kSec, kEcon, kDip}) {
      double last = -std::numeric_limits<double>::infinity();
      for (double coercion : {0.0, 0.2, 0.5, 1.0}) {
        HedgerView v = three_partner_view();
        v.partners[kRussia].coercion_economic = coercion;
        AlignmentRows drifted = a;
        drifted(kRussia, d) -= 0.1;
        const double cost = utility(v, a) - utility(v, drifted);
        EXPECT_GT(cost, last) << "dimension " << d << " coercion " << coercion;
        last = cost;
      }
    }
  }
  // Without dependence (no trade, no transit) the lever has nothing to bite on.
  HedgerView v = three_partner_view();
  v.partners[kRussia].trade_share = 0;
  v.partners[kRussia].export_route_share = 0;
  const AlignmentRows a = starting_points()[1];
  const double free_cost = -gain_up(v, a, kRussia, kDip, -0.1);
  v.partners[kRussia].coercion_economic = 1.0;
  EXPECT_NEAR(-gain_up(v, a, kRussia, kDip, -0.1), free_cost, 1e-12);
}

TEST(HedgerUtility, SanctionsMakeEconomicAlignmentWithThatPartnerLessAttractive)
{
  for (const auto& a : starting_points()) {
    if (a(kRussia, kEcon) < 0) {
      continue;
    }
    double last = std::numeric_limits<double>::infinity();
    for (double sanctioned : {0.0, 0.3, 1.0}) {
      HedgerView v = three_partner_view();
      v.partners[kRussia].sanctioned = sanctioned;
      const double g_up = gain_up(v, a, kRussia, kEcon);
      EXPECT_LT(g_up, last) << "sanctioned " << sanctioned;
      last = g_up;
      // Secondary sanctions follow economic ties more than diplomatic ones.
      if (sanctioned > 0) {
        const double econ_drop = gain_up(three_partner_view(), a, kRussia, kEcon) - gain_up(v, a, kRussia, kEcon);
        const double dip_drop = gain_up(three_partner_view(), a, kRussia, kDip) - gain_up(v, a, kRussia, kDip);
        EXPECT_GT(econ_drop, 2 * std::abs(dip_drop));
      }
      // Sanctions on Russia leave alignment with China as attractive as before.
      EXPECT_NEAR(gain_up(v, a, kChina, kEcon), gain_up(three_partner_view(), a, kChina, kEcon), 1e-12);
    }
  }
}

TEST(HedgerUtility, SanctionsOnTheHedgerTakeTheBiteOutOfSecondarySanctions)
{
  // The cost of economic ties with a sanctioned Russia shrinks with the hedger's own sanctions, in
  // proportion, and goes when the hedger is as sanctioned as can be.
  for (const auto& a : starting_points()) {
    if (a(kRussia, kEcon) < 0) {
      continue;
    }
    HedgerView free = three_partner_view();
    HedgerView sanctioned_russia = free;
    sanctioned_russia.partners[kRussia].sanctioned = 0.8;
    const double cost = gain_up(free, a, kRussia, kEcon) - gain_up(sanctioned_russia, a, kRussia, kEcon);
    ASSERT_GT(cost, 0.0);
    for (double own : {0.25, 0.5, 1.0}) {
      HedgerView both = sanctioned_russia;
      both.sanctioned = own;
      HedgerView only_own = free;
      only_own.sanctioned = own;
      EXPECT_NEAR(gain_up(only_own, a, kRussia, kEcon) - gain_up(both, a, kRussia, kEcon), (1.0 - own) * cost, 1e-12)
          << "own sanctions " << own;
    }
  }
}

TEST(HedgerUtility, WarMakesSecurityAlignmentLessAttractive)
{
  for (const auto& a : starting_points()) {
    if (a(kChina, kSec) < 0) {
      continue;
    }
    double last = std::numeric_limits<double>::infinity();
    for (double war : {0.0, 0.5, 1.0}) {
      HedgerView v = three_partner_view();
      v.partners[kChina].at_war = war;
      const double g_up = gain_up(v, a, kChina, kSec);
      EXPECT_LT(g_up, last) << "at_war " << war;
      last = g_up;
      // Entrapment is about security ties; economic ties with the belligerent are unaffected.
      EXPECT_NEAR(gain_up(v, a, kChina, kEcon), gain_up(three_partner_view(), a, kChina, kEcon), 1e-12);
    }
  }
}

TEST(HedgerUtility, NationalismMakesTheAutonomyTermMoreNegative)
{
  const ModelParams m = default_model_params();
  for (const auto& a : starting_points()) {
    if (a.maxCoeff() <= 0) {
      continue;
    }
    double last = std::numeric_limits<double>::infinity();
    for (double nationalism : {0.0, 0.3, 1.0}) {
      HedgerView v = three_partner_view();
      v.nationalism = nationalism;
      const double autonomy = term(evaluate_utility(v, a, m), Term::autonomy);
      EXPECT_LT(autonomy, 0.0);
      EXPECT_LT(autonomy, last) << "nationalism " << nationalism;
      last = autonomy;
    }
  }
  // Concentrating the same total alignment on one partner costs more autonomy than spreading it.
  const HedgerView v = three_partner_view();
  const double spread =
      term(evaluate_utility(v, alignment({{0.2, 0.2, 0.2}, {0.2, 0.2, 0.2}, {0.2, 0.2, 0.2}}), m), Term::autonomy);
  const double concentrated =
      term(evaluate_utility(v, alignment({{0.6, 0.6, 0.6}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}}), m), Term::autonomy);
  EXPECT_LT(concentrated, spread);
}

TEST(HedgerUtility, HedgingPremiumGrowsAsPositionsConverge)
{
  const ModelParams m = default_model_params();
  const HedgerView v = three_partner_view();
  double last = -1;
  // Row means move from far apart toward each other.
  for (double gap : {1.0, 0.6, 0.3, 0.1, 0.0}) {
    const AlignmentRows a = alignment({{gap, gap, gap}, {-gap, -gap, -gap}, {0.0, 0.0, 0.0}});
    const double hedging = term(evaluate_utility(v, a, m), Term::hedging);
    EXPECT_GT(hedging, last) << "gap " << gap;
    last = hedging;
  }
  EXPECT_GT(last, 0.0);
  // Only the spread of positions matters, not their common level.
  const double low = term(evaluate_utility(v, test::uniform_alignment(3, -0.4), m), Term::hedging);
  const double high = term(evaluate_utility(v, test::uniform_alignment(3, 0.4), m), Term::hedging);
  EXPECT_DOUBLE_EQ(low, high);
  // No uncertainty, no premium.
  HedgerView certain = v;
  certain.uncertainty = 0;
  EXPECT_EQ(term(evaluate_utility(certain, test::uniform_alignment(3, 0.0), m), Term::hedging), 0.0);
}

TEST(HedgerUtility, HedgingPremiumIsZeroWithASinglePartner)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  v.partners.resize(1);
  for (double x : {-0.5, 0.0, 0.5}) {
    EXPECT_EQ(term(evaluate_utility(v, test::uniform_alignment(1, x), m), Term::hedging), 0.0);
  }
  // With two partners at the same position it is positive.
  v = three_partner_view();
  v.partners.resize(2);
  EXPECT_GT(term(evaluate_utility(v, test::uniform_alignment(2, 0.0), m), Term::hedging), 0.0);
}

TEST(HedgerUtility, MembershipFloorOnlyCostsBelowTheFloor)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  const double floor = 1.0 / 7.0;
  v.partners[kRussia].membership_floor[kSec] = floor;
  AlignmentRows a = test::uniform_alignment(3, 0.0);
  for (double sec : {1.0, 0.5, floor}) {
    a(kRussia, kSec) = sec;
    EXPECT_EQ(term(evaluate_utility(v, a, m), Term::institutions), 0.0) << sec;
  }
  double last = 0;
  for (double sec : {0.1, 0.0, -0.3, -1.0}) {
    a(kRussia, kSec) = sec;
    const double cost = term(evaluate_utility(v, a, m), Term::institutions);
    EXPECT_LT(cost, last) << sec;
    last = cost;
  }
  // Quadratic in the shortfall: twice the shortfall, four times the cost.
  a(kRussia, kSec) = floor - 0.1;
  const double one = term(evaluate_utility(v, a, m), Term::institutions);
  a(kRussia, kSec) = floor - 0.2;
  EXPECT_NEAR(term(evaluate_utility(v, a, m), Term::institutions), 4 * one, 1e-12);
  // The floor binds only its own dimension and partner.
  a(kRussia, kSec) = 0.5;
  a(kRussia, kEcon) = -1.0;
  a(kChina, kSec) = -1.0;
  EXPECT_EQ(term(evaluate_utility(v, a, m), Term::institutions), 0.0);
}

TEST(HedgerUtility, ADefaultPartnerViewBindsNoMembership)
{
  const ModelParams m = default_model_params();
  HedgerView v;
  v.oil_price = v.oil_reference_price = 1;
  v.partners.resize(2); // default-constructed: no memberships
  EXPECT_EQ(term(evaluate_utility(v, test::uniform_alignment(2, -0.8), m), Term::institutions), 0.0);
}

TEST(HedgerUtility, OilBelowReferenceRaisesHardship)
{
  HedgerView v = three_partner_view();
  v.commodity_export_share = 0.6;
  v.oil_reference_price = 64;
  v.oil_price = 64;
  EXPECT_DOUBLE_EQ(hardship(v), 1.0);
  v.oil_price = 100;
  EXPECT_DOUBLE_EQ(hardship(v), 1.0); // a boom relieves nothing below the baseline
  double last = 1.0;
  for (double price : {60.0, 40.0, 20.0}) {
    v.oil_price = price;
    EXPECT_GT(hardship(v), last) << price;
    last = hardship(v);
  }
  EXPECT_DOUBLE_EQ(last, 1.0 + 0.6 * std::log(64.0 / 20.0));
  // No commodity exports, no exposure to the oil price.
  v.commodity_export_share = 0;
  EXPECT_DOUBLE_EQ(hardship(v), 1.0);

  // Hardship amplifies the alignment-dependent part of the prosperity term and nothing else.
  const ModelParams m = default_model_params();
  HedgerView calm = three_partner_view();
  HedgerView slump = calm;
  slump.oil_price = 32;
  const AlignmentRows a = starting_points()[1];
  const UtilityTerms uc = evaluate_utility(calm, a, m);
  const UtilityTerms us = evaluate_utility(slump, a, m);
  // The oil income level falls by the export share times the log price change...
  const double income = m.weight_prosperity * calm.commodity_export_share * std::log(32.0 / 64.0);
  EXPECT_NEAR(term(us, Term::prosperity), hardship(slump) * term(uc, Term::prosperity) + income, 1e-12);
  // ...while the gains that depend on alignment weigh more: differences between candidates grow.
  const AlignmentRows b = starting_points()[2];
  const double calm_gap = term(uc, Term::prosperity) - term(evaluate_utility(calm, b, m), Term::prosperity);
  const double slump_gap = term(us, Term::prosperity) - term(evaluate_utility(slump, b, m), Term::prosperity);
  EXPECT_NEAR(slump_gap, hardship(slump) * calm_gap, 1e-12);
  ASSERT_NE(calm_gap, 0.0);
  EXPECT_EQ(term(us, Term::security), term(uc, Term::security));
  EXPECT_EQ(term(us, Term::autonomy), term(uc, Term::autonomy));
}

TEST(HedgerUtility, SecurityAlignmentWithAThreatAppeasesIt)
{
  // Walt: security alignment with the threatening power diverts its threat;
  // opposing it provokes.
  const ModelParams m = default_model_params();
  const HedgerView v = three_partner_view();
  AlignmentRows a = test::uniform_alignment(3, 0.0);
  double last = -std::numeric_limits<double>::infinity();
  for (double sec : {-0.6, -0.2, 0.0, 0.4, 0.8}) {
    a(kRussia, kSec) = sec;
    const double security = term(evaluate_utility(v, a, m), Term::security);
    EXPECT_GT(security, last) << sec;
    last = security;
  }
}

TEST(HedgerUtility, ProtectionFromAReliableThirdPowerOffsetsThreat)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  AlignmentRows a = test::uniform_alignment(3, 0.0);
  a(kUnitedStates, kSec) = 0.6;
  const double security = term(evaluate_utility(v, a, m), Term::security);
  a(kUnitedStates, kSec) = 0.0;
  EXPECT_GT(security, term(evaluate_utility(v, a, m), Term::security));
  // More reliable and better armed protectors cover more.
  a(kUnitedStates, kSec) = 0.6;
  HedgerView reliable = v;
  reliable.partners[kUnitedStates].reliability = 1.0;
  EXPECT_GT(term(evaluate_utility(reliable, a, m), Term::security), security);
  HedgerView armed = v;
  armed.partners[kUnitedStates].arms_share = 0.9;
  EXPECT_GT(term(evaluate_utility(armed, a, m), Term::security), security);
}

TEST(HedgerUtility, InducementsPayForMeanAlignment)
{
  HedgerView v = three_partner_view();
  const AlignmentRows a = starting_points()[1];
  const double without = gain_up(v, a, kChina, kDip);
  v.partners[kChina].inducement = 0.3;
  EXPECT_GT(gain_up(v, a, kChina, kDip), without);
}

TEST(HedgerUtility, LeaderPullsTowardTheOrientation)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  v.partners[kRussia].orientation = 0.5;
  AlignmentRows a = test::uniform_alignment(3, 0.0);
  a.row(kRussia).setConstant(0.5);
  EXPECT_EQ(term(evaluate_utility(v, a, m), Term::leader), 0.0);
  a.row(kRussia).setConstant(0.2);
  const double off = term(evaluate_utility(v, a, m), Term::leader);
  EXPECT_LT(off, 0.0);
  v.personalism = 1.0;
  EXPECT_LT(term(evaluate_utility(v, a, m), Term::leader), off);
}

TEST(HedgerUtility, RegimeSecurityValuesReliableProtectorsMoreWhenLegitimacyIsLow)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  v.regime_security = 0.8;
  AlignmentRows a = test::uniform_alignment(3, 0.0);
  a(kRussia, kSec) = 0.6;
  double last = -1.0;
  for (double legitimacy : {0.9, 0.6, 0.3}) {
    v.legitimacy = legitimacy;
    const double regime = term(evaluate_utility(v, a, m), Term::regime_security);
    EXPECT_GT(regime, last) << legitimacy;
    last = regime;
  }
  // Only security ties to the patron count, in proportion to its reliability.
  AlignmentRows economic = test::uniform_alignment(3, 0.0);
  economic(kRussia, 1) = 0.6;
  EXPECT_EQ(term(evaluate_utility(v, economic, m), Term::regime_security), 0.0);
  HedgerView unreliable = v;
  unreliable.partners[kRussia].reliability = v.partners[kRussia].reliability / 2;
  EXPECT_NEAR(term(evaluate_utility(unreliable, a, m), Term::regime_security),
              term(evaluate_utility(v, a, m), Term::regime_security) / 2, 1e-12);
}

TEST(HedgerUtility, AbandonmentPenalisesRelianceOnUnreliablePatrons)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  AlignmentRows a = test::uniform_alignment(3, 0.0);
  a(kRussia, kSec) = 0.6;
  v.partners[kRussia].reliability = 0.9;
  const double trusted = term(evaluate_utility(v, a, m), Term::abandonment);
  v.partners[kRussia].reliability = 0.3;
  const double doubtful = term(evaluate_utility(v, a, m), Term::abandonment);
  EXPECT_LT(doubtful, trusted);
  EXPECT_LE(trusted, 0.0);
  v.partners[kRussia].reliability = 1.0;
  EXPECT_EQ(term(evaluate_utility(v, a, m), Term::abandonment), 0.0);
}

//! A view with `n` partners, each a variant of the three-partner view's, with every term engaged.
HedgerView varied_view(std::size_t n)
{
  const HedgerView base = three_partner_view();
  HedgerView v = base;
  v.oil_price = 45;
  v.legitimacy = 0.6;
  v.regime_security = 0.4;
  v.effort = {0.2, 0.5, 0.1};
  v.partners.clear();
  for (std::size_t g = 0; g < n; ++g) {
    PartnerView p = base.partners[g % base.partners.size()];
    const double f = 1.0 + 0.1 * static_cast<double>(g);
    p.threat *= f;
    p.capability *= f;
    p.coercion_economic = 0.1 * static_cast<double>(g % 3);
    p.inducement = 0.05 * static_cast<double>(g % 2);
    p.at_war = g % 4 == 3 ? 0.5 : 0.0;
    p.sanctioned = g % 5 == 2 ? 1.0 : 0.0;
    if (g % 3 == 0) {
      p.membership_floor[static_cast<std::size_t>(g % kDimensions)] = 1.0 / 7.0;
    }
    v.partners.push_back(p);
  }
  return v;
}

// The batched scores are the single ones, bit for bit, for every kind of nearby posture, for as
// many postures as fill the lanes or leave some empty, and for more partners than fit on the stack.
TEST(HedgerUtility, NearbyTotalsAreTheSingleScoresBitForBit)
{
  const ModelParams m = default_model_params();
  for (const std::size_t n : {std::size_t{1}, std::size_t{3}, std::size_t{10}}) {
    const HedgerView v = varied_view(n);
    const HedgerUtility utility(v, m);
    AlignmentRows a(static_cast<Eigen::Index>(n), kDimensions);
    for (Eigen::Index g = 0; g < a.rows(); ++g) {
      for (int d = 0; d < kDimensions; ++d) {
        a(g, d) = std::sin(1.7 * static_cast<double>(g) + 0.9 * d) * 0.8; // both signs
      }
    }
    a(0, 0) = 0.0;
    HedgerUtility::SecurityColumn column;
    utility.security_column(a, column);
    std::vector<HedgerUtility::Nearby> nearby;
    for (int g = 0; g < static_cast<int>(n); ++g) {
      for (int d = 0; d < kDimensions; ++d) {
        for (const double shift : {-0.02, 0.02, -1.5}) {
          nearby.push_back({g, d, -1, std::clamp(a(g, d) + shift, -1.0, 1.0)});
        }
      }
    }
    for (int k = 0; k < kEffortCount; ++k) {
      nearby.push_back({-1, -1, k, std::clamp(v.effort[static_cast<std::size_t>(k)] + 0.02, 0.0, 1.0)});
    }
    for (std::size_t count = 1; count <= nearby.size(); count += count < 6 ? 1 : 7) {
      std::vector<double> totals(count);
      utility.totals(a, v.effort, column, std::span(nearby).first(count), totals);
      for (std::size_t i = 0; i < count; ++i) {
        const HedgerUtility::Nearby& p = nearby[i];
        AlignmentRows b = a;
        Efforts e = v.effort;
        if (p.effort >= 0) {
          e[static_cast<std::size_t>(p.effort)] = p.value;
        } else {
          b(p.row, p.column) = p.value;
        }
        const double single = utility(b, e).total;
        ASSERT_EQ(std::bit_cast<std::uint64_t>(totals[i]), std::bit_cast<std::uint64_t>(single))
            << n << " partners, posture " << i << " of " << count << ": " << totals[i] << " against " << single;
      }
    }
  }
}

} // namespace
} // namespace hedgesim::model
