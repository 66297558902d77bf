// Balance of threat (Walt 1987): aggregate power, proximity, offensive capability, intentions.
#pragma once

#include "hedgesim/scenario/scenario.hpp"

namespace hedgesim::model {

//! The four sources of threat one agent sees in a partner, each on [0, 1].
struct ThreatSources {
  double power = 0;      // partner's share of the dyad's capability
  double proximity = 0;  // exp(-distance / scale)
  double offensive = 0;  // partner's offensive capability
  double intentions = 0; // perceived hostile intent
};

//! The sources for agent `self` facing `partner`.
ThreatSources threat_sources(const AgentParams& self, const AgentParams& partner, const RelationParams& relation,
                             double perceived_intent, const ModelParams& model) noexcept;

//! Weighted mean of the sources with the model's Walt weights; in [0, 1].
double walt_threat(const ThreatSources& sources, const ModelParams& model) noexcept;

//! Where perceived hostile intent is heading: baseline, plus revisionism and coercion felt
//! (military posturing, economic controls, and rhetoric on kin minorities scaled by their share).
double intent_target(double baseline, double revisionism, double military_coercion, double economic_coercion,
                     double ethnic_coercion, double kin_minority_share, const ModelParams& model) noexcept;

} // namespace hedgesim::model
