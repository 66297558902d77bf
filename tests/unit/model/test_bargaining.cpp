// The expected-utility bargaining core: each equation of Scholz, Calbert & Smith (2011) on small
// hand-computed cases, and the EC emission-standards docking case
// (scenarios/data/bdm_ec_emission_standards.csv).
#include "hedgesim/model/bargaining.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hedgesim::model;

namespace {

std::vector<BargainingActor> emission_standards()
{
  std::ifstream in(std::filesystem::path(HEDGESIM_SOURCE_DIR) / "scenarios/data/bdm_ec_emission_standards.csv");
  EXPECT_TRUE(in.is_open());
  std::vector<BargainingActor> actors;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("actor,", 0) == 0) {
      continue;
    }
    std::istringstream row(line);
    std::string name;
    std::string field;
    std::getline(row, name, ',');
    BargainingActor a;
    std::getline(row, field, ',');
    a.capability = std::stod(field);
    std::getline(row, field, ',');
    a.position = std::stod(field);
    std::getline(row, field, ',');
    a.salience = std::stod(field);
    actors.push_back(a);
  }
  return actors;
}

// Row order of the CSV.
constexpr std::size_t kBelgium = 1;
constexpr std::size_t kIreland = 7;
constexpr std::size_t kDenmark = 8;

BargainingOptions options(ProbabilityNorm norm, int rounds = 1, double q = 1.0)
{
  BargainingOptions o;
  o.status_quo_probability = q;
  o.rounds = rounds;
  o.probability = norm;
  return o;
}

} // namespace

TEST(Bargaining, TestCaseLoads)
{
  const auto actors = emission_standards();
  ASSERT_EQ(actors.size(), 10U);
  EXPECT_DOUBLE_EQ(issue_range(actors), 6.0);
}

TEST(Bargaining, MedianVoterWeighsCapabilityBySalience)
{
  // Weights c*s: 0.11 at 0, 0.2 at 5, 0.27 at 10 (total 0.58): 5 is the first to pass half.
  std::vector<BargainingActor> actors{{0.55, 0.0, 0.2}, {0.2, 5.0, 1.0}, {0.3, 10.0, 0.9}};
  EXPECT_DOUBLE_EQ(median_voter_position(actors), 5.0);
  // With capability alone (0.55 of 1.05) the actor at 0 would carry every vote.
  for (auto& a : actors) {
    a.salience = 1.0;
  }
  EXPECT_DOUBLE_EQ(median_voter_position(actors), 0.0);
}

TEST(Bargaining, MedianVoterOfTheTestCase)
{
  // Weights c*s: 0.248 at 4, 0.093 at 7, 0.336 at 10; half the total (0.677) is passed at 7.
  EXPECT_DOUBLE_EQ(median_voter_position(emission_standards()), 7.0);
}

TEST(Bargaining, WeightedMeanOfTheTestCase)
{
  EXPECT_NEAR(weighted_mean_position(emission_standards()), 5.003 / 0.677, 1e-12);
}

TEST(Bargaining, SuccessProbabilityPerPair)
{
  // A (w 0.5) at 0, B (w 0.25) at 1, C (w 0.25) at 0 sides with A: P_A = 0.75, P_B = 0.25.
  const std::vector<BargainingActor> actors{{0.5, 0.0, 1.0}, {0.25, 1.0, 1.0}, {0.25, 0.0, 1.0}};
  EXPECT_NEAR(success_probability(actors, 0, 1, ProbabilityNorm::kPerPair), 0.75, 1e-12);
  EXPECT_NEAR(success_probability(actors, 1, 0, ProbabilityNorm::kPerPair), 0.25, 1e-12);
  EXPECT_EQ(success_probability(actors, 0, 2, ProbabilityNorm::kPerPair), 0.0); // same position
}

TEST(Bargaining, SuccessProbabilityOverAllPairs)
{
  // Four ordered pairs of distinct positions, each worth |1| to every voter: the denominator is
  // 4 * (0.5 + 0.25 + 0.25) = 4, so P_A = 0.75 / 4 and P_B = 0.25 / 4.
  const std::vector<BargainingActor> actors{{0.5, 0.0, 1.0}, {0.25, 1.0, 1.0}, {0.25, 0.0, 1.0}};
  EXPECT_NEAR(success_probability(actors, 0, 1, ProbabilityNorm::kAllPairs), 0.1875, 1e-12);
  EXPECT_NEAR(success_probability(actors, 1, 0, ProbabilityNorm::kAllPairs), 0.0625, 1e-12);
}

TEST(Bargaining, BasicUtilitiesRiskNeutral)
{
  // d_ij = d_imu = 0.5 on a range of 10.
  const auto u = basic_utilities(0.0, 5.0, 5.0, 10.0, 1.0);
  EXPECT_NEAR(u.success, 1.0, 1e-12);
  EXPECT_NEAR(u.failure, -1.0, 1e-12);
  EXPECT_NEAR(u.better, 1.0, 1e-12);
  EXPECT_NEAR(u.worse, -1.0, 1e-12);
  EXPECT_NEAR(u.status_quo, 0.0, 1e-12);
  // The median at i's own position halves the stakes of a shift in the status quo.
  const auto at_i = basic_utilities(0.0, 5.0, 0.0, 10.0, 1.0);
  EXPECT_NEAR(at_i.better, 0.5, 1e-12);
  EXPECT_NEAR(at_i.worse, -0.5, 1e-12);
}

