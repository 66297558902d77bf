"""Opening hedgesim history files as labelled xarray datasets.

A history file (docs/file-format.md) keeps its variables in the root group and in the
groups ``dyad/``, ``state/``, ``world/`` and ``events/``. :func:`open_history` merges them
into one :class:`xarray.Dataset`; a variable stored at ``group/name`` is called
``group_name`` (``dyad/threat`` -> ``dyad_threat``, ``state/utility_terms`` ->
``state_utility_terms``, ``world/oil_price`` -> ``world_oil_price``,
``events/type`` -> ``events_type``; a sweep's per-run statistics ``summary/alignment`` ->
``summary_alignment``, over the dimension ``stat``); root variables keep their names.
Every merged variable records where it came from in the attribute ``hdf5_path``.

What only a hedger has lies on the dimension ``hedger`` (the hedgers' agent ids) and
what only a hedger-great power pair has on ``hedger`` and ``power`` (the great powers'
ids): ``alignment`` is [run, time, hedger, power, dimension], ``strategy`` and
``state_utility`` [run, time, hedger], ``decision_*`` [run, time, hedger, channel], the
levers ``dyad_inducement`` .. ``dyad_grievance`` [run, time, power, hedger]. Dyads every
agent has (``dyad_threat``, ``dyad_trade_share``, ...) stay on ``agent`` and
``partner``, ``state_capability`` on ``agent``. Since format 4.0 the weighted utility
terms lie on the dimension ``term`` (``security``, ``prosperity``, ... ``abandonment``):
``state_utility_terms`` is [run, time, hedger, term] and ``decision_alternative_terms``
[run, time, hedger, channel, term]; select one with ``.sel(term="security")``.

Data stay on disk until used: variables are xarray's lazily indexed backend arrays, so
``ds["alignment"].isel(run=0)`` reads one chunk.
"""
from __future__ import annotations

import os
from typing import Iterable

import numpy as np
import pandas as pd
import xarray as xr

FILETYPE = "hedgesim.history"
SUPPORTED_MAJOR = 4
# What an older major format stores differently, for the hint of check_history.
OLD_LAYOUTS = {2: "hedger variables over agent and partner",
               3: "one dataset per utility term (state/utility_<term>, decision/alternative_<term>)"}

STRATEGY_NAMES = {1: "balancing", 2: "hedging", 3: "bandwagoning"}
BAND_CODES = (-3, -2, -1, 0, 1, 2, 3)
# Kuik band edges on the alignment scale [-1, 1]: seven bands of width 2/7.
BAND_EDGES = (-5 / 7, -3 / 7, -1 / 7, 1 / 7, 3 / 7, 5 / 7)
EVENT_COLUMNS = ("run", "time", "type", "actor", "target", "magnitude")
COORDINATE_VARIABLES = ("date", "agent_name", "agent_role")


class HistoryFormatError(ValueError):
    """The file is not a hedgesim history file this package can read."""


