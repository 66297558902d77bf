// Diplomatic acts: votes on UN resolutions and recognition of breakaway entities.
#include "hedgesim/model/diplomatic_acts.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

namespace hedgesim::model {
namespace {

using test::alignment;
using test::default_model_params;
using test::kChina;
using test::kRussia;
using test::kUnitedStates;
using test::three_partner_view;

constexpr int kDip = static_cast<int>(Dimension::diplomatic);
constexpr std::size_t kAgainst = 0;
constexpr std::size_t kAbstain = 1;
constexpr std::size_t kFor = 2;

//! The United States sponsors a resolution against Russia.
std::array<double, 3> votes(const HedgerView& v, const AlignmentRows& a, double severity = 1.0,
                            const ModelParams& m = default_model_params())
{
  return vote_utilities(v, a, kUnitedStates, kRussia, severity, m);
}

//! Russia asks for recognition.
double recognises(const HedgerView& v, const AlignmentRows& a, double severity = 1.0,
                  const ModelParams& m = default_model_params())
{
  return binary_logit(recognition_utilities(v, a, kRussia, severity, m), m.act_rationality);
}

AlignmentRows neutral()
{
  return test::uniform_alignment(3, 0.0);
}

//! Logit probabilities of against, abstain, for.
std::array<double, 3> logit(const std::array<double, 3>& u, double rationality)
{
  std::array<double, 3> p{};
  double sum = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    p[i] = std::exp(rationality * u[i]);
    sum += p[i];
  }
  for (double& x : p) {
    x /= sum;
  }
  return p;
}

// --- votes ---------------------------------------------------------------------------------------

TEST(VoteUtilities, HandComputedCase)
{
  ModelParams m = default_model_params();
  m.territorial_norm = 1.0;
  m.weight_hedging = 0.5;
  m.provocation = 0.5;
  m.silence = 0.4;
  HedgerView v = three_partner_view(); // uncertainty 0.5, nationalism 0.3, largest threat 0.45 (Russia)
  v.partners[kRussia].kin_minority_share = 0.2;
  v.partners[kRussia].inducement = 0.1; // Russia pays trade 0.25 + investment 0.05 + 0.1
  AlignmentRows a = neutral();
  a(kUnitedStates, kDip) = 0.4;
  a(kRussia, kDip) = -0.2;
  // lean = 0.5 (0.4 + 0.2) + 1 * 0.5 * 0.5 (0.3 + 0.2) = 0.425; sides = 0.5 * 0.5 * 0.45; provoke = 0.5 * 0.45;
  // stake = 0.4 * (0.25 + 0.05 + 0.1) = 0.16
  const auto u = votes(v, a, 0.5, m);
  EXPECT_NEAR(u[kAgainst], -0.425 - 0.1125, 1e-12);
  EXPECT_EQ(u[kAbstain], 0.0);
  EXPECT_NEAR(u[kFor], 0.425 - 0.1125 - 0.225 - 0.16, 1e-12);
}

TEST(VoteUtilities, DependenceBuysSilence)
{
  // A resolution the United States brings against China: the more China invests, the less likely
  // the hedger votes for it; abstaining and voting against are untouched.
  const ModelParams m = default_model_params();
  ASSERT_GT(m.silence, 0.0);
  const AlignmentRows a = neutral();
  HedgerView v = three_partner_view();
  const auto before = vote_utilities(v, a, kUnitedStates, kChina, 0.0, m);
  v.partners[kChina].investment += 0.4;
  const auto after = vote_utilities(v, a, kUnitedStates, kChina, 0.0, m);
  EXPECT_NEAR(after[kFor] - before[kFor], -m.silence * 0.4, 1e-12);
  EXPECT_EQ(after[kAgainst], before[kAgainst]);
  EXPECT_EQ(after[kAbstain], before[kAbstain]);
  EXPECT_LT(logit(after, m.act_rationality)[kFor], logit(before, m.act_rationality)[kFor]);
  // Without the silence weight the money at stake does not count.
  ModelParams free = m;
  free.silence = 0;
  EXPECT_EQ(vote_utilities(v, a, kUnitedStates, kChina, 0.0, free)[kFor],
            vote_utilities(three_partner_view(), a, kUnitedStates, kChina, 0.0, free)[kFor]);
}

TEST(VoteUtilities, AbstentionIsAlwaysZero)
{
  HedgerView v = three_partner_view();
  v.partners[kRussia].kin_minority_share = 0.3;
  for (const auto& a : {neutral(), alignment({{0.8, 0.6, 0.9}, {0.1, 0.1, -0.4}, {-0.3, 0.2, -0.8}})}) {
    for (double severity : {0.0, 0.5, 1.0}) {
      EXPECT_EQ(votes(v, a, severity)[kAbstain], 0.0);
      EXPECT_EQ(vote_utilities(v, a, kChina, kUnitedStates, severity, default_model_params())[kAbstain], 0.0);
    }
  }
}

TEST(VoteUtilities, AlignmentWithTheTargetMakesAgainstMoreAttractive)
{
  const HedgerView v = three_partner_view();
  std::array<double, 3> previous = votes(v, neutral());
  for (double x : {0.2, 0.5, 0.9}) {
    AlignmentRows a = neutral();
    a(kRussia, kDip) = x;
    const auto u = votes(v, a);
    EXPECT_GT(u[kAgainst], previous[kAgainst]) << x;
    EXPECT_LT(u[kFor], previous[kFor]) << x;
    previous = u;
  }
  // Only the diplomatic dimension reveals a side.
  AlignmentRows security = neutral();
  security(kRussia, static_cast<int>(Dimension::security)) = 0.9;
  EXPECT_EQ(votes(v, security), votes(v, neutral()));
}

TEST(VoteUtilities, AlignmentWithTheSponsorMakesForMoreAttractive)
{
  const HedgerView v = three_partner_view();
  AlignmentRows a = neutral();
  a(kUnitedStates, kDip) = 0.6;
  EXPECT_GT(votes(v, a)[kFor], votes(v, neutral())[kFor]);
  EXPECT_LT(votes(v, a)[kAgainst], votes(v, neutral())[kAgainst]);
  // A third power's alignment does not enter.
  AlignmentRows third = neutral();
  third(kChina, kDip) = 0.6;
  EXPECT_EQ(votes(v, third), votes(v, neutral()));
}

TEST(VoteUtilities, KinMinorityAndNationalismMakeForMoreAttractive)
{
  HedgerView v = three_partner_view();
  const auto base = votes(v, neutral());
  HedgerView kin = v;
  kin.partners[kRussia].kin_minority_share = 0.3;
  EXPECT_GT(votes(kin, neutral())[kFor], base[kFor]);
  EXPECT_LT(votes(kin, neutral())[kAgainst], base[kAgainst]);
  HedgerView nationalist = v;
  nationalist.nationalism = 0.9;
  EXPECT_GT(votes(nationalist, neutral())[kFor], base[kFor]);
  EXPECT_LT(votes(nationalist, neutral())[kAgainst], base[kAgainst]);
  // The norm weighs with the resolution's severity: at zero severity neither matters.
  EXPECT_EQ(votes(kin, neutral(), 0.0), votes(v, neutral(), 0.0));
  EXPECT_EQ(votes(nationalist, neutral(), 0.0), votes(v, neutral(), 0.0));
  // And with the territorial norm: without it, neither matters.
  ModelParams m = default_model_params();
  m.territorial_norm = 0.0;
  EXPECT_EQ(votes(kin, neutral(), 1.0, m), votes(v, neutral(), 1.0, m));
  // A kin minority of a third power does not enter.
  HedgerView other = v;
  other.partners[kChina].kin_minority_share = 0.3;
  EXPECT_EQ(votes(other, neutral()), base);
}

TEST(VoteUtilities, ThreatFromTheTargetMakesForLessAttractive)
{
  HedgerView v = three_partner_view();
  v.partners[kRussia].threat = 0.1; // below China's 0.35: the largest threat stays China's
  const auto low = votes(v, neutral());
  v.partners[kRussia].threat = 0.3;
  const auto high = votes(v, neutral());
  EXPECT_LT(high[kFor], low[kFor]);
  EXPECT_NEAR(high[kFor] - low[kFor], -default_model_params().provocation * 0.2, 1e-12);
  EXPECT_EQ(high[kAgainst], low[kAgainst]); // voting against the threat provokes nobody
  // Once it is the largest threat, the stakes of taking either side rise as well, "for" the more.
  v.partners[kRussia].threat = 0.9;
  const auto highest = votes(v, neutral());
  EXPECT_LT(highest[kFor], high[kFor]);
  EXPECT_LT(highest[kAgainst], high[kAgainst]);
  EXPECT_LT(highest[kFor] - highest[kAgainst], high[kFor] - high[kAgainst]);
}

TEST(VoteUtilities, UncertaintyMakesTakingEitherSideCostlier)
{
  HedgerView calm = three_partner_view();
  calm.uncertainty = 0.1;
  HedgerView tense = calm;
  tense.uncertainty = 0.9;
  const auto a = votes(calm, neutral());
  const auto b = votes(tense, neutral());
  EXPECT_LT(b[kAgainst], a[kAgainst]);
  EXPECT_LT(b[kFor], a[kFor]);
  EXPECT_NEAR(b[kFor] - a[kFor], b[kAgainst] - a[kAgainst], 1e-12);
}

TEST(ChooseVote, KeepsTheUtilities)
{
  const std::array<double, 3> u{-0.2, 0.0, 0.3};
  EXPECT_EQ(choose_vote(u, 5.0, 0.5).utility, u);
}

TEST(ChooseVote, EndsOfTheUnitIntervalPickTheEndOutcomes)
{
  const std::array<double, 3> u{-0.1, 0.0, 0.1};
  EXPECT_EQ(choose_vote(u, 3.0, 0.0).vote, -1);
  EXPECT_EQ(choose_vote(u, 3.0, std::nextafter(1.0, 0.0)).vote, 1);
}

TEST(ChooseVote, FrequenciesOverAFineGridMatchTheLogit)
{
  // Every uniform on a grid of n points: each outcome's count is n p within rounding at the cuts.
  constexpr int kPoints = 100000;
  const std::vector<std::array<double, 3>> cases{
      {0.0, 0.0, 0.0}, {-0.5375, 0.0, 0.0875}, {0.3, 0.0, -0.2}, {-1.0, 0.0, 1.0}, {0.05, 0.0, 0.04}};
  for (const auto& u : cases) {
    for (double rationality : {0.0, 1.0, 10.0}) {
      std::array<int, 3> count{};
      for (int i = 0; i < kPoints; ++i) {
        const double draw = (i + 0.5) / kPoints;
        const int vote = choose_vote(u, rationality, draw).vote;
        ASSERT_TRUE(vote == -1 || vote == 0 || vote == 1) << vote;
        ++count[static_cast<std::size_t>(vote + 1)];
      }
      const auto p = logit(u, rationality);
      for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_NEAR(static_cast<double>(count[k]) / kPoints, p[k], 2.0 / kPoints)
            << "outcome " << k << ", utilities " << u[0] << " " << u[1] << " " << u[2] << ", rationality "
            << rationality;
      }
    }
  }
}

