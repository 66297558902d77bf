// Loading acts (UN votes, recognition, succession), institution parameters and elite factions:
// what loads, the exact error for each mistake, and the resolved text's round trip.
#include "hedgesim/core/error.hpp"
#include "hedgesim/scenario/parameter_dictionary.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace hedgesim {
namespace {

using hedgesim::testing::TempDir;

//! A small valid scenario: lines 1-5 open it and name the hedger `small`, `small_lines` follow
//! inside the hedger's block (indented four spaces), then the great powers `big` and `far`, the
//! economic union `union` led by `big`, and `tail`.
std::string scenario_text(const std::string& small_lines, const std::string& tail, const std::string& union_extra = "")
{
  return "scenario: {name: acts, start: 2020-01, end: 2021-12}\n"
         "agents:\n"
         "  small:\n"
         "    role: hedger\n"
         "    capability: 0.01\n" +
         small_lines +
         "  big: {role: great_power, capability: 0.2}\n"
         "  far: {role: great_power, capability: 0.1}\n"
         "institutions:\n"
         "  union: {led_by: big, dimension: economic" +
         union_extra + "}\n" + tail;
}

//! With no hedger lines: the events list, when the tail starts with it, opens on line 10.
std::string events_text(const std::string& events)
{
  return scenario_text("", "events:\n" + events);
}

//! A first event at line 11 (`- id: e` at column 5) with the given further lines.
std::string one_event(const std::string& lines)
{
  return events_text("  - id: e\n"
                     "    at: 2020-06\n" +
                     lines);
}

int index_of(const Scenario& s, const std::string& id)
{
  const int i = s.agent_index(id);
  if (i < 0) {
    throw std::runtime_error("no agent " + id);
  }
  return i;
}

// --- acts ----------------------------------------------------------------------------------------

TEST(ScenarioActs, UnVoteLoadsWithoutEffects)
{
  const TempDir dir;
  const Scenario s = load_scenario(dir.write("s.yaml", one_event("    actor: far\n"
                                                                 "    target: big\n"
                                                                 "    act: {type: un_vote, severity: 0.4}\n")));
  ASSERT_EQ(s.events.size(), 1u);
  const Event& e = s.events[0];
  EXPECT_EQ(e.act.kind, Act::Kind::un_vote);
  EXPECT_DOUBLE_EQ(e.act.severity, 0.4);
  EXPECT_EQ(e.actor, index_of(s, "far"));
  EXPECT_EQ(e.target, index_of(s, "big"));
  EXPECT_TRUE(e.effects.empty());
  EXPECT_EQ(*e.at, (YearMonth{2020, 6}));
}

TEST(ScenarioActs, RecognitionLoadsWithDefaultSeverityAndEffects)
{
  const TempDir dir;
  const Scenario s =
      load_scenario(dir.write("s.yaml", one_event("    actor: big\n"
                                                  "    target: far\n"
                                                  "    act: {type: recognition}\n"
                                                  "    effects: [{op: add, path: world.uncertainty, value: 0.1}]\n")));
  const Event& e = s.events.at(0);
  EXPECT_EQ(e.act.kind, Act::Kind::recognition);
  EXPECT_EQ(e.act.severity, 1.0);
  ASSERT_EQ(e.effects.size(), 1u);
  EXPECT_EQ(e.effects[0].target.path, "world.uncertainty");
}

TEST(ScenarioActs, SuccessionNeedsOnlyAHedgerActor)
{
  const TempDir dir;
  const Scenario s = load_scenario(dir.write("s.yaml", one_event("    actor: small\n"
                                                                 "    act: {type: succession}\n")));
  const Event& e = s.events.at(0);
  EXPECT_EQ(e.act.kind, Act::Kind::succession);
  EXPECT_EQ(e.actor, index_of(s, "small"));
  EXPECT_EQ(e.target, -1);
  EXPECT_TRUE(e.effects.empty());
}

TEST(ScenarioActs, StochasticEventMayCarryAnAct)
{
  const TempDir dir;
  const Scenario s = load_scenario(dir.write("s.yaml", events_text("  - id: e\n"
                                                                   "    hazard: 0.5\n"
                                                                   "    actor: big\n"
                                                                   "    target: far\n"
                                                                   "    act: {type: un_vote}\n")));
  EXPECT_EQ(s.events.at(0).act.kind, Act::Kind::un_vote);
  EXPECT_EQ(s.events.at(0).hazard, 0.5);
}

TEST(ScenarioActs, EventWithoutActStillNeedsEffects)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: far\n"));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:11:5: events[0].effects: required key is missing; expected a list of effects", path));
}

