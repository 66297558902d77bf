// Structural change in the step loop: capability and kin trends, endogenous trade and arms shares,
// memberships chosen by the hedgers, diplomatic acts and the elite bargaining after a succession.
#include "hedgesim/engine/simulation.hpp"
#include "hedgesim/model/exposure.hpp"
#include "hedgesim/model/factions.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace hedgesim::engine {
namespace {

using hedgesim::testing::TempDir;

// Agents in the order every scenario below lists them.
constexpr std::size_t kSmall = 0;
constexpr std::size_t kBig = 1;
constexpr std::size_t kFar = 2;

const std::string kHeader = "scenario: {name: t, start: 2020-01, end: 2021-12, step: month, runs: 1, seed: 5}\n";

Scenario load(const TempDir& dir, const std::string& text)
{
  return load_scenario(dir.write("s.yaml", text));
}

void run_to_end(Simulation& sim)
{
  while (!sim.done()) {
    sim.step();
  }
}

long count_type(const Simulation& sim, const std::string& type)
{
  return std::count_if(sim.events().begin(), sim.events().end(), [&](const auto& e) { return e.type == type; });
}

const RelationParams& relation(const Simulation& sim, std::size_t from, std::size_t to)
{
  return sim.world().conditions.relation(from, to);
}

// --- capability and kin trends -------------------------------------------------------------------

TEST(StructuralChange, CapabilityGrowsByItsTrendEachStep)
{
  const TempDir dir;
  const Scenario s = load(dir, kHeader + "agents:\n"
                                         "  small: {role: hedger, capability: 0.003}\n"
                                         "  big: {role: great_power, capability: 0.04, capability_growth: 0.1}\n"
                                         "  far: {role: great_power, capability: 0.13, capability_growth: -0.2}\n");
  Simulation sim(s, 5, 0);
  sim.structural_change();
  EXPECT_NEAR(sim.world().conditions.agents[kBig].capability, 0.04 * std::exp(0.1 / 12.0), 1e-15);
  EXPECT_NEAR(sim.world().conditions.agents[kFar].capability, 0.13 * std::exp(-0.2 / 12.0), 1e-15);
  EXPECT_EQ(sim.world().conditions.agents[kSmall].capability, 0.003); // no trend, no change

  Simulation whole(s, 5, 0);
  run_to_end(whole); // 24 months
  EXPECT_NEAR(whole.world().conditions.agents[kBig].capability, 0.04 * std::exp(0.2), 1e-12);
  EXPECT_NEAR(whole.world().conditions.agents[kFar].capability, 0.13 * std::exp(-0.4), 1e-12);
  EXPECT_EQ(whole.world().conditions.agents[kSmall].capability, 0.003);
  // The scenario itself is not touched.
  EXPECT_EQ(s.agents[kBig].params.capability, 0.04);
}

TEST(StructuralChange, CapabilityTrendFollowsTheStepLength)
{
  const TempDir dir;
  const Scenario s = load(dir, "scenario: {name: t, start: 2020-01, end: 2021-12, step: quarter, runs: 1, seed: 5}\n"
                               "agents:\n"
                               "  small: {role: hedger, capability: 0.003}\n"
                               "  big: {role: great_power, capability: 0.04, capability_growth: 0.1}\n");
  Simulation sim(s, 5, 0);
  sim.structural_change();
  EXPECT_NEAR(sim.world().conditions.agents[kBig].capability, 0.04 * std::exp(0.025), 1e-15);
  Simulation whole(s, 5, 0);
  run_to_end(whole); // eight quarters
  EXPECT_NEAR(whole.world().conditions.agents[kBig].capability, 0.04 * std::exp(0.2), 1e-12);
}

TEST(StructuralChange, CapabilityStaysAShare)
{
  const TempDir dir;
  const Scenario s = load(dir, kHeader + "agents:\n"
                                         "  small: {role: hedger, capability: 0.003}\n"
                                         "  big: {role: great_power, capability: 0.9, capability_growth: 1}\n");
  Simulation sim(s, 5, 0);
  run_to_end(sim);
  EXPECT_EQ(sim.world().conditions.agents[kBig].capability, 1.0);
}

TEST(StructuralChange, KinMinorityShareFollowsItsTrend)
{
  const TempDir dir;
  const Scenario s = load(dir, kHeader + "agents:\n"
                                         "  small: {role: hedger, capability: 0.003}\n"
                                         "  big: {role: great_power, capability: 0.04}\n"
                                         "  far: {role: great_power, capability: 0.13}\n"
                                         "  other: {role: hedger, capability: 0.003}\n"
                                         "relations:\n"
                                         "  small:\n"
                                         "    big: {kin_minority_share: 0.2, kin_minority_trend: -0.05}\n"
                                         "    far: {kin_minority_share: 0.01, kin_minority_trend: 0.3}\n"
                                         "    other: {kin_minority_share: 0.0, kin_minority_trend: 0.5}\n"
                                         "  other:\n"
                                         "    big: {kin_minority_share: 0.1}\n");
  Simulation one(s, 5, 0);
  one.structural_change();
  EXPECT_NEAR(relation(one, kSmall, kBig).kin_minority_share, 0.2 * std::exp(-0.05 / 12.0), 1e-15);
  Simulation sim(s, 5, 0);
  run_to_end(sim); // 24 months
  EXPECT_NEAR(relation(sim, kSmall, kBig).kin_minority_share, 0.2 * std::exp(-0.05 * 2.0), 1e-12);
  EXPECT_NEAR(relation(sim, kSmall, kFar).kin_minority_share, 0.01 * std::exp(0.3 * 2.0), 1e-12);
  EXPECT_EQ(relation(sim, kSmall, 3).kin_minority_share, 0.0); // none to grow from
  EXPECT_EQ(relation(sim, 3, kBig).kin_minority_share, 0.1);   // no trend
}

// --- exposure ------------------------------------------------------------------------------------

//! A hedger buying arms from a neighbouring power (and a distant one), trading with both.
std::string exposure_scenario(const std::string& model, const std::string& events, const std::string& trends = "")
{
  return kHeader + model +
         "agents:\n"
         "  small: {role: hedger, capability: 0.003}\n"
         "  big: {role: great_power, capability: 0.04, offensive_capability: 0.1}\n"
         "  far: {role: great_power, capability: 0.13}\n"
         "relations:\n"
         "  small:\n"
         "    big: {distance_km: 0, trade_share: 0.3, export_share: 0.25, arms_share: 0.6, export_route_share: 0.7,\n"
         "          alignment: {security: 0.4, economic: 0.3, diplomatic: 0.2}" +
         trends +
         "}\n"
         "    far: {distance_km: 3000, trade_share: 0.2, export_share: 0.3, arms_share: 0.2, export_route_share: "
         "0.1}\n" +
         events;
}

const std::string kArmsBuildUp =
    "events:\n"
    "  - {id: build_up, at: 2020-04, effects: [{op: set, path: agents.big.offensive_capability, "
    "value: 1}, {op: set, path: agents.big.revisionism, value: 1}]}\n";

TEST(StructuralChange, ArmsShareFollowsTheThreatExactly)
{
  // With no alignment elasticity the arms attraction moves only with threat: the log changes
  // telescope, so the final shares follow from the first and last threat the rule saw.
  const TempDir dir;
  const Scenario s = load(
      dir,
      exposure_scenario("model: {exposure: {arms_alignment: 0, arms_threat: 2}, internal: {diversification_rate: 0}}\n",
                        kArmsBuildUp));
  Simulation sim(s, 5, 0);
  const double big_first = sim.world().threat(kSmall, kBig);
  const double far_first = sim.world().threat(kSmall, kFar);
  double big_last = big_first;
  double far_last = far_first;
  while (!sim.done()) {
    big_last = sim.world().threat(kSmall, kBig); // what this step's structural change sees
    far_last = sim.world().threat(kSmall, kFar);
    sim.step();
  }
  ASSERT_GT(big_last, big_first + 0.2); // the build-up raised the threat
  const std::vector<double> initial{0.6, 0.2};
  const std::vector<double> change{-2.0 * (big_last - big_first), -2.0 * (far_last - far_first)};
  const auto expected = model::shift_shares(initial, change);
  EXPECT_NEAR(relation(sim, kSmall, kBig).arms_share, expected[0], 1e-9);
  EXPECT_NEAR(relation(sim, kSmall, kFar).arms_share, expected[1], 1e-9);
  EXPECT_LT(relation(sim, kSmall, kBig).arms_share, 0.5);
  EXPECT_GT(relation(sim, kSmall, kFar).arms_share, 0.2);
}

TEST(StructuralChange, ArmsSupplierWhoseThreatRisesLosesArmsShare)
{
  // Default elasticities, so alignment moves shares too: compare with the same seeds without the
  // build-up, averaged over runs.
  const TempDir dir;
  const Scenario quiet = load(dir, exposure_scenario("", ""));
  const TempDir dir2;
  const Scenario build_up = load(dir2, exposure_scenario("", kArmsBuildUp));
  constexpr int kRuns = 8;
  double big_quiet = 0;
  double big_threat = 0;
  double far_quiet = 0;
  double far_threat = 0;
  for (int run = 0; run < kRuns; ++run) {
    Simulation a(quiet, 5, static_cast<std::uint64_t>(run));
    Simulation b(build_up, 5, static_cast<std::uint64_t>(run));
    run_to_end(a);
    run_to_end(b);
    big_quiet += relation(a, kSmall, kBig).arms_share / kRuns;
    big_threat += relation(b, kSmall, kBig).arms_share / kRuns;
    far_quiet += relation(a, kSmall, kFar).arms_share / kRuns;
    far_threat += relation(b, kSmall, kFar).arms_share / kRuns;
  }
  EXPECT_LT(big_threat, big_quiet - 0.05);
  EXPECT_LT(big_threat, 0.6);
  EXPECT_GT(far_threat, far_quiet);
}

TEST(StructuralChange, TradeTrendShiftsTradeTowardThePartnerExactly)
{
  // Without alignment and coercion elasticities, a trend is the only driver: after two years the
  // partner's attraction has grown by exp(2 * trend), the others' and the rest of the world's not.
  const TempDir dir;
  const Scenario s = load(dir, exposure_scenario("model: {exposure: {trade_alignment: 0, trade_coercion: 0}}\n", "",
                                                 ", trade_trend: -0.25, export_trend: 0.1"));
  Simulation sim(s, 5, 0);
  run_to_end(sim);
  const std::vector<double> trade{0.3, 0.2};
  const std::vector<double> trade_change{-0.5, 0.0};
  const auto trade_expected = model::shift_shares(trade, trade_change);
  EXPECT_NEAR(relation(sim, kSmall, kBig).trade_share, trade_expected[0], 1e-12);
  EXPECT_NEAR(relation(sim, kSmall, kFar).trade_share, trade_expected[1], 1e-12);
  const std::vector<double> exports{0.25, 0.3};
  const std::vector<double> export_change{0.2, 0.0};
  const auto export_expected = model::shift_shares(exports, export_change);
  EXPECT_NEAR(relation(sim, kSmall, kBig).export_share, export_expected[0], 1e-12);
  EXPECT_NEAR(relation(sim, kSmall, kFar).export_share, export_expected[1], 1e-12);
  // Directions: big loses trade, far gains; big gains exports, far loses.
  EXPECT_LT(relation(sim, kSmall, kBig).trade_share, 0.3);
  EXPECT_GT(relation(sim, kSmall, kFar).trade_share, 0.2);
  EXPECT_GT(relation(sim, kSmall, kBig).export_share, 0.25);
  EXPECT_LT(relation(sim, kSmall, kFar).export_share, 0.3);
}

TEST(StructuralChange, TradeTrendRaisesThePartnersShareAndLowersTheOthers)
{
  const TempDir dir;
  const Scenario flat = load(dir, exposure_scenario("", ""));
  const TempDir dir2;
  const Scenario trend = load(dir2, exposure_scenario("", "", ", trade_trend: 0.4"));
  constexpr int kRuns = 8;
  double big_flat = 0;
  double big_trend = 0;
  double far_flat = 0;
  double far_trend = 0;
  for (int run = 0; run < kRuns; ++run) {
    Simulation a(flat, 5, static_cast<std::uint64_t>(run));
    Simulation b(trend, 5, static_cast<std::uint64_t>(run));
    run_to_end(a);
    run_to_end(b);
    big_flat += relation(a, kSmall, kBig).trade_share / kRuns;
    big_trend += relation(b, kSmall, kBig).trade_share / kRuns;
    far_flat += relation(a, kSmall, kFar).trade_share / kRuns;
    far_trend += relation(b, kSmall, kFar).trade_share / kRuns;
  }
  EXPECT_GT(big_trend, big_flat + 0.05);
  EXPECT_GT(big_trend, 0.3);
  EXPECT_LT(far_trend, far_flat);
  EXPECT_LT(far_trend, 0.2);
}

// --- memberships ---------------------------------------------------------------------------------

//! A hedger close to `big` in security and the security pact `pact` led by `big`, over eight years
//! (so that a member has ample occasion to reconsider).
std::string pact_scenario(double at_war, const std::string& pact_extra = ", open: 0",
                          const std::string& memberships = "", const std::string& events = "")
{
  return "scenario: {name: t, start: 2020-01, end: 2027-12, step: month, runs: 1, seed: 5}\n"
         "model: {entrapment: 2, weights: {security: 3}}\n"
         "agents:\n"
         "  small: {role: hedger, capability: 0.003}\n"
         "  big: {role: great_power, capability: 0.04, at_war: " +
         std::to_string(at_war) +
         "}\n"
         "  far: {role: great_power, capability: 0.13}\n"
         "institutions:\n"
         "  pact: {led_by: big, dimension: security, benefit: 2" +
         pact_extra +
         "}\n"
         "relations:\n"
         "  small:\n"
         "    big: {distance_km: 0, alignment: {security: 0.5, economic: 0.3, diplomatic: 0.2}" +
         memberships + "}\n" + events;
}

const std::string kTreaty =
    "events:\n"
    "  - {id: treaty, at: 2020-06, effects: [{op: set, path: institutions.pact.open, value: 1}]}\n";

TEST(StructuralChange, HedgerJoinsAnOpenedInstitutionWhenMembershipIsValuable)
{
  const TempDir dir;
  const Scenario s = load(dir, pact_scenario(0.0, ", open: 0", "", kTreaty));
  constexpr int kRuns = 10;
  int members = 0;
  for (int run = 0; run < kRuns; ++run) {
    Simulation sim(s, 5, static_cast<std::uint64_t>(run));
    for (int step = 0; step < 5; ++step) { // 2020-01 .. 2020-05: not on offer
      sim.step();
      ASSERT_FALSE(sim.world().is_member(kSmall, 0)) << "run " << run << ", step " << step;
    }
    run_to_end(sim);
    members += sim.world().is_member(kSmall, 0) ? 1 : 0;
    EXPECT_LE(count_type(sim, "joins_pact"), 1 + count_type(sim, "leaves_pact"));
  }
  EXPECT_GE(members, 9);
}

TEST(StructuralChange, JoiningHappensAtTheOpeningDateAndIsLogged)
{
  const TempDir dir;
  const Scenario s = load(dir, pact_scenario(0.0, ", open: 0", "", kTreaty));
  Simulation sim(s, 5, 0);
  run_to_end(sim);
  const auto joined =
      std::find_if(sim.events().begin(), sim.events().end(), [](const auto& e) { return e.type == "joins_pact"; });
  ASSERT_NE(joined, sim.events().end());
  EXPECT_NEAR(joined->time, 2020.0 + 5.0 / 12.0, 1e-9);
  EXPECT_EQ(joined->actor, "small");
  EXPECT_EQ(joined->target, "big");
}

TEST(StructuralChange, HedgerStaysOutOfAPactWithAPowerAtWar)
{
  const TempDir dir;
  const Scenario s = load(dir, pact_scenario(1.0, ", open: 0", "", kTreaty));
  constexpr int kRuns = 10;
  int members = 0;
  for (int run = 0; run < kRuns; ++run) {
    Simulation sim(s, 5, static_cast<std::uint64_t>(run));
    run_to_end(sim);
    members += sim.world().is_member(kSmall, 0) ? 1 : 0;
  }
  EXPECT_LE(members, 1);
}

TEST(StructuralChange, ClosedInstitutionIsNeverJoined)
{
  const TempDir dir;
  const Scenario s = load(dir, pact_scenario(0.0, ", open: 0"));
  Simulation sim(s, 5, 0);
  run_to_end(sim);
  EXPECT_FALSE(sim.world().is_member(kSmall, 0));
  EXPECT_EQ(count_type(sim, "joins_pact"), 0);
}

TEST(StructuralChange, MemberWithALargeExitCostStays)
{
  // Membership of a pact with a power at war is worth about 2 - 3 * 2 = -4: a member leaves when it
  // reconsiders, unless leaving costs more.
  const TempDir dir;
  const Scenario stays = load(dir, pact_scenario(1.0, ", exit_cost: 5", ", memberships: [pact]"));
  const TempDir dir2;
  const Scenario leaves = load(dir2, pact_scenario(1.0, ", exit_cost: 0", ", memberships: [pact]"));
  constexpr int kRuns = 10;
  int stayed = 0;
  int kept = 0;
  for (int run = 0; run < kRuns; ++run) {
    Simulation a(stays, 5, static_cast<std::uint64_t>(run));
    ASSERT_TRUE(a.world().is_member(kSmall, 0));
    run_to_end(a);
    stayed += a.world().is_member(kSmall, 0) ? 1 : 0;
    Simulation b(leaves, 5, static_cast<std::uint64_t>(run));
    run_to_end(b);
    kept += b.world().is_member(kSmall, 0) ? 1 : 0;
  }
  EXPECT_GE(stayed, 9);
  EXPECT_LE(kept, 1);
}

// --- diplomatic acts -----------------------------------------------------------------------------

//! Two hedgers, one close to `big` and one close to `far`; `far` sponsors a resolution against `big`.
std::string vote_scenario(const std::string& act)
{
  return kHeader +
         "agents:\n"
         "  with_big: {role: hedger, capability: 0.003}\n"
         "  big: {role: great_power, capability: 0.04}\n"
         "  far: {role: great_power, capability: 0.13}\n"
         "  with_far: {role: hedger, capability: 0.003}\n"
         "relations:\n"
         "  with_big:\n"
         "    big: {alignment: {diplomatic: 0.8}}\n"
         "    far: {alignment: {diplomatic: -0.5}}\n"
         "  with_far:\n"
         "    big: {alignment: {diplomatic: -0.5}}\n"
         "    far: {alignment: {diplomatic: 0.8}}\n"
         "events:\n"
         "  - {id: resolution, at: 2020-01, actor: far, target: big, act: {type: " +
         act + "}}\n";
}

TEST(StructuralChange, UnVoteRecordsOneVotePerHedger)
{
  const TempDir dir;
  const Scenario s = load(dir, vote_scenario("un_vote"));
  constexpr int kRuns = 200;
  double mean_with_big = 0;
  double mean_with_far = 0;
  for (int run = 0; run < kRuns; ++run) {
    Simulation sim(s, 5, static_cast<std::uint64_t>(run));
    sim.apply_events();
    ASSERT_EQ(count_type(sim, "resolution"), 1);
    std::vector<std::string> voters;
    for (const auto& e : sim.events()) {
      if (e.type != "un_vote") {
        continue;
      }
      voters.push_back(e.actor);
      EXPECT_EQ(e.target, "big");
      EXPECT_TRUE(e.magnitude == -1.0 || e.magnitude == 0.0 || e.magnitude == 1.0) << e.magnitude;
      (e.actor == "with_big" ? mean_with_big : mean_with_far) += e.magnitude / kRuns;
    }
    ASSERT_EQ(voters, (std::vector<std::string>{"with_big", "with_far"}));
  }
  // A hedger close to the target votes against the resolution; one close to the sponsor for it.
  EXPECT_LT(mean_with_big, -0.3);
  EXPECT_GT(mean_with_far, 0.3);
}

TEST(StructuralChange, UnVoteIsAskedOnceAndIsReproducible)
{
  const TempDir dir;
  const Scenario s = load(dir, vote_scenario("un_vote"));
  Simulation a(s, 5, 3);
  Simulation b(s, 5, 3);
  run_to_end(a);
  run_to_end(b);
  EXPECT_EQ(count_type(a, "un_vote"), 2);
  std::vector<double> va;
  std::vector<double> vb;
  for (const auto& e : a.events()) {
    if (e.type == "un_vote") {
      va.push_back(e.magnitude);
    }
  }
  for (const auto& e : b.events()) {
    if (e.type == "un_vote") {
      vb.push_back(e.magnitude);
    }
  }
  EXPECT_EQ(va, vb);
}

TEST(StructuralChange, RecognitionRecordsOneAnswerPerHedger)
{
  const TempDir dir;
  const Scenario s = load(dir, vote_scenario("recognition"));
  Simulation sim(s, 5, 0);
  sim.apply_events();
  int answers = 0;
  double p_with_big = -1;
  double p_with_far = -1;
  for (const auto& e : sim.events()) {
    if (e.type == "recognises" || e.type == "refuses_recognition") {
      ++answers;
      EXPECT_EQ(e.target, "far"); // the requester
      EXPECT_GE(e.magnitude, 0.0);
      EXPECT_LE(e.magnitude, 1.0);
      (e.actor == "with_big" ? p_with_big : p_with_far) = e.magnitude;
    }
  }
  EXPECT_EQ(answers, 2);
  // `far` asks: the hedger close to it recognises more readily.
  EXPECT_GT(p_with_far, p_with_big);
}

//! `far` asks the two hedgers to enforce its sanctions on `big`; `with_big` trades mostly with
//! `big`, `with_far` mostly with `far`.
std::string sanctions_scenario()
{
  return kHeader + "agents:\n"
                   "  with_big: {role: hedger, capability: 0.003}\n"
                   "  big: {role: great_power, capability: 0.04, sanctioned: 0.8}\n"
                   "  far: {role: great_power, capability: 0.13}\n"
                   "  with_far: {role: hedger, capability: 0.003}\n"
                   "relations:\n"
                   "  with_big:\n"
                   "    big: {trade_share: 0.6, export_share: 0.6}\n"
                   "    far: {trade_share: 0.1, export_share: 0.1}\n"
                   "  with_far:\n"
                   "    big: {trade_share: 0.2, export_share: 0.2}\n"
                   "    far: {trade_share: 0.6, export_share: 0.6}\n"
                   "events:\n"
                   "  - {id: regime, at: 2020-03, actor: far, target: big, act: {type: sanctions}}\n";
}

TEST(StructuralChange, SanctionsAreEnforcedByTheHedgerThatEarnsFromTheSponsor)
{
  const TempDir dir;
  const Scenario s = load(dir, sanctions_scenario());
  double p_with_big = -1;
  double p_with_far = -1;
  Simulation sim(s, 5, 0);
  run_to_end(sim);
  int answers = 0;
  for (const auto& e : sim.events()) {
    if (e.type == "enforces_sanctions" || e.type == "evades_sanctions") {
      ++answers;
      EXPECT_EQ(e.target, "big");
      (e.actor == "with_big" ? p_with_big : p_with_far) = e.magnitude;
    }
  }
  EXPECT_EQ(answers, 2);
  // Each side of the choice puts at stake what the power it goes against pays.
  EXPECT_GT(p_with_far, 0.5);
  EXPECT_LT(p_with_big, 0.5);
  EXPECT_GT(p_with_far, p_with_big);
}

TEST(StructuralChange, EnforcingSanctionsShrinksTradeWithTheTarget)
{
  // Runs where `with_far` enforces end with less trade with `big` than runs where it evades.
  const TempDir dir;
  const Scenario s = load(dir, sanctions_scenario());
  const auto with_far = static_cast<std::size_t>(s.agent_index("with_far"));
  const auto big = static_cast<std::size_t>(s.agent_index("big"));
  double enforced_sum = 0;
  double evaded_sum = 0;
  int enforced = 0;
  int evaded = 0;
  for (int run = 0; run < 60; ++run) {
    Simulation sim(s, 5, static_cast<std::uint64_t>(run));
    run_to_end(sim);
    const bool enforces = sim.world().enforcing[with_far * sim.world().size() + big] != 0;
    const double share = sim.world().conditions.relation(with_far, big).trade_share;
    (enforces ? enforced_sum : evaded_sum) += share;
    (enforces ? enforced : evaded) += 1;
  }
  ASSERT_GT(enforced, 0);
  ASSERT_GT(evaded, 0);
  EXPECT_LT(enforced_sum / enforced, evaded_sum / evaded - 0.01);
}

// --- succession and factions ---------------------------------------------------------------------

//! A hedger whose predecessor favours `big` while the other factions lean away from it; a
//! succession in 2020-03 (step 2); reviews every half year, the predecessor's half-life half a year.
std::string succession_scenario()
{
  return kHeader + "model: {factions: {review: 0.5}}\n"
                   "agents:\n"
                   "  small:\n"
                   "    role: hedger\n"
                   "    capability: 0.003\n"
                   "    predecessor_half_life: 0.5\n"
                   "    factions:\n"
                   "      - {id: old, capability: 4, salience: 1, orientation: {big: 0.9}, predecessor: true}\n"
                   "      - {id: sec, capability: 1, salience: 0.9, orientation: {big: -0.3, far: 0.2}}\n"
                   "      - {id: biz, capability: 1, salience: 0.7, orientation: {big: -0.5, far: 0.6}}\n"
                   "  big: {role: great_power, capability: 0.04}\n"
                   "  far: {role: great_power, capability: 0.13}\n"
                   "relations:\n"
                   "  small:\n"
                   "    big: {orientation: 0.1}\n"
                   "    far: {orientation: -0.1}\n"
                   "events:\n"
                   "  - {id: heir, at: 2020-03, actor: small, act: {type: succession}}\n";
}

//! The course the engine should set toward `power` with the predecessor weighted by `weight`.
double expected_course(const Scenario& s, std::size_t power, double weight)
{
  std::vector<model::Faction> factions;
  for (const EliteFaction& f : s.agents[kSmall].factions) {
    const double position = f.orientation[power];
    if (!std::isnan(position)) {
      factions.push_back({f.id, f.capability * (f.predecessor ? weight : 1.0), f.salience, position});
    }
  }
  return model::bargain_course(factions).forecast;
}

TEST(StructuralChange, SuccessionSetsTheBargainedCourseAndThePredecessorFades)
{
  const TempDir dir;
  const Scenario s = load(dir, succession_scenario());
  Simulation sim(s, 5, 0);
  sim.step();
  sim.step(); // 2020-01, 2020-02: no succession yet
  EXPECT_EQ(relation(sim, kSmall, kBig).orientation, 0.1);
  EXPECT_EQ(relation(sim, kSmall, kFar).orientation, -0.1);
  EXPECT_EQ(count_type(sim, "course_set"), 0);

  sim.step(); // 2020-03: the factions bargain at once, the predecessor at full weight
  EXPECT_EQ(count_type(sim, "succession"), 1);
  EXPECT_NEAR(relation(sim, kSmall, kBig).orientation, expected_course(s, kBig, 1.0), 1e-12);
  // Only the other factions have a stake in the course toward `far`.
  EXPECT_NEAR(relation(sim, kSmall, kFar).orientation, expected_course(s, kFar, 0.0), 1e-12);

  // Without the predecessor, where the others would take the course toward `big`.
  const double successors = expected_course(s, kBig, 0.0);
  const double at_succession = relation(sim, kSmall, kBig).orientation;
  ASSERT_GT(std::abs(at_succession - successors), 0.1) << "the predecessor must matter at first";

  double distance = std::abs(at_succession - successors);
  double orientation = at_succession;
  for (std::size_t step = 3; !sim.done(); ++step) {
    sim.step();
    const double now = relation(sim, kSmall, kBig).orientation;
    const std::size_t elapsed = step - 2;
    if (elapsed % 6 == 0) { // a review: the predecessor's weight has halved per half year
      const double weight = model::predecessor_weight(static_cast<double>(elapsed) * (1.0 / 12.0), 0.5);
      EXPECT_NEAR(now, expected_course(s, kBig, weight), 1e-12) << "step " << step;
      EXPECT_LE(std::abs(now - successors), distance + 1e-12) << "step " << step;
      distance = std::abs(now - successors);
    } else {
      EXPECT_EQ(now, orientation) << "step " << step << ": the course changes only at a review";
    }
    orientation = now;
  }
  // By the end (three reviews and 1.75 years later) the course is much nearer the successors'.
  EXPECT_LT(distance, 0.5 * std::abs(at_succession - successors));
  EXPECT_GE(count_type(sim, "course_set"), 3);
}

TEST(StructuralChange, NoSuccessionNoBargaining)
{
  const TempDir dir;
  std::string text = succession_scenario();
  text = text.substr(0, text.find("events:\n"));
  const Scenario s = load(dir, text);
  Simulation sim(s, 5, 0);
  run_to_end(sim);
  EXPECT_EQ(relation(sim, kSmall, kBig).orientation, 0.1);
  EXPECT_EQ(count_type(sim, "course_set"), 0);
}

} // namespace
} // namespace hedgesim::engine
