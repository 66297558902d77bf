#include "hedgesim/scenario/scenario_loader.hpp"

#include "fuzz/scenario_input.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/scenario/output_catalogue.hpp"
#include "hedgesim/scenario/parameter_dictionary.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim {
namespace {

namespace fs = std::filesystem;

//! A fixture under tests/data/scenarios, spelt as the loader spells it in messages.
std::string fixture(std::string_view relative)
{
  return (fs::path(HEDGESIM_TEST_DATA) / "scenarios" / relative).lexically_normal().string();
}

std::string shipped_scenario()
{
  return (fs::path(HEDGESIM_SOURCE_DIR) / "scenarios" / "post_nazarbayev_succession.yaml").string();
}

using hedgesim::testing::TempDir;

const Agent& agent(const Scenario& s, const std::string& id)
{
  const int index = s.agent_index(id);
  if (index < 0) {
    throw std::runtime_error("no agent " + id);
  }
  return s.agents[static_cast<std::size_t>(index)];
}

const Relation& relation(const Scenario& s, const std::string& from, const std::string& to)
{
  return s.relation(static_cast<std::size_t>(s.agent_index(from)), static_cast<std::size_t>(s.agent_index(to)));
}

const Event& event(const Scenario& s, const std::string& id)
{
  for (const auto& e : s.events) {
    if (e.id == id) {
      return e;
    }
  }
  throw std::runtime_error("no event " + id);
}

std::vector<std::string> event_ids(const Scenario& s)
{
  std::vector<std::string> ids;
  for (const auto& e : s.events) {
    ids.push_back(e.id);
  }
  return ids;
}

template <class Block>
const NumberSpec<Block>& spec(std::span<const NumberSpec<Block>> specs, std::string_view key)
{
  for (const auto& s : specs) {
    if (s.key == key) {
      return s;
    }
  }
  throw std::runtime_error("no parameter " + std::string(key));
}

//! The number a structural key's default text starts with, e.g. "100" or "0.142857 (1/7)".
double structural_default(std::string_view path)
{
  for (const auto& k : structural_keys()) {
    if (k.path == path) {
      return std::strtod(std::string(k.default_text).c_str(), nullptr);
    }
  }
  throw std::runtime_error("no structural key " + std::string(path));
}

bool applies_to(Applies applies, Role role)
{
  return applies == Applies::all || (applies == Applies::hedger) == (role == Role::hedger);
}

// --- the helper itself ---------------------------------------------------------------------------

void throw_scenario_error(const char* message)
{
  throw ScenarioError(message);
}

TEST(ExpectThrowMsg, PassesOnTheExactTypeAndText)
{
  EXPECT_THROW_MSG(throw_scenario_error("x.yaml:1:1: a: b"), ScenarioError, "x.yaml:1:1: a: b");
  EXPECT_THROW_MSG(throw_scenario_error("x.yaml:1:1: a: b"), Error, "x.yaml:1:1: a: b"); // a base class
}

TEST(ExpectThrowMsg, FailsOnAnotherTextTypeOrNoThrow)
{
  EXPECT_NONFATAL_FAILURE(EXPECT_THROW_MSG(throw_scenario_error("x.yaml:1:1: a: b"), ScenarioError, "x.yaml:1:2: a: b"),
                          "x.yaml:1:2: a: b");
  EXPECT_NONFATAL_FAILURE(EXPECT_THROW_MSG(throw_scenario_error("boom"), UsageError, "boom"),
                          "it throws a different type, with message: boom");
  EXPECT_NONFATAL_FAILURE(EXPECT_THROW_MSG(static_cast<void>(0), ScenarioError, "boom"), "it throws nothing");
}

// --- error messages: one kind each, exact text ----------------------------------------------------
// Every message reads WHERE: key.path: what was expected, what was found.

TEST(ScenarioErrors, YamlSyntaxErrorGivesLineAndColumn)
{
  const std::string path = fixture("bad/syntax_error.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:4:17: YAML syntax error: illegal map value", path));
}

TEST(ScenarioErrors, UnknownKeySuggestsTheClosest)
{
  const std::string path = fixture("bad/unknown_key.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:8:5: agents.big.revisionsim: unknown key (did you mean 'revisionism'?)", path));
}