TEST(ScenarioActs, VoteWithoutActor)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    target: big\n"
                                                         "    act: {type: un_vote}\n"));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:14:10: events[0].actor: required key is missing; the un_vote act needs an actor (a great power)",
                  path));
}

TEST(ScenarioActs, VoteWithoutTarget)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: far\n"
                                                         "    act: {type: un_vote}\n"));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:14:10: events[0].target: required key is missing; the un_vote act needs a target (a great power)",
                  path));
}

TEST(ScenarioActs, RecognitionNeedsOnlyItsRequester)
{
  const TempDir dir;
  const Scenario s = load_scenario(dir.write("s.yaml", one_event("    actor: big\n"
                                                                 "    act: {type: recognition}\n")));
  EXPECT_EQ(s.events.at(0).act.kind, Act::Kind::recognition);
  EXPECT_EQ(s.events.at(0).actor, index_of(s, "big"));
  EXPECT_EQ(s.events.at(0).target, -1);
}

TEST(ScenarioActs, RecognitionWithoutRequester)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    act: {type: recognition}\n"));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format(
          "{}:13:10: events[0].actor: required key is missing; the recognition act needs an actor (a great power)",
          path));
}

TEST(ScenarioActs, HedgerAsTheRequesterOfARecognition)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: small\n"
                                                         "    act: {type: recognition}\n"));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:14:10: events[0].actor: expected a great power for a recognition act, got hedger \"small\"",
                  path));
}

TEST(ScenarioActs, HedgerAsTheActorOfAVote)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: small\n"
                                                         "    target: big\n"
                                                         "    act: {type: un_vote}\n"));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:15:10: events[0].actor: expected a great power for a un_vote act, got hedger \"small\"", path));
}

TEST(ScenarioActs, HedgerAsTheTargetOfAVote)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: far\n"
                                                         "    target: small\n"
                                                         "    act: {type: un_vote}\n"));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:15:10: events[0].target: expected a great power for a un_vote act, got hedger \"small\"", path));
}

TEST(ScenarioActs, SuccessionInAGreatPower)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: big\n"
                                                         "    act: {type: succession}\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:14:10: events[0].actor: a succession act needs an actor that is a hedger", path));
}

TEST(ScenarioActs, SuccessionWithoutActor)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    act: {type: succession}\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:13:10: events[0].actor: a succession act needs an actor that is a hedger", path));
}

TEST(ScenarioActs, UnknownActTypeSuggestsTheClosest)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: far\n"
                                                         "    target: big\n"
                                                         "    act: {type: un_voet}\n"));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:15:17: events[0].act.type: expected un_vote, recognition, succession or sanctions, got "
                  "\"un_voet\" (did you mean 'un_vote'?)",
                  path));
}

TEST(ScenarioActs, MissingActType)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: far\n"
                                                         "    target: big\n"
                                                         "    act: {severity: 0.5}\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:15:10: events[0].act.type: required key is missing; expected un_vote, recognition, "
                               "succession or sanctions",
                               path));
}

TEST(ScenarioActs, MisspeltActKey)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: far\n"
                                                         "    target: big\n"
                                                         "    act: {type: un_vote, severty: 0.5}\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:15:26: events[0].act.severty: unknown key (did you mean 'severity'?)", path));
}

TEST(ScenarioActs, SeverityOutOfRange)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: far\n"
                                                         "    target: big\n"
                                                         "    act: {type: un_vote, severity: 1.5}\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:15:36: events[0].act.severity: expected a number in [0, 1], got 1.5", path));
}

