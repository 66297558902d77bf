"""Plots of hedgesim histories. Every function returns a :class:`matplotlib.figure.Figure`.

Figures are built without ``pyplot`` (no GUI backend, no global state): save them with
``fig.savefig("x.png")``. Grey horizontal lines on alignment axes are the Kuik band edges
at ±1/7, ±3/7 and ±5/7. An ``agent`` argument is a hedger id (an entry of the coordinate
``hedger``; default: the first hedger), ``partners`` or ``powers`` great-power ids (entries
of ``power``; default: all of them).
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import xarray as xr
from matplotlib.figure import Figure

from . import history as h

POWER_COLOURS = {"russia": "#b2182b", "china": "#d6a000", "west": "#2166ac"}
OTHER_COLOURS = ("#1b7837", "#762a83", "#e08214", "#4d4d4d", "#35978f")
STRATEGY_COLOURS = {"balancing": "#d6604d", "hedging": "#92c5de", "bandwagoning": "#4393c3"}
# Kuik bands from pure balancing (-3) to pure bandwagoning (+3): a diverging palette.
BAND_COLOURS = ("#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac")


def power_colour(partner: str, index: int = 0) -> str:
    return POWER_COLOURS.get(partner, OTHER_COLOURS[index % len(OTHER_COLOURS)])


def _year_axis(ax) -> None:
    """Whole years as x ticks."""
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.xaxis.set_major_formatter(FormatStrFormatter("%d"))
    ax.set_xlabel("year")


def _band_edges(ax, horizontal: bool = True) -> None:
    for edge in h.BAND_EDGES:
        if horizontal:
            ax.axhline(edge, color="0.8", linewidth=0.6, zorder=0)
        else:
            ax.axvline(edge, color="0.8", linewidth=0.6, zorder=0)


def _partners(ds: xr.Dataset, partners: Iterable[str] | None) -> list[str]:
    partners = list(partners) if partners is not None else h.great_powers(ds)
    if not partners:
        raise ValueError("no great powers to plot")
    return partners


def _mark_events(fig: Figure, axes: Sequence, times: pd.Series, ds: xr.Dataset) -> None:
    """Numbered dashed lines at scheduled events; the key goes under the figure."""
    if times.empty:
        return
    for ax in axes:
        lo, hi = ax.get_xlim()
        groups: list[tuple[float, list[str]]] = []  # events too close to label apart share a label
        for i, t in enumerate(times.values, start=1):
            if not lo <= t <= hi:
                continue
            ax.axvline(t, color="0.45", linestyle=(0, (3, 3)), linewidth=0.7, zorder=1)
            if groups and t - groups[-1][0] < 0.02 * (hi - lo):
                groups[-1][1].append(str(i))
            else:
                groups.append((t, [str(i)]))
        for t, numbers in groups:
            ax.annotate(",".join(numbers), (t, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7, color="0.3")
    key = "   ".join(f"{i} {kind.replace('_', ' ')} ({_date_of(ds, t)})"
                     for i, (kind, t) in enumerate(times.items(), start=1))
    fig.supxlabel("scheduled events: " + key, fontsize=7, color="0.3", wrap=True)


def _date_of(ds: xr.Dataset, t: float) -> str:
    times = ds["time"].values
    i = int(np.argmin(np.abs(times - t)))
    return h.date_label(ds, i) if abs(times[i] - t) < 1e-6 else f"{t:.2f}"


def _subtitle(ds: xr.Dataset) -> str:
    return f"{ds.attrs.get('scenario_name', '')}, {ds.sizes['run']} runs"


def _fan(ax, time: np.ndarray, series: np.ndarray, colour: str, label: str | None = None) -> None:
    """Median line, 50 % and 90 % bands over the runs of a (run, time) array."""
    q05, q25, q50, q75, q95 = np.nanpercentile(series, [5, 25, 50, 75, 95], axis=0)
    ax.fill_between(time, q05, q95, color=colour, alpha=0.13, linewidth=0)
    ax.fill_between(time, q25, q75, color=colour, alpha=0.3, linewidth=0)
    ax.plot(time, q50, color=colour, linewidth=1.6, label=label)


INTERNAL_PANELS = (("internal_military_spending", "military spending (% of GDP)"),
                   ("internal_arms_diversification", "arms-supplier diversification (0..1)"),
                   ("internal_reform", "reform effort (0..1)"))


def internal_balancing_plot(ds: xr.Dataset, agent: str | None = None, mark_events: bool = True) -> Figure:
    """Ensemble fan chart of a hedger's internal balancing: military spending, arms-supplier
    diversification and reform (the ``internal`` output), one panel each."""
    agent = agent or h.default_agent(ds)
    panels = [(v, label) for v, label in INTERNAL_PANELS if v in ds]
    if not panels:
        raise ValueError("the history has no internal balancing output (output.variables: internal)")
    time = ds["time"].values
    fig = Figure(figsize=(4.2 * len(panels), 3.6), layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, (variable, label) in zip(axes, panels):
        series = ds[variable].sel(hedger=agent).transpose("run", "time").values
        _fan(ax, time, series, OTHER_COLOURS[0])
        ax.set_title(label, pad=12)
        _year_axis(ax)
        ax.set_xlim(time[0], time[-1])
        if variable != "internal_military_spending":
            ax.set_ylim(0, 1)
        else:
            ax.set_ylim(bottom=0)
    fig.suptitle(f"{h.agent_label(ds, agent)}'s internal balancing: median, 50 % and 90 % bands "
                 f"({_subtitle(ds)})", fontsize=10)
    if mark_events:
        _mark_events(fig, axes, h.scheduled_event_times(ds), ds)
    return fig


def fan_chart(ds: xr.Dataset, agent: str | None = None, partners: Iterable[str] | None = None,
              dimensions: Iterable[str] | None = None, mark_events: bool = True) -> Figure:
    """Ensemble fan chart of a hedger's alignment toward each power, one panel per dimension.

    Median line, 50 % band (25–75th percentile) and 90 % band (5–95th) over runs;
    scheduled events (fixed date in the scenario) as numbered dashed lines.
    """
    agent = agent or h.default_agent(ds)
    partners = _partners(ds, partners)
    dims = list(dimensions) if dimensions is not None else [str(d) for d in ds["dimension"].values]
    time = ds["time"].values
    data = ds["alignment"].sel(hedger=agent, power=partners, dimension=dims).load()
    fig = Figure(figsize=(4.2 * len(dims), 3.9), layout="constrained")
    axes = fig.subplots(1, len(dims), sharey=True, squeeze=False)[0]
    for ax, dim in zip(axes, dims):
        for k, p in enumerate(partners):
            series = data.sel(power=p, dimension=dim).transpose("run", "time").values
            if np.all(np.isnan(series)):
                continue
            _fan(ax, time, series, power_colour(p, k), h.agent_label(ds, p))
        _band_edges(ax)
        ax.set_title(dim, pad=12)
        _year_axis(ax)
        ax.set_ylim(-1, 1)
        ax.set_xlim(time[0], time[-1])
    axes[0].set_ylabel(f"alignment of {h.agent_label(ds, agent)}\n(−1 balancing … +1 bandwagoning)")
    axes[0].legend(loc="lower left", frameon=False, fontsize=8)
    fig.suptitle(f"{h.agent_label(ds, agent)}'s alignment: median, 50 % and 90 % bands "
                 f"({_subtitle(ds)}; grey lines: Kuik band edges)", fontsize=10)
    if mark_events:
        _mark_events(fig, axes, h.scheduled_event_times(ds), ds)
    return fig


def posture_share_plot(ds: xr.Dataset, agent: str | None = None,
                       partners: Iterable[str] | None = None) -> Figure:
    """Share of runs in each Kuik band over time, stacked, one panel per great power."""
    agent = agent or h.default_agent(ds)
    partners = _partners(ds, partners)
    shares = h.posture_shares(ds, agent, partners)
    time = ds["time"].values
    fig = Figure(figsize=(4.2 * len(partners), 3.6), layout="constrained")
    axes = fig.subplots(1, len(partners), sharey=True, squeeze=False)[0]
    names = list(shares["band_name"].values)
    for ax, p in zip(axes, partners):
        layers = shares.sel(power=p).fillna(0).transpose("band", "time").values
        ax.stackplot(time, layers, colors=BAND_COLOURS, labels=[f"{b:+d} {n.replace('_', ' ')}"
                                                               for b, n in zip(h.BAND_CODES, names)],
                     edgecolor="0.6", linewidth=0.2)
        ax.set_title(f"toward {h.agent_label(ds, p)}")
        _year_axis(ax)
        ax.set_xlim(time[0], time[-1])
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("share of runs")
    handles, labels = axes[0].get_legend_handles_labels()
    axes[-1].legend(handles[::-1], labels[::-1], loc="center left", bbox_to_anchor=(1.02, 0.5),
                    frameon=False, fontsize=8, title="Kuik band")
    fig.suptitle(f"{h.agent_label(ds, agent)}: share of runs in each Kuik band ({_subtitle(ds)})",
                 fontsize=10)
    return fig


def strategy_share_plot(ds: xr.Dataset, agent: str | None = None) -> Figure:
    """Share of runs balancing, hedging and bandwagoning over time (stacked)."""
    agent = agent or h.default_agent(ds)
    shares = h.strategy_shares(ds, agent).fillna(0)
    time = ds["time"].values
    fig = Figure(figsize=(7.5, 3.6), layout="constrained")
    ax = fig.subplots()
    names = [str(s) for s in shares["strategy"].values]
    ax.stackplot(time, shares.transpose("strategy", "time").values,
                 colors=[STRATEGY_COLOURS.get(n, "0.5") for n in names], labels=names)
    ax.set_xlim(time[0], time[-1])
    ax.set_ylim(0, 1)
    _year_axis(ax)
    ax.set_ylabel("share of runs")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5),
              frameon=False, fontsize=8)
    ax.set_title(f"{h.agent_label(ds, agent)}: balancing, hedging, bandwagoning ({_subtitle(ds)})",
                 fontsize=10)
    return fig


def ternary_weights(ds: xr.Dataset, agent: str | None = None,
                    powers: Sequence[str] | None = None, time: int = -1) -> pd.DataFrame:
    """Barycentric weights of each run among three powers (the ternary plot's points).

    For each run, ``a_i`` is the hedger's alignment toward power ``i`` at step ``time``,
    averaged over dimensions (in [-1, 1]). It is shifted to a non-negative weight
    ``w_i = (a_i + 1) / 2`` and normalised, ``p_i = w_i / (w_1 + w_2 + w_3)``; equal
    alignment toward all three (whatever its level) is the centre, and a corner means
    bandwagoning with that power while balancing the other two. If all three are -1
    the point is the centre.
    """
    agent = agent or h.default_agent(ds)
    powers = list(powers) if powers is not None else h.great_powers(ds)[:3]
    if len(powers) != 3:
        raise ValueError(f"a ternary plot needs three powers, got {len(powers)}")
    a = ds["alignment"].sel(hedger=agent, power=powers).isel(time=time).mean("dimension")
    a = a.transpose("run", "power").values.astype(float)
    w = (np.clip(a, -1, 1) + 1) / 2
    total = w.sum(axis=1, keepdims=True)
    p = np.where(total > 0, w / np.where(total > 0, total, 1), 1 / 3)
    return pd.DataFrame(p, index=pd.Index(ds["run"].values, name="run"), columns=powers)


def ternary_plot(ds: xr.Dataset, agent: str | None = None, powers: Sequence[str] | None = None,
                 time: int = -1) -> Figure:
    """One point per run on a triangle whose corners are three powers (see ternary_weights).

    Points are coloured by the run's strategy label at that step.
    """
    agent = agent or h.default_agent(ds)
    weights = ternary_weights(ds, agent, powers, time)
    powers = list(weights.columns)
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])
    xy = weights.values @ corners
    fig = Figure(figsize=(5.6, 5.2), layout="constrained")
    ax = fig.subplots()
    ax.set_aspect("equal")
    ax.axis("off")
    tri = np.vstack([corners, corners[:1]])
    ax.plot(tri[:, 0], tri[:, 1], color="0.3", linewidth=1)
    for f in (0.2, 0.4, 0.6, 0.8):  # grid lines of constant weight for each corner
        for i in range(3):
            j, k = (i + 1) % 3, (i + 2) % 3
            a = f * corners[i] + (1 - f) * corners[j]
            b = f * corners[i] + (1 - f) * corners[k]
            ax.plot([a[0], b[0]], [a[1], b[1]], color="0.9", linewidth=0.6, zorder=0)
    centre = corners.mean(axis=0)
    ax.plot(*centre, marker="+", color="0.4", markersize=10, zorder=1)
    offsets = [(-0.04, -0.05, "right"), (1.04, -0.05, "left"), (0.5, np.sqrt(3) / 2 + 0.04, "center")]
    for (x, y, ha), p in zip(offsets, powers):
        ax.text(x, y, h.agent_label(ds, p), ha=ha, va="center", fontsize=10, color=power_colour(p))
    codes = ds["strategy"].sel(hedger=agent).isel(time=time).values

    def points(target, size):
        for code, name in h.STRATEGY_NAMES.items():
            sel = codes == code
            if sel.any():
                target.scatter(xy[sel, 0], xy[sel, 1], s=size, alpha=0.75, color=STRATEGY_COLOURS[name],
                               edgecolor="0.2", linewidth=0.4, label=f"{name} ({int(sel.sum())})", zorder=2)

    points(ax, 22)
    ax.legend(loc="upper right", frameon=False, fontsize=8, title="strategy at that step")
    finite = xy[np.isfinite(xy).all(axis=1)]
    span = float(np.ptp(np.vstack([finite, centre]), axis=0).max()) if len(finite) else 1.0
    if span < 0.15:
        # The runs sit in a small region: repeat it magnified in an inset, same orientation.
        lo = np.vstack([finite, centre]).min(axis=0)
        hi = np.vstack([finite, centre]).max(axis=0)
        mid, half = (lo + hi) / 2, max(span, 0.005) * 0.6
        inset = ax.inset_axes([0.0, 0.58, 0.36, 0.36])
        for f in np.arange(0.02, 1, 0.02):  # finer grid of constant weight
            for i in range(3):
                j, k = (i + 1) % 3, (i + 2) % 3
                a = f * corners[i] + (1 - f) * corners[j]
                b = f * corners[i] + (1 - f) * corners[k]
                inset.plot([a[0], b[0]], [a[1], b[1]], color="0.9", linewidth=0.5, zorder=0)
        inset.plot(*centre, marker="+", color="0.4", markersize=10, zorder=1)
        points(inset, 14)
        inset.set_xlim(mid[0] - half, mid[0] + half)
        inset.set_ylim(mid[1] - half, mid[1] + half)
        inset.set_aspect("equal")
        inset.set_xticks([])
        inset.set_yticks([])
        inset.set_title(f"zoom ×{1 / (2 * half):.0f} (grid: 0.02)", fontsize=7)
        ax.indicate_inset_zoom(inset, edgecolor="0.5")
    ax.set_xlim(-0.2, 1.2)
    ax.set_ylim(-0.12, np.sqrt(3) / 2 + 0.1)
    ax.set_title(f"{h.agent_label(ds, agent)} among {', '.join(h.agent_label(ds, p) for p in powers)} "
                 f"at {h.date_label(ds, time if time >= 0 else ds.sizes['time'] + time)}\n"
                 f"one point per run; weight ∝ (mean alignment + 1); + equal alignment", fontsize=9)
    return fig


def event_timeline(source, run: int | None = None, ds: xr.Dataset | None = None) -> Figure:
    """Events per type over time.

    Across all runs: a grid of event type by calendar year whose colour is the mean number
    of such events per run in that year (1.0 for a scheduled event in its year; a square-root
    colour scale keeps rare random events visible). With ``run``: the events of that run as
    points. ``source`` is a dataset from :func:`open_history` or an events DataFrame.
    """
    from matplotlib.colors import PowerNorm

    if isinstance(source, xr.Dataset):
        ds = source
        events = h.events_table(source)
    else:
        events = source
    runs = int(ds.sizes["run"]) if ds is not None else max(int(events["run"].nunique()), 1)
    if run is not None:
        events = events[events["run"] == run]
    fig = Figure(figsize=(8.5, 0.4 * max(events["type"].nunique(), 3) + 1.6), layout="constrained")
    ax = fig.subplots()
    if events.empty:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    order = events.groupby("type")["time"].min().sort_values(kind="stable").index.tolist()
    ypos = {t: i for i, t in enumerate(order)}
    if ds is not None:
        first, last = float(ds["time"].values[0]), float(ds["time"].values[-1])
    else:
        first, last = float(events["time"].min()), float(events["time"].max())
    if run is None:
        years = np.arange(np.floor(first), np.floor(last) + 2)
        year = np.floor(events["time"].values + 1e-9)
        grid = np.zeros((len(order), len(years) - 1))
        for (kind, y), n in pd.Series(1, index=[events["type"].values, year]).groupby(level=[0, 1]).sum().items():
            grid[ypos[kind], int(y - years[0])] = n / runs
        mesh = ax.pcolormesh(years, np.arange(len(order) + 1) - 0.5, np.ma.masked_equal(grid, 0),
                             cmap="viridis", norm=PowerNorm(0.5, vmin=0, vmax=max(1.0, grid.max())),
                             edgecolors="white", linewidth=0.5)
        fig.colorbar(mesh, ax=ax, label="events per run in the year", shrink=0.8)
        ax.set_xlim(years[0], years[-1])
        title = f"events per type and year, mean over {runs} runs"
    else:
        ax.scatter(events["time"], events["type"].map(ypos), s=30, color="#2166ac", edgecolor="0.2",
                   linewidth=0.3)
        ax.set_xlim(first - 0.25, last + 0.25)
        ax.grid(axis="y", color="0.92")
        title = f"events of run {run}"
    ax.set_yticks(range(len(order)), [t.replace("_", " ") for t in order], fontsize=8)
    ax.set_ylim(len(order) - 0.5, -0.5)
    _year_axis(ax)
    ax.set_title(title + (f" ({ds.attrs.get('scenario_name', '')})" if ds is not None else ""), fontsize=10)
    return fig


def utility_terms_plot(ds: xr.Dataset, run: int = 0, agent: str | None = None) -> Figure:
    """The weighted utility terms behind one run's decisions, stacked over time.

    Positive terms stack upward from zero, negative ones downward; the black line is the
    total utility of the chosen alignment (the sum of the terms).
    """
    agent = agent or h.default_agent(ds)
    if "state_utility_terms" not in ds:
        raise ValueError("this history has no utility terms (output group 'utility')")
    utility = ds["state_utility_terms"]
    terms = [str(t) for t in utility["term"].values]  # in the order of the file (kTermNames)
    time = ds["time"].values
    values = np.stack([utility.sel(run=run, hedger=agent, term=t).values.astype(float) for t in terms])
    values = np.nan_to_num(values)
    # One colour per term (nine in the model), so that no two terms share one.
    colours = ("#d6604d", "#4393c3", "#5aae61", "#9970ab", "#e08214", "#8c8c8c", "#35978f", "#8c510a",
               "#f1b6da")
    fig = Figure(figsize=(8.5, 4.0), layout="constrained")
    ax = fig.subplots()
    pos_base = np.zeros_like(time, dtype=float)
    neg_base = np.zeros_like(time, dtype=float)
    for i, (name, v) in enumerate(zip(terms, values)):
        c = colours[i % len(colours)]
        pos = np.clip(v, 0, None)
        neg = np.clip(v, None, 0)
        ax.fill_between(time, pos_base, pos_base + pos, color=c, alpha=0.85, linewidth=0, label=name)
        ax.fill_between(time, neg_base, neg_base + neg, color=c, alpha=0.85, linewidth=0)
        pos_base = pos_base + pos
        neg_base = neg_base + neg
    if "state_utility" in ds:
        ax.plot(time, ds["state_utility"].sel(run=run, hedger=agent).values, color="black", linewidth=1.4,
                label="total")
    ax.axhline(0, color="0.3", linewidth=0.6)
    ax.set_xlim(time[0], time[-1])
    _year_axis(ax)
    ax.set_ylabel("weighted utility term")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
    ax.set_title(f"{h.agent_label(ds, agent)}: utility terms of the chosen alignment, run {run} "
                 f"({ds.attrs.get('scenario_name', '')})", fontsize=10)
    return fig


# --- sweeps ------------------------------------------------------------------------------

def _bins(x: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Bin index of each value and the bin centres: distinct values if few, else quantiles."""
    distinct = np.unique(x[np.isfinite(x)])
    if len(distinct) <= bins:
        return np.searchsorted(distinct, x), distinct
    edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)))
    idx = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    return idx, (edges[:-1] + edges[1:]) / 2


