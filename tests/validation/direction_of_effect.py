"""Direction-of-effect checks at the scenario level: run a scenario twice with the same
seed and runs, once as written and once with one `--set` change, and test the sign of
the mean paired difference of an outcome (docs/validation-directions.md).

Both arms draw the same random numbers run by run (docs/model.md, "The step"), so the
per-run difference of an outcome removes most of the noise the two arms share. An
effect is detected in the expected direction when

    sign * mean(d) > Z * SE(d)    with  d_r = Q_r(intervention) - Q_r(baseline),

where Q_r is a per-run mean of the outcome over a window of months and
SE(d) = sd(d) / sqrt(runs). A change that does nothing gives d = 0 in every run and
is never detected.

    python tests/validation/direction_of_effect.py     # prints every case's measurement
"""

from __future__ import annotations

import dataclasses
import pathlib
import sys
import tempfile
from typing import Callable

import h5py
import numpy as np

from hedgesim_cli import ROOT, hedgesim
RUNS = 40
Z = 2.0  # required margin, in standard errors of the mean paired difference
# Only what the outcomes need is recorded, which keeps the files small and the runs fast.
VARIABLES = "output.variables=[alignment, strategy, threat, domestic, internal, exposure]"
HEDGER = "kazakhstan"
DIMENSIONS = {"security": 0, "economic": 1, "diplomatic": 2}
HEDGING = 2  # strategy code (docs/file-format.md)


def run(scenario: str, out: pathlib.Path, sets=(), runs: int = RUNS, seed: int | None = None) -> pathlib.Path:
    """`hedgesim run` on a scenario (relative to the repository root), at its own seed unless one is given."""
    args = ["run", ROOT / scenario, "-o", out, "--runs", runs, "--threads", 2, "--force", "--quiet",
            "--set", VARIABLES]
    if seed is not None:
        args += ["--seed", str(seed)]
    for s in sets:
        args += ["--set", s]
    hedgesim(*args)
    return out


class Ensemble:
    """The outcomes of one history file, as (run, time) arrays for the hedger.

    ``a`` is the hedger's index on the ``agent`` axis (dyads over agent and partner),
    ``h`` its index on the ``hedger`` axis (alignment, strategy, domestic and internal
    variables); the alignment's second axis is ``power``.
    """

    def __init__(self, path):
        with h5py.File(path, "r") as f:
            self.agents = list(f["agent"].asstr()[...])
            self.hedgers = list(f["hedger"].asstr()[...])
            self.power_ids = list(f["power"].asstr()[...])
            self.dates = list(f["date"].asstr()[...])
            self.time = f["time"][...]
            self.alignment = f["alignment"][...]
            self.strategy = f["strategy"][...]
            self.threat = f["dyad/threat"][...]
            self.legitimacy = f["state/legitimacy"][...]
            self.unrest_hazard = f["state/unrest_hazard"][...]
            self.trade_share = f["dyad/trade_share"][...]
            self.route_share = f["dyad/route_share"][...]
            self.military_spending = f["internal/military_spending"][...]
            self.reform = f["internal/reform"][...]
            ev = f["events"]
            self.event_run = ev["run"][...]
            self.event_time = ev["time"][...]
            self.event_type = ev["type"].asstr()[...]
            self.event_actor = ev["actor"].asstr()[...]
            self.runs = int(f.attrs["runs"])
        self.a = self.agents.index(HEDGER)
        self.h = self.hedgers.index(HEDGER)

    def index(self, agent: str) -> int:
        """Index on the agent (and partner) axis."""
        return self.agents.index(agent)

    def power(self, power: str) -> int:
        """Index on the power axis."""
        return self.power_ids.index(power)

    def window(self, first: str | None, last: str | None) -> slice:
        """Steps from YYYY-MM to YYYY-MM inclusive (None: the start or the end)."""
        start = 0 if first is None else next(i for i, d in enumerate(self.dates) if d >= first)
        stop = len(self.dates) if last is None else max(i for i, d in enumerate(self.dates) if d <= last) + 1
        return slice(start, stop)

    def mean_alignment(self):
        """m[h, g] = mean over the dimensions: (run, time, power)."""
        return self.alignment[:, :, self.h, :, :].mean(axis=-1)

    def powers(self) -> list[int]:
        return list(range(len(self.power_ids)))

    def event_counts(self, kind: str):
        """Events of one type with the hedger as actor, per run and step: (run, time)."""
        counts = np.zeros((self.runs, len(self.time)))
        hit = (self.event_type == kind) & (self.event_actor == HEDGER)
        steps = np.minimum(np.searchsorted(self.time, self.event_time[hit] - 1e-9), len(self.time) - 1)
        np.add.at(counts, (self.event_run[hit], steps), 1)
        return counts


