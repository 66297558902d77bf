#include "hedgesim/model/great_power.hpp"

#include <algorithm>

namespace hedgesim::model {

double pressure(const AgentParams& power, double alignment_to_power, double best_rival_alignment,
                double rivalry) noexcept
{
  const double shortfall = power.ambition - alignment_to_power;
  // Spheres of influence: a rival's lead in the hedger counts as a loss.
  const double rival_lead = std::max(0.0, best_rival_alignment - alignment_to_power);
  return std::clamp(shortfall + rivalry * rival_lead - power.lever_tolerance, 0.0, 1.0);
}

Levers lever_targets(const AgentParams& power, double p, double grievance) noexcept
{
  Levers t;
  // Carrots are offered to keep partners close, more when they drift (EEU revenue sharing, BRI loans).
  t.inducement = power.lever_inducement * (0.5 + 0.5 * p);
  // Sticks are the tools of a revisionist power; a status-quo power does not coerce.
  const double stick = std::min(1.0, p + grievance) * power.revisionism;
  t.military = power.lever_military * stick;
  t.economic = power.lever_economic * stick;
  t.ethnic = power.lever_ethnic * stick;
  return t;
}

Levers adjust_levers(const Levers& c, const Levers& t, double rate, double years) noexcept
{
  const double k = std::clamp(rate * years, 0.0, 1.0);
  return Levers{c.inducement + k * (t.inducement - c.inducement), c.military + k * (t.military - c.military),
                c.economic + k * (t.economic - c.economic), c.ethnic + k * (t.ethnic - c.ethnic)};
}

} // namespace hedgesim::model