def sweep_response(ds: xr.Dataset, outcome="hedging", params: Iterable[str] | None = None,
                   bins: int = 10) -> Figure:
    """Response curves of a per-run outcome against each swept parameter.

    Dots are runs; the line is the mean outcome per parameter bin (the distinct values
    when there are at most ``bins`` of them, else ``bins`` quantile bins) with a 95 %
    t-interval band. ``outcome`` is a strategy name (its final-step indicator, so the
    mean is a share of runs), a DataArray over ``run`` or an array of one value per run.
    """
    from scipy import stats

    table = h.params_table(ds)
    params = list(params) if params is not None else list(table.columns)
    y, label = h.outcome_values(ds, outcome)
    fig = Figure(figsize=(3.8 * len(params), 3.5), layout="constrained")
    axes = fig.subplots(1, len(params), sharey=True, squeeze=False)[0]
    for ax, p in zip(axes, params):
        x = table[p].values
        ax.scatter(x, y, s=8, alpha=0.3, color="0.4", linewidth=0)
        idx, centres = _bins(x, bins)
        means, lo, hi = [], [], []
        for b in range(len(centres)):
            v = y[(idx == b) & np.isfinite(y)]
            m = v.mean() if len(v) else np.nan
            half = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v)) if len(v) > 1 else np.nan
            means.append(m)
            lo.append(m - half)
            hi.append(m + half)
        ax.fill_between(centres, lo, hi, color="#2166ac", alpha=0.2, linewidth=0)
        ax.plot(centres, means, color="#2166ac", marker="o", markersize=3, linewidth=1.5)
        ax.set_xlabel(p)
        ax.grid(color="0.93")
    axes[0].set_ylabel(label)
    fig.suptitle(f"response to the swept parameters: mean and 95 % interval ({_subtitle(ds)})",
                 fontsize=10)
    return fig


