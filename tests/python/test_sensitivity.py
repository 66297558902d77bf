"""Sobol indices (OpenTURNS) on the Ishigami function, and paired intervention effects."""
import numpy as np
import pytest
import xarray as xr
from scipy import stats

from hedgesim_analysis import (final_alignment, intervention_effect, open_history, paired_effect, saltelli_design,
                               sobol_from_history, sobol_indices)

A, B = 7.0, 0.1
BOUNDS = {"x1": (-np.pi, np.pi), "x2": (-np.pi, np.pi), "x3": (-np.pi, np.pi)}
# Analytic indices of Ishigami with a = 7, b = 0.1.
S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}

# Base sample size and tolerance. Over 20 seeds at N = 4096 the largest standard deviation
# of any Saltelli or Martinez estimate here was 0.020 (Monte Carlo error shrinks as
# 1/sqrt(N)), so at N = 16384 it is about 0.010; the tolerance is four of those.
N = 16384
TOL = 4 * 0.020 * np.sqrt(4096 / N)


def ishigami(x):
    x = np.asarray(x, dtype=float)
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


@pytest.fixture(scope="module")
def design():
    return saltelli_design(BOUNDS, N, seed=11)


def test_design(design):
    assert list(design.columns) == ["x1", "x2", "x3"]
    assert len(design) == N * (3 + 2)
    assert design.values.min() >= -np.pi and design.values.max() <= np.pi
    # Block i+2 is block A with column i taken from block B.
    a, b, e1 = design.values[:N], design.values[N:2 * N], design.values[2 * N:3 * N]
    assert np.array_equal(e1[:, 0], b[:, 0]) and np.array_equal(e1[:, 1:], a[:, 1:])
    assert design.equals(saltelli_design(BOUNDS, N, seed=11))


@pytest.mark.parametrize("estimator", ["saltelli", "martinez"])
def test_ishigami_indices(design, estimator):
    result = sobol_indices(design, ishigami(design), estimator=estimator)
    assert list(result.index) == ["x1", "x2", "x3"]
    for name in BOUNDS:
        assert result.loc[name, "S1"] == pytest.approx(S1[name], abs=TOL), (name, "S1")
        assert result.loc[name, "ST"] == pytest.approx(ST[name], abs=TOL), (name, "ST")
        for col in ("S1", "ST"):
            low, high = result.loc[name, f"{col}_low"], result.loc[name, f"{col}_high"]
            assert low <= result.loc[name, col] <= high
            assert high - low < 2 * TOL
    assert result.attrs["size"] == N


def test_design_size_is_checked(design):
    y = ishigami(design)
    with pytest.raises(ValueError, match="not a Saltelli design"):
        sobol_indices(design.iloc[:-1], y[:-1])
    with pytest.raises(ValueError, match="outputs for"):
        sobol_indices(design, y[:-1])
    with pytest.raises(ValueError, match="unknown estimator"):
        sobol_indices(design, y, estimator="nope")


def test_sobol_from_a_sweep_history():
    n = 1024
    design = saltelli_design(BOUNDS, n, seed=5)
    runs = np.arange(len(design))
    y = ishigami(design)
    ds = xr.Dataset({"params": (("run", "param"), design.values)},
                    coords={"run": runs, "param": list(design.columns)})
    outcome = xr.DataArray(y, dims="run", coords={"run": runs})
    from_history = sobol_from_history(ds, outcome, confidence=None)
    direct = sobol_indices(design, y, confidence=None)
    assert np.allclose(from_history[["S1", "ST"]].values, direct[["S1", "ST"]].values)


def test_t_interval_by_hand():
    effect = intervention_effect(np.zeros(5), np.array([1.0, 2, 3, 4, 5]))
    half = stats.t.ppf(0.975, 4) * np.std([1, 2, 3, 4, 5], ddof=1) / np.sqrt(5)
    assert effect.mean == pytest.approx(3)
    assert (effect.low, effect.high) == pytest.approx((3 - half, 3 + half))
    assert effect.n == 5 and effect.method == "t" and effect.confidence == 0.95


