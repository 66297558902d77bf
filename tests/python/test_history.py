"""open_history: dimensions, coordinates, values, groups, laziness, events and version checks."""
import shutil
import subprocess

import h5py
import numpy as np
import pytest
import xarray as xr

from hedgesim_analysis import (HistoryFormatError, events_table, final_strategy, flag_meanings, great_powers,
                               hedgers, open_history, params_table, posture_shares, scheduled_event_times,
                               strategy_shares)

from conftest import RUNS, SHORT, hedgesim_binary, run_hedgesim, run_sweep, sweep_copy


def test_dimensions_and_coordinates(ds):
    assert ds["alignment"].dims == ("run", "time", "hedger", "power", "dimension")
    assert ds["posture"].dims == ("run", "time", "hedger", "power")
    assert ds["strategy"].dims == ("run", "time", "hedger")
    assert list(ds["run"].values) == list(range(RUNS))
    assert list(ds["agent"].values) == ["kazakhstan", "russia", "china", "west"]
    assert list(ds["partner"].values) == list(ds["agent"].values)
    assert list(ds["hedger"].values) == ["kazakhstan"]
    assert list(ds["power"].values) == ["russia", "china", "west"]
    assert hedgers(ds) == ["kazakhstan"] and great_powers(ds) == ["russia", "china", "west"]
    assert list(ds["dimension"].values) == ["security", "economic", "diplomatic"]
    assert list(ds["agent_role"].values) == ["hedger", "great_power", "great_power", "great_power"]
    assert str(ds["agent_name"].sel(agent="west").values) == "EU/US"
    # 2019-03 .. 2026-06 by month: 88 steps, time is the decimal year of the month's start.
    assert ds.sizes["time"] == 88
    assert ds["time"].values[0] == pytest.approx(2019 + 2 / 12)
    assert np.allclose(np.diff(ds["time"].values), 1 / 12)
    assert str(ds["date"].values[0]) == "2019-03" and str(ds["date"].values[-1]) == "2026-06"
    assert {"date", "agent_name", "agent_role"} <= set(ds.coords)


def test_groups_are_merged_with_prefixed_names(ds):
    expected = {
        "dyad_threat": ("run", "time", "agent", "partner"),
        "dyad_intent": ("run", "time", "agent", "partner"),
        "dyad_inducement": ("run", "time", "power", "hedger"),
        "dyad_coercion_military": ("run", "time", "power", "hedger"),
        "dyad_grievance": ("run", "time", "power", "hedger"),
        "dyad_sanctions_enforced": ("run", "time", "hedger", "power"),
        "dyad_trade_share": ("run", "time", "agent", "partner"),
        "state_capability": ("run", "time", "agent"),
        "state_utility": ("run", "time", "hedger"),
        "state_utility_terms": ("run", "time", "hedger", "term"),
        "state_legitimacy": ("run", "time", "hedger"),
        "internal_reform": ("run", "time", "hedger"),
        "decision_move_partner": ("run", "time", "hedger", "channel"),
        "decision_alternative_total": ("run", "time", "hedger", "channel"),
        "decision_alternative_terms": ("run", "time", "hedger", "channel", "term"),
        "membership_csto": ("run", "time", "hedger"),
        "world_oil_price": ("run", "time"),
        "world_rivalry": ("run", "time"),
        "events_type": ("event",),
        "events_magnitude": ("event",),
    }
    for name, dims in expected.items():
        assert ds[name].dims == dims, name
    assert ds["dyad_threat"].attrs["hdf5_path"] == "dyad/threat"
    assert ds["world_oil_price"].attrs["units"] == "USD/bbl"
    # Group variables carry the root coordinate values.
    assert list(ds["dyad_threat"]["partner"].values) == list(ds["agent"].values)
    assert list(ds["dyad_inducement"]["power"].values) == ["russia", "china", "west"]
    assert list(ds["state_utility"]["hedger"].values) == ["kazakhstan"]
    assert np.isfinite(ds["state_utility"]).all()
    # The utility terms are named by the coordinate term, and sum to the totals.
    assert list(ds["term"].values) == ["security", "prosperity", "autonomy", "hedging", "leader", "institutions",
                                       "entrapment", "regime_security", "abandonment"]
    assert "term" in ds.coords
    assert ds["state_utility_terms"].attrs["hdf5_path"] == "state/utility_terms"
    assert list(ds["decision_alternative_terms"]["term"].values) == list(ds["term"].values)
    assert np.isfinite(ds["state_utility_terms"].sel(term="security")).all()
    np.testing.assert_allclose(ds["state_utility_terms"].sum("term"), ds["state_utility"], atol=1e-5)
    np.testing.assert_allclose(ds["decision_alternative_terms"].sum("term"), ds["decision_alternative_total"],
                               atol=1e-5)