TEST(ScenarioErrors, UnknownTopLevelSection)
{
  const std::string path = fixture("bad/unknown_section.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:3:1: wrold: unknown section (did you mean 'world'?)", path));
}

TEST(ScenarioErrors, DuplicateKeySaysWhereTheFirstOneWas)
{
  const std::string path = fixture("bad/duplicate_key.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:8:5: agents.small.capability: duplicate key (first given at line 6)", path));
}

TEST(ScenarioErrors, TextWhereANumberBelongs)
{
  const std::string path = fixture("bad/wrong_type.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:6:17: agents.small.capability: expected a number in [0, 1], got \"high\"", path));
}

TEST(ScenarioErrors, ProbabilityAboveOne)
{
  const std::string path = fixture("bad/probability_out_of_range.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:8:18: agents.big.reliability: expected a number in [0, 1], got 1.5", path));
}

TEST(ScenarioErrors, NegativeCapability)
{
  const std::string path = fixture("bad/negative_capability.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:7:17: agents.big.capability: expected a number in [0, 1], got -0.2", path));
}

TEST(ScenarioErrors, NotANumber)
{
  const std::string path = fixture("bad/nan.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:4:14: world.oil_price: expected a finite number in [1, 1000], got \".nan\"", path));
}

TEST(ScenarioErrors, Infinity)
{
  const std::string path = fixture("bad/infinity.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:5:25: model.threat.proximity_scale_km: expected a finite number in [1, 100000], got \".inf\"",
                  path));
}

TEST(ScenarioErrors, MissingCapability)
{
  const std::string path = fixture("bad/missing_capability.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:6:5: agents.big.capability: required key is missing; expected a number in [0, 1] (CINC share)",
                  path));
}

TEST(ScenarioErrors, MissingRole)
{
  const std::string path = fixture("bad/missing_role.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:5:5: agents.small.role: required key is missing; expected hedger or great_power", path));
}

TEST(ScenarioErrors, MisspeltRoleSuggestsTheClosest)
{
  const std::string path = fixture("bad/bad_role.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:6:11: agents.big.role: expected hedger or great_power, got \"great_powr\" "
                               "(did you mean 'great_power'?)",
                               path));
}

TEST(ScenarioErrors, UndefinedAgentInRelations)
{
  const std::string path = fixture("bad/undefined_agent_relation.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:8:5: relations.small.bgi: no agent with id \"bgi\" (did you mean 'big'?)", path));
}

TEST(ScenarioErrors, UndefinedEventActor)
{
  const std::string path = fixture("bad/undefined_agent_actor.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:9:12: events[0].actor: no agent with id \"bog\" (did you mean 'big'?)", path));
}

TEST(ScenarioErrors, EventDateOutsideTheSpan)
{
  const std::string path = fixture("bad/event_outside_span.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:8:9: events[0].at: expected a date within the scenario span 2020-01 .. 2020-12, got 2021-03",
                  path));
}

TEST(ScenarioErrors, MalformedDate)
{
  const std::string path = fixture("bad/malformed_date.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:4:10: scenario.start: expected a date YYYY-MM, got \"2020/03\"", path));
}

TEST(ScenarioErrors, StartAfterEnd)
{
  const std::string path = fixture("bad/start_after_end.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:5:8: scenario.end: expected a date on or after scenario.start (2021-01), got 2020-12", path));
}

TEST(ScenarioErrors, EffectOnAlignmentIsRejected)
{
  const std::string path = fixture("bad/effect_on_alignment.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:10:25: events[0].effects[0].path: \"relations.small.big.alignment.security\" "
                               "cannot be changed by events; alignment moves only through the hedgers' decisions",
                               path));
}

TEST(ScenarioErrors, EffectOnAPathThatDoesNotExist)
{
  const std::string path = fixture("bad/effect_unknown_path.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:11:15: events[0].effects[0].path: no exogenous parameter \"world.uncertainity\" "
                               "(did you mean 'world.uncertainty'?)",
                               path));
}

TEST(ScenarioErrors, HedgerKeyOnAGreatPower)
{
  const std::string path = fixture("bad/hedger_key_on_great_power.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:8:5: agents.big.nationalism: applies to hedger agents only; this agent's role is great_power",
                  path));
}

