"""The hedger's moves: one logit (quantal response) choice per policy channel, all from the
start-of-step posture. Mirrors sim/model/hedger_decision.cpp (docs/model.md, "Hedger decision")."""
from __future__ import annotations

import dataclasses
import math

from .random import RandomStream
from .util import clamp
from .utility import HedgerView, UtilityTerms, evaluate_utility

DIMENSIONS = 3
EFFORTS = 3
CHANNELS = DIMENSIONS + 1  # security, economic, diplomatic, internal
INTERNAL_CHANNEL = DIMENSIONS


@dataclasses.dataclass(frozen=True)
class Move:
    """Shift one alignment component or one internal effort by `delta`, or stay (model::Move)."""

    partner: int = -1  # row of the alignment block
    dimension: int = -1
    effort: int = -1  # index into the efforts
    delta: float = 0.0

    def stays(self) -> bool:
        return self.partner < 0 and self.effort < 0

    def internal(self) -> bool:
        return self.effort >= 0


@dataclasses.dataclass
class Decision:
    """What `decide` returns (model::Decision)."""

    move: list  # per channel
    alignment: list  # rows x 3 after all moves
    effort: list
    chosen: UtilityTerms
    alternative: list  # per channel
    alternative_terms: list  # per channel


def copy_block(a) -> list:
    return [list(row) for row in a]


def apply(move: Move, alignment: list, effort: list) -> None:
    """Adds a move to a posture, clamped again at the ends of the scale (apply)."""
    if move.internal():
        effort[move.effort] = clamp(effort[move.effort] + move.delta, 0.0, 1.0)
    elif not move.stays():
        alignment[move.partner][move.dimension] = clamp(alignment[move.partner][move.dimension] + move.delta,
                                                        -1.0, 1.0)


def gumbel(random: RandomStream) -> float:
    """One standard Gumbel draw, -log(-log(u))."""
    return -math.log(-math.log(random.uniform()))


def channel_candidates(channel: int, view: HedgerView, current: list, stay: float, model: dict, step: float,
                       random: RandomStream) -> list[tuple[Move, float, float]]:
    """Staying and every single-component move of the channel, as (move, utility, noise)
    (channel_candidates). Every slot draws its noise, even one skipped at the end of the scale."""
    out = [(Move(), stay, gumbel(random))]
    if channel != INTERNAL_CHANNEL:
        for g in range(len(current)):
            for sign in (-1.0, 1.0):
                draw = gumbel(random)
                after = clamp(current[g][channel] + sign * step, -1.0, 1.0)
                if after == current[g][channel]:
                    continue  # at the end of the scale: the move would duplicate staying
                nxt = copy_block(current)
                nxt[g][channel] = after
                out.append((Move(g, channel, -1, after - current[g][channel]),
                            evaluate_utility(view, nxt, view.effort, model).total, draw))
        return out
    for k in range(EFFORTS):
        for sign in (-1.0, 1.0):
            draw = gumbel(random)
            after = clamp(view.effort[k] + sign * step, 0.0, 1.0)
            if after == view.effort[k]:
                continue
            nxt = list(view.effort)
            nxt[k] = after
            out.append((Move(-1, -1, k, after - view.effort[k]), evaluate_utility(view, current, nxt, model).total,
                        draw))
    return out


def choose(candidates: list[tuple[Move, float, float]], stay: float, scale: float) -> tuple[int, int]:
    """The chosen candidate, argmax of scale * (U - U_stay) + Gumbel noise, and the best-scoring
    other one (the first strict maximum in both cases, as in decide)."""
    chosen = 0
    best = -math.inf
    for i, (_, utility, noise) in enumerate(candidates):
        score = scale * (utility - stay) + noise
        if score > best:
            best = score
            chosen = i
    alternative = chosen
    for i, (_, utility, _) in enumerate(candidates):
        if i != chosen and (alternative == chosen or utility > candidates[alternative][1]):
            alternative = i
    return chosen, alternative


def decide(view: HedgerView, current: list, model: dict, step: float, random: RandomStream) -> Decision:
    """One move per channel by the logit rule, applied together (decide)."""
    # Utility gains per unit moved, so the rationality does not depend on the step length.
    scale = model["rationality"] / step if step > 0 else 0.0
    stay = evaluate_utility(view, current, view.effort, model).total
    moves = []
    alternatives = []
    for c in range(CHANNELS):
        candidates = channel_candidates(c, view, current, stay, model, step, random)
        chosen, alternative = choose(candidates, stay, scale)
        moves.append(candidates[chosen][0])
        alternatives.append(candidates[alternative][0])
    # Synchronous: every channel's choice starts from `current`.
    alignment = copy_block(current)
    effort = list(view.effort)
    for m in moves:
        apply(m, alignment, effort)
    chosen_terms = evaluate_utility(view, alignment, effort, model)
    alternative_terms = []
    for c in range(CHANNELS):
        a = copy_block(current)
        e = list(view.effort)
        for k in range(CHANNELS):
            apply(alternatives[k] if k == c else moves[k], a, e)
        alternative_terms.append(evaluate_utility(view, a, e, model))
    return Decision(moves, alignment, effort, chosen_terms, alternatives, alternative_terms)