def sweep_heatmap(ds: xr.Dataset, x: str, y: str, outcome="hedging", bins: int = 8) -> Figure:
    """Mean of a per-run outcome over a 2-D grid of two swept parameters.

    Each axis is binned like :func:`sweep_response`; cells without runs are blank and each
    cell is annotated with its mean.
    """
    table = h.params_table(ds)
    values, label = h.outcome_values(ds, outcome)
    ix, cx = _bins(table[x].values, bins)
    iy, cy = _bins(table[y].values, bins)
    grid = np.full((len(cy), len(cx)), np.nan)
    for j in range(len(cy)):
        for i in range(len(cx)):
            v = values[(ix == i) & (iy == j) & np.isfinite(values)]
            if len(v):
                grid[j, i] = v.mean()
    fig = Figure(figsize=(6.2, 5.0), layout="constrained")
    ax = fig.subplots()
    mesh = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis",
                     extent=(-0.5, len(cx) - 0.5, -0.5, len(cy) - 0.5))
    fig.colorbar(mesh, ax=ax, label=label)
    ax.set_xticks(range(len(cx)), [f"{c:.3g}" for c in cx], fontsize=8, rotation=45)
    ax.set_yticks(range(len(cy)), [f"{c:.3g}" for c in cy], fontsize=8)
    if grid.size <= 100:
        finite = grid[np.isfinite(grid)]
        mid = (finite.min() + finite.max()) / 2 if finite.size else 0
        for j in range(len(cy)):
            for i in range(len(cx)):
                if np.isfinite(grid[j, i]):
                    ax.text(i, j, f"{grid[j, i]:.2f}", ha="center", va="center", fontsize=7,
                            color="white" if grid[j, i] < mid else "black")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(f"mean {label} by {x} and {y} ({_subtitle(ds)})", fontsize=10)
    return fig


