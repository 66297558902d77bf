"""Great-power levers: inducement and three kinds of coercion. Mirrors sim/model/great_power.cpp."""
from __future__ import annotations

import dataclasses

from .util import clamp, cmax, cmin


@dataclasses.dataclass
class Levers:
    """Lever intensities one great power applies to one hedger (model::Levers)."""

    inducement: float = 0.0
    military: float = 0.0
    economic: float = 0.0
    ethnic: float = 0.0

    def coercion(self) -> float:
        return self.military + self.economic + self.ethnic


def pressure(power: dict, alignment_to_power: float, best_rival_alignment: float, rivalry: float) -> float:
    """Shortfall from ambition plus the rival's lead scaled by rivalry, less tolerance; in [0, 1] (pressure)."""
    shortfall = power["ambition"] - alignment_to_power
    # Spheres of influence: a rival's lead in the hedger counts as a loss.
    rival_lead = cmax(0.0, best_rival_alignment - alignment_to_power)
    return clamp(shortfall + rivalry * rival_lead - power["levers.tolerance"], 0.0, 1.0)


def lever_targets(power: dict, p: float, grievance: float = 0.0) -> Levers:
    """Targets under pressure p (lever_targets): carrots always, sticks in proportion to revisionism."""
    stick = cmin(1.0, p + grievance) * power["revisionism"]
    return Levers(inducement=power["levers.inducement"] * (0.5 + 0.5 * p),
                  military=power["levers.military"] * stick,
                  economic=power["levers.economic"] * stick,
                  ethnic=power["levers.ethnic"] * stick)


def adjust_levers(current: Levers, target: Levers, rate: float, years: float) -> Levers:
    """Moves levers toward their targets at `rate` per year over `years` (adjust_levers)."""
    k = clamp(rate * years, 0.0, 1.0)
    return Levers(current.inducement + k * (target.inducement - current.inducement),
                  current.military + k * (target.military - current.military),
                  current.economic + k * (target.economic - current.economic),
                  current.ethnic + k * (target.ethnic - current.ethnic))