def test_root_attributes_are_kept(ds):
    assert ds.attrs["filetype"] == "hedgesim.history"
    assert list(ds.attrs["format_version"]) == [4, 0]
    assert ds.attrs["scenario_name"] == "golden_short"
    assert int(ds.attrs["master_seed"]) == 42
    assert int(ds.attrs["runs"]) == RUNS
    assert ds.attrs["time_step"] == "month"
    assert "scenario:" in ds.attrs["scenario_yaml"]
    for key in ("created", "git_sha", "hedgesim_version"):
        assert ds.attrs[key]


def test_values(ds):
    a = ds["alignment"].values
    finite = a[np.isfinite(a)]
    assert finite.size and finite.min() >= -1 and finite.max() <= 1
    # Only hedger -> great power dyads are stored, and every one is defined.
    assert np.isfinite(ds["alignment"]).all()
    assert float(ds["alignment"].sel(hedger="kazakhstan", power="russia", dimension="security")
                 .isel(time=0).mean()) > 0.4  # the scenario starts at 0.6
    strategy = ds["strategy"].values
    assert set(np.unique(strategy)) <= {1, 2, 3}
    assert set(flag_meanings(ds["strategy"]).values()) == {"not_applicable", "balancing", "hedging",
                                                           "bandwagoning"}
    posture = ds["posture"].values
    assert set(np.unique(posture)) <= {-3, -2, -1, 0, 1, 2, 3}
    assert flag_meanings(ds["posture"])[3] == "pure_bandwagoning"
    threat = ds["dyad_threat"].values
    assert np.nanmin(threat) >= 0 and np.nanmax(threat) <= 1
    assert (ds["world_oil_price"] > 0).all()


def test_posture_is_the_kuik_band_of_the_mean_alignment(ds):
    mean = ds["alignment"].sel(hedger="kazakhstan", power=["russia", "china", "west"]).mean("dimension")
    band = np.clip(np.floor(mean.values * 3.5 + 0.5), -3, 3)
    posture = ds["posture"].sel(hedger="kazakhstan", power=["russia", "china", "west"]).values
    # Allow values on a band edge to fall either way (float32 rounding).
    on_edge = np.isclose((mean.values * 3.5 + 0.5) % 1, 0, atol=1e-5)
    assert np.all((posture == band) | on_edge)


def test_shares_sum_to_one(ds):
    s = strategy_shares(ds, "kazakhstan")
    assert s.dims == ("time", "strategy")
    assert list(s["strategy"].values) == ["balancing", "hedging", "bandwagoning"]
    assert np.allclose(s.sum("strategy"), 1)
    p = posture_shares(ds, "kazakhstan")
    assert p.dims == ("time", "power", "band")
    assert list(p["band"].values) == [-3, -2, -1, 0, 1, 2, 3]
    assert np.allclose(p.sum("band"), 1)
    last = ds["strategy"].sel(hedger="kazakhstan").isel(time=-1).values
    assert float(s.isel(time=-1).sel(strategy="hedging")) == pytest.approx(np.mean(last == 2))
    assert float(final_strategy(ds, "hedging").mean()) == pytest.approx(np.mean(last == 2))