TEST(ScenarioActs, MisspeltEventKeySuggestsAct)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", one_event("    actor: far\n"
                                                         "    target: big\n"
                                                         "    acts: {type: un_vote}\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:15:5: events[0].acts: unknown key (did you mean 'act'?)", path));
}

// --- institutions --------------------------------------------------------------------------------

const NumberSpec<InstitutionParams>& institution_spec(std::string_view key)
{
  for (const auto& s : institution_parameters()) {
    if (s.key == key) {
      return s;
    }
  }
  throw std::runtime_error("no institution parameter " + std::string(key));
}

TEST(ScenarioInstitutions, ParametersDefaultFromTheDictionary)
{
  const TempDir dir;
  const Scenario s = load_scenario(dir.write("s.yaml", scenario_text("", "")));
  ASSERT_EQ(s.institutions.size(), 1u);
  const InstitutionParams& p = s.institutions[0].params;
  EXPECT_EQ(p.open, institution_spec("open").default_value);
  EXPECT_EQ(p.benefit, institution_spec("benefit").default_value);
  EXPECT_EQ(p.exit_cost, institution_spec("exit_cost").default_value);
}

TEST(ScenarioInstitutions, OpenBenefitAndExitCostLoad)
{
  const TempDir dir;
  const Scenario s =
      load_scenario(dir.write("s.yaml", scenario_text("", "", ", open: 0, benefit: 0.8, exit_cost: 1.5, floor: 0.3")));
  const Institution& inst = s.institutions.at(0);
  EXPECT_EQ(inst.params.open, 0.0);
  EXPECT_EQ(inst.params.benefit, 0.8);
  EXPECT_EQ(inst.params.exit_cost, 1.5);
  EXPECT_EQ(inst.floor, 0.3);
  EXPECT_EQ(inst.dimension, Dimension::economic);
  EXPECT_EQ(inst.led_by, index_of(s, "big"));
}

TEST(ScenarioInstitutions, SetOverridesAParameter)
{
  const TempDir dir;
  const Scenario s =
      load_scenario(dir.write("s.yaml", scenario_text("", "")), {Override::parse("institutions.union.benefit=0.7")});
  EXPECT_EQ(s.institutions.at(0).params.benefit, 0.7);
}

TEST(ScenarioInstitutions, MisspeltParameterSuggestsTheClosest)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", scenario_text("", "", ", benfit: 0.8"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:9:45: institutions.union.benfit: unknown key (did you mean 'benefit'?)", path));
}

TEST(ScenarioInstitutions, ParameterOutOfRange)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", scenario_text("", "", ", exit_cost: 6"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:9:56: institutions.union.exit_cost: expected a number in [0, 5], got 6", path));
}

TEST(ScenarioInstitutions, EventOpensAnInstitution)
{
  const TempDir dir;
  const Scenario s = load_scenario(
      dir.write("s.yaml", scenario_text("",
                                        "events:\n"
                                        "  - id: treaty\n"
                                        "    at: 2020-06\n"
                                        "    effects: [{op: set, path: institutions.union.open, value: 1},\n"
                                        "              {op: add, path: institutions.union.exit_cost, value: 0.5}]\n",
                                        ", open: 0")));
  const Event& e = s.events.at(0);
  ASSERT_EQ(e.effects.size(), 2u);
  EXPECT_EQ(e.effects[0].target.scope, ParamRef::Scope::institution);
  EXPECT_EQ(e.effects[0].target.agent, 0); // the institution's index
  EXPECT_EQ(institution_parameters()[e.effects[0].target.field].key, "open");
  EXPECT_EQ(e.effects[0].target.path, "institutions.union.open");
  EXPECT_EQ(institution_parameters()[e.effects[1].target.field].key, "exit_cost");
  EXPECT_EQ(e.effects[1].value, 0.5);
}

TEST(ScenarioInstitutions, EventConditionOnAnInstitution)
{
  const TempDir dir;
  const Scenario s = load_scenario(
      dir.write("s.yaml", scenario_text("", "events:\n"
                                            "  - id: treaty\n"
                                            "    hazard: 1\n"
                                            "    when: {path: institutions.union.open, op: '<', value: 0.5}\n"
                                            "    effects: [{op: set, path: institutions.union.open, value: 1}]\n")));
  ASSERT_TRUE(s.events.at(0).when.has_value());
  EXPECT_EQ(s.events[0].when->subject.scope, ParamRef::Scope::institution);
}

