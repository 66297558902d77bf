// The step phases of one run, each tested alone, and every shipped scenario run briefly.
#include "hedgesim/engine/simulation.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace hedgesim;

namespace {

const fs::path kSource{HEDGESIM_SOURCE_DIR};

//! A two-power, one-hedger scenario written to a temp file, with `extra` appended.
class SimulationTest : public ::testing::Test {
protected:
  fs::path file_;
  void TearDown() override { fs::remove(file_); }

  Scenario make(const std::string& extra, const std::vector<Override>& sets = {})
  {
    file_ = fs::temp_directory_path() / ("hedgesim_sim_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml");
    std::ofstream(file_) << R"(scenario: {name: t, start: 2020-01, end: 2022-12, step: month, runs: 1, seed: 5}
agents:
  small: {role: hedger, capability: 0.003, personalism: 0.5}
  big: {role: great_power, capability: 0.04, revisionism: 0.9, ambition: 0.9, levers: {military: 1, economic: 1}}
  far: {role: great_power, capability: 0.13}
relations:
  small:
    big: {distance_km: 0, trade_share: 0.2, alignment: {security: 0.5, economic: 0.3, diplomatic: 0.2}}
    far: {distance_km: 3000, trade_share: 0.3}
)" << extra;
    return load_scenario(file_, sets);
  }
};

long count_type(const engine::Simulation& sim, std::string_view type)
{
  return std::count_if(sim.events().begin(), sim.events().end(), [&](const auto& e) { return e.type == type; });
}

} // namespace

TEST_F(SimulationTest, ScheduledEventFiresOnceAtItsDate)
{
  const Scenario s = make(R"(events:
  - {id: shock, at: 2020-04, effects: [{op: scale, path: world.oil_price, value: 0.5}]}
)");
  engine::Simulation sim(s, 5, 0);
  for (int i = 0; i < 3; ++i) {
    sim.step();
  }
  EXPECT_TRUE(sim.events().empty() || sim.events().front().type != "shock");
  EXPECT_DOUBLE_EQ(sim.world().conditions.world.oil_price, 64.0);
  sim.step(); // 2020-04
  EXPECT_DOUBLE_EQ(sim.world().conditions.world.oil_price, 32.0);
  while (!sim.done()) {
    sim.step();
  }
  EXPECT_EQ(count_type(sim, "shock"), 1);
  EXPECT_DOUBLE_EQ(sim.world().conditions.world.oil_price, 32.0);
}

TEST_F(SimulationTest, ScheduledEventWithFalseConditionLapses)
{
  const Scenario s = make(R"(events:
  - {id: shock, at: 2020-04, when: {path: world.oil_price, op: "<", value: 10},
     effects: [{op: set, path: world.oil_price, value: 1}]}
)");
  engine::Simulation sim(s, 5, 0);
  while (!sim.done()) {
    sim.step();
  }
  EXPECT_EQ(count_type(sim, "shock"), 0);
}

TEST_F(SimulationTest, StochasticEventRespectsWindowAndMaxOccurrences)
{
  const Scenario s = make(R"(events:
  - {id: certain, hazard: 1000000, window: {from: 2021-01, to: 2021-12}, max_occurrences: 3,
     effects: [{op: add, path: world.uncertainty, value: 0.1}]}
)");
  engine::Simulation sim(s, 5, 0);
  while (!sim.done()) {
    sim.step();
  }
  std::vector<double> times;
  for (const auto& e : sim.events()) {
    if (e.type == "certain") {
      times.push_back(e.time);
    }
  }
  ASSERT_EQ(times.size(), 3U);
  EXPECT_DOUBLE_EQ(times[0], 2021.0);
  EXPECT_DOUBLE_EQ(times[2], 2021.0 + 2.0 / 12.0);
  EXPECT_NEAR(sim.world().conditions.world.uncertainty, 0.8, 1e-12);
}