def test_loading_is_lazy(history_path):
    with open_history(history_path) as data:
        for name in ("alignment", "posture", "strategy", "dyad_threat", "state_utility", "world_oil_price"):
            assert not data[name].variable._in_memory, name
        one = data["alignment"].isel(run=0).values  # reading one run works without loading the rest
        assert one.shape == (88, 1, 3, 3)
        assert not data["alignment"].variable._in_memory


def test_events_table(ds, history_path):
    table = events_table(history_path)
    assert list(table.columns) == ["run", "time", "type", "actor", "target", "magnitude"]
    assert len(table) == ds.sizes["event"] > 0
    assert table.equals(events_table(ds))
    assert table["run"].between(0, RUNS - 1).all()
    assert table["run"].is_monotonic_increasing
    # The scheduled events happen once in every run, at their date.
    invasion = table[table["type"] == "full_scale_invasion"]
    assert sorted(invasion["run"]) == list(range(RUNS))
    assert np.allclose(invasion["time"], 2022 + 1 / 12)
    assert (invasion["actor"] == "russia").all()
    scheduled = scheduled_event_times(ds, table)
    assert list(scheduled.index) == ["nazarbayev_resigns", "covid_oil_collapse", "oil_recovery_2021",
                                     "january_unrest", "full_scale_invasion", "sanctions_compliance",
                                     "china_largest_partner"]


def _copy(src, dst, **attrs):
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        for key, value in attrs.items():
            f.attrs[key] = value
    return dst


def test_major_version_is_refused(history_path, tmp_path):
    path = _copy(history_path, tmp_path / "v5.h5", format_version=np.array([5, 0], dtype=np.int32))
    with pytest.raises(HistoryFormatError) as err:
        open_history(path)
    assert str(err.value) == f"{path}: format version 5.0 is not supported by this hedgesim (reads 4.x)"
    with pytest.raises(HistoryFormatError):
        events_table(path)


@pytest.mark.parametrize("major, layout", [(2, "agent and partner"), (3, "one dataset per utility term")])
def test_older_formats_are_refused_with_a_hint(history_path, tmp_path, major, layout):
    path = _copy(history_path, tmp_path / f"v{major}.h5", format_version=np.array([major, 0], dtype=np.int32))
    with pytest.raises(HistoryFormatError) as err:
        open_history(path)
    message = str(err.value)
    assert message.startswith(f"{path}: format version {major}.0 is not supported by this hedgesim (reads 4.x)")
    assert layout in message
    assert "rerun the scenario" in message
    with pytest.raises(HistoryFormatError, match=f"format version {major}.0"):
        events_table(path)


def test_newer_minor_version_is_read(history_path, tmp_path):
    path = _copy(history_path, tmp_path / "v4_7.h5", format_version=np.array([4, 7], dtype=np.int32))
    with open_history(path) as data:
        assert list(data.attrs["format_version"]) == [4, 7]


def test_wrong_filetype_is_refused(history_path, tmp_path):
    path = _copy(history_path, tmp_path / "other.h5", filetype="something.else")
    with pytest.raises(HistoryFormatError) as err:
        open_history(path)
    assert str(err.value) == f"{path}: not a hedgesim history file (filetype 'something.else')"


def test_non_hedgesim_files_are_refused(tmp_path):
    text = tmp_path / "notes.h5"
    text.write_text("not hdf5\n")
    with pytest.raises(HistoryFormatError) as err:
        open_history(text)
    assert str(err.value) == f"{text}: not a hedgesim history file (not an HDF5 file)"
    plain = tmp_path / "plain.h5"
    with h5py.File(plain, "w") as f:
        f["x"] = np.arange(3)
    with pytest.raises(HistoryFormatError) as err:
        open_history(plain)
    assert str(err.value) == f"{plain}: not a hedgesim history file (no filetype attribute)"
    with pytest.raises(FileNotFoundError, match="no such file"):
        open_history(tmp_path / "missing.h5")