TEST(ChooseVote, AllThreeOutcomesOccurAtModeratePrecision)
{
  const std::array<double, 3> u{-0.1, 0.0, 0.05};
  std::array<int, 3> count{};
  for (int i = 0; i < 1000; ++i) {
    ++count[static_cast<std::size_t>(choose_vote(u, 10.0, (i + 0.5) / 1000).vote + 1)];
  }
  for (int c : count) {
    EXPECT_GT(c, 100);
  }
  EXPECT_GT(count[kFor], count[kAbstain]);
  EXPECT_GT(count[kAbstain], count[kAgainst]);
}

TEST(ChooseVote, HighPrecisionPicksTheBest)
{
  // Large utilities and precision must not overflow: the best outcome wins almost always.
  const std::array<double, 3> u{400.0, 0.0, 399.0};
  int against = 0;
  for (int i = 0; i < 1000; ++i) {
    against += choose_vote(u, 100.0, (i + 0.5) / 1000).vote == -1 ? 1 : 0;
  }
  EXPECT_EQ(against, 1000);
}

// --- recognition ---------------------------------------------------------------------------------

// --- sanctions -----------------------------------------------------------------------------------

TEST(SanctionsUtilities, HandComputedCase)
{
  ModelParams m = default_model_params();
  m.silence = 0.5;
  m.sanctions_exposure = 0.4;
  m.provocation = 0.5;
  HedgerView v = three_partner_view();
  v.partners[kRussia].inducement = 0.1; // Russia pays 0.25 + 0.05 + 0.1; the United States 0.05 + 0.1
  const auto u = sanctions_utilities(v, kUnitedStates, kRussia, 0.5, m);
  const double t_russia = v.partners[kRussia].threat;
  const double t_us = v.partners[kUnitedStates].threat;
  EXPECT_NEAR(u[0], -0.5 * 0.5 * 0.4 - 0.25 * t_russia, 1e-12);
  EXPECT_NEAR(u[1], -0.5 * 0.4 * 0.15 - 0.25 * t_us, 1e-12);
}

