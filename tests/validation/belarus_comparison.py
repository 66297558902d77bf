"""Belarus against Kazakhstan under the same rules: the comparison the literature expects,
checked on ensembles of scenarios/belarus_1994_2025.yaml and
scenarios/historical_1991_2025.yaml (docs/belarus-comparison.md).

Belarus is the textbook case of a state that bandwagons with Russia; Kazakhstan the case of a
hedger. Each check compares the two ensembles over their common span (1995-2025) and says
whether the comparison holds, with the numbers behind it.

    python tests/validation/belarus_comparison.py BELARUS.h5 KAZAKHSTAN.h5
"""

from __future__ import annotations

import dataclasses
import sys

import h5py
import numpy as np

FIRST, LAST = "1995-01", "2025-12"  # the span both scenarios cover
RUSSIA_SIDE = 2  # Kuik bands +2 (limited) and +3 (pure bandwagoning)
BANDWAGONING_CODE = 3  # strategy label (docs/file-format.md)


def _text(values):
    return [v.decode() if isinstance(v, bytes) else v for v in values]


def kuik_band(x):
    """Kuik band -3..3 of an alignment in [-1, 1] (as in include/hedgesim/model/kuik.hpp)."""
    return np.clip(np.floor((np.asarray(x) + 1.0) * 3.5 + 1e-9), 0, 6).astype(int) - 3


class Hedger:
    """One hedger's record in a history file, cut to the common span."""

    def __init__(self, path, hedger: str):
        with h5py.File(path, "r") as f:
            hedgers, powers = _text(f["hedger"][...]), _text(f["power"][...])
            dates = _text(f["date"][...])
            first = next(i for i, d in enumerate(dates) if d >= FIRST)
            last = max(i for i, d in enumerate(dates) if d <= LAST) + 1
            h, ru = hedgers.index(hedger), powers.index("russia")
            self.dates = dates[first:last]
            self.russia = f["alignment"][:, first:last, h, ru, :]  # (run, time, dimension)
            self.strategy = f["strategy"][:, first:last, h]
            self.members = {k: f[f"membership/{k}"][:, last - 1, h] == 1 for k in f["membership"]}
            ev = f["events"]
            self.events = {
                "run": ev["run"][...],
                "time": ev["time"][...],
                "type": np.array(_text(ev["type"][...])),
                "target": np.array(_text(ev["target"][...])),
                "magnitude": ev["magnitude"][...],
            }
            self.time = f["time"][first:last]
        self.runs = self.russia.shape[0]
        self.mean = self.russia.mean(axis=-1)  # mean alignment toward Russia, (run, time)
        self.band = kuik_band(self.mean)

    def at(self, date: str) -> int:
        """Index of the first step on or after YYYY-MM."""
        return next(i for i, d in enumerate(self.dates) if d >= date)

    def votes(self, date: str) -> np.ndarray:
        """Each run's vote (-1 against, 0 abstain, +1 for) on the resolution put in month YYYY-MM."""
        e, t = self.events, self.time[self.at(date)]
        out = np.full(self.runs, np.nan)
        mine = (e["type"] == "un_vote") & np.isclose(e["time"], t)
        out[e["run"][mine]] = e["magnitude"][mine]
        return out


@dataclasses.dataclass
class Check:
    name: str
    holds: bool
    belarus: float
    kazakhstan: float | None = None

    def line(self) -> str:
        kz = "" if self.kazakhstan is None else f"  Kazakhstan {self.kazakhstan:6.3f}"
        return f"{'holds' if self.holds else 'FAILS'}  Belarus {self.belarus:6.3f}{kz}  {self.name}"


