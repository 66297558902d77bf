// The expected-utility bargaining core: the equations of Scholz, Calbert & Smith (2011) and
// the EC emission-standards test case (scenarios/data/bdm_ec_emission_standards.csv).
#include "hedgesim/model/bargaining.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hedgesim::model;

namespace {

std::vector<BargainingActor> emission_standards()
{
  std::ifstream in(std::filesystem::path(HEDGESIM_SOURCE_DIR) / "scenarios/data/bdm_ec_emission_standards.csv");
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

} // namespace

TEST(Bargaining, TestCaseLoads)
{
  const auto actors = emission_standards();
  ASSERT_EQ(actors.size(), 10U);
}

TEST(Bargaining, MedianVoterIsTheWeightedMedianOfTheTestCase)
{
  // Weights c*s: 0.248 at 4, 0.093 at 7, 0.336 at 10; half the total (0.677) is passed at 7.
  EXPECT_DOUBLE_EQ(median_voter_position(emission_standards()), 7.0);
}

TEST(Bargaining, WeightedMeanOfTheTestCase)
{
  EXPECT_NEAR(weighted_mean_position(emission_standards()), 5.003 / 0.677, 1e-12);
}

TEST(Bargaining, RiskExponentsSpanHalfToTwo)
{
  const auto actors = emission_standards();
  const auto r = risk_exponents(actors, median_voter_position(actors), 1.0);
  ASSERT_EQ(r.size(), actors.size());
  EXPECT_NEAR(*std::min_element(r.begin(), r.end()), 0.5, 1e-12);
  EXPECT_NEAR(*std::max_element(r.begin(), r.end()), 2.0, 1e-12);
}

TEST(Bargaining, ChallengeUtilityWithNeutralRiskMatchesHandCalculation)
{
  // UK (10, s=0.9) challenging Germany (4, s=0.8), r = 1, Q = 1: P = 2.016 / 3.504,
  // E = 0.8 (P*2 + (1-P)(-2)) + 0.2 * 2 - 0.
  const auto actors = emission_standards();
  const std::vector<double> neutral(actors.size(), 1.0);
  const double p = 2.016 / 3.504;
  EXPECT_NEAR(challenge_utility(actors, 6, 3, neutral, 7.0, 1.0), 0.8 * (4 * p - 2) + 0.4, 1e-9);
}

TEST(Bargaining, AgreementIsAFixedPoint)
{
  std::vector<BargainingActor> same(4, BargainingActor{0.25, 3.0, 0.5});
  const auto rounds = bargain(same, {1.0, 3});
  for (const auto& r : rounds) {
    for (double x : r.positions) {
      EXPECT_EQ(x, 3.0);
    }
  }
}

TEST(Bargaining, PositionsStayWithinTheInitialRange)
{
  const auto rounds = bargain(emission_standards(), {1.0, 8});
  ASSERT_EQ(rounds.size(), 8U);
  for (const auto& r : rounds) {
    for (double x : r.positions) {
      EXPECT_GE(x, 4.0);
      EXPECT_LE(x, 10.0);
    }
  }
}