TEST(SanctionsUtilities, TradeWithTheSponsorMakesEnforcementLikelier)
{
  const ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  const double before = binary_logit(sanctions_utilities(v, kUnitedStates, kRussia, 1.0, m), m.act_rationality);
  v.partners[kUnitedStates].trade_share += 0.3;
  const double more_west = binary_logit(sanctions_utilities(v, kUnitedStates, kRussia, 1.0, m), m.act_rationality);
  v.partners[kRussia].trade_share += 0.6;
  const double more_russia = binary_logit(sanctions_utilities(v, kUnitedStates, kRussia, 1.0, m), m.act_rationality);
  EXPECT_GT(more_west, before);
  EXPECT_LT(more_russia, more_west);
}

TEST(SanctionsUtilities, AHedgerUnderSanctionsRisksLessByEvading)
{
  ModelParams m = default_model_params();
  m.sanctions_exposure = 0.4;
  m.provocation = 0.5;
  HedgerView v = three_partner_view();
  const double t_us = v.partners[kUnitedStates].threat;
  v.sanctioned = 0.5;
  EXPECT_NEAR(sanctions_utilities(v, kUnitedStates, kRussia, 1.0, m)[1], -0.4 * 0.5 * 0.15 - 0.25 * t_us, 1e-12);
  const double half = binary_logit(sanctions_utilities(v, kUnitedStates, kRussia, 1.0, m), m.act_rationality);
  v.sanctioned = 0.0;
  EXPECT_GT(binary_logit(sanctions_utilities(v, kUnitedStates, kRussia, 1.0, m), m.act_rationality), half);
}