TEST(ScenarioInstitutions, EventOnAMisspeltInstitution)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", events_text("  - id: treaty\n"
                                      "    at: 2020-06\n"
                                      "    effects: [{op: set, path: institutions.unoin.open, value: 1}]\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:13:31: events[0].effects[0].path: no institution with id \"unoin\" in "
                               "\"institutions.unoin.open\" (did you mean 'union'?)",
                               path));
}

TEST(ScenarioInstitutions, EventOnAMisspeltInstitutionKey)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", events_text("  - id: treaty\n"
                                      "    at: 2020-06\n"
                                      "    effects: [{op: set, path: institutions.union.opne, value: 1}]\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:13:31: events[0].effects[0].path: no exogenous parameter "
                               "\"institutions.union.opne\" (did you mean 'institutions.union.open'?)",
                               path));
}

TEST(ScenarioInstitutions, EventValueOutsideTheParameterRange)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", events_text("  - id: treaty\n"
                                      "    at: 2020-06\n"
                                      "    effects: [{op: set, path: institutions.union.benefit, value: 9}]\n"));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:13:66: events[0].effects[0].value: expected a number in [0, 5], got 9", path));
}

// --- factions ------------------------------------------------------------------------------------

//! Hedger lines with a factions list whose items start on line 7.
std::string factions(const std::string& items)
{
  return "    factions:\n" + items;
}

TEST(ScenarioFactions, Load)
{
  const TempDir dir;
  const Scenario s = load_scenario(dir.write(
      "s.yaml", scenario_text(factions("      - {id: old, capability: 3, salience: 1, orientation: {big: 0.8}, "
                                       "predecessor: true}\n"
                                       "      - {id: sec, capability: 1, salience: 0.8, orientation: {big: -0.2, far: "
                                       "0.3}, predecessor: false}\n"
                                       "      - {id: biz, capability: 0.5, salience: 0.6}\n"),
                              "")));
  const Agent& small = s.agents.at(static_cast<std::size_t>(index_of(s, "small")));
  ASSERT_EQ(small.factions.size(), 3u);
  const auto big = static_cast<std::size_t>(index_of(s, "big"));
  const auto far = static_cast<std::size_t>(index_of(s, "far"));
  const auto self = static_cast<std::size_t>(index_of(s, "small"));
  const EliteFaction& old = small.factions[0];
  EXPECT_EQ(old.id, "old");
  EXPECT_EQ(old.capability, 3.0);
  EXPECT_EQ(old.salience, 1.0);
  EXPECT_TRUE(old.predecessor);
  ASSERT_EQ(old.orientation.size(), s.size());
  EXPECT_EQ(old.orientation[big], 0.8);
  EXPECT_TRUE(std::isnan(old.orientation[far])); // no stake
  EXPECT_TRUE(std::isnan(old.orientation[self]));
  const EliteFaction& sec = small.factions[1];
  EXPECT_FALSE(sec.predecessor);
  EXPECT_EQ(sec.orientation[big], -0.2);
  EXPECT_EQ(sec.orientation[far], 0.3);
  const EliteFaction& biz = small.factions[2];
  EXPECT_FALSE(biz.predecessor); // the default
  EXPECT_EQ(biz.capability, 0.5);
  for (double x : biz.orientation) {
    EXPECT_TRUE(std::isnan(x));
  }
  EXPECT_TRUE(s.agents.at(big).factions.empty());
}

TEST(ScenarioFactions, OrientationTowardAHedger)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", scenario_text(factions("      - {id: old, capability: 1, salience: 1, orientation: "
                                                 "{small: 0.5}}\n"),
                                        ""));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:7:61: agents.small.factions[0].orientation.small: expected a great power, got "
                               "hedger \"small\"",
                               path));
}

TEST(ScenarioFactions, OrientationTowardAnUnknownAgent)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", scenario_text(factions("      - {id: old, capability: 1, salience: 1, orientation: "
                                                 "{bgi: 0.5}}\n"),
                                        ""));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:7:61: agents.small.factions[0].orientation.bgi: no agent with id \"bgi\" (did "
                               "you mean 'big'?)",
                               path));
}

