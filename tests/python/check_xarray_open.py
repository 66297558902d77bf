"""The history file opens in xarray with named dimensions, coordinates and attributes.

usage: /usr/bin/python3 check_xarray_open.py HEDGESIM_BINARY SOURCE_DIR
"""
import pathlib
import subprocess
import sys
import tempfile

import xarray as xr


def main():
    binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "h.h5"
        subprocess.run([binary, "run", str(source / "tests/golden/short.yaml"), "-o", str(out), "--runs", "3"],
                       check=True, capture_output=True)
        ds = xr.open_dataset(out, engine="h5netcdf")
        assert ds["alignment"].dims == ("run", "time", "hedger", "power", "dimension"), ds["alignment"].dims
        assert ds["posture"].dims == ("run", "time", "hedger", "power"), ds["posture"].dims
        assert ds["strategy"].dims == ("run", "time", "hedger"), ds["strategy"].dims
        assert list(ds["agent"].values) == ["kazakhstan", "russia", "china", "west"], ds["agent"].values
        assert list(ds["hedger"].values) == ["kazakhstan"], ds["hedger"].values
        assert list(ds["power"].values) == ["russia", "china", "west"], ds["power"].values
        assert list(ds["dimension"].values) == ["security", "economic", "diplomatic"]
        assert ds.sizes["run"] == 3 and ds.attrs["runs"] == 3
        assert ds.attrs["filetype"] == "hedgesim.history"
        assert list(ds.attrs["format_version"]) == [4, 0]
        assert list(ds["channel"].values) == ["security", "economic", "diplomatic", "internal"]
        assert list(ds["term"].values) == ["security", "prosperity", "autonomy", "hedging", "leader", "institutions",
                                           "entrapment", "regime_security", "abandonment"], ds["term"].values
        assert "scenario:" in ds.attrs["scenario_yaml"]
        assert str(ds["date"].values[0]) == "2019-03"
        kz = ds["alignment"].sel(hedger="kazakhstan", power="russia", dimension="security")
        assert float(kz.isel(time=0).mean()) > 0.4  # the scenario starts at 0.6
        state = xr.open_dataset(out, engine="h5netcdf", group="state").assign_coords(ds.coords)
        assert state["utility"].dims == ("run", "time", "hedger")
        assert state["capability"].dims == ("run", "time", "agent")
        assert not state["utility"].sel(hedger="kazakhstan").isnull().any()
        terms = state["utility_terms"]
        assert terms.dims == ("run", "time", "hedger", "term"), terms.dims
        assert list(terms["term"].values) == list(ds["term"].values)
        assert abs(terms.sum("term") - state["utility"]).max() < 1e-5
        with xr.open_dataset(out, engine="h5netcdf", group="decision") as decision:
            move = decision["move_partner"]
            assert move.dims == ("run", "time", "hedger", "channel"), move.dims
            alternative = decision["alternative_terms"]
            assert alternative.dims == ("run", "time", "hedger", "channel", "term"), alternative.dims
            assert decision["alternative_total"].dims == ("run", "time", "hedger", "channel")
        dyad = xr.open_dataset(out, engine="h5netcdf", group="dyad")
        assert dyad["threat"].dims == ("run", "time", "agent", "partner")
        assert dyad["inducement"].dims == ("run", "time", "power", "hedger")
        assert dyad["sanctions_enforced"].dims == ("run", "time", "hedger", "power")
        events = xr.open_dataset(out, engine="h5netcdf", group="events")
        types = set(events["type"].values)
        assert {"nazarbayev_resigns", "full_scale_invasion"} <= types, types
    print("ok")


if __name__ == "__main__":
    main()