TEST(ScenarioErrors, ExtendsCycle)
{
  // cycle_a extends cycle_b, whose `extends` (line 2) closes the cycle.
  const std::string path = fixture("bad/cycle_a.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:2:10: extends: expected a chain of base files without a cycle, got "
                               "cycle_a.yaml -> cycle_b.yaml -> cycle_a.yaml",
                               fixture("bad/cycle_b.yaml")));
}

TEST(ScenarioErrors, ExtendsAMissingFile)
{
  const std::string path = fixture("bad/extends_missing.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:2:10: extends: cannot open scenario file '{}'", path, fixture("bad/no_such_base.yaml")));
}

TEST(ScenarioErrors, BadSetValueIsLocatedAtTheSet)
{
  EXPECT_THROW_MSG(
      load_scenario(fixture("base.yaml"), {Override::parse("agents.big.capability=high")}), ScenarioError,
      "--set agents.big.capability=high: agents.big.capability: expected a number in [0, 1], got \"high\"");
}

TEST(ScenarioErrors, SetOfAnUnknownKey)
{
  EXPECT_THROW_MSG(
      load_scenario(fixture("base.yaml"), {Override::parse("agents.big.revisionsim=0.3")}), ScenarioError,
      "--set agents.big.revisionsim=0.3: agents.big.revisionsim: unknown key (did you mean 'revisionism'?)");
}

TEST(ScenarioErrors, EveryBadFixtureFailsWithLocationAndKeyPath)
{
  // FILE:LINE:COL: key.path: message, where key.path is a dotted path with [i] indices.
  const std::regex located(R"(^.+\.yaml:[0-9]+:[0-9]+: [A-Za-z_][A-Za-z0-9_.\[\]-]*: \S.*$)");
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(fixture("bad"))) {
    const std::string path = entry.path().string();
    try {
      static_cast<void>(load_scenario(path));
      ADD_FAILURE() << path << " loads without error";
    } catch (const ScenarioError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      if (entry.path().filename() != "syntax_error.yaml") { // a syntax error has no key path yet
        EXPECT_TRUE(std::regex_match(message, located)) << message;
      }
    }
    ++checked;
  }
  EXPECT_GE(checked, 22);
}

// --- overlays -------------------------------------------------------------------------------------

TEST(ScenarioOverlay, OverridesNestedKeysAndKeepsTheRest)
{
  const Scenario s = load_scenario(fixture("overlay.yaml"));
  const Agent& big = agent(s, "big");
  EXPECT_EQ(big.params.lever_military, 0.9); // overlay
  EXPECT_EQ(big.params.revisionism, 0.3);    // base, beside the overridden lever
  EXPECT_EQ(big.params.capability, 0.2);
  EXPECT_EQ(s.world.rivalry, 0.8);                      // overlay
  EXPECT_EQ(agent(s, "small").params.nationalism, 0.4); // base
  EXPECT_EQ(relation(s, "small", "big").params.trade_share, 0.3);
  EXPECT_EQ(s.meta.name, "test_base");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.agents[0].id, "small"); // the base's order
  EXPECT_EQ(s.agents[1].id, "big");
}

TEST(ScenarioOverlay, AppendsEventsAndReplacesTheOneWithTheSameId)
{
  const Scenario s = load_scenario(fixture("overlay.yaml"));
  EXPECT_EQ(event_ids(s), (std::vector<std::string>{"oil_drop", "pressure", "thaw"}));
  const Event& pressure = event(s, "pressure");
  ASSERT_TRUE(pressure.at.has_value());
  EXPECT_EQ(*pressure.at, (YearMonth{2021, 6}));
  ASSERT_EQ(pressure.effects.size(), 1u);
  EXPECT_EQ(pressure.effects[0].value, 0.2);
  EXPECT_EQ(pressure.actor, s.agent_index("big"));
  EXPECT_EQ(*event(s, "oil_drop").at, (YearMonth{2020, 6})); // kept from the base
}

TEST(ScenarioOverlay, ChainsResolveRelativeToTheIncludingFile)
{
  // overlays/deeper.yaml extends ../overlay.yaml, which extends base.yaml beside it.
  const Scenario s = load_scenario(fixture("overlays/deeper.yaml"));
  EXPECT_EQ(agent(s, "small").params.nationalism, 0.1);  // deeper.yaml
  EXPECT_EQ(agent(s, "big").params.lever_military, 0.9); // overlay.yaml
  EXPECT_EQ(agent(s, "big").params.revisionism, 0.3);    // base.yaml
  EXPECT_EQ(s.events.size(), 3u);
}

