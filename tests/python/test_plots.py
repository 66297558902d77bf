"""Every plot renders to a PNG (Agg), with titles, labels and the Kuik band edges."""
import numpy as np
import pandas as pd
import pytest
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.text import Text

from hedgesim_analysis import (event_timeline, events_table, fan_chart, internal_balancing_plot,
                               intervention_effect, intervention_plot,
                               posture_share_plot, sobol_plot, strategy_share_plot, sweep_heatmap, sweep_response,
                               ternary_plot, ternary_weights, utility_terms_plot)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def save(fig, path):
    assert isinstance(fig, Figure)
    fig.savefig(path, dpi=60)
    assert path.read_bytes()[:8] == PNG_MAGIC
    return fig


def horizontal_lines(ax):
    return sorted({round(float(line.get_ydata()[0]), 6) for line in ax.get_lines()
                   if len(set(np.asarray(line.get_ydata(), dtype=float))) == 1
                   and list(line.get_xdata()) == [0, 1]})


def test_fan_chart(ds, tmp_path):
    fig = save(fan_chart(ds), tmp_path / "fan.png")
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == ["security", "economic", "diplomatic"]
    assert "Kazakhstan" in axes[0].get_ylabel()
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["Russia", "China", "EU/US"]
    edges = [round(e / 7, 6) for e in (-5, -3, -1, 1, 3, 5)]
    for ax in axes:
        assert horizontal_lines(ax) == edges
    assert any("full scale invasion (2022-02)" in t.get_text() for t in fig.findobj(Text))
    save(fan_chart(ds, partners=["china"], dimensions=["economic"], mark_events=False), tmp_path / "fan1.png")


def test_internal_balancing_plot(ds, tmp_path):
    fig = save(internal_balancing_plot(ds), tmp_path / "internal.png")
    assert [ax.get_title() for ax in fig.axes] == ["military spending (% of GDP)",
                                                   "arms-supplier diversification (0..1)", "reform effort (0..1)"]
    # The median line is the data's: military spending of the first run's hedger is near its starting value.
    median = fig.axes[0].get_lines()[0].get_ydata()
    expected = np.nanmedian(ds["internal_military_spending"].sel(hedger="kazakhstan").values, axis=0)
    assert np.allclose(median, expected)
    with pytest.raises(ValueError, match="no internal balancing output"):
        internal_balancing_plot(ds.drop_vars([v for v in ds.data_vars if str(v).startswith("internal_")]))


def test_share_plots(ds, tmp_path):
    fig = save(posture_share_plot(ds), tmp_path / "posture.png")
    assert [ax.get_title() for ax in fig.axes] == ["toward Russia", "toward China", "toward EU/US"]
    assert len(fig.axes[-1].get_legend().get_texts()) == 7
    fig = save(strategy_share_plot(ds, "kazakhstan"), tmp_path / "strategy.png")
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["balancing", "hedging", "bandwagoning"]


def test_ternary(ds, tmp_path):
    w = ternary_weights(ds)
    assert list(w.columns) == ["russia", "china", "west"] and len(w) == ds.sizes["run"]
    assert np.allclose(w.sum(axis=1), 1) and (w.values >= 0).all()
    # The mapping: weights proportional to (mean alignment + 1).
    a = ds["alignment"].sel(hedger="kazakhstan", power=["russia", "china", "west"]).isel(time=-1).mean("dimension")
    raw = (a.values + 1) / 2
    assert np.allclose(w.values, raw / raw.sum(axis=1, keepdims=True))
    save(ternary_plot(ds), tmp_path / "ternary.png")
    save(ternary_plot(ds, time=0), tmp_path / "ternary0.png")
    with pytest.raises(ValueError, match="three powers"):
        ternary_weights(ds, powers=["russia", "china"])


def test_event_timeline(ds, tmp_path):
    save(event_timeline(ds), tmp_path / "events.png")
    save(event_timeline(ds, run=3), tmp_path / "events3.png")
    save(event_timeline(events_table(ds)), tmp_path / "events_table.png")
    empty = events_table(ds).iloc[:0]
    save(event_timeline(empty), tmp_path / "events_none.png")


