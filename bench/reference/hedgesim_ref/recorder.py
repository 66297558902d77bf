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
    """The variables of the scenario's output groups at the state after a step."""
    n = sim.n
    hedger = [a.role == "hedger" for a in sim.scenario.agents]
    wants = set(sim.scenario.output_variables)
    out: dict[str, np.ndarray] = {}
    if "alignment" in wants:
        out["alignment"] = sim.alignment.copy()
        posture = np.full((n, n), NOT_APPLICABLE_BAND, dtype=np.int64)
        for i in range(n):
            for j in range(n):
                m = sim.mean_alignment(i, j)
                if not math.isnan(m):
                    posture[i, j] = strategy.kuik_band(m)
        out["posture"] = posture
    if "strategy" in wants:
        out["strategy"] = np.array(sim.strategy, dtype=np.int64)
    if "threat" in wants:
        out["dyad/threat"] = sim.threat.copy()
        out["dyad/intent"] = sim.intent.copy()
    if "levers" in wants:
        for name in ("inducement", "military", "economic", "ethnic"):
            key = "dyad/inducement" if name == "inducement" else f"dyad/coercion_{name}"
            out[key] = np.array([[getattr(sim.lever(i, j), name) for j in range(n)] for i in range(n)])
        out["dyad/grievance"] = np.array(sim.grievance).reshape(n, n)
    if "utility" in wants:
        def chosen(i: int, t: int | None) -> float:
            d = sim.decisions[i]
            if not hedger[i] or d is None:
                return NAN
            return d.chosen.total if t is None else d.chosen.term[t]

        out["state/utility"] = np.array([chosen(i, None) for i in range(n)])
        for t, term in enumerate(TERMS):
            out[f"state/utility_{term}"] = np.array([chosen(i, t) for i in range(n)])
        for prefix, attr in (("decision/move_", "move"), ("decision/alternative_move_", "alternative")):
            partner = np.full((n, decision.CHANNELS), -1, dtype=np.int64)
            dimension = np.full((n, decision.CHANNELS), -1, dtype=np.int64)
            delta = np.full((n, decision.CHANNELS), NAN)
            for i in range(n):
                if hedger[i] and sim.decisions[i] is not None:
                    for c, move in enumerate(getattr(sim.decisions[i], attr)):
                        partner[i, c], dimension[i, c], delta[i, c] = _move_codes(sim, i, move)
            out[prefix + "partner"] = partner
            out[prefix + "dimension"] = dimension
            out[prefix + "delta"] = delta
        for t, term in enumerate(TERMS + ("total",)):
            values = np.full((n, decision.CHANNELS), NAN)
            for i in range(n):
                if hedger[i] and sim.decisions[i] is not None:
                    for c, terms in enumerate(sim.decisions[i].alternative_terms):
                        values[i, c] = terms.total if term == "total" else terms.term[t]
            out[f"decision/alternative_{term}"] = values
    if "domestic" in wants:
        out["state/legitimacy"] = np.array(sim.legitimacy)
        out["state/unrest_hazard"] = np.array(sim.unrest_hazard)
    if "internal" in wants:
        ceiling = sim.model["internal.spending_ceiling"]
        out["internal/military_spending"] = np.array([e[DEFENCE] * ceiling for e in sim.effort])
        out["internal/arms_diversification"] = np.array([e[DIVERSIFICATION] for e in sim.effort])
        out["internal/reform"] = np.array([e[REFORM] for e in sim.effort])
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
        enforced = np.full((n, n), NAN)
        for h in sim.hedgers:
            for g in sim.powers:
                enforced[h, g] = sim.enforcing[h * n + g]
        out["dyad/sanctions_enforced"] = enforced
    if "institutions" in wants:
        for k, inst in enumerate(sim.scenario.institutions):
            out[f"membership/{inst.id}"] = np.array(
                [(1 if sim.is_member(i, k) else 0) if hedger[i] else -1 for i in range(n)], dtype=np.int64)
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