TEST(ScenarioOverlay, ErrorInTheOverlayNamesTheOverlayAndItsLine)
{
  const std::string path = fixture("overlay_bad.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:7:18: agents.big.reliability: expected a number in [0, 1], got 1.5", path));
}

TEST(ScenarioOverlay, UnknownKeyInTheOverlayIsLocatedAtTheKey)
{
  const std::string path = fixture("overlay_unknown_key.yaml");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:5:5: agents.small.personalsim: unknown key (did you mean 'personalism'?)", path));
}

TEST(ScenarioOverlay, ReplacedKeyIsLocatedInTheOverlay)
{
  // `revisionism` is in the base too; the overlay's line must be reported, not the base's.
  const std::string path = fixture("overlay_role_change.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:6:5: agents.big.revisionism: applies to great_power agents only; this agent's role is hedger",
                  path));
}

TEST(ScenarioOverlay, ErrorInAnAppendedEventNamesTheOverlay)
{
  const std::string path = fixture("overlay_bad_event.yaml");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:5:9: events[2].at: expected a date within the scenario span 2020-01 .. 2021-12, got 2022-03",
                  path));
}

TEST(ScenarioOverlay, ErrorInTheBaseNamesTheBase)
{
  EXPECT_THROW_MSG(load_scenario(fixture("overlay_on_bad.yaml")), ScenarioError,
                   fmt::format("{}:8:5: agents.big.revisionsim: unknown key (did you mean 'revisionism'?)",
                               fixture("bad/unknown_key.yaml")));
}

// --- --set ----------------------------------------------------------------------------------------

TEST(ScenarioSet, OverridesANumber)
{
  const Scenario s = load_scenario(fixture("base.yaml"), {Override::parse("agents.big.capability=0.35")});
  EXPECT_EQ(agent(s, "big").params.capability, 0.35);
  EXPECT_EQ(agent(s, "big").params.revisionism, 0.3); // its neighbours are untouched
}

TEST(ScenarioSet, CreatesMissingKeysAndSections)
{
  // base.yaml has no model section and no `sanctioned` for big.
  const Scenario s = load_scenario(
      fixture("base.yaml"), {Override::parse("model.weights.leader=2"), Override::parse("agents.big.sanctioned=0.4")});
  EXPECT_EQ(s.model.weight_leader, 2.0);
  EXPECT_EQ(s.model.weight_security, spec(model_parameters(), "weights.security").default_value);
  EXPECT_EQ(agent(s, "big").params.sanctioned, 0.4);
}

TEST(ScenarioSet, ReplacesAMappingGivenAsYaml)
{
  const Scenario s = load_scenario(fixture("base.yaml"), {Override::parse("agents.big.levers={economic: 0.7}")});
  EXPECT_EQ(agent(s, "big").params.lever_economic, 0.7);
  // the value replaces the whole mapping, so the base's military lever falls back to its default
  EXPECT_EQ(agent(s, "big").params.lever_military, spec(agent_parameters(), "levers.military").default_value);
}

TEST(ScenarioSet, IsAppliedAfterOverlays)
{
  const Scenario s = load_scenario(fixture("overlay.yaml"),
                                   {Override::parse("world.rivalry=0.1"), Override::parse("events[1].at=2021-03")});
  EXPECT_EQ(s.world.rivalry, 0.1);                           // the overlay says 0.8
  EXPECT_EQ(*event(s, "pressure").at, (YearMonth{2021, 3})); // the overlay's replacement event, changed
}

TEST(ScenarioSet, MultipleSetsApplyInOrder)
{
  const Scenario later_wins =
      load_scenario(fixture("base.yaml"), {Override::parse("world.rivalry=0.1"), Override::parse("world.rivalry=0.2")});
  EXPECT_EQ(later_wins.world.rivalry, 0.2);
  const Scenario reversed =
      load_scenario(fixture("base.yaml"), {Override::parse("world.rivalry=0.2"), Override::parse("world.rivalry=0.1")});
  EXPECT_EQ(reversed.world.rivalry, 0.1);
  // a set into a mapping created by an earlier set
  const Scenario nested = load_scenario(fixture("base.yaml"), {Override::parse("model.threat={power: 0.4}"),
                                                               Override::parse("model.threat.offensive=0.1")});
  EXPECT_EQ(nested.model.threat_power, 0.4);
  EXPECT_EQ(nested.model.threat_offensive, 0.1);
}