TEST_F(SimulationTest, StochasticEventFrequencyMatchesItsHazard)
{
  // hazard 0.5/year over 3 years with unlimited occurrences: mean 1.5 per run.
  const Scenario s = make(R"(events:
  - {id: rare, hazard: 0.5, max_occurrences: 1000, effects: [{op: add, path: world.rivalry, value: 0}]}
)");
  double total = 0;
  const int runs = 400;
  for (int run = 0; run < runs; ++run) {
    engine::Simulation sim(s, 5, static_cast<std::uint64_t>(run));
    while (!sim.done()) {
      sim.step();
    }
    total += static_cast<double>(count_type(sim, "rare"));
  }
  const double expected = 36 * (1.0 - std::exp(-0.5 / 12.0));
  // Poisson-like count: standard error of the mean about sqrt(1.5 / 400) = 0.06.
  EXPECT_NEAR(total / runs, expected, 0.25);
}

TEST_F(SimulationTest, EventsPhaseNeverMovesAlignment)
{
  const Scenario s = make(R"(events:
  - {id: everything, at: 2020-01, effects: [{op: set, path: relations.small.big.orientation, value: -1},
                                           {op: set, path: agents.big.at_war, value: 1}]}
)");
  engine::Simulation sim(s, 5, 0);
  const auto before = sim.world().alignment;
  sim.apply_events();
  for (int d = 0; d < kDimensions; ++d) {
    for (Eigen::Index i = 0; i < 3; ++i) {
      for (Eigen::Index j = 0; j < 3; ++j) {
        const double a = before[static_cast<std::size_t>(d)](i, j);
        const double b = sim.world().alignment[static_cast<std::size_t>(d)](i, j);
        EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || a == b);
      }
    }
  }
  EXPECT_DOUBLE_EQ(sim.world().conditions.relation(0, 1).orientation, -1.0);
}

TEST_F(SimulationTest, DecisionsAreCommittedOnlyInResolve)
{
  const Scenario s = make("");
  engine::Simulation sim(s, 5, 0);
  const Eigen::MatrixXd before = sim.world().alignment[0];
  sim.apply_events();
  sim.update_perceptions();
  sim.great_power_moves();
  sim.hedger_decisions();
  EXPECT_EQ(before(0, 1), sim.world().alignment[0](0, 1));
  EXPECT_EQ(before(0, 2), sim.world().alignment[0](0, 2));
  sim.resolve();
  EXPECT_EQ(sim.world().step, 1U);
  EXPECT_EQ(sim.world().strategy[0], model::classify_strategy(sim.alignment_block(0)));
  EXPECT_EQ(sim.world().strategy[1], model::Strategy::not_applicable);
}

TEST_F(SimulationTest, RevisionistPowerCoercesADriftingHedgerAndAStatusQuoPowerDoesNot)
{
  const Scenario revisionist = make("");
  engine::Simulation sim(revisionist, 5, 0);
  while (!sim.done()) {
    sim.step();
  }
  EXPECT_GT(sim.world().lever(1, 0).military, 0.05);
  EXPECT_EQ(sim.world().lever(2, 0).military, 0.0);
  EXPECT_EQ(count_type(sim, "coercion_begins"), 1);

  const Scenario status_quo = make("", {Override::parse("agents.big.revisionism=0")});
  engine::Simulation calm(status_quo, 5, 0);
  while (!calm.done()) {
    calm.step();
  }
  EXPECT_EQ(calm.world().lever(1, 0).coercion(), 0.0);
  EXPECT_GT(calm.world().lever(1, 0).inducement, 0.0);
}

TEST_F(SimulationTest, CoercionRaisesPerceivedIntent)
{
  const Scenario coerced = make("");
  const Scenario spared = make("", {Override::parse("agents.big.levers.military=0")});
  engine::Simulation a(coerced, 5, 0);
  engine::Simulation b(spared, 5, 0);
  while (!a.done()) {
    a.step();
    b.step();
  }
  EXPECT_GT(a.world().intent(0, 1), b.world().intent(0, 1));
  EXPECT_GT(a.world().threat(0, 1), b.world().threat(0, 1));
}

