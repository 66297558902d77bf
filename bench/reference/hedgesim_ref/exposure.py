"""Endogenous exposure: trade, export, arms and route shares. Mirrors sim/model/exposure.cpp."""
from __future__ import annotations

import math

from .util import cmax


def attraction_change(trend: float, alignment_change: float, threat_change: float, coercion_change: float,
                      elasticity: tuple[float, float, float], years: float) -> float:
    """Change of a partner's log attraction over a step (attraction_change): ties follow gains
    (Schweller); a state diversifies away from a threatening or coercing partner (Walt)."""
    e_alignment, e_threat, e_coercion = elasticity
    return trend * years + e_alignment * alignment_change - e_threat * threat_change - e_coercion * coercion_change


def shift_shares(shares: list[float], log_change: list[float]) -> list[float]:
    """Multinomial-logit shares after the modelled partners' attractions change (shift_shares);
    the rest of the world keeps its attraction."""
    modelled = 0.0
    moved = 0.0
    out = []
    for s, x in zip(shares, log_change):
        modelled += s
        out.append(s * math.exp(x))
        moved += out[-1]
    rest = cmax(0.0, 1.0 - modelled)
    total = rest + moved
    if total <= 0:
        return list(shares)
    return [s / total for s in out]
