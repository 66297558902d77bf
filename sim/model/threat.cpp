#include "hedgesim/model/threat.hpp"

#include <algorithm>
#include <cmath>

namespace hedgesim::model {

ThreatSources threat_sources(const AgentParams& self, const AgentParams& partner, const RelationParams& relation,
                             double perceived_intent, const ModelParams& model) noexcept
{
  ThreatSources s;
  const double total = self.capability + partner.capability;
  // Walt: aggregate power matters relative to one's own.
  s.power = total > 0 ? partner.capability / total : 0.0;
  // Walt: the ability to project power declines with distance.
  s.proximity = std::exp(-relation.distance_km / model.proximity_scale_km);
  s.offensive = partner.offensive_capability;
  s.intentions = perceived_intent;
  return s;
}

double walt_threat(const ThreatSources& s, const ModelParams& m) noexcept
{
  const double weights = m.threat_power + m.threat_proximity + m.threat_offensive + m.threat_intentions;
  if (weights <= 0) {
    return 0.0;
  }
  return (m.threat_power * s.power + m.threat_proximity * s.proximity + m.threat_offensive * s.offensive +
          m.threat_intentions * s.intentions) /
         weights;
}

double intent_target(double baseline, double revisionism, double military_coercion, double economic_coercion,
                     double ethnic_coercion, double kin_minority_share, const ModelParams& m) noexcept
{
  // Walt: intentions are read from conduct, and customs barriers or transit cut-offs are hostile
  // conduct as much as troops on the border. Rhetoric about kin minorities frightens in proportion
  // to how many kin there are.
  const double coercion = military_coercion + economic_coercion + ethnic_coercion * kin_minority_share;
  return std::clamp(baseline + m.revisionism_salience * revisionism + m.coercion_salience * coercion, 0.0, 1.0);
}

} // namespace hedgesim::model
