// Great-power levers: inducement and three kinds of coercion, aimed at a hedger's drift.
#pragma once

#include "hedgesim/scenario/scenario.hpp"

namespace hedgesim::model {

//! Lever intensities one great power applies to one hedger.
struct Levers {
  double inducement = 0; // side payments, in prosperity units
  double military = 0;   // posturing, [0, 1]
  double economic = 0;   // economic controls, [0, 1]
  double ethnic = 0;     // rhetoric on kin minorities, [0, 1]

  [[nodiscard]] double coercion() const noexcept { return military + economic + ethnic; }
};

//! How unhappy the power is with a hedger: its shortfall from ambition plus, scaled by rivalry,
//! how far a rival is ahead of it, less tolerance; clamped to [0, 1].
double pressure(const AgentParams& power, double alignment_to_power, double best_rival_alignment,
                double rivalry) noexcept;

//! The lever intensities the power aims at under this pressure: inducement always (more under
//! pressure); coercion only in proportion to revisionism, and more after a grievance at the
//! hedger's acts (a vote against it, a refused recognition, an exit), which buys no carrots.
Levers lever_targets(const AgentParams& power, double pressure, double grievance = 0.0) noexcept;

//! Moves levers toward their targets at `rate` per year over a step of `years`.
Levers adjust_levers(const Levers& current, const Levers& target, double rate, double years) noexcept;

} // namespace hedgesim::model