TEST(Bargaining, BasicUtilitiesRiskAverse)
{
  // r = 2: U_s = 2 - 4 (1/4)^2, U_f = 2 - 4 (3/4)^2, U_sq = 2 - 4 (1/2)^2.
  const auto u = basic_utilities(0.0, 5.0, 5.0, 10.0, 2.0);
  EXPECT_NEAR(u.success, 1.75, 1e-12);
  EXPECT_NEAR(u.failure, -0.25, 1e-12);
  EXPECT_NEAR(u.status_quo, 1.0, 1e-12);
}

TEST(Bargaining, ChallengeUtilityHandCalculation)
{
  // A (w 0.5) at 0 challenges B (c 0.25, s 0.5) at 1; range 1, r = 1, so U_s = 2, U_f = -2, U_sq = 0.
  const std::vector<BargainingActor> actors{{0.5, 0.0, 1.0}, {0.25, 1.0, 0.5}};
  const std::vector<double> neutral(2, 1.0);
  // Per pair P_A = 0.5 / 0.625 = 0.8: E = 0.5 (0.8*2 - 0.2*2) + 0.5*2 = 1.6.
  EXPECT_NEAR(challenge_utility(actors, 0, 1, neutral, 0.0, 1.0, options(ProbabilityNorm::kPerPair)), 1.6, 1e-12);
  // Over all pairs P_A = 0.5 / 1.25 = 0.4: E = 0.5 (0.8 - 1.2) + 1 = 0.8.
  EXPECT_NEAR(challenge_utility(actors, 0, 1, neutral, 0.0, 1.0, options(ProbabilityNorm::kAllPairs)), 0.8, 1e-12);
}

TEST(Bargaining, StatusQuoTermsOnlyMatterBelowQOne)
{
  const std::vector<BargainingActor> actors{{0.5, 0.0, 1.0}, {0.25, 1.0, 0.5}};
  const std::vector<double> neutral(2, 1.0);
  const auto all = ProbabilityNorm::kAllPairs;
  // Q = 1: neither the median nor T enters.
  EXPECT_NEAR(challenge_utility(actors, 0, 1, neutral, 0.0, 1.0, options(all)),
              challenge_utility(actors, 0, 1, neutral, 1.0, 1.0, options(all)), 1e-12);
  // Q = 0.5, median at A: T = 1, U_b = 2 - 4 (1/2 - 1/4) = 1, so E = 0.8 - 0.5 * 1.
  EXPECT_NEAR(challenge_utility(actors, 0, 1, neutral, 0.0, 1.0, options(all, 1, 0.5)), 0.3, 1e-12);
  // Median at B: not closer to A than B is, T = 0, U_w = 2 - 4 (1/2 + 1/2) = -2, so E = 0.8 + 1.
  EXPECT_NEAR(challenge_utility(actors, 0, 1, neutral, 1.0, 1.0, options(all, 1, 0.5)), 1.8, 1e-12);
}

TEST(Bargaining, RiskFromSecurity)
{
  // R = -1, 0, 1 map to r = 2, 1, 0.5: the most exposed position makes its holder risk acceptant.
  const auto r = risk_from_security({0.0, 1.0, 2.0});
  EXPECT_NEAR(r[0], 2.0, 1e-12);
  EXPECT_NEAR(r[1], 1.0, 1e-12);
  EXPECT_NEAR(r[2], 0.5, 1e-12);
  EXPECT_EQ(risk_from_security({3.0, 3.0}), (std::vector<double>{1.0, 1.0}));
}

TEST(Bargaining, RiskExponentsOfTheTestCase)
{
  // With small success probabilities a challenge pays when the target's salience is low, so
  // Ireland (s 0.1) is the most exposed and Denmark (s 1.0) the most secure.
  const auto actors = emission_standards();
  const auto r = risk_exponents(actors, 7.0, 6.0, options(ProbabilityNorm::kAllPairs));
  ASSERT_EQ(r.size(), actors.size());
  EXPECT_NEAR(r[kIreland], 0.5, 1e-12);
  EXPECT_NEAR(r[kDenmark], 2.0, 1e-12);
  EXPECT_NEAR(*std::min_element(r.begin(), r.end()), 0.5, 1e-12);
  EXPECT_NEAR(*std::max_element(r.begin(), r.end()), 2.0, 1e-12);
}

