"""The ten stylised facts of the historical record, checked on a history of
scenarios/historical_1991_2025.yaml (docs/model.md, "Validation").

Each check returns, per run, whether the run reproduces the fact; a fact holds for the
ensemble when the share of runs that reproduce it reaches the fact's threshold.

    python tests/validation/historical_facts.py OUT.h5 [PAIRED_NO_ETHNIC_LEVER.h5]
"""

from __future__ import annotations

import csv
import dataclasses
import pathlib
import re
import sys

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]


@dataclasses.dataclass
class Fact:
    number: int
    name: str
    per_run: np.ndarray  # bool, one per run
    threshold: float = 0.8
    parts: dict = dataclasses.field(default_factory=dict)  # name -> bool per run, for diagnosis

    @property
    def share(self) -> float:
        return float(np.mean(self.per_run))

    @property
    def holds(self) -> bool:
        return self.share >= self.threshold


def kuik_band(x):
    """Kuik band -3..3 of an alignment in [-1, 1] (as in include/hedgesim/model/kuik.hpp)."""
    return np.clip(np.floor((np.asarray(x) + 1.0) * 3.5 + 1e-9), 0, 6).astype(int) - 3


class History:
    """The datasets the facts need, with helpers to index by agent and date.

    Variables over ``agent``/``partner`` are indexed with ``kz``, ``ru``, ``cn`` and ``west``;
    those over ``hedger`` and ``power`` (since format 3.0: alignment, strategy, memberships, levers)
    with ``hkz`` (Kazakhstan's hedger index) and ``pru``, ``pcn``, ``pwest`` (power indices).
    """

    def __init__(self, path):
        with h5py.File(path, "r") as f:
            self.agents = [a.decode() if isinstance(a, bytes) else a for a in f["agent"][...]]
            self.hedgers = [a.decode() if isinstance(a, bytes) else a for a in f["hedger"][...]]
            self.powers = [a.decode() if isinstance(a, bytes) else a for a in f["power"][...]]
            self.dates = [d.decode() if isinstance(d, bytes) else d for d in f["date"][...]]
            self.time = f["time"][...]
            self.alignment = f["alignment"][...]
            self.strategy = f["strategy"][...]
            self.intent = f["dyad/intent"][...]
            self.ethnic = f["dyad/coercion_ethnic"][...]
            self.shares = {n: f[f"dyad/{n}"][...] for n in ("trade_share", "export_share", "arms_share", "route_share", "kin_minority_share")}
            self.capability = f["state/capability"][...]
            self.membership = {k: f[f"membership/{k}"][...] for k in f["membership"]}
            scenario = f.attrs["scenario_yaml"]
            scenario = scenario.decode() if isinstance(scenario, bytes) else scenario
            # The smallest move a hedger makes in one step: adjustment_rate x step length.
            rate = float(re.search(r"^  adjustment_rate: (\S+)$", scenario, re.M).group(1))
            self.move = rate / {"month": 12.0, "quarter": 4.0, "year": 1.0}[re.search(r"^  step: (\S+)$", scenario, re.M).group(1)]
            ev = f["events"]
            self.events = {
                "run": ev["run"][...],
                "time": ev["time"][...],
                "type": np.array([t.decode() if isinstance(t, bytes) else t for t in ev["type"][...]]),
                "actor": np.array([t.decode() if isinstance(t, bytes) else t for t in ev["actor"][...]]),
                "target": np.array([t.decode() if isinstance(t, bytes) else t for t in ev["target"][...]]),
                "magnitude": ev["magnitude"][...],
            }
        self.runs = self.alignment.shape[0]
        self.kz = self.agents.index("kazakhstan")
        self.ru = self.agents.index("russia")
        self.cn = self.agents.index("china")
        self.west = self.agents.index("west")
        self.hkz = self.hedgers.index("kazakhstan")
        self.pru = self.powers.index("russia")
        self.pcn = self.powers.index("china")
        self.pwest = self.powers.index("west")

    def step(self, date: str) -> int:
        """Index of the first recorded step on or after YYYY-MM."""
        return next(i for i, d in enumerate(self.dates) if d >= date)

    def window(self, first: str, last: str) -> slice:
        """Steps from YYYY-MM to YYYY-MM inclusive."""
        return slice(self.step(first), self.step(last) + 1)

    def yearly(self, series, first: int, last: int):
        """Annual means of a (run, time) series for the years first..last: (run, year)."""
        return np.stack([series[:, self.window(f"{y}-01", f"{y}-12")].mean(axis=1) for y in range(first, last + 1)], axis=1)