def _attr_str(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _attr_str(value.item())
    return str(value)


def check_history(path) -> dict:
    """Check ``filetype`` and the major ``format_version``; return the root attributes.

    Raises :class:`HistoryFormatError` with the messages of docs/file-format.md:
    ``<path>: not a hedgesim history file (filetype '<found>')`` and
    ``<path>: format version M.m is not supported by this hedgesim (reads 4.x)``.
    Files of an older major format (2.x, whose hedger variables lie on ``agent`` and
    ``partner``; 3.x, with one dataset per utility term) are refused with a hint to
    rewrite them with the current hedgesim.
    """
    import h5py

    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError:
        raise HistoryFormatError(f"{path}: not a hedgesim history file (not an HDF5 file)") from None
    with f:
        attrs = dict(f.attrs)
    if "filetype" not in attrs:
        raise HistoryFormatError(f"{path}: not a hedgesim history file (no filetype attribute)")
    filetype = _attr_str(attrs["filetype"])
    if filetype != FILETYPE:
        raise HistoryFormatError(f"{path}: not a hedgesim history file (filetype '{filetype}')")
    version = np.atleast_1d(np.asarray(attrs.get("format_version", [])))
    if version.size != 2:
        raise HistoryFormatError(f"{path}: format_version {version.tolist()} is not a [major, minor] pair")
    major, minor = (int(v) for v in version)
    if major != SUPPORTED_MAJOR:
        hint = ""
        if major < SUPPORTED_MAJOR:
            layout = OLD_LAYOUTS.get(major, "an older layout")
            hint = (f"; it stores {layout}: rerun the scenario "
                    "(scenario_yaml and master_seed in the file reproduce it) with this hedgesim")
        raise HistoryFormatError(
            f"{path}: format version {major}.{minor} is not supported by this hedgesim "
            f"(reads {SUPPORTED_MAJOR}.x){hint}")
    return attrs


def _groups(path) -> list[str]:
    """Paths of every group below the root (``dyad``, ``state``, ..., nested ones too)."""
    import h5py

    found = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                found.append(name)
        f.visititems(visit)
    return sorted(found)


def open_history(path, chunks=None) -> xr.Dataset:
    """Open a history file as one lazily loaded :class:`xarray.Dataset`.

    Dimensions ``run``, ``time``, ``agent``, ``partner``, ``hedger``, ``power``,
    ``dimension``, ``channel``, ``term`` (and ``param`` and ``stat`` in sweep files,
    ``event`` for the event columns) carry their coordinate values;
    ``date``, ``agent_name`` and ``agent_role`` are auxiliary coordinates. Group
    variables are merged in as ``<group>_<name>`` (see the module docstring); root
    attributes are kept. ``chunks`` is passed to :func:`xarray.open_dataset` (it needs
    dask; without it the backend arrays are lazy anyway). Close the dataset (or use it
    in a ``with`` block) to release the file.
    """
    path = os.fspath(path)
    check_history(path)
    opened = []
    try:
        root = xr.open_dataset(path, engine="h5netcdf", chunks=chunks)
        opened.append(root)
        root = root.set_coords([v for v in COORDINATE_VARIABLES if v in root.variables])
        for var in root.data_vars.values():
            var.attrs.setdefault("hdf5_path", var.name)
        for group in _groups(path):
            g = xr.open_dataset(path, engine="h5netcdf", group=group, chunks=chunks)
            opened.append(g)
            prefix = group.replace("/", "_")
            for name, var in g.variables.items():
                if name in g.dims:
                    if name not in root.coords:
                        # A coordinate of the group's own (events/event): keep its values.
                        root = root.assign_coords({name: var})
                    continue
                new = f"{prefix}_{name}"
                if new in root.variables:
                    raise HistoryFormatError(f"{path}: {group}/{name} would be named {new}, which exists")
                variable = var.copy(deep=False)
                variable.attrs["hdf5_path"] = f"{group}/{name}"
                root[new] = variable
    except Exception:
        for d in opened:
            d.close()
        raise
    root.attrs["source"] = path

    def close_all():
        for d in opened:
            d.close()

    root.set_close(close_all)
    return root


def events_table(source) -> pd.DataFrame:
    """The event log as a DataFrame with columns run, time, type, actor, target, magnitude.

    ``source`` is a history path or a dataset from :func:`open_history`. Rows are in file
    order (sorted by run, then by the order events happened).
    """
    if isinstance(source, xr.Dataset):
        if "events_run" not in source:
            return pd.DataFrame({c: [] for c in EVENT_COLUMNS})
        data = {c: np.asarray(source[f"events_{c}"].values) for c in EVENT_COLUMNS}
    else:
        import h5py

        path = os.fspath(source)
        check_history(path)
        with h5py.File(path, "r") as f:
            if "events" not in f:
                return pd.DataFrame({c: [] for c in EVENT_COLUMNS})
            ev = f["events"]
            data = {}
            for c in EVENT_COLUMNS:
                ds = ev[c]
                data[c] = ds.asstr()[...] if ds.dtype.kind in "OS" else ds[...]
    frame = pd.DataFrame(data)
    for c in ("type", "actor", "target"):
        frame[c] = frame[c].astype(str)
    frame["run"] = frame["run"].astype(np.int64)
    return frame


def flag_meanings(var: xr.DataArray) -> dict[int, str]:
    """``{code: name}`` from a variable's ``flag_meanings`` attribute."""
    out = {}
    for pair in str(var.attrs.get("flag_meanings", "")).split():
        code, _, name = pair.partition(":")
        out[int(code)] = name
    return out


def agents_with_role(ds: xr.Dataset, role: str) -> list[str]:
    """Ids of the agents with ``role``, in scenario order."""
    roles = ds["agent_role"].values
    return [str(a) for a, r in zip(ds["agent"].values, roles) if str(r) == role]


def hedgers(ds: xr.Dataset) -> list[str]:
    """The hedgers' ids: the coordinate ``hedger`` (the agents with role hedger)."""
    if "hedger" in ds.coords:
        return [str(a) for a in ds["hedger"].values]
    return agents_with_role(ds, "hedger")


def great_powers(ds: xr.Dataset) -> list[str]:
    """The great powers' ids: the coordinate ``power`` (the agents with role great_power)."""
    if "power" in ds.coords:
        return [str(a) for a in ds["power"].values]
    return agents_with_role(ds, "great_power")


def default_agent(ds: xr.Dataset) -> str:
    """The first hedger of the scenario."""
    h = hedgers(ds)
    if not h:
        raise ValueError("the scenario has no hedger")
    return h[0]


def agent_label(ds: xr.Dataset, agent: str) -> str:
    """Display name of an agent (its id when the file has none)."""
    if "agent_name" in ds.coords or "agent_name" in ds:
        return str(ds["agent_name"].sel(agent=agent).values)
    return agent


def date_label(ds: xr.Dataset, index: int) -> str:
    if "date" in ds.coords or "date" in ds:
        return str(ds["date"].values[index])
    return f"{float(ds['time'].values[index]):.2f}"


def strategy_shares(ds: xr.Dataset, agent: str | None = None) -> xr.DataArray:
    """Share of runs balancing, hedging and bandwagoning at each step: [time, strategy].

    ``agent`` is a hedger id (default: the first hedger). Shares are over the runs where
    the label applies (code != 0), so they sum to 1.
    """
    agent = agent or default_agent(ds)
    codes = ds["strategy"].sel(hedger=agent).load()
    names = flag_meanings(ds["strategy"]) or {0: "not_applicable", **STRATEGY_NAMES}
    applicable = (codes != 0).sum("run")
    shares = [((codes == k).sum("run") / applicable.where(applicable > 0)) for k in STRATEGY_NAMES]
    out = xr.concat(shares, dim="strategy").transpose("time", "strategy")
    out = out.assign_coords(strategy=[names.get(k, STRATEGY_NAMES[k]) for k in STRATEGY_NAMES])
    out.name = "strategy_share"
    out.attrs = {"long_name": f"share of runs by strategy of {agent}", "units": "1"}
    return out


def posture_shares(ds: xr.Dataset, agent: str | None = None,
                   partners: Iterable[str] | None = None) -> xr.DataArray:
    """Share of runs in each Kuik band at each step: [time, power, band], band -3..+3.

    ``agent`` is a hedger id (default: the first hedger), ``partners`` great-power ids
    (default: all of them). Shares are over the runs where the posture applies
    (code != -128), so they sum to 1. The coordinate ``band_name`` holds the band names
    of the ``flag_meanings``.
    """
    agent = agent or default_agent(ds)
    partners = list(partners) if partners is not None else great_powers(ds)
    codes = ds["posture"].sel(hedger=agent, power=partners).load()
    applicable = (codes != -128).sum("run")
    shares = [(codes == b).sum("run") / applicable.where(applicable > 0) for b in BAND_CODES]
    out = xr.concat(shares, dim="band").transpose("time", "power", "band")
    names = flag_meanings(ds["posture"])
    out = out.assign_coords(band=list(BAND_CODES),
                            band_name=("band", [names.get(b, str(b)) for b in BAND_CODES]))
    out.name = "posture_share"
    out.attrs = {"long_name": f"share of runs by Kuik band of {agent}", "units": "1"}
    return out


def final_strategy(ds: xr.Dataset, strategy: str = "hedging", agent: str | None = None,
                   time: int = -1) -> xr.DataArray:
    """Per-run indicator (1.0 / 0.0) that the hedger ``agent`` follows ``strategy`` at step ``time``."""
    agent = agent or default_agent(ds)
    codes = {v: k for k, v in STRATEGY_NAMES.items()}
    if strategy not in codes:
        raise ValueError(f"unknown strategy '{strategy}' (one of {', '.join(codes)})")
    s = ds["strategy"].sel(hedger=agent).isel(time=time)
    out = (s == codes[strategy]).astype(float)
    out.name = f"{strategy}_at_end"
    out.attrs = {"long_name": f"{agent} {strategy} at {date_label(ds, time)}", "units": "1"}
    return out


def outcome_values(ds: xr.Dataset, outcome) -> tuple[np.ndarray, str]:
    """Per-run outcome values and a label.

    ``outcome`` is a strategy name (the final-step indicator of the first hedger, see
    :func:`final_strategy`), a DataArray over ``run`` or an array of one value per run.
    """
    if isinstance(outcome, str):
        da = final_strategy(ds, outcome)
        return da.values.astype(float), f"{outcome} at the end (share of runs)"
    if isinstance(outcome, xr.DataArray):
        if set(outcome.dims) != {"run"}:
            raise ValueError(f"the outcome must have the single dimension 'run', got {outcome.dims}")
        label = outcome.attrs.get("long_name", outcome.name or "outcome")
        return outcome.sel(run=ds["run"]).values.astype(float), str(label)
    values = np.asarray(outcome, dtype=float)
    if values.shape != (ds.sizes["run"],):
        raise ValueError(f"the outcome must have one value per run ({ds.sizes['run']}), got {values.shape}")
    return values, "outcome"


def final_alignment(ds: xr.Dataset, partner: str, agent: str | None = None,
                    dimension: str | None = None, time: int = -1) -> xr.DataArray:
    """Per-run alignment of the hedger ``agent`` toward the great power ``partner`` at step ``time``.

    With ``dimension=None`` the mean over dimensions (the alignment the Kuik band uses).
    """
    agent = agent or default_agent(ds)
    a = ds["alignment"].sel(hedger=agent, power=partner).isel(time=time)
    a = a.mean("dimension") if dimension is None else a.sel(dimension=dimension)
    a = a.astype(float)
    a.name = f"alignment_{partner}"
    a.attrs = {"long_name": f"alignment of {agent} toward {partner}", "units": "1"}
    return a


def params_table(ds: xr.Dataset) -> pd.DataFrame:
    """Parameter values of a sweep file, one row per run and one column per parameter."""
    if "params" not in ds:
        raise ValueError("this history has no sweep parameters (no 'params' variable)")
    p = ds["params"].transpose("run", "param")
    return pd.DataFrame(np.asarray(p.values, dtype=float), index=pd.Index(ds["run"].values, name="run"),
                        columns=[str(n) for n in p["param"].values])


def scheduled_event_times(ds: xr.Dataset, events: pd.DataFrame | None = None) -> pd.Series:
    """Times of the scheduled events (those with a fixed date), indexed by event type.

    Taken from the scenario's events with an ``at`` key when ``scenario_yaml`` parses
    (PyYAML); otherwise the types that happened in every run at one and the same time.
    """
    events = events_table(ds) if events is None else events
    if events.empty:
        return pd.Series(dtype=float)
    ids = None
    try:
        import yaml

        doc = yaml.safe_load(str(ds.attrs.get("scenario_yaml", ""))) or {}
        listed = doc.get("events") or []
        ids = {str(e["id"]) for e in listed if isinstance(e, dict) and "at" in e and "id" in e}
    except Exception:
        ids = None
    runs = events["run"].nunique()
    out = {}
    for kind, rows in events.groupby("type", sort=False):
        times = rows["time"].unique()
        if ids is not None:
            if kind in ids:
                out[kind] = float(times.min())
        elif len(times) == 1 and rows["run"].nunique() == runs and runs > 1:
            out[kind] = float(times[0])
    return pd.Series(out, dtype=float).sort_values()