# --- sensitivity and interventions -------------------------------------------------------

def sobol_plot(indices: pd.DataFrame, title: str = "Sobol indices") -> Figure:
    """Bar plot of first-order (S1) and total-order (ST) indices per input.

    ``indices`` is the DataFrame of :func:`hedgesim_analysis.sensitivity.sobol_indices`;
    columns ``S1_low``/``S1_high`` and ``ST_low``/``ST_high``, when present, give error bars.
    """
    names = [str(n) for n in indices.index]
    x = np.arange(len(names))
    width = 0.38
    fig = Figure(figsize=(max(4.5, 1.1 * len(names) + 2), 3.6), layout="constrained")
    ax = fig.subplots()
    for offset, col, colour, label in ((-width / 2, "S1", "#4393c3", "first order S1"),
                                       (width / 2, "ST", "#d6604d", "total order ST")):
        v = indices[col].values
        err = None
        if f"{col}_low" in indices and f"{col}_high" in indices:
            err = np.vstack([v - indices[f"{col}_low"].values, indices[f"{col}_high"].values - v])
            err = np.clip(err, 0, None)
        ax.bar(x + offset, v, width, yerr=err, color=colour, label=label, capsize=3,
               error_kw={"linewidth": 0.8})
    ax.axhline(0, color="0.3", linewidth=0.6)
    ax.set_xticks(x, names, rotation=30 if len(names) > 4 else 0, ha="right" if len(names) > 4 else "center")
    ax.set_ylabel("share of output variance")
    ax.set_ylim(min(0, float(np.nanmin(indices[["S1", "ST"]].values)) - 0.05),
                max(1, float(np.nanmax(indices[["S1", "ST"]].values)) + 0.05))
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(title, fontsize=10)
    return fig


