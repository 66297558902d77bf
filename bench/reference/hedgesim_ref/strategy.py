"""Kuik's bands and the balancing / hedging / bandwagoning label. Mirrors sim/model/kuik.cpp and
sim/model/strategy.cpp."""
from __future__ import annotations

import math

from .util import clamp, row_mean

NOT_APPLICABLE, BALANCING, HEDGING, BANDWAGONING = 0, 1, 2, 3
ENGAGED = 1.0 / 7.0  # lower edge of binding engagement
ALLIED = 5.0 / 7.0  # lower edge of pure bandwagoning


def kuik_band(alignment: float) -> int:
    """Band code -3..+3 of an alignment in [-1, 1]; band edges belong to the band above (kuik_band)."""
    index = math.floor((alignment + 1.0) * 3.5 + 1e-9)
    return int(clamp(float(index), 0.0, 6.0)) - 3


def classify_strategy(a) -> int:
    """Balancing, hedging or bandwagoning of an alignment block (classify_strategy)."""
    n = len(a)
    for g in range(n):
        band = kuik_band(row_mean(a, g))
        if band == -3:
            return BALANCING
        if band <= -2:
            if any(k != g and a[k][0] >= ALLIED for k in range(n)):
                return BALANCING  # allied with one power against another
    for g in range(n):
        band = kuik_band(row_mean(a, g))
        if band == 3:
            return BANDWAGONING
        if band == 2:
            fallback = any(k != g and max(a[k][0], a[k][1], a[k][2]) >= ENGAGED for k in range(n))
            if not fallback:
                return BANDWAGONING
    return HEDGING