// --- defaults -------------------------------------------------------------------------------------

TEST(ScenarioDefaults, MinimalScenarioTakesEveryDefaultFromTheDictionary)
{
  const Scenario s = load_scenario(fixture("minimal.yaml"));
  for (const auto& p : world_parameters()) {
    EXPECT_EQ(s.world.*p.field, p.default_value) << "world." << p.key;
  }
  for (const auto& p : model_parameters()) {
    EXPECT_EQ(s.model.*p.field, p.default_value) << "model." << p.key;
  }
  for (const auto& a : s.agents) {
    for (const auto& p : agent_parameters()) {
      if (!p.required() && applies_to(p.applies, a.role)) {
        EXPECT_EQ(a.params.*p.field, p.default_value) << "agents." << a.id << "." << p.key;
      }
    }
    EXPECT_EQ(a.name, a.id);
  }
  ASSERT_EQ(s.relations.size(), 4u);
  for (const auto& r : s.relations) {
    EXPECT_FALSE(r.defined);
    EXPECT_TRUE(r.memberships.empty());
    for (const auto& p : relation_parameters()) {
      EXPECT_EQ(r.params.*p.field, p.default_value) << p.key;
    }
  }
}

TEST(ScenarioDefaults, SpotChecksLookedUpInTheDictionary)
{
  const Scenario s = load_scenario(fixture("minimal.yaml"));
  EXPECT_EQ(s.world.oil_price, spec(world_parameters(), "oil_price").default_value);
  EXPECT_EQ(s.model.proximity_scale_km, spec(model_parameters(), "threat.proximity_scale_km").default_value);
  EXPECT_EQ(agent(s, "big").params.reliability, spec(agent_parameters(), "reliability").default_value);
  EXPECT_EQ(agent(s, "big").params.lever_tolerance, spec(agent_parameters(), "levers.tolerance").default_value);
  EXPECT_EQ(agent(s, "small").params.personalism, spec(agent_parameters(), "personalism").default_value);
  EXPECT_EQ(relation(s, "small", "big").params.intent_baseline,
            spec(relation_parameters(), "intent_baseline").default_value);
  EXPECT_EQ(relation(s, "small", "big").params.distance_km, spec(relation_parameters(), "distance_km").default_value);
  // the required key has no default
  EXPECT_TRUE(spec(agent_parameters(), "capability").required());
  EXPECT_EQ(agent(s, "small").params.capability, 0.01);
}

TEST(ScenarioDefaults, StructuralDefaults)
{
  const Scenario s = load_scenario(fixture("minimal.yaml"));
  EXPECT_EQ(s.meta.description, "");
  EXPECT_EQ(s.meta.step, StepUnit::month);
  EXPECT_EQ(static_cast<double>(s.meta.runs), structural_default("scenario.runs"));
  EXPECT_EQ(static_cast<double>(s.meta.seed), structural_default("scenario.seed"));
  EXPECT_EQ(static_cast<double>(s.output.every), structural_default("output.every"));
  std::vector<std::string> all;
  for (const auto& g : output_groups()) {
    all.emplace_back(g.name);
  }
  EXPECT_EQ(s.output.variables, all);
  ASSERT_EQ(s.institutions.size(), 1u);
  EXPECT_EQ(s.institutions[0].name, "pact");
  EXPECT_NEAR(s.institutions[0].floor, structural_default("institutions.<id>.floor"), 1e-6);
  EXPECT_TRUE(s.events.empty());
}

// --- round trip -----------------------------------------------------------------------------------

template <class Block>
void expect_same_block(const Block& a, const Block& b, std::span<const NumberSpec<Block>> specs,
                       const std::string& where)
{
  for (const auto& p : specs) {
    EXPECT_EQ(a.*p.field, b.*p.field) << where << p.key;
  }
}