TEST(Bargaining, PairOutcomesBySign)
{
  // i at 0, j at 10.
  auto o = resolve_pair(0, 1, 0.0, 10.0, 0.5, 0.3); // conflict, j expects less
  EXPECT_EQ(o.outcome, PairOutcome::kConflict);
  EXPECT_EQ(o.mover, 1U);
  EXPECT_DOUBLE_EQ(o.target, 0.0);
  o = resolve_pair(0, 1, 0.0, 10.0, 0.3, 0.5); // conflict, i expects less
  EXPECT_EQ(o.mover, 0U);
  EXPECT_DOUBLE_EQ(o.target, 10.0);
  o = resolve_pair(0, 1, 0.0, 10.0, 0.5, -0.2); // compromise: j concedes 0.2 / 0.5 of the way
  EXPECT_EQ(o.outcome, PairOutcome::kCompromise);
  EXPECT_EQ(o.mover, 1U);
  EXPECT_NEAR(o.target, 6.0, 1e-12);
  o = resolve_pair(0, 1, 0.0, 10.0, -0.2, 0.5); // compromise: i concedes toward j
  EXPECT_EQ(o.mover, 0U);
  EXPECT_NEAR(o.target, 4.0, 1e-12);
  o = resolve_pair(0, 1, 0.0, 10.0, 0.2, -0.5); // capitulation: j's loss outweighs i's gain
  EXPECT_EQ(o.outcome, PairOutcome::kCapitulation);
  EXPECT_EQ(o.mover, 1U);
  EXPECT_DOUBLE_EQ(o.target, 0.0);
  EXPECT_EQ(resolve_pair(0, 1, 0.0, 10.0, -0.1, -0.2).outcome, PairOutcome::kStatusQuo);
  EXPECT_EQ(resolve_pair(0, 1, 0.0, 10.0, 0.4, 0.4).outcome, PairOutcome::kStatusQuo);
}

TEST(Bargaining, EachActorTakesTheOfferThatMovesItLeast)
{
  const std::vector<Offer> offers{{PairOutcome::kConflict, 0, 10.0},
                                  {PairOutcome::kCompromise, 0, 3.0},
                                  {PairOutcome::kCapitulation, 1, 5.0},
                                  {PairOutcome::kCompromise, 2, 5.0}};
  EXPECT_EQ(accept_least_move({0.0, 10.0, 5.0}, offers), (std::vector<double>{3.0, 5.0, 5.0}));
}

TEST(Bargaining, AgreementIsAFixedPoint)
{
  std::vector<BargainingActor> same(4, BargainingActor{0.25, 3.0, 0.5});
  const auto rounds = bargain(same, options(ProbabilityNorm::kAllPairs, 3));
  ASSERT_EQ(rounds.size(), 3U);
  for (const auto& r : rounds) {
    for (double x : r.positions) {
      EXPECT_EQ(x, 3.0);
    }
  }
}

TEST(Bargaining, PositionsStayWithinTheInitialRange)
{
  for (auto norm : {ProbabilityNorm::kAllPairs, ProbabilityNorm::kPerPair}) {
    const auto rounds = bargain(emission_standards(), options(norm, 8));
    ASSERT_EQ(rounds.size(), 8U);
    for (const auto& r : rounds) {
      for (double x : r.positions) {
        EXPECT_GE(x, 4.0);
        EXPECT_LE(x, 10.0);
      }
    }
  }
}

TEST(BargainingDocking, EmissionStandardsForecastLiesInThePublishedInterval)
{
  // Published forecast: between 8.35 and 9.9 (Scholz et al. 2011; Bueno de Mesquita 1994).
  const auto rounds = bargain(emission_standards(), options(ProbabilityNorm::kAllPairs, kForecastRounds));
  ASSERT_EQ(rounds.size(), static_cast<std::size_t>(kForecastRounds));
  for (const auto& r : rounds) {
    EXPECT_GE(r.median, 8.35);
    EXPECT_LE(r.median, 9.9);
  }
  // Belgium is the pivot: it compromises toward the 10-year camp.
  EXPECT_EQ(rounds.back().median, rounds.back().positions[kBelgium]);
  // The round-by-round figures in docs/model.md.
  EXPECT_NEAR(rounds[0].median, 8.790, 5e-4);
  EXPECT_NEAR(rounds[1].median, 9.686, 5e-4);
  EXPECT_NEAR(rounds[0].mean, 7.485, 5e-4);
  EXPECT_NEAR(rounds[1].mean, 7.521, 5e-4);
}

TEST(BargainingDocking, LongerBargainingOvershootsThePublishedInterval)
{
  // Belgium keeps compromising toward 10, so the docking holds for two rounds only.
  const auto rounds = bargain(emission_standards(), options(ProbabilityNorm::kAllPairs, 6));
  EXPECT_GT(rounds[2].median, 9.9);
  EXPECT_NEAR(rounds[5].median, 10.0, 1e-3);
  for (std::size_t k = 1; k < rounds.size(); ++k) {
    EXPECT_GE(rounds[k].median, rounds[k - 1].median);
  }
}

TEST(BargainingDocking, PerPairProbabilityDoesNotDock)
{
  // The printed per-pair probability keeps the median at the opening 7 (docs/model.md).
  const auto rounds = bargain(emission_standards(), options(ProbabilityNorm::kPerPair, 10));
  for (const auto& r : rounds) {
    EXPECT_DOUBLE_EQ(r.median, 7.0);
  }
}