def test_sweep_parameters_are_read(history_path, tmp_path):
    """A future sweep file adds params[run, param] and the coordinate param."""
    values = np.column_stack([np.linspace(0, 1, RUNS), np.arange(RUNS) * 2.0])
    path = sweep_copy(history_path, tmp_path / "sweep.h5", values, ["russia.inducement", "world.rivalry"])
    with open_history(path) as data:
        assert data["params"].dims == ("run", "param")
        assert list(data["param"].values) == ["russia.inducement", "world.rivalry"]
        table = params_table(data)
        assert list(table.columns) == ["russia.inducement", "world.rivalry"]
        assert np.array_equal(table.values, values)
    with pytest.raises(ValueError, match="no sweep parameters"):
        with open_history(history_path) as data:
            params_table(data)


def test_matches_plain_xarray(ds, history_path):
    root = xr.open_dataset(history_path, engine="h5netcdf")
    state = xr.open_dataset(history_path, engine="h5netcdf", group="state")
    try:
        assert np.array_equal(ds["alignment"].values, root["alignment"].values, equal_nan=True)
        assert np.array_equal(ds["state_utility"].values, state["utility"].values, equal_nan=True)
    finally:
        root.close()
        state.close()


def test_summary_sweep_opens_with_a_stat_dimension(tmp_path):
    """A sweep with output.summary (format 1.2): summary/<name> over [run, stat, ...]."""
    out = run_sweep(tmp_path, f"""sweep:
  name: s
  scenario: {SHORT}
  seed: 2
  replicates: 2
  design: {{type: lhs, points: 2}}
parameters:
  - {{path: agents.russia.revisionism, range: [0.2, 0.9]}}
output: {{variables: [alignment, strategy, conditions], summary: [final, mean, min, max, sd], series: true}}
""")
    with open_history(out) as data:
        assert list(data.attrs["format_version"]) == [4, 0]
        assert list(data["stat"].values) == ["final", "mean", "min", "max", "sd"]
        s = data["summary_alignment"]
        assert s.dims == ("run", "stat", "hedger", "power", "dimension")
        assert s.attrs["hdf5_path"] == "summary/alignment"
        assert data["summary_world_oil_price"].dims == ("run", "stat")
        assert data["summary_strategy"].dims == ("run", "stat", "hedger")
        # The statistics are those of the series.
        series = data["alignment"]
        np.testing.assert_allclose(s.sel(stat="mean"), series.mean("time"), rtol=1e-5)
        np.testing.assert_allclose(s.sel(stat="min"), series.min("time"), rtol=1e-6)
        sd = series.std("time")
        np.testing.assert_allclose(s.sel(stat="sd"), sd, rtol=1e-4, atol=1e-6)
        np.testing.assert_array_equal(s.sel(stat="final"), series.isel(time=-1))
        np.testing.assert_array_equal(data["summary_strategy"].sel(stat="final"), data["strategy"].isel(time=-1))


def test_a_scenario_asks_for_summaries_in_its_own_output_section(tmp_path):
    """`hedgesim run` of a scenario whose output section names statistics: summaries, no series."""
    scenario = tmp_path / "summary.yaml"
    scenario.write_text(f"extends: {SHORT}\noutput: {{variables: [alignment, strategy], summary: [final, max]}}\n")
    out = tmp_path / "summary.h5"
    subprocess.run([str(hedgesim_binary()), "run", str(scenario), "-o", str(out), "--runs", "4", "--quiet"],
                   check=True, capture_output=True, text=True)
    with open_history(out) as data:
        assert list(data["stat"].values) == ["final", "max"]
        assert data["summary_alignment"].dims == ("run", "stat", "hedger", "power", "dimension")
        assert data["summary_strategy"].sizes["run"] == 4
        assert "alignment" not in data and "strategy" not in data
    # The same runs with their series: the summaries are those series' statistics.
    full = run_hedgesim(tmp_path / "full.h5", runs=4)
    with open_history(out) as data, open_history(full) as series:
        np.testing.assert_array_equal(data["summary_alignment"].sel(stat="final"),
                                      series["alignment"].isel(time=-1))
        np.testing.assert_allclose(data["summary_alignment"].sel(stat="max"), series["alignment"].max("time"),
                                   rtol=1e-6)