TEST(ShippedScenarios, EveryScenarioLoadsAndRunsAFewSteps)
{
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "scenarios")) {
    // Sweep files and calibration data are not scenarios; ShippedSweeps runs the sweeps.
    const std::string relative = entry.path().lexically_relative(kSource / "scenarios").generic_string();
    if (entry.path().extension() != ".yaml" || relative.starts_with("sweeps/") || relative.starts_with("data/")) {
      continue;
    }
    SCOPED_TRACE(entry.path().string());
    const Scenario s = load_scenario(entry.path());
    engine::Simulation sim(s, s.meta.seed, 0);
    for (int i = 0; i < 6 && !sim.done(); ++i) {
      sim.step();
    }
    for (const auto& m : sim.world().alignment) {
      for (Eigen::Index i = 0; i < m.rows(); ++i) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
          if (!std::isnan(m(i, j))) {
            EXPECT_LE(std::abs(m(i, j)), 1.0);
          }
        }
      }
    }
    ++count;
  }
  EXPECT_GE(count, 1);
}

TEST_F(SimulationTest, AnyNumberOfAgentsRunsWithoutCodeChanges)
{
  // A second hedger and a third great power, added in YAML alone.
  const Scenario s =
      make("", {Override::parse("agents.other.role=hedger"), Override::parse("agents.other.capability=0.006"),
                Override::parse("agents.mid.role=great_power"), Override::parse("agents.mid.capability=0.02"),
                Override::parse("relations.other.mid.alignment.security=0.9")});
  ASSERT_EQ(s.size(), 5U);
  engine::Simulation sim(s, 5, 0);
  while (!sim.done()) {
    sim.step();
  }
  const auto& w = sim.world();
  for (std::size_t h : {0U, 3U}) {
    EXPECT_NE(w.strategy[h], model::Strategy::not_applicable);
    for (std::size_t g : {1U, 2U, 4U}) {
      EXPECT_FALSE(std::isnan(w.mean_alignment(h, g))) << h << "->" << g;
    }
  }
  EXPECT_TRUE(std::isnan(w.mean_alignment(0, 3))); // hedgers do not align with each other
  EXPECT_EQ(sim.alignment_block(3).rows(), 3);
}

TEST_F(SimulationTest, ForcedCrisisLeadsToACallForHelp)
{
  const Scenario s =
      make(R"(events:
  - {id: unrest, at: 2021-01, effects: [{op: set, path: agents.small.crisis, value: 1}]}
)",
           {Override::parse("agents.small.regime_security=0.9"), Override::parse("agents.small.unrest_hazard=0"),
            Override::parse("agents.big.reliability=1")});
  engine::Simulation sim(s, 5, 0);
  double before = 0;
  while (!sim.done()) {
    if (sim.time().date(sim.world().step) == YearMonth{2021, 1}) {
      before = sim.world().legitimacy[0];
    }
    sim.step();
  }
  EXPECT_EQ(count_type(sim, "regime_crisis"), 1);
  EXPECT_EQ(count_type(sim, "help_requested"), 1);
  EXPECT_EQ(count_type(sim, "help_deployed"), 1); // a patron with reliability 1 always comes
  const auto request =
      std::find_if(sim.events().begin(), sim.events().end(), [](const auto& e) { return e.type == "help_requested"; });
  EXPECT_EQ(request->actor, "small");
  EXPECT_EQ(request->target, "big"); // the only partner aligned in security
  EXPECT_DOUBLE_EQ(request->time, 2021.0);
  EXPECT_GT(before, 0.0);
  EXPECT_EQ(sim.world().conditions.agents[0].crisis, 0.0); // the trigger is consumed
}

