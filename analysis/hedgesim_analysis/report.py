"""An HTML report of one history file: a directory with PNGs and ``index.html``.

The report is written into a hidden temporary directory next to the target and renamed
into place at the end, so it appears whole or not at all.
"""
from __future__ import annotations

import errno
import html
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import xarray as xr

from . import history as h
from . import plots
from .files import OutputExistsError, umask


class ReportExistsError(OutputExistsError):
    """A report directory that is not empty is already there and ``force`` was not given."""


def _figures(ds: xr.Dataset, agent: str, run: int):
    """(file name, figure maker, caption) of every plot the recorded variables allow."""
    name = h.agent_label(ds, agent)
    powers = h.great_powers(ds)
    items = []
    if "alignment" in ds and powers:
        items.append(("alignment_fan.png", lambda: plots.fan_chart(ds, agent),
                      f"{name}'s alignment toward each great power by dimension: median line, 50 % and "
                      "90 % bands over runs. Grey lines are the Kuik band edges (±1/7, ±3/7, ±5/7); "
                      "numbered dashed lines mark the scheduled events listed under the chart."))
    if "internal_military_spending" in ds:
        items.append(("internal_balancing.png", lambda: plots.internal_balancing_plot(ds, agent),
                      f"{name}'s internal balancing: military spending in % of GDP, arms-supplier "
                      "diversification and reform effort, median and 50 % and 90 % bands over runs."))
    if "posture" in ds and powers:
        items.append(("posture_shares.png", lambda: plots.posture_share_plot(ds, agent),
                      f"Share of runs in each Kuik band of {name}'s mean alignment toward each power, "
                      "from pure balancing (−3) to pure bandwagoning (+3)."))
    if "strategy" in ds:
        items.append(("strategy_shares.png", lambda: plots.strategy_share_plot(ds, agent),
                      f"Share of runs in which {name} is balancing, hedging or bandwagoning at each step."))
    if "alignment" in ds and "strategy" in ds and len(powers) >= 3:
        items.append(("ternary.png", lambda: plots.ternary_plot(ds, agent, powers[:3]),
                      f"{name} among {', '.join(h.agent_label(ds, p) for p in powers[:3])} at the last "
                      "step, one point per run. Each run's mean alignment a toward a power becomes the "
                      "weight (a + 1) / 2, normalised over the three; the centre (+) is equal alignment "
                      "toward all three."))
    if ds.sizes.get("event", 0):
        items.append(("events.png", lambda: plots.event_timeline(ds),
                      "Events per type and calendar year: the colour is the mean number of such events per "
                      "run in that year (1 for a scheduled event in its year; blank: none in any run)."))
    if "state_utility_terms" in ds:
        items.append(("utility_terms.png", lambda: plots.utility_terms_plot(ds, run, agent),
                      f"The weighted utility terms of {name}'s chosen alignment in run {run}: positive "
                      "terms stack up from zero, negative ones down; the black line is their sum."))
    if "arm" in ds and "pair" in ds and "alignment" in ds:
        from . import sensitivity

        items.append(("intervention.png",
                      lambda: plots.intervention_plot(sensitivity.arm_effects(ds, agent)),
                      f"Effect of the intervention (arm 1) against the baseline (arm 0) on {name}'s final "
                      "mean alignment toward each power and on hedging at the end: per-pair differences "
                      "(grey), their mean and 95 % t-interval (black). Both runs of a pair share every "
                      "random draw, so the interval reflects the intervention, not the noise."))
    if "params" in ds and "alignment" in ds and str(ds.attrs.get("design", "")) == "sobol" and powers:
        from . import sensitivity

        target = powers[0]
        items.append(("sobol.png",
                      lambda: plots.sobol_plot(
                          sensitivity.sobol_from_history(ds, h.final_alignment(ds, target, agent)),
                          title=f"Sobol indices of {name}'s final mean alignment toward "
                                f"{h.agent_label(ds, target)}"),
                      "First-order (S1) and total-order (ST) Sobol indices from the sweep's Saltelli design "
                      "(computed with OpenTURNS), with 95 % intervals: the share of the outcome's variance "
                      "each swept parameter explains alone (S1) and with its interactions (ST)."))
    if "params" in ds and "strategy" in ds:
        items.append(("sweep_response.png", lambda: plots.sweep_response(ds, "hedging"),
                      f"Share of runs in which {name} is hedging at the last step against each swept "
                      "parameter: runs as dots, binned mean with a 95 % t-interval."))
        names = [str(p) for p in ds["param"].values]
        if len(names) >= 2:
            items.append(("sweep_heatmap.png", lambda: plots.sweep_heatmap(ds, names[0], names[1], "hedging"),
                          f"Mean share of hedging runs at the last step by {names[0]} and {names[1]}."))
    return items


