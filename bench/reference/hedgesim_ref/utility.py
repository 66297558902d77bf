"""What a hedger values in an alignment: the utility terms and their weights.

Mirrors sim/model/hedger_utility.cpp (docs/model.md, "Hedger utility"). Each term is one
function; the arithmetic follows the C++ expression by expression, in the same order, so that
the reference computes the same doubles.
"""
from __future__ import annotations

import dataclasses
import math

from .util import cmax, cmin, positive, row_mean

TERMS = ("security", "prosperity", "autonomy", "hedging", "leader", "institutions", "entrapment",
         "regime_security", "abandonment")
DEFENCE, DIVERSIFICATION, REFORM = 0, 1, 2  # model::Effort
NO_FLOOR = float("-inf")


@dataclasses.dataclass
class PartnerView:
    """What the hedger knows of one great power (model::PartnerView)."""

    threat: float = 0.0
    intent: float = 0.0
    capability: float = 0.0
    reliability: float = 0.0
    trade_share: float = 0.0
    investment: float = 0.0
    arms_share: float = 0.0
    export_route_share: float = 0.0
    kin_minority_share: float = 0.0
    sanctioned: float = 0.0
    enforced: float = 0.0
    at_war: float = 0.0
    orientation: float = 0.0
    inducement: float = 0.0
    coercion_economic: float = 0.0
    membership_floor: list = dataclasses.field(default_factory=lambda: [NO_FLOOR, NO_FLOOR, NO_FLOOR])


@dataclasses.dataclass
class HedgerView:
    """What the hedger knows of itself and the world (model::HedgerView)."""

    nationalism: float = 0.0
    personalism: float = 0.0
    commodity_export_share: float = 0.0
    uncertainty: float = 0.0
    oil_price: float = 0.0
    oil_reference_price: float = 1.0
    legitimacy: float = 1.0
    regime_security: float = 0.0
    sanctioned: float = 0.0  # sanctions others impose on the hedger itself
    effort: list = dataclasses.field(default_factory=lambda: [0.0, 0.0, 0.0])
    partners: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class UtilityTerms:
    """Weighted contributions of each term, in the order of TERMS, and their sum."""

    term: list
    total: float


def security_term(v: HedgerView, a, e, m: dict) -> float:
    """Threat left after appeasement, outside protection and own deterrence, plus the risk of arms
    bought from a power seen as hostile (security_term)."""
    # Internal balancing: own forces deter a share of every threat.
    deterred = 1.0 - m["internal.self_reliance"] * e[DEFENCE]
    undiversified = 1.0 - e[DIVERSIFICATION]
    n = len(v.partners)
    total = 0.0
    for g in range(n):
        p = v.partners[g]
        sec = a[g][0]
        mean = row_mean(a, g)
        # Walt: aligning with a threatening power may divert its threat; opposing it provokes.
        exposure = positive(1.0 - m["appeasement"] * positive(sec) + m["provocation"] * positive(-mean))
        # External balancing: a reliable, stronger third power the hedger aligns with offsets the threat.
        cover = 0.0
        for k in range(n):
            if k == g:
                continue
            q = v.partners[k]
            relative = q.capability / (q.capability + p.capability) if q.capability + p.capability > 0 else 0.0
            # An ally's help counts fully only with its arms in the hedger's hands.
            cover += positive(a[k][0]) * q.reliability * relative * 0.5 * (1.0 + q.arms_share)
        shield = cmin(1.0, m["protection"] * cover)
        total -= p.threat * exposure * (1.0 - shield) * deterred
        total -= m["internal.arms_dependence"] * p.intent * p.arms_share * undiversified
    return total


def entrapment_term(v: HedgerView, a, m: dict) -> float:
    """Snyder's entrapment: security alignment with a power at war (entrapment_term)."""
    total = 0.0
    for g, p in enumerate(v.partners):
        total -= m["entrapment"] * p.at_war * positive(a[g][0])
    return total


def regime_security_term(v: HedgerView, a, e, m: dict) -> float:
    """Security ties to reliable patrons protect a regime of low legitimacy; so does reform
    (regime_security_term)."""
    total = 0.0
    for g, p in enumerate(v.partners):
        total += p.reliability * positive(a[g][0])
    return v.regime_security * ((1.0 - v.legitimacy) * total + m["domestic.reform_legitimacy"] * e[REFORM])


def abandonment_term(v: HedgerView, a) -> float:
    """Snyder's abandonment: relying on a patron that may not come, scaled by the stakes (abandonment_term)."""
    stakes = 0.0
    for p in v.partners:
        stakes = cmax(stakes, p.threat)
    total = 0.0
    for g, p in enumerate(v.partners):
        total -= (1.0 - p.reliability) * positive(a[g][0])
    return stakes * total


