"""Bueno de Mesquita's expected-utility bargaining model as specified by Scholz, Calbert & Smith
(2011), and the elite factions that bargain over a successor's course.

Mirrors sim/model/bargaining.cpp and sim/model/factions.cpp (docs/model.md, "Succession and
factions"). Actors are (capability, position, salience) triples; the forecast is the
median-voter position after `FORECAST_ROUNDS` rounds, with the all-pairs probability norm and
Q = 1, the options the engine uses.
"""
from __future__ import annotations

import dataclasses
import math

FORECAST_ROUNDS = 2  # kForecastRounds
STATUS_QUO_PROBABILITY = 1.0  # BargainingOptions::status_quo_probability


@dataclasses.dataclass
class Actor:
    capability: float
    position: float
    salience: float


def weight(a: Actor) -> float:
    return a.capability * a.salience


def vote(actors: list[Actor], xj: float, xk: float) -> float:
    """Weighted support for position xj over xk."""
    v = 0.0
    for a in actors:
        v += weight(a) * (abs(a.position - xk) - abs(a.position - xj))
    return v


def issue_range(actors: list[Actor]) -> float:
    """x_max - x_min of the positions."""
    if not actors:
        return 0.0
    positions = [a.position for a in actors]
    return max(positions) - min(positions)


def median_voter_position(actors: list[Actor]) -> float:
    """The Condorcet winner among the positions (lowest first); failing one, the most supported
    (median_voter_position)."""
    if not actors:
        return 0.0
    candidates = sorted(a.position for a in actors)
    best = candidates[0]
    best_support = -math.inf
    for xj in candidates:
        beats_all = True
        support = 0.0
        for xk in candidates:
            v = vote(actors, xj, xk)
            support += v
            beats_all = beats_all and v >= 0
        if beats_all:
            return xj
        if support > best_support:
            best_support = support
            best = xj
    return best


def weighted_mean_position(actors: list[Actor]) -> float:
    total_sum = 0.0
    total = 0.0
    for a in actors:
        total_sum += weight(a) * a.position
        total += weight(a)
    return total_sum / total if total > 0 else 0.0


def success_probability(actors: list[Actor], i: int, j: int) -> float:
    """P^i that i prevails over j, support over the vote of all ordered pairs (kAllPairs)."""
    xi = actors[i].position
    xj = actors[j].position
    if xi == xj:
        return 0.0
    for_i = 0.0
    for k in actors:
        a = abs(k.position - xj) - abs(k.position - xi)
        if a > 0:
            for_i += weight(k) * a
    all_pairs = 0.0
    for k in actors:
        for p in actors:
            for q in actors:
                all_pairs += weight(k) * abs(abs(k.position - q.position) - abs(k.position - p.position))
    return for_i / all_pairs if all_pairs > 0 else 0.0


def basic_utilities(xi: float, xj: float, median: float, rng: float, risk: float) -> tuple[float, ...]:
    """U_s, U_f, U_b, U_w, U_sq of i facing a rival at xj (basic_utilities)."""
    dij = abs(xi - xj) / rng
    dim = abs(xi - median) / rng

    def u(base: float) -> float:
        return 2.0 - 4.0 * math.pow(base, risk)

    return (u(0.5 - 0.5 * dij), u(0.5 + 0.5 * dij), u(0.5 - 0.25 * (dim + dij)), u(0.5 + 0.25 * (dim + dij)),
            u(0.5))


def challenge_utility(actors: list[Actor], i: int, j: int, risk: list[float], median: float, rng: float) -> float:
    """E^i(U_ij), i's expected utility of challenging j (challenge_utility)."""
    if rng <= 0:
        return 0.0
    xi = actors[i].position
    xj = actors[j].position
    success, failure, better, worse, status_quo = basic_utilities(xi, xj, median, rng, risk[i])
    t = 1.0 if abs(xi - median) < abs(xi - xj) else 0.0
    p = success_probability(actors, i, j)
    q = STATUS_QUO_PROBABILITY
    # The target's salience is the chance it resists; unresisted, the challenge succeeds.
    sj = actors[j].salience
    return (sj * (p * success + (1.0 - p) * failure) + (1.0 - sj) * success - q * status_quo
            - (1.0 - q) * (t * better + (1.0 - t) * worse))