def _headline(ds: xr.Dataset) -> str:
    if "strategy" not in ds:
        return "<p>(strategy not recorded)</p>"
    rows = []
    for agent in h.hedgers(ds):
        shares = h.strategy_shares(ds, agent).isel(time=-1)
        cells = "".join(f"<td>{100 * float(shares.sel(strategy=s)):.1f} %</td>"
                        for s in shares["strategy"].values)
        rows.append(f"<tr><th>{html.escape(h.agent_label(ds, agent))}</th>{cells}</tr>")
    head = "".join(f"<th>{html.escape(str(s))}</th>" for s in h.STRATEGY_NAMES.values())
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _alignment_table(ds: xr.Dataset) -> str:
    if "alignment" not in ds:
        return "<p>(alignment not recorded)</p>"
    powers = h.great_powers(ds)
    rows = []
    for agent in h.hedgers(ds):
        cells = []
        for p in powers:
            a = h.final_alignment(ds, p, agent).values
            q25, q50, q75 = np.nanpercentile(a, [25, 50, 75]) if np.isfinite(a).any() else (np.nan,) * 3
            cells.append(f"<td>{q50:+.2f} <span class=q>({q25:+.2f} … {q75:+.2f})</span></td>")
        rows.append(f"<tr><th>{html.escape(h.agent_label(ds, agent))}</th>{''.join(cells)}</tr>")
    head = "".join(f"<th>{html.escape(h.agent_label(ds, p))}</th>" for p in powers)
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


CSS = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{padding:.25em .8em;text-align:left;
border-bottom:1px solid #ddd}figure{margin:1.5em 0}img{max-width:100%}figcaption{font-size:.9em;
color:#444}.q{color:#777;font-size:.85em}code{background:#f4f4f4;padding:0 .2em}"""


def _html(ds: xr.Dataset, history_name: str, figures) -> str:
    a = ds.attrs
    last = ds.sizes["time"] - 1
    events = ds.sizes.get("event", 0)
    meta = [
        ("scenario", str(a.get("scenario_name", ""))),
        ("history file", history_name),
        ("master seed", str(int(a["master_seed"])) if "master_seed" in a else ""),
        ("runs", str(ds.sizes["run"])),
        ("time span", f"{h.date_label(ds, 0)} .. {h.date_label(ds, last)} by {a.get('time_step', '?')} "
                      f"({ds.sizes['time']} steps)"),
        ("events", str(events)),
        ("written by", f"hedgesim {a.get('hedgesim_version', '?')} ({a.get('git_sha', '?')}) at "
                       f"{a.get('created', '?')}"),
    ]
    if "params" in ds:
        meta.append(("swept parameters", ", ".join(str(p) for p in ds["param"].values)))
    title = f"hedgesim report: {a.get('scenario_name', '')}"
    parts = [
        "<!DOCTYPE html>", "<html lang=en><head><meta charset=utf-8>",
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<table>" + "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in meta)
        + "</table>",
        f"<h2>Strategy at the last step ({html.escape(h.date_label(ds, last))}), share of runs</h2>",
        _headline(ds),
        "<h2>Mean alignment at the last step: median (25th … 75th percentile) over runs</h2>",
        _alignment_table(ds),
        "<h2>Plots</h2>",
    ]
    for name, _, caption in figures:
        parts.append(f'<figure><img src="{html.escape(name)}" alt="{html.escape(caption)}">'
                     f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(history, out_dir, force: bool = False, agent: str | None = None, run: int = 0,
                 dpi: int = 110) -> Path:
    """Write the report of ``history`` (path or dataset) into ``out_dir``; return its path.

    ``agent`` is the hedger reported on (default: the first hedger).

    Refuses an existing non-empty ``out_dir`` unless ``force``; the old report is replaced
    only once the new one is complete.
    """
    out = Path(out_dir)
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise ReportExistsError(f"{out}: exists and is not a directory")
        if any(out.iterdir()) and not force:
            raise ReportExistsError(f"{out}: report exists; use --force to overwrite")
    own = not isinstance(history, xr.Dataset)
    ds = h.open_history(history) if own else history
    try:
        agent = agent or h.default_agent(ds)
        if agent not in [str(x) for x in ds["agent"].values]:
            raise ValueError(f"unknown agent '{agent}'")
        if agent not in h.hedgers(ds):
            raise ValueError(f"'{agent}' is not a hedger (hedgers: {', '.join(h.hedgers(ds))})")
        if run not in [int(r) for r in ds["run"].values]:
            raise ValueError(f"unknown run {run}")
        source = Path(str(ds.attrs.get("source", history if own else "")))
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        try:
            os.chmod(tmp, 0o777 & ~umask())
            figures = _figures(ds, agent, run)
            for name, make, _ in figures:
                fig = make()
                fig.savefig(tmp / name, dpi=dpi)
            (tmp / "index.html").write_text(_html(ds, source.name, figures), encoding="utf-8")
            _replace(tmp, out, force)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        if own:
            ds.close()
    return out


def _replace(new: Path, out: Path, force: bool) -> None:
    """Move the finished directory ``new`` to ``out``, replacing an old one last.

    Without ``force`` a report written at ``out`` while this one was made stays: a rename onto
    an empty directory succeeds, onto a full one it fails.
    """
    if not force or not out.exists():
        try:
            os.rename(new, out)
        except OSError as err:
            if err.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise ReportExistsError(f"{out}: report exists, written while this ran; use --force to "
                                        "overwrite") from None
            raise
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