def hardship(v: HedgerView, resilience: float = 0.0) -> float:
    """Economic hardship multiplier from oil below its reference, less what reform absorbs (hardship)."""
    ratio = v.oil_reference_price / v.oil_price if v.oil_price > 0 else 1.0
    return 1.0 + (1.0 - resilience) * v.commodity_export_share * positive(math.log(ratio))


def secondary_sanctions_exposure(v: HedgerView, m: dict) -> float:
    """What secondary sanctions can cost per unit of a power's sanctions, less what the hedger's own
    sanctions have already taken (secondary_sanctions_exposure)."""
    return m["sanctions_exposure"] * (1.0 - v.sanctioned)


def prosperity_term(v: HedgerView, a, e, m: dict) -> float:
    """Gains from trade, investment and side payments less coercion and sanctions exposure and the
    cost of defence and diversification (prosperity_term)."""
    resilience = m["internal.reform_resilience"] * e[REFORM]
    defence = e[DEFENCE]
    diversification = e[DIVERSIFICATION]
    total = (-m["internal.defence_cost"] * defence * defence
             - m["internal.diversification_cost"] * diversification * diversification)
    for g, p in enumerate(v.partners):
        econ = a[g][1]
        mean = row_mean(a, g)
        # Schweller: bandwagoning for profit.
        total += (p.trade_share + p.investment) * 0.5 * (1.0 + econ)
        # Inducements are paid for overall alignment.
        total += p.inducement * 0.5 * (1.0 + mean)
        # Economic controls hurt in proportion to dependence and to the drift away.
        total -= (1.0 - resilience) * p.coercion_economic * (p.trade_share + p.export_route_share) * 0.5 * (1.0 - mean)
        # Secondary sanctions on deep trade with a sanctioned power, unless the hedger enforces them.
        total -= secondary_sanctions_exposure(v, m) * p.sanctioned * (1.0 - p.enforced) * positive(econ)
    oil_income = (v.commodity_export_share * math.log(v.oil_price / v.oil_reference_price)
                  if v.oil_price > 0 else 0.0)
    return hardship(v, resilience) * total + oil_income


def autonomy_term(v: HedgerView, a, m: dict) -> float:
    """Reliance on one power costs independence (squares punish concentration); diplomatic
    closeness to a power seen as hostile costs at home (autonomy_term)."""
    reliance = 0.0
    sovereignty = 0.0
    for g, p in enumerate(v.partners):
        reliance += positive(a[g][0]) * positive(a[g][0]) + positive(a[g][1]) * positive(a[g][1])
        sovereignty += p.intent * positive(a[g][2])
    return -(1.0 + v.nationalism) * reliance - m["sovereignty"] * v.nationalism * sovereignty


def hedging_term(v: HedgerView, a) -> float:
    """Kuik's hedging premium: not taking sides is insurance under uncertainty (hedging_term)."""
    if len(v.partners) < 2:
        return 0.0
    stakes = 0.0
    for p in v.partners:
        stakes = cmax(stakes, p.threat)
    means = [row_mean(a, g) for g in range(len(a))]
    spread = max(means) - min(means)
    return v.uncertainty * stakes * (1.0 - 0.5 * spread)


def leader_term(v: HedgerView, a, e, m: dict) -> float:
    """The leader's preferred course, weighted by personalism; reform costs personal rule (leader_term)."""
    reform = e[REFORM]
    total = -v.personalism * m["internal.reform_cost"] * reform * reform
    for g, p in enumerate(v.partners):
        gap = row_mean(a, g) - p.orientation
        total -= v.personalism * gap * gap
    return total


def institutions_term(v: HedgerView, a) -> float:
    """Binding engagement: alignment below a membership floor costs (institutions_term)."""
    total = 0.0
    for g, p in enumerate(v.partners):
        for d in range(3):
            shortfall = positive(p.membership_floor[d] - a[g][d])
            total -= shortfall * shortfall
    return total


def evaluate_utility(v: HedgerView, a, e, m: dict) -> UtilityTerms:
    """The weighted terms of alignment `a` with efforts `e`, and their total (evaluate_utility)."""
    term = [
        m["weights.security"] * security_term(v, a, e, m),
        m["weights.prosperity"] * prosperity_term(v, a, e, m),
        m["weights.autonomy"] * autonomy_term(v, a, m),
        m["weights.hedging"] * hedging_term(v, a),
        m["weights.leader"] * leader_term(v, a, e, m),
        m["weights.institutions"] * institutions_term(v, a),
        # A security risk, so it keeps the security weight.
        m["weights.security"] * entrapment_term(v, a, m),
        m["weights.regime_security"] * regime_security_term(v, a, e, m),
        m["weights.abandonment"] * abandonment_term(v, a),
    ]
    total = 0.0
    for t in term:
        total += t
    return UtilityTerms(term, total)
