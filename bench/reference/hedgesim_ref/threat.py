"""Balance of threat (Walt 1987). Mirrors sim/model/threat.cpp."""
from __future__ import annotations

import math

from .util import clamp


def threat_sources(self_params: dict, partner_params: dict, relation: dict, perceived_intent: float,
                   model: dict) -> tuple[float, float, float, float]:
    """Power, proximity, offensive capability and intentions that `self` sees in `partner` (threat_sources)."""
    total = self_params["capability"] + partner_params["capability"]
    # Walt: aggregate power matters relative to one's own.
    power = partner_params["capability"] / total if total > 0 else 0.0
    # Walt: the ability to project power declines with distance.
    proximity = math.exp(-relation["distance_km"] / model["threat.proximity_scale_km"])
    return power, proximity, partner_params["offensive_capability"], perceived_intent


def walt_threat(sources: tuple[float, float, float, float], model: dict) -> float:
    """Weighted mean of the four sources with the model's Walt weights (walt_threat)."""
    wp, wx, wo, wi = (model["threat.power"], model["threat.proximity"], model["threat.offensive"],
                      model["threat.intentions"])
    weights = wp + wx + wo + wi
    if weights <= 0:
        return 0.0
    power, proximity, offensive, intentions = sources
    return (wp * power + wx * proximity + wo * offensive + wi * intentions) / weights


def intent_target(baseline: float, revisionism: float, military: float, economic: float, ethnic: float,
                  kin_minority_share: float, model: dict) -> float:
    """Where perceived hostile intent is heading (intent_target): conduct reveals intentions, and
    kin-minority rhetoric frightens in proportion to the kin's share."""
    coercion = military + economic + ethnic * kin_minority_share
    return clamp(baseline + model["perception.revisionism_salience"] * revisionism
                 + model["perception.coercion_salience"] * coercion, 0.0, 1.0)