def test_bootstrap_agrees_with_t_for_normal_differences():
    rng = np.random.default_rng(4)
    base = rng.normal(size=400)
    treated = base + 0.5 + rng.normal(scale=1.0, size=400)
    t = intervention_effect(base, treated)
    boot = intervention_effect(base, treated, method="bootstrap", n_boot=4000, seed=1)
    assert boot.mean == t.mean
    assert boot.low == pytest.approx(t.low, abs=0.02) and boot.high == pytest.approx(t.high, abs=0.02)
    assert t.low < 0.5 < t.high


def test_pairs_are_matched_by_run_and_nan_pairs_dropped():
    runs = np.arange(6)
    base = xr.DataArray([0.0, 1, 2, 3, 4, np.nan], dims="run", coords={"run": runs})
    treated = xr.DataArray([1.0, 2, 3, 4, 5, 6], dims="run", coords={"run": runs}).isel(run=slice(None, None, -1))
    effect = intervention_effect(base, treated)
    assert effect.n == 5 and effect.mean == pytest.approx(1) and effect.low == pytest.approx(1)
    with pytest.raises(ValueError, match="differ in length"):
        intervention_effect(np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="unknown method"):
        intervention_effect(np.zeros(3), np.ones(3), method="z")


def test_intervention_from_paired_runs(history_path, treated_path):
    """Raising Russia's inducement (same seed, same runs) draws Kazakhstan toward Russia."""
    with open_history(history_path) as base, open_history(treated_path) as treated:
        effect = paired_effect(base, treated, lambda d: final_alignment(d, "russia"))
        assert effect.n == base.sizes["run"]
        assert effect.mean > 0 and effect.low <= effect.mean <= effect.high
        hedging = paired_effect(base, treated, "hedging", method="bootstrap", n_boot=500)
        assert -1 <= hedging.low <= hedging.mean <= hedging.high <= 1
        treated.attrs["master_seed"] = 7
        with pytest.raises(ValueError, match="different master seeds"):
            paired_effect(base, treated)


def test_sobol_indices_of_a_real_saltelli_sweep(tmp_path):
    """`hedgesim sweep` with design sobol writes runs in the order sobol_from_history reads."""
    import subprocess

    from conftest import ROOT, hedgesim_binary
    from hedgesim_analysis import history as h
    from hedgesim_analysis import open_history
    from hedgesim_analysis.report import write_report
    from hedgesim_analysis.sensitivity import sobol_from_history

    binary = hedgesim_binary()
    if not binary.exists():
        pytest.skip(f"hedgesim binary not found at {binary}")
    sweep = tmp_path / "sobol.yaml"
    sweep.write_text(f"""sweep:
  name: sobol_check
  scenario: {ROOT / 'tests/golden/short.yaml'}
  seed: 3
  replicates: 1
  design: {{type: sobol, points: 64}}
parameters:
  - {{path: agents.russia.revisionism, range: [0.0, 1.0]}}
  - {{path: agents.russia.levers.inducement, range: [0.0, 1.0]}}
output:
  variables: [alignment, strategy]
  every: 12
""")
    out = tmp_path / "sobol.h5"
    subprocess.run([str(binary), "sweep", str(sweep), "-o", str(out)], check=True, capture_output=True)
    with open_history(out) as ds:
        assert ds.sizes["run"] == 64 * (2 + 2)
        indices = sobol_from_history(ds, h.final_alignment(ds, "russia"))
        # Both Russian side payments and Russian revisionism move alignment toward Moscow.
        inducement = indices.loc["agents.russia.levers.inducement"]
        revisionism = indices.loc["agents.russia.revisionism"]
        assert inducement["ST"] > 0.05 and revisionism["ST"] > 0.05
        assert 0 < inducement["S1"] <= 1.2
    report = write_report(out, tmp_path / "report")
    assert (report / "sobol.png").exists()