def test_utility_terms(ds, tmp_path):
    fig = save(utility_terms_plot(ds, run=2), tmp_path / "utility.png")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["security", "prosperity", "autonomy", "hedging", "leader", "institutions", "entrapment",
                      "regime_security", "abandonment", "total"]
    assert labels[:-1] == [str(t) for t in ds["term"].values]
    # Each term has a colour of its own.
    legend = fig.axes[0].get_legend()
    handles = (getattr(legend, "legend_handles", None) or legend.legendHandles)[:-1]  # renamed in matplotlib 3.7
    assert len({tuple(np.ravel(h.get_facecolor())) for h in handles}) == len(handles)
    # The total is the sum of the terms.
    terms = sum(ds["state_utility_terms"].sel(run=2, hedger="kazakhstan", term=t) for t in labels[:-1])
    assert np.allclose(terms, ds["state_utility"].sel(run=2, hedger="kazakhstan"), atol=1e-5)
    with pytest.raises(ValueError, match="no utility terms"):
        utility_terms_plot(ds.drop_vars("state_utility_terms"))


def synthetic_sweep(runs=240, seed=1):
    """A sweep-like dataset: hedging becomes likelier with x and less likely with y."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 1, runs), 1)
    y = rng.uniform(0, 2, runs)
    p_hedge = np.clip(0.2 + 0.6 * x - 0.2 * y, 0, 1)
    final = np.where(rng.uniform(size=runs) < p_hedge, 2, 1).astype(np.int8)
    time = 2020 + np.arange(4) / 12
    strategy = np.zeros((runs, len(time), 1), dtype=np.int8)
    strategy[:, :, 0] = final[:, None]
    return xr.Dataset(
        {"strategy": (("run", "time", "hedger"), strategy,
                      {"flag_meanings": "0:not_applicable 1:balancing 2:hedging 3:bandwagoning"}),
         "params": (("run", "param"), np.column_stack([x, y]))},
        coords={"run": np.arange(runs), "time": time, "agent": ["small", "big"], "hedger": ["small"],
                "power": ["big"], "param": ["x", "y"],
                "agent_role": ("agent", ["hedger", "great_power"]), "agent_name": ("agent", ["Small", "Big"]),
                "date": ("time", ["2020-01", "2020-02", "2020-03", "2020-04"])},
        attrs={"scenario_name": "synthetic_sweep"}), x, y, final


def test_sweep_plots(tmp_path):
    sweep, x, y, final = synthetic_sweep()
    fig = save(sweep_response(sweep), tmp_path / "response.png")
    assert [ax.get_xlabel() for ax in fig.axes] == ["x", "y"]
    # x has 11 distinct values, so 11 quantile bins (bins=12 keeps them distinct).
    fig = save(sweep_response(sweep, params=["x"], bins=12), tmp_path / "response_x.png")
    line = fig.axes[0].get_lines()[0]
    centres = np.unique(x)
    assert np.allclose(line.get_xdata(), centres)
    assert np.allclose(line.get_ydata(), [np.mean(final[x == c] == 2) for c in centres])
    outcome = xr.DataArray((final == 2).astype(float), dims="run", coords={"run": sweep["run"]},
                           attrs={"long_name": "hedging"})
    save(sweep_response(sweep, outcome), tmp_path / "response_da.png")
    save(sweep_response(sweep, np.asarray(y)), tmp_path / "response_array.png")
    fig = save(sweep_heatmap(sweep, "x", "y", bins=11), tmp_path / "heatmap.png")
    grid = fig.axes[0].get_images()[0].get_array()
    assert grid.shape == (11, 11)  # x: its 11 distinct values; y: 11 quantile bins
    save(sweep_heatmap(sweep, "x", "y", bins=4), tmp_path / "heatmap4.png")
    assert np.nanmin(grid) >= 0 and np.nanmax(grid) <= 1
    with pytest.raises(ValueError, match="one value per run"):
        sweep_response(sweep, np.zeros(3))


def test_sobol_and_intervention_plots(tmp_path):
    indices = pd.DataFrame({"S1": [0.31, 0.44, 0.0], "ST": [0.56, 0.44, 0.24]}, index=["x1", "x2", "x3"])
    save(sobol_plot(indices), tmp_path / "sobol.png")
    indices["S1_low"], indices["S1_high"] = indices["S1"] - 0.02, indices["S1"] + 0.02
    indices["ST_low"], indices["ST_high"] = indices["ST"] - 0.02, indices["ST"] + 0.02
    save(sobol_plot(indices, title="Ishigami"), tmp_path / "sobol_ci.png")
    rng = np.random.default_rng(3)
    base = rng.normal(size=50)
    effect = intervention_effect(base, base + 0.3 + rng.normal(scale=0.1, size=50))
    save(intervention_plot(effect), tmp_path / "effect.png")
    boot = intervention_effect(base, base - 0.1 + rng.normal(scale=0.2, size=50), method="bootstrap")
    save(intervention_plot({"more inducement": effect, "less": boot}), tmp_path / "effects.png")