void expect_same_ref(const ParamRef& a, const ParamRef& b)
{
  EXPECT_EQ(a.scope, b.scope);
  EXPECT_EQ(a.agent, b.agent);
  EXPECT_EQ(a.partner, b.partner);
  EXPECT_EQ(a.field, b.field);
  EXPECT_EQ(a.path, b.path);
}

void expect_same_scenario(const Scenario& a, const Scenario& b)
{
  EXPECT_EQ(a.meta.name, b.meta.name);
  EXPECT_EQ(a.meta.description, b.meta.description);
  EXPECT_EQ(a.meta.start, b.meta.start);
  EXPECT_EQ(a.meta.end, b.meta.end);
  EXPECT_EQ(a.meta.step, b.meta.step);
  EXPECT_EQ(a.meta.runs, b.meta.runs);
  EXPECT_EQ(a.meta.seed, b.meta.seed);
  expect_same_block(a.world, b.world, world_parameters(), "world.");
  expect_same_block(a.model, b.model, model_parameters(), "model.");
  ASSERT_EQ(a.agents.size(), b.agents.size());
  for (std::size_t i = 0; i < a.agents.size(); ++i) {
    EXPECT_EQ(a.agents[i].id, b.agents[i].id);
    EXPECT_EQ(a.agents[i].name, b.agents[i].name);
    EXPECT_EQ(a.agents[i].role, b.agents[i].role);
    expect_same_block(a.agents[i].params, b.agents[i].params, agent_parameters(), a.agents[i].id + ".");
  }
  ASSERT_EQ(a.relations.size(), b.relations.size());
  for (std::size_t i = 0; i < a.relations.size(); ++i) {
    EXPECT_EQ(a.relations[i].defined, b.relations[i].defined);
    EXPECT_EQ(a.relations[i].memberships, b.relations[i].memberships);
    expect_same_block(a.relations[i].params, b.relations[i].params, relation_parameters(), "relation.");
  }
  ASSERT_EQ(a.institutions.size(), b.institutions.size());
  for (std::size_t i = 0; i < a.institutions.size(); ++i) {
    EXPECT_EQ(a.institutions[i].id, b.institutions[i].id);
    EXPECT_EQ(a.institutions[i].name, b.institutions[i].name);
    EXPECT_EQ(a.institutions[i].led_by, b.institutions[i].led_by);
    EXPECT_EQ(a.institutions[i].dimension, b.institutions[i].dimension);
    EXPECT_EQ(a.institutions[i].floor, b.institutions[i].floor);
  }
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const Event& x = a.events[i];
    const Event& y = b.events[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.description, y.description);
    EXPECT_EQ(x.at, y.at);
    EXPECT_EQ(x.hazard, y.hazard);
    EXPECT_EQ(x.window_from, y.window_from);
    EXPECT_EQ(x.window_to, y.window_to);
    EXPECT_EQ(x.max_occurrences, y.max_occurrences);
    EXPECT_EQ(x.actor, y.actor);
    EXPECT_EQ(x.target, y.target);
    ASSERT_EQ(x.when.has_value(), y.when.has_value());
    if (x.when) {
      EXPECT_EQ(x.when->op, y.when->op);
      EXPECT_EQ(x.when->value, y.when->value);
      expect_same_ref(x.when->subject, y.when->subject);
    }
    ASSERT_EQ(x.effects.size(), y.effects.size());
    for (std::size_t j = 0; j < x.effects.size(); ++j) {
      EXPECT_EQ(x.effects[j].op, y.effects[j].op);
      EXPECT_EQ(x.effects[j].value, y.effects[j].value);
      expect_same_ref(x.effects[j].target, y.effects[j].target);
    }
  }
  EXPECT_EQ(a.output.variables, b.output.variables);
  EXPECT_EQ(a.output.every, b.output.every);
  EXPECT_EQ(a.output.summary, b.output.summary);
}

void expect_round_trip(const std::string& file)
{
  const Scenario first = load_scenario(file);
  const std::string text = to_yaml(first);
  const TempDir dir;
  const Scenario second = load_scenario(dir.write("resolved.yaml", text));
  EXPECT_EQ(to_yaml(second), text);
  expect_same_scenario(first, second);
}

