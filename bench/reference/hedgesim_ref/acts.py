"""Diplomatic acts a hedger decides when an event asks: UN votes, recognition, sanctions.
Mirrors sim/model/diplomatic_acts.cpp (docs/model.md, "Diplomatic acts")."""
from __future__ import annotations

import math

from .util import cmax
from .utility import HedgerView, PartnerView, secondary_sanctions_exposure

DIPLOMATIC = 2


def largest_threat(v: HedgerView) -> float:
    stakes = 0.0
    for p in v.partners:
        stakes = cmax(stakes, p.threat)
    return stakes


def paid_by(p: PartnerView) -> float:
    """What a power pays the hedger: trade share, investment and side payments."""
    return p.trade_share + p.investment + p.inducement


def vote_utilities(v: HedgerView, a, sponsor: int, target: int, severity: float, m: dict) -> list[float]:
    """Utilities of voting against, abstaining and voting for a resolution (vote_utilities)."""
    t = v.partners[target]
    # A vote leans with diplomatic alignment and, with kin minorities, with territorial integrity.
    lean = (0.5 * (a[sponsor][DIPLOMATIC] - a[target][DIPLOMATIC])
            + m["acts.territorial_norm"] * severity * 0.5 * (v.nationalism + t.kin_minority_share))
    # Kuik: taking sides forgoes the insurance of hedging; voting against a threatening power provokes it.
    sides = m["weights.hedging"] * v.uncertainty * largest_threat(v)
    provoke = m["provocation"] * t.threat
    # Dependence buys silence.
    stake = m["acts.silence"] * paid_by(t)
    return [-lean - sides, 0.0, lean - sides - provoke - stake]


def choose_vote(utility: list[float], rationality: float, u: float) -> int:
    """-1, 0 or +1 drawn with logit probabilities from uniform u (choose_vote)."""
    best = max(utility)
    w = [math.exp(rationality * (x - best)) for x in utility]
    total = 0.0
    for x in w:
        total += x
    cumulative = 0.0
    for i in range(3):
        cumulative += w[i] / total
        if u < cumulative:
            return i - 1
    return 1


def recognition_utilities(v: HedgerView, a, requester: int, severity: float, m: dict) -> list[float]:
    """Utilities of recognising and of refusing a breakaway entity (recognition_utilities)."""
    r = v.partners[requester]
    # Recognising follows diplomatic alignment; it costs a state that fears for its own borders
    # and exposes it to the sanctions on the requester.
    recognise = (a[requester][DIPLOMATIC]
                 - m["acts.territorial_norm"] * severity * (v.nationalism + r.kin_minority_share)
                 - secondary_sanctions_exposure(v, m) * r.sanctioned)
    # Refusing displeases a requester in proportion to the threat it poses.
    refuse = -0.5 * m["provocation"] * r.threat
    return [recognise, refuse]


def sanctions_utilities(v: HedgerView, sponsor: int, target: int, severity: float, m: dict) -> list[float]:
    """Utilities of enforcing and of evading sanctions (sanctions_utilities)."""
    s = v.partners[sponsor]
    t = v.partners[target]
    enforce = -severity * m["acts.silence"] * paid_by(t) - 0.5 * m["provocation"] * t.threat
    evade = -severity * secondary_sanctions_exposure(v, m) * paid_by(s) - 0.5 * m["provocation"] * s.threat
    return [enforce, evade]


def binary_logit(utility: list[float], rationality: float) -> float:
    """Probability of the first option (binary_logit)."""
    return 1.0 / (1.0 + math.exp(-rationality * (utility[0] - utility[1])))