TEST(ScenarioFactions, OrientationOutOfRange)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", scenario_text(factions("      - {id: old, capability: 1, salience: 1, orientation: "
                                                 "{big: 1.5}}\n"),
                                        ""));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:7:66: agents.small.factions[0].orientation.big: expected a number in [-1, 1], got 1.5", path));
}

TEST(ScenarioFactions, FactionsOnAGreatPower)
{
  const TempDir dir;
  const std::string path = dir.write(
      "s.yaml", "scenario: {name: acts, start: 2020-01, end: 2021-12}\n"
                "agents:\n"
                "  small: {role: hedger, capability: 0.01}\n"
                "  big: {role: great_power, capability: 0.2, factions: [{id: a, capability: 1, salience: 1}]}\n");
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:4:55: agents.big.factions: applies to hedger agents only; this agent's role is great_power",
                  path));
}

TEST(ScenarioFactions, DuplicateFactionId)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", scenario_text(factions("      - {id: old, capability: 1, salience: 1}\n"
                                                 "      - {id: old, capability: 2, salience: 1}\n"),
                                        ""));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:8:14: agents.small.factions[1].id: duplicate faction id \"old\"", path));
}

TEST(ScenarioFactions, PredecessorFlagMustBeTrueOrFalse)
{
  const TempDir dir;
  const std::string path = dir.write(
      "s.yaml", scenario_text(factions("      - {id: old, capability: 1, salience: 1, predecessor: yes}\n"), ""));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:7:60: agents.small.factions[0].predecessor: expected true or false, got \"yes\"", path));
}

TEST(ScenarioFactions, MissingCapability)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", scenario_text(factions("      - {id: old, salience: 1}\n"), ""));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:7:9: agents.small.factions[0].capability: required key is missing", path));
}

TEST(ScenarioFactions, SalienceOutOfRange)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", scenario_text(factions("      - {id: old, capability: 1, salience: 1.5}\n"), ""));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:7:44: agents.small.factions[0].salience: expected a number in [0, 1], got 1.5", path));
}

TEST(ScenarioFactions, MisspeltFactionKey)
{
  const TempDir dir;
  const std::string path =
      dir.write("s.yaml", scenario_text(factions("      - {id: old, capabilty: 1, salience: 1}\n"), ""));
  EXPECT_THROW_MSG(
      load_scenario(path), ScenarioError,
      fmt::format("{}:7:19: agents.small.factions[0].capabilty: unknown key (did you mean 'capability'?)", path));
}

TEST(ScenarioFactions, FactionsMustBeAList)
{
  const TempDir dir;
  const std::string path = dir.write("s.yaml", scenario_text("    factions: {id: old}\n", ""));
  EXPECT_THROW_MSG(load_scenario(path), ScenarioError,
                   fmt::format("{}:6:15: agents.small.factions: expected a list of factions, got a mapping", path));
}

// --- round trip ----------------------------------------------------------------------------------

template <class Block>
void expect_same_block(const Block& a, const Block& b, std::span<const NumberSpec<Block>> specs,
                       const std::string& where)
{
  for (const auto& p : specs) {
    EXPECT_EQ(a.*p.field, b.*p.field) << where << p.key;
  }
}

//! NaN-aware equality of two orientation vectors.
void expect_same_orientation(const std::vector<double>& a, const std::vector<double>& b, const std::string& where)
{
  ASSERT_EQ(a.size(), b.size()) << where;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i])) {
      EXPECT_TRUE(std::isnan(b[i])) << where << "[" << i << "]";
    } else {
      EXPECT_EQ(a[i], b[i]) << where << "[" << i << "]";
    }
  }
}