def fact_1(h: History) -> Fact:
    years = range(1992, 2026)
    hedging = h.strategy[:, :, h.hkz] == 2
    met = np.stack([hedging[:, h.window(f"{y}-01", f"{y}-12")].mean(axis=1) >= 0.5 for y in years], axis=1)
    a = h.alignment[:, :, h.hkz, [h.pru, h.pcn, h.pwest], :]
    never_pure = np.all(np.abs(a) < 1.0, axis=(1, 2, 3))
    return Fact(1, "hedging test met in >= 90 % of years 1992-2025, never a pure position", (met.mean(axis=1) >= 0.9) & never_pure)


def fact_2(h: History) -> Fact:
    end = len(h.dates) - 1
    ok = (h.membership["csto"][:, end, h.hkz] == 1) & (h.membership["eeu"][:, end, h.hkz] == 1)
    return Fact(2, "in the CSTO and the EEU at the end of 2025", ok)


def fact_3(h: History) -> Fact:
    dipl = h.alignment[:, :, h.hkz, h.pru, 2]
    before = kuik_band(dipl[:, h.step("2014-02")])
    after = kuik_band(dipl[:, h.window("2014-03", "2016-02")]).min(axis=1)
    drop = before - after >= 1
    epca = h.membership["epca"][:, h.step("2015-12"), h.hkz] == 1
    eeu = h.membership["eeu"][:, :, h.hkz]
    joins_2015 = (eeu[:, h.step("2014-12")] == 0) & (eeu[:, h.step("2015-12")] == 1)
    return Fact(3, "after 2014: diplomatic band toward Russia drops within 24 months, EPCA taken up by end 2015, EEU joined in 2015",
                drop & epca & joins_2015, parts={"band drop": drop, "EPCA": epca, "EEU in 2015": joins_2015})


def fact_4(h: History) -> Fact:
    trade = h.shares["trade_share"]
    china = trade[:, :, h.kz, h.cn]
    russia = trade[:, :, h.kz, h.ru]
    cy = h.yearly(china, 2000, 2025)
    trend_up = np.array([np.polyfit(np.arange(cy.shape[1]), cy[r], 1)[0] > 0 for r in range(h.runs)])
    ahead = china > russia
    first = np.array([h.time[np.argmax(ahead[r])] if ahead[r].any() else np.inf for r in range(h.runs)])
    passes = (first >= 2022.0) & (first < 2025.0)
    exports = h.shares["export_share"]
    eu = h.yearly(exports[:, :, h.kz, h.west], 2000, 2025)
    others = np.maximum(h.yearly(exports[:, :, h.kz, h.cn], 2000, 2025), h.yearly(exports[:, :, h.kz, h.ru], 2000, 2025))
    eu_first = np.all(eu > others, axis=1)
    return Fact(4, "China's trade share rises from 2000 and passes Russia's in 2022-2024; the EU stays the largest export market",
                trend_up & passes & eu_first, parts={"China rises": trend_up, "passes 2022-24": passes, "EU first": eu_first})


def fact_5(h: History) -> Fact:
    arms = h.shares["arms_share"][:, :, h.kz, :]
    windows = [(y, y + 4) for y in range(1995, 2021, 5)]
    russia_ok = np.all(
        np.stack([arms[:, h.window(f"{a}-01", f"{b}-12"), h.ru].mean(axis=1) >= 0.75 for a, b in windows], axis=1), axis=1
    )

    def suppliers(first, last):
        mean = arms[:, h.window(f"{first}-01", f"{last}-12"), :].mean(axis=1)
        return sum((mean[:, g] >= 0.01).astype(int) for g in (h.cn, h.west))

    more = suppliers(2020, 2024) > suppliers(2010, 2014)
    return Fact(5, "Russia supplies >= 75 % of arms in every five-year window to 2024; more other suppliers in 2020-24 than 2010-14",
                russia_ok & more, parts={"Russia >= 75 %": russia_ok, "more suppliers": more})


def fact_6(h: History) -> Fact:
    route = h.shares["route_share"][:, :, h.kz, :]
    russia = np.all(route[:, h.window("2005-01", "2025-12"), h.ru] >= 0.75, axis=1)
    bypass = route[:, :, h.west]
    rises = bypass[:, h.window("2023-01", "2025-12")].mean(axis=1) > bypass[:, h.window("2021-01", "2021-12")].mean(axis=1)
    below = np.all(bypass[:, h.window("2022-01", "2025-12")] < 0.20, axis=1)
    return Fact(6, "the Russian route carries >= 75 % of crude exports 2005-2025; the bypass rises after 2022 but stays under 20 %",
                russia & rises & below, parts={"Russia >= 75 %": russia, "bypass rises": rises, "bypass < 20 %": below})


def cow_ratios():
    """COW NMC CINC ratios Russia/Kazakhstan and China/Kazakhstan by year, from scenarios/data."""
    cinc = {}
    with open(ROOT / "scenarios/data/cow_nmc_cinc.csv") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for row in rows:
            cinc[(row["country"], int(row["year"]))] = float(row["cinc"])
    years = sorted({y for (c, y) in cinc if c == "Kazakhstan"})
    return {y: (cinc[("Russia", y)] / cinc[("Kazakhstan", y)], cinc[("China", y)] / cinc[("Kazakhstan", y)]) for y in years}


