#include "hedgesim/model/threat.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace hedgesim::model {
namespace {

using test::default_agent_params;
using test::default_model_params;
using test::default_relation_params;

struct Dyad {
  AgentParams self = default_agent_params(0.01);
  AgentParams partner = default_agent_params(0.04);
  RelationParams relation = default_relation_params();
  double intent = 0.3;
  ModelParams model = default_model_params();

  [[nodiscard]] ThreatSources sources() const { return threat_sources(self, partner, relation, intent, model); }
  [[nodiscard]] double threat() const { return walt_threat(sources(), model); }
};

TEST(Threat, SourcesAreTheDocumentedQuantities)
{
  Dyad d;
  d.relation.distance_km = 2000;
  d.partner.offensive_capability = 0.6;
  const ThreatSources s = d.sources();
  EXPECT_DOUBLE_EQ(s.power, 0.04 / 0.05);
  EXPECT_DOUBLE_EQ(s.proximity, std::exp(-2000.0 / d.model.proximity_scale_km));
  EXPECT_DOUBLE_EQ(s.offensive, 0.6);
  EXPECT_DOUBLE_EQ(s.intentions, 0.3);
  // Equal default weights: the plain mean.
  EXPECT_NEAR(d.threat(), (s.power + s.proximity + s.offensive + s.intentions) / 4.0, 1e-15);
}

TEST(Threat, EverySourceAndTheThreatStayInRange)
{
  Dyad d;
  for (double cap_self : {0.0, 0.001, 0.3, 1.0}) {
    for (double cap_partner : {0.0, 0.001, 0.3, 1.0}) {
      for (double km : {0.0, 300.0, 5000.0, 40000.0}) {
        for (double off : {0.0, 0.5, 1.0}) {
          for (double intent : {0.0, 0.5, 1.0}) {
            d.self.capability = cap_self;
            d.partner.capability = cap_partner;
            d.relation.distance_km = km;
            d.partner.offensive_capability = off;
            d.intent = intent;
            const ThreatSources s = d.sources();
            for (double x : {s.power, s.proximity, s.offensive, s.intentions, d.threat()}) {
              ASSERT_GE(x, 0.0);
              ASSERT_LE(x, 1.0);
            }
          }
        }
      }
    }
  }
  d.self.capability = 0;
  d.partner.capability = 0;
  EXPECT_EQ(d.sources().power, 0.0); // no capability on either side: no power threat, not NaN
  d.relation.distance_km = 0;
  EXPECT_EQ(d.sources().proximity, 1.0); // shared border
}

TEST(Threat, RisesWithCapabilityOffensivePowerAndIntent)
{
  Dyad d;
  double last = -1;
  for (double cap : {0.0, 0.01, 0.05, 0.2, 0.9}) {
    d.partner.capability = cap;
    ASSERT_GT(d.threat(), last) << "capability " << cap;
    last = d.threat();
  }
  d = Dyad{};
  last = -1;
  for (double off : {0.0, 0.2, 0.5, 1.0}) {
    d.partner.offensive_capability = off;
    ASSERT_GT(d.threat(), last) << "offensive " << off;
    last = d.threat();
  }
  d = Dyad{};
  last = -1;
  for (double intent : {0.0, 0.2, 0.5, 1.0}) {
    d.intent = intent;
    ASSERT_GT(d.threat(), last) << "intent " << intent;
    last = d.threat();
  }
  // A stronger self makes the same partner less threatening.
  d = Dyad{};
  const double weak_self = d.threat();
  d.self.capability = 0.2;
  EXPECT_LT(d.threat(), weak_self);
}

TEST(Threat, FallsWithDistance)
{
  Dyad d;
  double last = 2;
  for (double km : {0.0, 100.0, 1000.0, 3000.0, 10000.0}) {
    d.relation.distance_km = km;
    ASSERT_LT(d.threat(), last) << km;
    last = d.threat();
  }
  // A longer proximity scale keeps distant powers threatening.
  d.relation.distance_km = 3000;
  const double short_reach = d.threat();
  d.model.proximity_scale_km = 5000;
  EXPECT_GT(d.threat(), short_reach);
}

TEST(Threat, WeightsSelectSources)
{
  const ThreatSources s{0.8, 0.4, 0.1, 0.6};
  ModelParams m = default_model_params();
  m.threat_power = m.threat_proximity = m.threat_offensive = m.threat_intentions = 0;
  EXPECT_EQ(walt_threat(s, m), 0.0);
  m.threat_intentions = 0.3;
  EXPECT_DOUBLE_EQ(walt_threat(s, m), 0.6);
  m.threat_power = 0.3;
  EXPECT_DOUBLE_EQ(walt_threat(s, m), 0.7);
  m.threat_power = 0.9; // three to one
  EXPECT_DOUBLE_EQ(walt_threat(s, m), (0.9 * 0.8 + 0.3 * 0.6) / 1.2);
}

TEST(Intent, RisesWithRevisionismAndCoercion)
{
  const ModelParams m = default_model_params();
  const double base = intent_target(0.2, 0.0, 0.0, 0.0, 0.0, 0.2, m);
  EXPECT_DOUBLE_EQ(base, 0.2);
  double last = base;
  for (double rev : {0.1, 0.3, 0.6}) {
    const double x = intent_target(0.2, rev, 0.0, 0.0, 0.0, 0.2, m);
    EXPECT_GT(x, last) << "revisionism " << rev;
    last = x;
  }
  last = base;
  for (double mil : {0.1, 0.3, 0.6}) {
    const double x = intent_target(0.2, 0.0, mil, 0.0, 0.0, 0.2, m);
    EXPECT_GT(x, last) << "military " << mil;
    last = x;
  }
  last = base;
  for (double econ : {0.1, 0.3, 0.6}) {
    const double x = intent_target(0.2, 0.0, 0.0, econ, 0.0, 0.2, m);
    EXPECT_GT(x, last) << "economic " << econ;
    last = x;
  }
  last = base;
  for (double eth : {0.1, 0.5, 1.0}) {
    const double x = intent_target(0.2, 0.0, 0.0, 0.0, eth, 0.2, m);
    EXPECT_GT(x, last) << "ethnic " << eth;
    last = x;
  }
  // Clamped to [0, 1].
  EXPECT_EQ(intent_target(0.9, 1.0, 1.0, 0.0, 1.0, 1.0, m), 1.0);
  EXPECT_GE(intent_target(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, m), 0.0);
}

TEST(Intent, EthnicLeverEffectFallsWithKinShare)
{
  const ModelParams m = default_model_params();
  const double baseline = 0.1;
  double last_effect = 1;
  for (double kin : {0.4, 0.155, 0.05, 0.0}) {
    const double effect =
        intent_target(baseline, 0.0, 0.0, 0.0, 0.5, kin, m) - intent_target(baseline, 0.0, 0.0, 0.0, 0.0, kin, m);
    EXPECT_LT(effect, last_effect) << "kin share " << kin;
    last_effect = effect;
  }
  EXPECT_EQ(last_effect, 0.0); // no kin, no fear from kin rhetoric
  // Military coercion does not depend on kin share.
  EXPECT_DOUBLE_EQ(intent_target(baseline, 0.0, 0.4, 0.0, 0.0, 0.0, m),
                   intent_target(baseline, 0.0, 0.4, 0.0, 0.0, 0.9, m));
}

} // namespace
} // namespace hedgesim::model