def intervention_plot(effects: Mapping[str, object] | object, title: str | None = None) -> Figure:
    """Paired differences (treated − baseline) and their mean with its confidence interval.

    ``effects`` is one :class:`~hedgesim_analysis.sensitivity.InterventionEffect` or a
    mapping ``label -> effect``. Grey dots are the per-run differences, the black point and
    bar the mean and interval.
    """
    if not isinstance(effects, Mapping):
        effects = {getattr(effects, "label", "") or "intervention": effects}
    fig = Figure(figsize=(7.0, 0.9 * len(effects) + 1.6), layout="constrained")
    ax = fig.subplots()
    rng = np.random.default_rng(0)
    for i, (label, e) in enumerate(effects.items()):
        d = np.asarray(e.differences, dtype=float)
        ax.scatter(d, i + rng.uniform(-0.18, 0.18, len(d)), s=8, color="0.6", alpha=0.5, linewidth=0)
        ax.errorbar([e.mean], [i], xerr=[[e.mean - e.low], [e.high - e.mean]], fmt="o", color="black",
                    capsize=4, markersize=5)
        ax.annotate(f"{e.mean:+.3g} [{e.low:+.3g}, {e.high:+.3g}]", (e.mean, i), xytext=(0, 9),
                    textcoords="offset points", ha="center", fontsize=8)
    ax.axvline(0, color="0.3", linewidth=0.7)
    ax.set_yticks(range(len(effects)), list(effects))
    ax.set_ylim(len(effects) - 0.5, -0.7)
    first = next(iter(effects.values()))
    ax.set_xlabel("treated − baseline (paired by run)")
    ax.set_title(title or f"effect of the intervention: mean and {100 * first.confidence:.0f} % "
                 f"{first.method} interval", fontsize=10)
    return fig
