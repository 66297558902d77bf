"""Memberships as the hedger's choice: join, keep or leave. Mirrors sim/model/membership.cpp."""
from __future__ import annotations

import math

from .util import cmax
from .utility import HedgerView, hardship, secondary_sanctions_exposure

SECURITY, ECONOMIC = 0, 1


def membership_value(v: HedgerView, a, leader: int, dimension: int, floor: float, institution: dict,
                     m: dict) -> float:
    """Total value of membership of an institution led by partner row `leader` (membership_value)."""
    p = v.partners[leader]
    # Gains weigh more in hard times, as in the prosperity term.
    benefit = m["weights.institutions"] * institution["benefit"] * hardship(v)
    shortfall = cmax(0.0, floor - a[leader][dimension])
    obligations = -m["weights.institutions"] * shortfall * shortfall
    entrapment = -m["weights.security"] * m["entrapment"] * p.at_war if dimension == SECURITY else 0.0
    sanctions = (-m["weights.prosperity"] * secondary_sanctions_exposure(v, m) * p.sanctioned
                 if dimension == ECONOMIC else 0.0)
    sovereignty = -m["weights.autonomy"] * m["sovereignty"] * v.nationalism * p.intent
    return benefit + obligations + entrapment + sanctions + sovereignty


def membership_probability(value: float, member: bool, exit_cost: float, rationality: float) -> float:
    """Probability of membership after the choice; a member counts the cost of leaving (membership_probability)."""
    margin = value + (exit_cost if member else 0.0)
    return 1.0 / (1.0 + math.exp(-rationality * margin))