TEST(ScenarioRoundTrip, ShippedScenario)
{
  expect_round_trip(shipped_scenario());
}

TEST(ScenarioRoundTrip, OverlayFixture)
{
  expect_round_trip(fixture("overlay.yaml"));
}

TEST(ScenarioRoundTrip, MinimalFixture)
{
  expect_round_trip(fixture("minimal.yaml"));
}

// --- output.summary in a scenario ------------------------------------------------------------

//! The minimal fixture extended by an `output` section written as `output`.
std::string with_output(const TempDir& dir, const std::string& output)
{
  return dir.write("summary.yaml", "extends: " + fixture("minimal.yaml") + "\noutput:\n" + output);
}

TEST(ScenarioSummary, StatisticsReplaceTheSeriesUnlessAskedToKeepThem)
{
  const TempDir dir;
  EXPECT_FALSE(load_scenario(fixture("minimal.yaml")).output.summary.summarises());
  const SummarySpec alone = load_scenario(with_output(dir, "  summary: [final, sd]\n")).output.summary;
  EXPECT_EQ(alone.statistics, (std::vector<Statistic>{Statistic::final, Statistic::sd}));
  EXPECT_FALSE(alone.records_series());
  const SummarySpec both = load_scenario(with_output(dir, "  summary: [mean]\n  series: true\n")).output.summary;
  EXPECT_EQ(both.statistics, std::vector<Statistic>{Statistic::mean});
  EXPECT_TRUE(both.records_series());
}

TEST(ScenarioSummary, RoundTripsThroughTheResolvedText)
{
  const TempDir dir;
  expect_round_trip(with_output(dir, "  variables: [alignment]\n  summary: [max, min]\n  series: true\n"));
  const std::string text = to_yaml(load_scenario(with_output(dir, "  summary: [max, min]\n")));
  EXPECT_NE(text.find("summary: [max, min]"), std::string::npos) << text;
}

TEST(ScenarioSummary, BadListsSayWhatIsExpected)
{
  const TempDir dir;
  std::string path = with_output(dir, "  summary: [mean, meen]\n");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   path + ":3:19: output.summary[1]: expected one of final, mean, min, max, sd, got \"meen\" (did you "
                          "mean 'mean'?)");
  path = with_output(dir, "  series: false\n");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   path + ":3:11: output.series: applies only with output.summary (the time series are recorded "
                          "anyway)");
  path = with_output(dir, "  sumary: [mean]\n");
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   path + ":3:3: output.sumary: unknown key (did you mean 'summary'?)");
}

TEST(ScenarioText, LoadsAsTheSameFileWould)
{
  const std::string path = fixture("overlays/deeper.yaml");
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<Override> sets{Override::parse("world.uncertainty=0.9")};
  const Scenario from_text = load_scenario_text(text, path, sets);
  const Scenario from_file = load_scenario(path, sets);
  EXPECT_EQ(to_yaml(from_text), to_yaml(from_file));
  expect_same_scenario(from_text, from_file);
  EXPECT_EQ(from_text.source_file, from_file.source_file);
}

TEST(ScenarioText, ErrorsNameTheGivenName)
{
  EXPECT_THROW_MSG(load_scenario_text("scenario: {name: x, start: 2020-01, end: 2019-01}\nagents: {}\n", "mem.yaml"),
                   ScenarioError,
                   "mem.yaml:1:42: scenario.end: expected a date on or after scenario.start (2020-01), got 2019-01");
}

// The fuzz target's seeds and every input it found a bug with, replayed without the fuzzer: each
// must load (and survive the round trip) or fail with a ScenarioError, nothing else.
TEST(ScenarioFuzzInputs, SeedsAndRegressionsAreHandled)
{
  const TempDir sandbox;
  fuzz::prepare_sandbox(HEDGESIM_SOURCE_DIR, sandbox.path());
  int loaded = 0;
  int rejected = 0;
  for (const char* dir : {"fuzz/corpus/scenario", "fuzz/regressions/scenario"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(HEDGESIM_SOURCE_DIR) / dir)) {
      SCOPED_TRACE(entry.path().string());
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      ASSERT_TRUE(fuzz::extends_stays_inside(text));
      try {
        (fuzz::check_scenario_text(text, sandbox.path()) == fuzz::Outcome::loaded ? loaded : rejected) += 1;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "neither loads nor fails with a ScenarioError: " << e.what();
      }
    }
  }
  // Copies of scenarios and fixtures may fall behind the loader; they stay useful seeds either way.
  EXPECT_GT(loaded, 0);
  EXPECT_GE(loaded + rejected, 40);
}