TEST_F(SimulationTest, ASecureRegimeRidesOutACrisisAlone)
{
  const Scenario s =
      make(R"(events:
  - {id: unrest, at: 2021-01, effects: [{op: set, path: agents.small.crisis, value: 1}]}
)",
           {Override::parse("agents.small.regime_security=0.1"), Override::parse("agents.small.legitimacy=0.9"),
            Override::parse("agents.small.unrest_hazard=0")});
  engine::Simulation sim(s, 5, 0);
  while (!sim.done()) {
    sim.step();
  }
  EXPECT_EQ(count_type(sim, "regime_crisis"), 1);
  EXPECT_EQ(count_type(sim, "help_requested"), 0);
}

TEST_F(SimulationTest, OilCollapseLowersLegitimacyAndRaisesTheUnrestHazard)
{
  const Scenario calm = make("", {Override::parse("agents.small.commodity_export_share=0.6")});
  const Scenario slump = make(R"(events:
  - {id: crash, at: 2020-06, effects: [{op: set, path: world.oil_price, value: 25}]}
)",
                              {Override::parse("agents.small.commodity_export_share=0.6")});
  engine::Simulation a(calm, 5, 0);
  engine::Simulation b(slump, 5, 0);
  while (!a.done()) {
    a.step();
    b.step();
  }
  EXPECT_LT(b.world().legitimacy[0], a.world().legitimacy[0]);
  EXPECT_GT(b.world().unrest_hazard[0], 2 * a.world().unrest_hazard[0]);
  EXPECT_TRUE(std::isnan(a.world().legitimacy[1])); // great powers have no legitimacy state
}

TEST_F(SimulationTest, CrisisFrequencyFollowsTheHazard)
{
  // hazard 0.5/year at legitimacy 0.5 and no shock, over 3 years; legitimacy pinned at 0.5.
  const Scenario s =
      make("", {Override::parse("agents.small.unrest_hazard=0.5"), Override::parse("agents.small.legitimacy=0.5"),
                Override::parse("agents.small.reform=0"), Override::parse("agents.small.regime_security=0"),
                Override::parse("model.domestic.crisis_legitimacy_loss=0")});
  double crises = 0;
  const int runs = 300;
  for (int run = 0; run < runs; ++run) {
    engine::Simulation sim(s, 5, static_cast<std::uint64_t>(run));
    while (!sim.done()) {
      sim.step();
    }
    crises += static_cast<double>(count_type(sim, "regime_crisis"));
  }
  const double expected = 36 * (1.0 - std::exp(-0.5 / 12.0));
  EXPECT_NEAR(crises / runs, expected, 0.25); // standard error about sqrt(1.5 / 300) = 0.07
}

// The events table's `type` column is as wide as the longest listed type, so every type a run
// logs must be listed (the writer refuses a wider one rather than cut it short). The engine's own
// kinds come from one list in simulation.cpp; this checks the scheduled events and memberships too.
TEST(EventTypes, ListEveryTypeTheShippedScenariosLog)
{
  std::set<std::string> logged;
  for (const char* name : {"post_nazarbayev_succession", "historical_1991_2025", "belarus_1994_2025"}) {
    const Scenario s = load_scenario(kSource / "scenarios" / (std::string(name) + ".yaml"));
    const std::vector<std::string> listed = engine::event_types(s);
    for (std::uint64_t run = 0; run < 20; ++run) {
      engine::Simulation sim(s, s.meta.seed, run);
      while (!sim.done()) {
        sim.step();
      }
      for (const io::EventRecord& e : sim.events()) {
        EXPECT_NE(std::find(listed.begin(), listed.end(), e.type), listed.end()) << name << ": " << e.type;
        logged.insert(e.type);
      }
    }
  }
  // Most engine kinds occur across these runs, so the check above covers them.
  for (const char* kind : {"succession", "un_vote", "regime_crisis", "help_requested", "course_set", "coercion_begins",
                           "joins_eeu", "recognises"}) {
    EXPECT_TRUE(logged.contains(kind)) << kind;
  }
}