TEST(RecognitionUtilities, HandComputedCase)
{
  ModelParams m = default_model_params();
  m.territorial_norm = 1.0;
  m.sanctions_exposure = 0.5;
  m.provocation = 0.5;
  HedgerView v = three_partner_view(); // nationalism 0.3; Russia's threat 0.45
  v.partners[kRussia].kin_minority_share = 0.2;
  v.partners[kRussia].sanctioned = 1.0;
  AlignmentRows a = neutral();
  a(kRussia, kDip) = 0.3;
  const auto u = recognition_utilities(v, a, kRussia, 1.0, m);
  EXPECT_NEAR(u[0], 0.3 - (0.3 + 0.2) - 0.5, 1e-12);
  EXPECT_NEAR(u[1], -0.5 * 0.5 * 0.45, 1e-12);
}

TEST(RecognitionUtilities, AHedgerUnderSanctionsRisksLessByRecognising)
{
  ModelParams m = default_model_params();
  m.territorial_norm = 1.0;
  m.sanctions_exposure = 0.5;
  HedgerView v = three_partner_view();
  v.partners[kRussia].kin_minority_share = 0.2;
  v.partners[kRussia].sanctioned = 1.0;
  v.sanctioned = 0.6;
  AlignmentRows a = neutral();
  a(kRussia, kDip) = 0.3;
  EXPECT_NEAR(recognition_utilities(v, a, kRussia, 1.0, m)[0], 0.3 - (0.3 + 0.2) - 0.5 * 0.4, 1e-12);
}

