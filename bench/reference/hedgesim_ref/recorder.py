"""The recorded variables of a run, named and laid out as in the history file.

Mirrors sim/engine/recorder.cpp (docs/file-format.md, "Variables"): one array per dataset with
the dimensions after `run`. Values stay float64 here; the engine stores float32, and the
docking test compares after the same rounding.
"""
from __future__ import annotations

import math

import numpy as np

from . import decision, strategy
from .simulation import Simulation, time_axis
from .utility import DEFENCE, DIVERSIFICATION, REFORM, TERMS

NOT_APPLICABLE_BAND = -128
NAN = float("nan")
FIRST_EFFORT_CODE = 3  # kFirstEffortCode: efforts are coded after the alignment dimensions


def recorded_steps(sim: Simulation) -> list[int]:
    """Every `output.every`-th step and the last (recorded_steps)."""
    count = len(time_axis(sim.scenario))
    steps = list(range(0, count, sim.scenario.output_every))
    if steps[-1] != count - 1:
        steps.append(count - 1)
    return steps


def _move_codes(sim: Simulation, agent: int, move: decision.Move) -> tuple[int, int, float]:
    """The (partner, dimension, delta) a move is stored as (add_move in recorder.cpp)."""
    if move.stays():
        return -1, -1, move.delta
    if move.internal():
        return agent, FIRST_EFFORT_CODE + move.effort, move.delta
    return sim.powers[move.partner], move.dimension, move.delta


def snapshot(sim: Simulation) -> dict[str, np.ndarray]:
    """The variables of the scenario's output groups at the state after a step.

    Format 4.0 layouts: what only a hedger has is over the hedgers (`hedger`, in scenario
    order), hedger-great power pairs over [hedger, power] (alignment, posture, sanctions
    enforced) or [power, hedger] (the levers and grievance a power directs at a hedger);
    dyads every agent has stay over [agent, partner]. The weighted utility terms lie on a
    last dimension `term` in the order of TERMS (kTermNames): `state/utility_terms` is
    [hedger, term], `decision/alternative_terms` [hedger, channel, term].
    """
    n = sim.n
    hedgers, powers = sim.hedgers, sim.powers
    wants = set(sim.scenario.output_variables)
    out: dict[str, np.ndarray] = {}
    if "alignment" in wants:
        out["alignment"] = sim.alignment[np.ix_(hedgers, powers)].copy()
        posture = np.full((len(hedgers), len(powers)), NOT_APPLICABLE_BAND, dtype=np.int64)
        for r, h in enumerate(hedgers):
            for c, g in enumerate(powers):
                m = sim.mean_alignment(h, g)
                if not math.isnan(m):
                    posture[r, c] = strategy.kuik_band(m)
        out["posture"] = posture
    if "strategy" in wants:
        out["strategy"] = np.array([sim.strategy[h] for h in hedgers], dtype=np.int64)
    if "threat" in wants:
        out["dyad/threat"] = sim.threat.copy()
        out["dyad/intent"] = sim.intent.copy()
    if "levers" in wants:
        for name in ("inducement", "military", "economic", "ethnic"):
            key = "dyad/inducement" if name == "inducement" else f"dyad/coercion_{name}"
            out[key] = np.array([[getattr(sim.lever(g, h), name) for h in hedgers] for g in powers])
        out["dyad/grievance"] = np.array([[sim.grievance[g * n + h] for h in hedgers] for g in powers])
    if "utility" in wants:
        def chosen(h: int, t: int | None) -> float:
            d = sim.decisions[h]
            if d is None:
                return NAN
            return d.chosen.total if t is None else d.chosen.term[t]

        out["state/utility"] = np.array([chosen(h, None) for h in hedgers])
        out["state/utility_terms"] = np.array([[chosen(h, t) for t in range(len(TERMS))] for h in hedgers])
        for prefix, attr in (("decision/move_", "move"), ("decision/alternative_move_", "alternative")):
            partner = np.full((len(hedgers), decision.CHANNELS), -1, dtype=np.int64)
            dimension = np.full((len(hedgers), decision.CHANNELS), -1, dtype=np.int64)
            delta = np.full((len(hedgers), decision.CHANNELS), NAN)
            for r, h in enumerate(hedgers):
                if sim.decisions[h] is not None:
                    for c, move in enumerate(getattr(sim.decisions[h], attr)):
                        partner[r, c], dimension[r, c], delta[r, c] = _move_codes(sim, h, move)
            out[prefix + "partner"] = partner
            out[prefix + "dimension"] = dimension
            out[prefix + "delta"] = delta
        total = np.full((len(hedgers), decision.CHANNELS), NAN)
        values = np.full((len(hedgers), decision.CHANNELS, len(TERMS)), NAN)
        for r, h in enumerate(hedgers):
            if sim.decisions[h] is not None:
                for c, terms in enumerate(sim.decisions[h].alternative_terms):
                    total[r, c] = terms.total
                    values[r, c] = terms.term
        out["decision/alternative_total"] = total
        out["decision/alternative_terms"] = values
    if "domestic" in wants:
        out["state/legitimacy"] = np.array([sim.legitimacy[h] for h in hedgers])
        out["state/unrest_hazard"] = np.array([sim.unrest_hazard[h] for h in hedgers])
    if "internal" in wants:
        ceiling = sim.model["internal.spending_ceiling"]
        out["internal/military_spending"] = np.array([sim.effort[h][DEFENCE] * ceiling for h in hedgers])
        out["internal/arms_diversification"] = np.array([sim.effort[h][DIVERSIFICATION] for h in hedgers])
        out["internal/reform"] = np.array([sim.effort[h][REFORM] for h in hedgers])
    if "conditions" in wants:
        out["state/capability"] = np.array([a["capability"] for a in sim.agents])
        out["world/oil_price"] = np.array(sim.world["oil_price"])
        out["world/uncertainty"] = np.array(sim.world["uncertainty"])
        out["world/rivalry"] = np.array(sim.world["rivalry"])
    if "exposure" in wants:
        for name, key in (("trade_share", "trade_share"), ("export_share", "export_share"),
                          ("arms_share", "arms_share"), ("route_share", "export_route_share"),
                          ("kin_minority_share", "kin_minority_share")):
            out[f"dyad/{name}"] = np.array([[NAN if i == j else sim.relation(i, j)[key] for j in range(n)]
                                            for i in range(n)])
        out["dyad/sanctions_enforced"] = np.array([[sim.enforcing[h * n + g] for g in powers] for h in hedgers])
    if "institutions" in wants:
        for k, inst in enumerate(sim.scenario.institutions):
            out[f"membership/{inst.id}"] = np.array([1 if sim.is_member(h, k) else 0 for h in hedgers],
                                                    dtype=np.int64)
    return out


def simulate_run(scenario, master_seed: int, run: int, record: bool = True):
    """Runs one simulation; returns (variables stacked over the recorded steps, events)."""
    sim = Simulation(scenario, master_seed, run)
    steps = set(recorded_steps(sim)) if record else set()
    series: dict[str, list[np.ndarray]] = {}
    while not sim.done():
        sim.step()
        if sim.step_index - 1 in steps:
            for name, value in snapshot(sim).items():
                series.setdefault(name, []).append(value)
    return {name: np.stack(values) for name, values in series.items()}, sim.events
