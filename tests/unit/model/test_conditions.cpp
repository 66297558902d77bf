#include "hedgesim/model/conditions.hpp"

#include "hedgesim/scenario/parameter_dictionary.hpp"
#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

#include <span>
#include <stdexcept>
#include <string_view>

namespace hedgesim::model {
namespace {

template <class Block>
std::size_t field_index(std::span<const NumberSpec<Block>> specs, std::string_view key)
{
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].key == key) {
      return i;
    }
  }
  throw std::logic_error("no such key in the dictionary");
}

ParamRef world_ref(std::string_view key)
{
  ParamRef r;
  r.scope = ParamRef::Scope::world;
  r.field = field_index(world_parameters(), key);
  return r;
}

ParamRef agent_ref(int agent, std::string_view key)
{
  ParamRef r;
  r.scope = ParamRef::Scope::agent;
  r.agent = agent;
  r.field = field_index(agent_parameters(), key);
  return r;
}

ParamRef relation_ref(int agent, int partner, std::string_view key)
{
  ParamRef r;
  r.scope = ParamRef::Scope::relation;
  r.agent = agent;
  r.partner = partner;
  r.field = field_index(relation_parameters(), key);
  return r;
}

EventEffect effect(EventEffect::Op op, ParamRef target, double value)
{
  EventEffect e;
  e.op = op;
  e.target = std::move(target);
  e.value = value;
  return e;
}

EventCondition condition(EventCondition::Op op, ParamRef subject, double value)
{
  EventCondition c;
  c.op = op;
  c.subject = std::move(subject);
  c.value = value;
  return c;
}

//! Three agents: a hedger (0) and two great powers (1, 2), with distinct relation values per dyad.
Scenario make_scenario()
{
  Scenario s;
  s.world = test::default_world_params();
  s.model = test::default_model_params();
  const char* const ids[] = {"kazakhstan", "russia", "china"};
  for (int i = 0; i < 3; ++i) {
    Agent a;
    a.id = ids[i];
    a.role = i == 0 ? Role::hedger : Role::great_power;
    a.params = test::default_agent_params(0.01 * (i + 1));
    s.agents.push_back(a);
  }
  for (std::size_t from = 0; from < 3; ++from) {
    for (std::size_t to = 0; to < 3; ++to) {
      Relation r;
      r.defined = true;
      r.params = test::default_relation_params();
      r.params.trade_share = 0.1 * static_cast<double>(from * 3 + to) / 8.0;
      s.relations.push_back(r);
    }
  }
  return s;
}

TEST(Conditions, CopiesTheScenario)
{
  const Scenario s = make_scenario();
  const Conditions c(s);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.world.oil_price, s.world.oil_price);
  EXPECT_EQ(c.agents[2].capability, s.agents[2].params.capability);
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      EXPECT_EQ(c.relation(i, j).trade_share, s.relation(i, j).params.trade_share);
    }
  }
  EXPECT_EQ(c.get(relation_ref(0, 2, "trade_share")), s.relation(0, 2).params.trade_share);
  EXPECT_EQ(c.get(agent_ref(1, "revisionism")), 0.0);
}

TEST(ApplyEffect, SetReturnsTheChange)
{
  Conditions c(make_scenario());
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::set, world_ref("oil_price"), 40.0)), 40.0 - 64.0);
  EXPECT_EQ(c.world.oil_price, 40.0);
  EXPECT_EQ(apply_effect(c, effect(EventEffect::Op::set, world_ref("oil_price"), 40.0)), 0.0);
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::set, agent_ref(1, "revisionism"), 0.7)), 0.7);
  EXPECT_EQ(c.agents[1].revisionism, 0.7);
  EXPECT_EQ(c.agents[2].revisionism, 0.0); // only the named agent
}

TEST(ApplyEffect, AddAndScale)
{
  Conditions c(make_scenario());
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::add, world_ref("uncertainty"), 0.2)), 0.2);
  EXPECT_DOUBLE_EQ(c.world.uncertainty, 0.7);
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::add, world_ref("uncertainty"), -0.4)), -0.4);
  EXPECT_DOUBLE_EQ(c.world.uncertainty, 0.3);
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::scale, world_ref("oil_price"), 0.5)), -32.0);
  EXPECT_DOUBLE_EQ(c.world.oil_price, 32.0);
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::scale, world_ref("oil_price"), 1.5)), 16.0);
  EXPECT_DOUBLE_EQ(c.world.oil_price, 48.0);
}