TEST(RecognitionProbability, IsTheLogitOfTheDifference)
{
  EXPECT_DOUBLE_EQ(binary_logit({0.2, 0.2}, 10.0), 0.5);
  EXPECT_DOUBLE_EQ(binary_logit({1.0, -3.0}, 0.0), 0.5);
  EXPECT_NEAR(binary_logit({0.1, -0.1}, 5.0), 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_NEAR(binary_logit({0.1, -0.1}, 5.0) + binary_logit({-0.1, 0.1}, 5.0), 1.0, 1e-15);
}

TEST(RecognitionProbability, LargerKinMinorityMeansLessRecognition)
{
  HedgerView v = three_partner_view();
  double previous = 1.0;
  for (double kin : {0.0, 0.1, 0.2, 0.4}) {
    v.partners[kRussia].kin_minority_share = kin;
    const double p = recognises(v, neutral());
    EXPECT_LT(p, previous) << kin;
    previous = p;
  }
  // Without severity the precedent does not matter.
  HedgerView none = three_partner_view();
  EXPECT_EQ(recognises(v, neutral(), 0.0), recognises(none, neutral(), 0.0));
}

TEST(RecognitionProbability, MoreNationalismMeansLessRecognition)
{
  HedgerView v = three_partner_view();
  v.nationalism = 0.1;
  const double low = recognises(v, neutral());
  v.nationalism = 0.8;
  EXPECT_LT(recognises(v, neutral()), low);
}

TEST(RecognitionProbability, DiplomaticAlignmentWithTheRequesterMeansMoreRecognition)
{
  const HedgerView v = three_partner_view();
  double previous = 0.0;
  for (double x : {-0.8, -0.2, 0.0, 0.4, 0.9}) {
    AlignmentRows a = neutral();
    a(kRussia, kDip) = x;
    const double p = recognises(v, a);
    EXPECT_GT(p, previous) << x;
    previous = p;
  }
  // Alignment with another power or on another dimension does not enter.
  AlignmentRows other = neutral();
  other(kChina, kDip) = 0.9;
  other(kRussia, static_cast<int>(Dimension::economic)) = 0.9;
  EXPECT_EQ(recognises(v, other), recognises(v, neutral()));
}

TEST(RecognitionProbability, SanctionsOnTheRequesterMeanLessRecognition)
{
  HedgerView v = three_partner_view();
  const double free = recognises(v, neutral());
  v.partners[kRussia].sanctioned = 1.0;
  EXPECT_LT(recognises(v, neutral()), free);
}

TEST(RecognitionProbability, AThreateningRequesterIsRefusedLessOften)
{
  HedgerView v = three_partner_view();
  v.partners[kRussia].threat = 0.1;
  const double low = recognises(v, neutral());
  v.partners[kRussia].threat = 0.9;
  EXPECT_GT(recognises(v, neutral()), low);
}

} // namespace
} // namespace hedgesim::model