def compare(by: Hedger, kz: Hedger) -> list[Check]:
    """The comparisons, each on ensemble means or shares of runs, with a margin."""
    checks = []

    # 1. Closer to Russia over the whole span: mean alignment, ensemble means 0.15 apart.
    b, k = by.mean.mean(), kz.mean.mean()
    checks.append(Check("mean alignment toward Russia 1995-2025 higher by at least 0.15", b - k >= 0.15, b, k))

    # 2-3. Closer at the end, overall and in security: 80 % of Belarus runs above Kazakhstan's 90th percentile.
    for label, b_end, k_end in (
        ("mean", by.mean[:, -1], kz.mean[:, -1]),
        ("security", by.russia[:, -1, 0], kz.russia[:, -1, 0]),
    ):
        share = float(np.mean(b_end > np.quantile(k_end, 0.9)))
        checks.append(Check(f"{label} alignment toward Russia at the end of 2025: share of Belarus runs above "
                            f"Kazakhstan's 90th percentile (needs 80 %)", share >= 0.8, share, float(k_end.mean())))

    # 4. Bandwagoning bands toward Russia: Belarus most of the time, Kazakhstan seldom.
    b, k = (by.band >= RUSSIA_SIDE).mean(), (kz.band >= RUSSIA_SIDE).mean()
    checks.append(Check("share of months in a bandwagoning band toward Russia (+2, +3): Belarus >= 0.7, "
                        "Kazakhstan <= 0.3", b >= 0.7 and k <= 0.3, b, k))

    # 5. The hedging middle of the posture toward Russia (bands -1..+1): Belarus far less often.
    b, k = (np.abs(by.band) <= 1).mean(), (np.abs(kz.band) <= 1).mean()
    checks.append(Check("share of months in the middle bands toward Russia (-1..+1) lower by at least 0.5",
                        k - b >= 0.5, b, k))

    # 6. Russia's institutions kept to the end.
    share = float(np.mean(by.members["csto"] & by.members["eeu"] & by.members["union_state"]))
    checks.append(Check("in the CSTO, the EEU and the Union State at the end of 2025 (needs 90 % of runs)",
                        share >= 0.9, share))

    # 7. Votes on Ukraine's territorial integrity (2014, 2022): Belarus against, Kazakhstan not.
    b = np.mean([np.mean(by.votes(d) == -1) for d in ("2014-03", "2022-03")])
    k = np.mean([np.mean(kz.votes(d) == -1) for d in ("2014-03", "2022-03")])
    checks.append(Check("share of runs voting against UNGA 68/262 and ES-11/1: Belarus >= 0.5, Kazakhstan <= 0.2",
                        b >= 0.5 and k <= 0.2, float(b), float(k)))

    # 8. The 2020 election crisis brings a call to Moscow for help.
    e, t = by.events, by.time[by.at("2020-08")]
    asked = np.zeros(by.runs, dtype=bool)
    mine = (e["type"] == "help_requested") & (e["target"] == "russia") & np.isclose(e["time"], t)
    asked[e["run"][mine]] = True
    checks.append(Check("the August 2020 crisis brings a call to Russia for help (needs 80 % of runs)",
                        asked.mean() >= 0.8, float(asked.mean())))
    return checks


def known_misses(by: Hedger) -> list[Check]:
    """What the record shows and the rules do not yet produce (docs/belarus-comparison.md)."""
    bandwagoning = float((by.strategy == BANDWAGONING_CODE).mean())
    e = by.events
    refused = np.zeros(by.runs, dtype=bool)
    refused[e["run"][e["type"] == "refuses_recognition"]] = True
    return [
        Check("labelled bandwagoning in at least a quarter of the months", bandwagoning >= 0.25, bandwagoning),
        Check("refuses to recognise Abkhazia and South Ossetia in 2008 (needs 50 % of runs)",
              refused.mean() >= 0.5, float(refused.mean())),
    ]


def evaluate(belarus_path, kazakhstan_path) -> tuple[list[Check], list[Check]]:
    by, kz = Hedger(belarus_path, "belarus"), Hedger(kazakhstan_path, "kazakhstan")
    return compare(by, kz), known_misses(by)


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    checks, misses = evaluate(argv[1], argv[2])
    for i, c in enumerate(checks, 1):
        print(f"{i:2d}  {c.line()}")
    print("known misses:")
    for c in misses:
        print(f"    {c.line()}")
    return 0 if all(c.holds for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