def fact_7(h: History) -> Fact:
    ok = np.ones(h.runs, dtype=bool)
    for year, (ru_ratio, cn_ratio) in cow_ratios().items():
        s = h.step(f"{year}-06")
        cap = h.capability[:, s, :]
        ok &= np.abs(cap[:, h.ru] / cap[:, h.kz] / ru_ratio - 1) <= 0.2
        ok &= np.abs(cap[:, h.cn] / cap[:, h.kz] / cn_ratio - 1) <= 0.2
    return Fact(7, "capability ratios within 20 % of COW NMC (Russia/Kazakhstan, China/Kazakhstan)", ok)


def fact_8(h: History) -> Fact:
    w = h.window("2019-03", "2021-12")
    ok = np.ones(h.runs, dtype=bool)
    for g in (h.pru, h.pcn, h.pwest):
        band = kuik_band(h.alignment[:, w, h.hkz, g, :].mean(axis=-1))
        ok &= band.max(axis=1) - band.min(axis=1) <= 1
    return Fact(8, "the 2019 succession moves each posture by at most one band over 2019-2021", ok)


def fact_9(h: History) -> Fact:
    e = h.events
    jan = h.time[h.step("2022-01")]
    ok = np.zeros(h.runs, dtype=bool)
    parts = {"help asked": np.zeros(h.runs, dtype=bool), "help came for <= 21 days": np.zeros(h.runs, dtype=bool)}
    # "Does not raise": the six months after the crisis average no more than one step's move above
    # the six months before it.
    dipl = h.alignment[:, :, h.hkz, h.pru, 2]
    no_rise = dipl[:, h.window("2022-02", "2022-07")].mean(axis=1) <= dipl[:, h.window("2021-07", "2021-12")].mean(axis=1) + h.move
    for r in range(h.runs):
        mine = (e["run"] == r) & np.isclose(e["time"], jan)
        asked = np.any(mine & (e["type"] == "help_requested") & (e["target"] == "russia"))
        came = mine & (e["type"] == "help_deployed") & (e["actor"] == "russia")
        short = np.any(came) and np.all(e["magnitude"][came] <= 21)
        ok[r] = asked and short and no_rise[r]
        parts["help asked"][r], parts["help came for <= 21 days"][r] = asked, short
    parts["no diplomatic rise"] = no_rise
    return Fact(9, "a January-2022 crisis brings a call for CSTO help within the month, a deployment of at most three weeks, no diplomatic rise toward Russia within six months", ok, parts=parts)


def fact_10(h: History, without_lever: History | None) -> Fact:
    """With a paired history where Russia's ethnic lever is off, the extra perceived intent per unit
    of ethnic coercion in effect falls from the late 1990s to the late 2010s."""
    if without_lever is None:
        return Fact(10, "the ethnic lever's effect on perceived threat falls with the ethnic-Russian share (needs a paired history)", np.zeros(h.runs, dtype=bool))
    extra = h.intent[:, :, h.kz, h.ru] - without_lever.intent[:, :, h.kz, h.ru]
    lever = h.ethnic[:, :, h.pru, h.hkz]

    def effect(first, last):
        w = h.window(f"{first}-01", f"{last}-12")
        return extra[:, w].sum(axis=1) / np.maximum(lever[:, w].sum(axis=1), 1e-12)

    early, late = effect(1995, 1999), effect(2017, 2021)
    kin = h.shares["kin_minority_share"][:, :, h.kz, h.ru]
    census = all(abs(kin[0, h.step(f"{y}-01")] / share - 1) <= 0.1 for y, share in ((1999, 0.299), (2009, 0.233), (2021, 0.155)))
    return Fact(10, "the ethnic lever's effect on perceived threat falls as the ethnic-Russian share falls", (late < early) & census)


def evaluate(path, paired_without_ethnic_lever=None) -> list[Fact]:
    h = History(path)
    paired = History(paired_without_ethnic_lever) if paired_without_ethnic_lever else None
    return [fact_1(h), fact_2(h), fact_3(h), fact_4(h), fact_5(h), fact_6(h), fact_7(h), fact_8(h), fact_9(h), fact_10(h, paired)]


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    facts = evaluate(argv[1], argv[2] if len(argv) > 2 else None)
    for f in facts:
        print(f"{f.number:2d}  {'holds' if f.holds else 'FAILS'}  {100 * f.share:5.1f} % of runs (needs {100 * f.threshold:.0f} %)  {f.name}")
        for part, runs in f.parts.items():
            print(f"            {100 * np.mean(runs):5.1f} %  {part}")
    return 0 if all(f.holds for f in facts) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