TEST(ScenarioActsRoundTrip, FactionsActsAndInstitutionParamsSurvive)
{
  const TempDir dir;
  const std::string text = scenario_text(
      factions("      - {id: old, capability: 3, salience: 1, orientation: {big: 0.8}, predecessor: true}\n"
               "      - {id: sec, capability: 1.25, salience: 0.8, orientation: {big: -0.2, far: 0.3}}\n"
               "    predecessor_half_life: 2.5\n"),
      "events:\n"
      "  - {id: vote, at: 2020-03, actor: far, target: big, act: {type: un_vote, severity: 0.4}}\n"
      "  - {id: ask, hazard: 0.2, actor: big, target: far, act: {type: recognition},\n"
      "     effects: [{op: add, path: world.uncertainty, value: 0.1}]}\n"
      "  - {id: heir, at: 2021-01, actor: small, act: {type: succession}}\n"
      "  - {id: treaty, at: 2020-06, effects: [{op: set, path: institutions.union.open, value: 1}]}\n",
      ", open: 0, benefit: 0.8, exit_cost: 1.5");
  const Scenario first = load_scenario(dir.write("first.yaml", text));
  const std::string resolved = to_yaml(first);
  const Scenario second = load_scenario(dir.write("second.yaml", resolved));
  EXPECT_EQ(to_yaml(second), resolved);

  ASSERT_EQ(first.agents.size(), second.agents.size());
  for (std::size_t i = 0; i < first.agents.size(); ++i) {
    const Agent& a = first.agents[i];
    const Agent& b = second.agents[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.role, b.role);
    expect_same_block(a.params, b.params, agent_parameters(), a.id + ".");
    ASSERT_EQ(a.factions.size(), b.factions.size()) << a.id;
    for (std::size_t f = 0; f < a.factions.size(); ++f) {
      EXPECT_EQ(a.factions[f].id, b.factions[f].id);
      EXPECT_EQ(a.factions[f].capability, b.factions[f].capability);
      EXPECT_EQ(a.factions[f].salience, b.factions[f].salience);
      EXPECT_EQ(a.factions[f].predecessor, b.factions[f].predecessor);
      expect_same_orientation(a.factions[f].orientation, b.factions[f].orientation, a.factions[f].id);
    }
  }
  EXPECT_EQ(first.agents[0].factions.size(), 2u);
  EXPECT_EQ(second.agents[0].params.predecessor_half_life, 2.5);

  ASSERT_EQ(first.institutions.size(), second.institutions.size());
  for (std::size_t i = 0; i < first.institutions.size(); ++i) {
    expect_same_block(first.institutions[i].params, second.institutions[i].params, institution_parameters(),
                      first.institutions[i].id + ".");
    EXPECT_EQ(first.institutions[i].floor, second.institutions[i].floor);
  }
  EXPECT_EQ(second.institutions[0].params.benefit, 0.8);

  ASSERT_EQ(first.events.size(), second.events.size());
  for (std::size_t i = 0; i < first.events.size(); ++i) {
    const Event& x = first.events[i];
    const Event& y = second.events[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.act.kind, y.act.kind) << x.id;
    EXPECT_EQ(x.act.severity, y.act.severity) << x.id;
    EXPECT_EQ(x.actor, y.actor) << x.id;
    EXPECT_EQ(x.target, y.target) << x.id;
    EXPECT_EQ(x.at, y.at) << x.id;
    EXPECT_EQ(x.hazard, y.hazard) << x.id;
    ASSERT_EQ(x.effects.size(), y.effects.size()) << x.id;
    for (std::size_t j = 0; j < x.effects.size(); ++j) {
      EXPECT_EQ(x.effects[j].target.scope, y.effects[j].target.scope);
      EXPECT_EQ(x.effects[j].target.agent, y.effects[j].target.agent);
      EXPECT_EQ(x.effects[j].target.field, y.effects[j].target.field);
      EXPECT_EQ(x.effects[j].value, y.effects[j].value);
    }
  }
  EXPECT_EQ(second.events[0].act.kind, Act::Kind::un_vote);
  EXPECT_EQ(second.events[0].act.severity, 0.4);
  EXPECT_EQ(second.events[1].act.kind, Act::Kind::recognition);
  EXPECT_EQ(second.events[2].act.kind, Act::Kind::succession);
  EXPECT_EQ(second.events[3].act.kind, Act::Kind::none);
}

} // namespace
} // namespace hedgesim
