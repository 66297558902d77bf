"""Variance-based sensitivity (Sobol indices via OpenTURNS) and paired intervention effects.

Sobol indices need a Saltelli design: ``size`` base points give ``size * (d + 2)`` model
evaluations, in OpenTURNS' order (block A, block B, then for each input i the block A
with column i taken from B). :func:`saltelli_design` makes such a design;
:func:`sobol_indices` estimates first-order (S1) and total-order (ST) indices from it.
For a sweep file whose runs follow that order (``params[run, param]``), use
:func:`sobol_from_history`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
import pandas as pd
import xarray as xr

from . import history as h

ESTIMATORS = ("saltelli", "martinez", "jansen", "mauntzkucherenko")


def _ot():
    try:
        import openturns
    except ImportError as err:  # pragma: no cover - depends on the system
        raise ImportError("Sobol indices need OpenTURNS: apt-get install python3-openturns") from err
    return openturns


def saltelli_design(bounds: Mapping[str, tuple[float, float]], size: int, seed: int = 0) -> pd.DataFrame:
    """A Saltelli design over independent uniform inputs ``{name: (low, high)}``.

    Returns ``size * (d + 2)`` rows (columns = input names) in the order
    :func:`sobol_indices` expects. The same ``seed`` gives the same design.
    """
    ot = _ot()
    names = list(bounds)
    if not names:
        raise ValueError("no inputs")
    marginals = []
    for name in names:
        lo, hi = (float(v) for v in bounds[name])
        if not hi > lo:
            raise ValueError(f"{name}: the upper bound {hi} must exceed the lower bound {lo}")
        marginals.append(ot.Uniform(lo, hi))
    ot.RandomGenerator.SetSeed(int(seed))
    sample = ot.SobolIndicesExperiment(ot.ComposedDistribution(marginals), int(size), False).generate()
    return pd.DataFrame(np.asarray(sample), columns=names)


def sobol_indices(inputs, outputs, size: int | None = None, estimator: str = "saltelli",
                  confidence: float | None = 0.95) -> pd.DataFrame:
    """First- and total-order Sobol indices from a Saltelli design.

    ``inputs``: DataFrame or array [size*(d+2), d] in design order; ``outputs``: one value
    per row. ``estimator`` is one of saltelli, martinez, jansen, mauntzkucherenko
    (OpenTURNS' ``<Name>SensitivityAlgorithm``). With ``confidence``, the columns
    ``S1_low``, ``S1_high``, ``ST_low``, ``ST_high`` hold the asymptotic (delta-method)
    interval at that level. Returns a DataFrame indexed by input name.
    """
    ot = _ot()
    names = list(inputs.columns) if isinstance(inputs, pd.DataFrame) else None
    x = np.asarray(inputs, dtype=float)
    y = np.asarray(outputs, dtype=float).reshape(-1)
    if x.ndim != 2:
        raise ValueError(f"inputs must be 2-D, got shape {x.shape}")
    n, d = x.shape
    names = names or [f"x{i + 1}" for i in range(d)]
    if len(y) != n:
        raise ValueError(f"{len(y)} outputs for {n} input rows")
    if size is None:
        if n % (d + 2):
            raise ValueError(f"{n} rows is not a Saltelli design for {d} inputs (a multiple of {d + 2})")
        size = n // (d + 2)
    if size * (d + 2) != n:
        raise ValueError(f"a Saltelli design of size {size} for {d} inputs has {size * (d + 2)} rows, got {n}")
    if not np.all(np.isfinite(y)):
        raise ValueError("the outputs contain NaN or infinite values")
    key = estimator.lower().replace("-", "").replace("_", "")
    classes = {"saltelli": "SaltelliSensitivityAlgorithm", "martinez": "MartinezSensitivityAlgorithm",
               "jansen": "JansenSensitivityAlgorithm",
               "mauntzkucherenko": "MauntzKucherenkoSensitivityAlgorithm"}
    if key not in classes:
        raise ValueError(f"unknown estimator '{estimator}' (one of {', '.join(ESTIMATORS)})")
    algorithm = getattr(ot, classes[key])(ot.Sample(x), ot.Sample(y[:, None]), int(size))
    out = pd.DataFrame({"S1": np.asarray(algorithm.getFirstOrderIndices()),
                        "ST": np.asarray(algorithm.getTotalOrderIndices())},
                       index=pd.Index(names, name="input"))
    if confidence is not None:
        algorithm.setUseAsymptoticDistribution(True)
        algorithm.setConfidenceLevel(float(confidence))
        for col, interval in (("S1", algorithm.getFirstOrderIndicesInterval()),
                              ("ST", algorithm.getTotalOrderIndicesInterval())):
            out[f"{col}_low"] = np.asarray(interval.getLowerBound())
            out[f"{col}_high"] = np.asarray(interval.getUpperBound())
    out.attrs = {"estimator": key, "size": int(size), "confidence": confidence}
    return out


def sobol_from_history(ds: xr.Dataset, outcome="hedging", estimator: str = "saltelli",
                       confidence: float | None = 0.95) -> pd.DataFrame:
    """Sobol indices of a per-run outcome in a sweep file whose runs are a Saltelli design.

    ``outcome`` is a strategy name (final-step indicator), a DataArray over ``run`` or an
    array of one value per run.
    """
    table = h.params_table(ds)
    y, _ = h.outcome_values(ds, outcome)
    return sobol_indices(table, y, estimator=estimator, confidence=confidence)


@dataclass
class InterventionEffect:
    """Mean paired difference (treated − baseline) with its confidence interval."""

    mean: float
    low: float
    high: float
    n: int
    confidence: float
    method: str
    differences: np.ndarray = field(repr=False)
    label: str = ""

    def __str__(self) -> str:
        return (f"{self.label + ': ' if self.label else ''}{self.mean:+.4g} "
                f"[{self.low:+.4g}, {self.high:+.4g}] ({100 * self.confidence:.0f} % {self.method}, n={self.n})")


def _paired(baseline, treated) -> np.ndarray:
    if isinstance(baseline, xr.DataArray) and isinstance(treated, xr.DataArray):
        if "run" in baseline.dims and "run" in treated.dims:
            baseline, treated = xr.align(baseline, treated, join="inner")
    b = np.asarray(baseline, dtype=float).reshape(-1)
    t = np.asarray(treated, dtype=float).reshape(-1)
    if b.shape != t.shape:
        raise ValueError(f"paired outcomes differ in length: {b.shape[0]} baseline, {t.shape[0]} treated")
    d = t - b
    return d[np.isfinite(d)]


def intervention_effect(baseline, treated, confidence: float = 0.95, method: str = "t",
                        n_boot: int = 10000, seed: int = 0, label: str = "") -> InterventionEffect:
    """Effect of an intervention from paired runs (same seed and run index in both).

    ``baseline`` and ``treated`` are arrays or DataArrays over ``run`` of one outcome per
    run (DataArrays are matched by run). Pairs with a NaN are dropped. ``method="t"`` gives
    the Student t-interval of the mean difference; ``method="bootstrap"`` the percentile
    interval of ``n_boot`` resampled means.
    """
    from scipy import stats

    d = _paired(baseline, treated)
    n = len(d)
    if n < 2:
        raise ValueError(f"need at least two paired outcomes, got {n}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    mean = float(d.mean())
    alpha = 1 - confidence
    if method == "t":
        half = float(stats.t.ppf(1 - alpha / 2, n - 1) * d.std(ddof=1) / np.sqrt(n))
        low, high = mean - half, mean + half
    elif method == "bootstrap":
        rng = np.random.default_rng(seed)
        means = d[rng.integers(0, n, size=(int(n_boot), n))].mean(axis=1)
        low, high = (float(v) for v in np.quantile(means, [alpha / 2, 1 - alpha / 2]))
    else:
        raise ValueError(f"unknown method '{method}' (t or bootstrap)")
    return InterventionEffect(mean, low, high, n, confidence, method, d, label)


def paired_effect(baseline: xr.Dataset, treated: xr.Dataset,
                  outcome: str | Callable[[xr.Dataset], xr.DataArray] = "hedging", **kwargs) -> InterventionEffect:
    """:func:`intervention_effect` of an outcome between two histories of the same seed.

    ``outcome`` is a strategy name (final-step indicator of the first hedger) or a function
    of a dataset returning a DataArray over ``run``. Refuses histories whose master seeds
    differ, since their runs are not paired.
    """
    sb, st = baseline.attrs.get("master_seed"), treated.attrs.get("master_seed")
    if sb is not None and st is not None and int(sb) != int(st):
        raise ValueError(f"the histories have different master seeds ({int(sb)} and {int(st)}): runs are not paired")
    fn = (lambda ds: h.final_strategy(ds, outcome)) if isinstance(outcome, str) else outcome
    return intervention_effect(fn(baseline), fn(treated), **kwargs)


def arm_effects(ds: xr.Dataset, agent: str | None = None, confidence: float = 0.95) -> dict:
    """Paired effects of the intervention in a `hedgesim compare` file (with ``arm``/``pair``).

    Returns ``label -> InterventionEffect`` for the hedger's final mean alignment toward each
    great power and for the final hedging indicator. Run ``k`` of arm 1 is paired with run
    ``pair[k]`` of arm 0: both drew the same random numbers.
    """
    if "arm" not in ds or "pair" not in ds:
        raise ValueError("not a paired file: it has no 'arm' and 'pair' variables (made by `hedgesim compare`)")
    agent = agent or h.default_agent(ds)
    arm = np.asarray(ds["arm"].values)
    pair = np.asarray(ds["pair"].values)
    treated_runs = np.flatnonzero(arm == 1)
    baseline_runs = pair[treated_runs]
    effects = {}
    for partner in h.great_powers(ds):
        final = h.final_alignment(ds, partner, agent)
        values = np.asarray(final.values, dtype=float)
        label = f"mean alignment toward {h.agent_label(ds, partner)}"
        effects[label] = intervention_effect(values[baseline_runs], values[treated_runs], confidence=confidence,
                                             label=label)
    if "strategy" in ds:
        hedging = np.asarray(h.final_strategy(ds, "hedging", agent).values, dtype=float)
        effects["hedging at the end"] = intervention_effect(hedging[baseline_runs], hedging[treated_runs],
                                                            confidence=confidence, label="hedging at the end")
    return effects