def risk_from_security(security: list[float]) -> list[float]:
    """Risk exponents in [0.5, 2] from security totals (risk_from_security)."""
    risk = [1.0] * len(security)
    if not security:
        return risk
    lo, hi = min(security), max(security)
    if hi - lo <= 0:
        return risk
    for i, s in enumerate(security):
        rel = (2.0 * s - hi - lo) / (hi - lo)
        risk[i] = (1.0 - rel / 3.0) / (1.0 + rel / 3.0)
    return risk


def risk_exponents(actors: list[Actor], median: float, rng: float) -> list[float]:
    """Each actor's risk exponent from what the others expect of challenging it (risk_exponents)."""
    n = len(actors)
    neutral = [1.0] * n
    security = [0.0] * n
    for i in range(n):
        for j in range(n):
            if j != i:
                security[i] += challenge_utility(actors, j, i, neutral, median, rng)
    return risk_from_security(security)


def resolve_pair(i: int, j: int, xi: float, xj: float, a: float, b: float) -> tuple[int, float]:
    """The move a pair implies, as (mover, target position) (resolve_pair)."""
    if a > 0 and b > 0:
        # Conflict: the one expecting less gives way; a tie leaves both where they are.
        if a > b:
            return j, xi
        if b > a:
            return i, xj
        return i, xi
    if a > 0 and b <= 0:
        if a >= -b:
            return j, xj + (xi - xj) * (-b / a)  # compromise
        return j, xi  # capitulation
    if b > 0 and a <= 0:
        if b >= -a:
            return i, xi + (xj - xi) * (-a / b)
        return i, xj
    return i, xi


def accept_least_move(positions: list[float], offers: list[tuple[int, float]]) -> list[float]:
    """Each actor takes the offer that moves it least; the first of equal moves stands (accept_least_move)."""
    nxt = list(positions)
    best = [math.inf] * len(positions)
    for mover, target in offers:
        distance = abs(target - positions[mover])
        if 0 < distance < best[mover]:
            best[mover] = distance
            nxt[mover] = target
    return nxt


def bargain(actors: list[Actor], rounds: int) -> list[float]:
    """Runs the rounds and returns the median-voter position after the last (bargain); the issue's
    range stays that of the opening positions."""
    actors = [dataclasses.replace(a) for a in actors]
    if not actors or rounds == 0:
        return median_voter_position(actors)
    rng = issue_range(actors)
    n = len(actors)
    for _ in range(rounds):
        median = median_voter_position(actors)
        risk = risk_exponents(actors, median, rng)
        positions = [a.position for a in actors]
        offers = []
        for i in range(n):
            for j in range(i + 1, n):
                a = challenge_utility(actors, i, j, risk, median, rng)
                b = challenge_utility(actors, j, i, risk, median, rng)
                offers.append(resolve_pair(i, j, positions[i], positions[j], a, b))
        # Simultaneous: every offer is judged on the positions at the start of the round.
        for actor, x in zip(actors, accept_least_move(positions, offers)):
            actor.position = x
    return median_voter_position(actors)


def bargain_course(factions: list[tuple[float, float, float]], rounds: int = FORECAST_ROUNDS) -> float:
    """The course the factions (capability, salience, position) bargain to (bargain_course)."""
    return bargain([Actor(c, x, s) for c, s, x in factions], rounds)


def predecessor_weight(years_since_resignation: float, half_life_years: float) -> float:
    """Share of a personalist predecessor's sway left after resigning: it halves every half-life."""
    return math.exp(-math.log(2.0) * years_since_resignation / half_life_years)