TEST(ScenarioRoundTrip, ResolvedTextIsSelfContained)
{
  const std::string text = to_yaml(load_scenario(fixture("overlays/deeper.yaml")));
  EXPECT_EQ(text.find("extends"), std::string::npos);
  EXPECT_NE(text.find("nationalism: 0.1"), std::string::npos);
  EXPECT_NE(text.find("military: 0.9"), std::string::npos);
}

// --- the shipped scenario -------------------------------------------------------------------------

TEST(ShippedScenario, LoadsWithItsFourAgents)
{
  const Scenario s = load_scenario(shipped_scenario());
  EXPECT_EQ(s.meta.name, "post_nazarbayev_succession");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(agent(s, "kazakhstan").role, Role::hedger);
  EXPECT_EQ(agent(s, "russia").role, Role::great_power);
  EXPECT_EQ(agent(s, "china").role, Role::great_power);
  EXPECT_EQ(agent(s, "west").role, Role::great_power);
  EXPECT_EQ(s.agents_with_role(Role::hedger).size(), 1u);
  EXPECT_TRUE(relation(s, "kazakhstan", "russia").defined);
  EXPECT_FALSE(relation(s, "russia", "kazakhstan").defined);
}

//! The dictionary key a resolved reference points to, with its scope's prefix.
std::string resolved_path(const Scenario& s, const ParamRef& ref)
{
  switch (ref.scope) {
  case ParamRef::Scope::world:
    return fmt::format("world.{}", world_parameters()[ref.field].key);
  case ParamRef::Scope::agent:
    return fmt::format("agents.{}.{}", s.agents.at(static_cast<std::size_t>(ref.agent)).id,
                       agent_parameters()[ref.field].key);
  case ParamRef::Scope::relation:
    return fmt::format("relations.{}.{}.{}", s.agents.at(static_cast<std::size_t>(ref.agent)).id,
                       s.agents.at(static_cast<std::size_t>(ref.partner)).id, relation_parameters()[ref.field].key);
  case ParamRef::Scope::institution:
    return fmt::format("institutions.{}.{}", s.institutions.at(static_cast<std::size_t>(ref.agent)).id,
                       institution_parameters()[ref.field].key);
  }
  return {};
}

TEST(ShippedScenario, EventsResolve)
{
  const Scenario s = load_scenario(shipped_scenario());
  ASSERT_FALSE(s.events.empty());
  for (const auto& e : s.events) {
    EXPECT_NE(e.at.has_value(), e.hazard > 0) << e.id << ": exactly one of at and hazard";
    EXPECT_LT(e.actor, static_cast<int>(s.size())) << e.id;
    EXPECT_LT(e.target, static_cast<int>(s.size())) << e.id;
    EXPECT_TRUE(!e.effects.empty() || e.act.kind != Act::Kind::none) << e.id << ": an event changes something";
    for (const auto& f : e.effects) {
      EXPECT_EQ(resolved_path(s, f.target), f.target.path) << e.id;
    }
    if (e.when) {
      EXPECT_EQ(resolved_path(s, e.when->subject), e.when->subject.path) << e.id;
    }
  }
  const Event& invasion = event(s, "full_scale_invasion");
  EXPECT_EQ(invasion.actor, s.agent_index("russia"));
  EXPECT_EQ(*invasion.at, (YearMonth{2022, 2}));
  const Event& bri = event(s, "bri_surge");
  EXPECT_EQ(bri.actor, s.agent_index("china"));
  EXPECT_EQ(bri.target, s.agent_index("kazakhstan"));
  ASSERT_EQ(bri.effects.size(), 1u);
  EXPECT_EQ(bri.effects[0].target.scope, ParamRef::Scope::relation);
  EXPECT_EQ(bri.effects[0].target.agent, s.agent_index("kazakhstan"));
  EXPECT_EQ(bri.effects[0].target.partner, s.agent_index("china"));
}

} // namespace
} // namespace hedgesim