TEST(ApplyEffect, ClampsToTheDictionaryRange)
{
  Conditions c(make_scenario());
  // uncertainty in [0, 1]
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::add, world_ref("uncertainty"), 0.9)), 0.5);
  EXPECT_EQ(c.world.uncertainty, 1.0);
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::set, world_ref("uncertainty"), -3.0)), -1.0);
  EXPECT_EQ(c.world.uncertainty, 0.0);
  // oil_reference_price has a positive lower bound.
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::scale, world_ref("oil_reference_price"), 0.0)), 1e-3 - 64.0);
  EXPECT_EQ(c.world.oil_reference_price, 1e-3);
  // oil_price tops out at 1000.
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::scale, world_ref("oil_price"), 100.0)), 1000.0 - 64.0);
  EXPECT_EQ(c.world.oil_price, 1000.0);
  // orientation in [-1, 1]
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::add, relation_ref(0, 1, "orientation"), -5.0)), -1.0);
  EXPECT_EQ(c.relation(0, 1).orientation, -1.0);
  // ambition in [-1, 1]: scaling a negative value by a large factor clamps at -1.
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::set, agent_ref(2, "ambition"), -0.5)), -0.8);
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::scale, agent_ref(2, "ambition"), 4.0)), -0.5);
  EXPECT_EQ(c.agents[2].ambition, -1.0);
}

TEST(ApplyEffect, RelationEffectsHitTheDirectedDyad)
{
  const Scenario s = make_scenario();
  Conditions c(s);
  const double before = c.relation(0, 2).trade_share;
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::add, relation_ref(0, 2, "trade_share"), 0.3)), 0.3);
  EXPECT_DOUBLE_EQ(c.relation(0, 2).trade_share, before + 0.3);
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      if (i != 0 || j != 2) {
        EXPECT_EQ(c.relation(i, j).trade_share, s.relation(i, j).params.trade_share) << i << "," << j;
      }
    }
  }
  EXPECT_DOUBLE_EQ(apply_effect(c, effect(EventEffect::Op::add, relation_ref(0, 2, "trade_share"), 0.9)),
                   1.0 - (before + 0.3));
  EXPECT_EQ(c.relation(0, 2).trade_share, 1.0);
}

TEST(ConditionHolds, EveryOperator)
{
  Conditions c(make_scenario()); // oil_price 64
  const ParamRef oil = world_ref("oil_price");
  using Op = EventCondition::Op;
  EXPECT_TRUE(condition_holds(c, condition(Op::lt, oil, 65)));
  EXPECT_FALSE(condition_holds(c, condition(Op::lt, oil, 64)));
  EXPECT_FALSE(condition_holds(c, condition(Op::lt, oil, 63)));
  EXPECT_TRUE(condition_holds(c, condition(Op::le, oil, 65)));
  EXPECT_TRUE(condition_holds(c, condition(Op::le, oil, 64)));
  EXPECT_FALSE(condition_holds(c, condition(Op::le, oil, 63)));
  EXPECT_FALSE(condition_holds(c, condition(Op::gt, oil, 65)));
  EXPECT_FALSE(condition_holds(c, condition(Op::gt, oil, 64)));
  EXPECT_TRUE(condition_holds(c, condition(Op::gt, oil, 63)));
  EXPECT_FALSE(condition_holds(c, condition(Op::ge, oil, 65)));
  EXPECT_TRUE(condition_holds(c, condition(Op::ge, oil, 64)));
  EXPECT_TRUE(condition_holds(c, condition(Op::ge, oil, 63)));
  // Conditions see effects applied before them, on any scope.
  apply_effect(c, effect(EventEffect::Op::set, agent_ref(1, "at_war"), 1.0));
  EXPECT_TRUE(condition_holds(c, condition(Op::ge, agent_ref(1, "at_war"), 0.5)));
  EXPECT_FALSE(condition_holds(c, condition(Op::ge, agent_ref(2, "at_war"), 0.5)));
  EXPECT_TRUE(condition_holds(c, condition(Op::gt, relation_ref(2, 1, "trade_share"), c.relation(1, 2).trade_share)));
}

} // namespace
} // namespace hedgesim::model