# Outcomes: each maps an ensemble to a (run, time) array.
def alignment(partner: str, dimension: str) -> Callable:
    return lambda e: e.alignment[:, :, e.h, e.power(partner), DIMENSIONS[dimension]]


def mean_alignment(partner: str) -> Callable:
    return lambda e: e.mean_alignment()[:, :, e.power(partner)]


def threat(partner: str) -> Callable:
    return lambda e: e.threat[:, :, e.a, e.index(partner)]


def trade_share(partner: str) -> Callable:
    return lambda e: e.trade_share[:, :, e.a, e.index(partner)]


def route_share(partner: str) -> Callable:
    return lambda e: e.route_share[:, :, e.a, e.index(partner)]


def military_spending(e):
    return e.military_spending[:, :, e.h]


def reform(e):
    return e.reform[:, :, e.h]


def legitimacy(e):
    return e.legitimacy[:, :, e.h]


def unrest_hazard(e):
    return e.unrest_hazard[:, :, e.h]


def regime_crises(e):
    """Regime crises per year (events per step times steps per year)."""
    return e.event_counts("regime_crisis") / np.diff(e.time).mean()


def alignment_spread(e):
    """max_g m[h,g] - min_g m[h,g]: the distance between the closest and the farthest power."""
    m = e.mean_alignment()[:, :, e.powers()]
    return m.max(axis=-1) - m.min(axis=-1)


def hedging(e):
    return (e.strategy[:, :, e.h] == HEDGING).astype(float)


@dataclasses.dataclass(frozen=True)
class Case:
    """One expected direction: `set` moves `outcome` (averaged over `window`) by `sign`."""

    name: str
    scenario: str
    set: tuple[str, ...]
    outcome: Callable
    window: tuple[str | None, str | None]
    sign: int
    reason: str


@dataclasses.dataclass
class Effect:
    differences: np.ndarray  # per run: intervention minus baseline

    @property
    def mean(self) -> float:
        return float(self.differences.mean())

    @property
    def se(self) -> float:
        n = len(self.differences)
        return float(self.differences.std(ddof=1) / np.sqrt(n)) if n > 1 else float("inf")

    def share(self, sign: int) -> float:
        """Share of runs whose difference has the given sign (strictly)."""
        return float(np.mean(sign * self.differences > 0))

    def detected(self, sign: int, z: float = Z) -> bool:
        """The mean difference has the expected sign and exceeds z standard errors."""
        return bool(sign * self.mean > 0 and sign * self.mean > z * self.se)

    def describe(self, sign: int) -> str:
        ratio = self.mean / self.se if self.se > 0 else float("inf") if self.mean else 0.0
        return (f"paired mean difference {self.mean:+.4g} +/- {self.se:.2g} (SE; {ratio:+.1f} SE), "
                f"expected sign {sign:+d}, in that direction in {100 * self.share(sign):.0f} % of runs")


def paired_effect(baseline: Ensemble, intervention: Ensemble, outcome: Callable, window) -> Effect:
    w = baseline.window(*window)
    assert baseline.dates == intervention.dates and baseline.runs == intervention.runs
    q0 = outcome(baseline)[:, w].mean(axis=1)
    q1 = outcome(intervention)[:, w].mean(axis=1)
    return Effect(q1 - q0)


def main() -> int:
    from test_direction_of_effect import CASES  # the table lives beside the tests

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        baselines = {}
        for i, case in enumerate(CASES):
            if case.scenario not in baselines:
                baselines[case.scenario] = Ensemble(run(case.scenario, tmp / f"base{len(baselines)}.h5"))
            treated = Ensemble(run(case.scenario, tmp / f"case{i}.h5", case.set))
            effect = paired_effect(baselines[case.scenario], treated, case.outcome, case.window)
            status = "ok  " if effect.detected(case.sign) else "MISS"
            print(f"{status} {case.name}: {' '.join(case.set)}; {effect.describe(case.sign)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    sys.exit(main())
