"""The HTML report and the command line."""
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import hedgesim_analysis.plots
from hedgesim_analysis import ReportExistsError, write_report

from conftest import ROOT, RUNS, run_hedgesim, sweep_copy


def images(index):
    return re.findall(r'<img src="([^"]+)"', index.read_text(encoding="utf-8"))


def test_report(history_path, tmp_path):
    out = write_report(history_path, tmp_path / "report")
    index = out / "index.html"
    assert index.is_file()
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert sorted(images(index)) == pngs
    assert pngs == sorted(["alignment_fan.png", "posture_shares.png", "strategy_shares.png", "ternary.png",
                           "events.png", "utility_terms.png", "internal_balancing.png"])
    assert sorted(os.listdir(out)) == sorted(pngs + ["index.html"])
    text = index.read_text(encoding="utf-8")
    for expected in ("golden_short", "<th>master seed</th><td>42</td>", f"<th>runs</th><td>{RUNS}</td>",
                     "2019-03 .. 2026-06 by month (88 steps)", "<figcaption>", "short.h5"):
        assert expected in text, expected
    assert str(tmp_path) not in text  # no absolute paths in the report
    # The headline: shares of balancing / hedging / bandwagoning at the last step sum to 100 %.
    row = re.search(r"<tr><th>Kazakhstan</th>((?:<td>[0-9.]+ %</td>){3})</tr>", text)
    assert row, text
    shares = [float(v) for v in re.findall(r"([0-9.]+) %", row.group(1))]
    assert sum(shares) == pytest.approx(100, abs=0.2)
    for png in pngs:
        assert (out / png).read_bytes()[:4] == b"\x89PNG"


def test_report_refuses_to_overwrite(history_path, tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    with pytest.raises(ReportExistsError) as err:
        write_report(history_path, out)
    assert str(err.value) == f"{out}: report exists; use --force to overwrite"
    assert os.listdir(out) == ["keep.txt"]
    write_report(history_path, out, force=True)
    assert not (out / "keep.txt").exists() and (out / "index.html").exists()
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")]  # no temporary left behind


def test_a_report_written_meanwhile_is_kept(history_path, tmp_path, monkeypatch):
    out = tmp_path / "report"
    ternary = hedgesim_analysis.plots.ternary_plot

    def theirs_first(*args, **kwargs):
        out.mkdir(exist_ok=True)
        (out / "index.html").write_text("theirs")
        return ternary(*args, **kwargs)

    monkeypatch.setattr(hedgesim_analysis.plots, "ternary_plot", theirs_first)
    with pytest.raises(ReportExistsError, match="written while this ran; use --force to overwrite"):
        write_report(history_path, out)
    assert (out / "index.html").read_text() == "theirs"
    assert sorted(os.listdir(tmp_path)) == ["report"]  # no temporary left behind
    write_report(history_path, out, force=True)
    assert (out / "index.html").read_text() != "theirs"


def test_report_into_an_empty_directory(history_path, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    write_report(history_path, out)
    assert (out / "index.html").exists()
    (tmp_path / "file").write_text("x")
    with pytest.raises(ReportExistsError, match="not a directory"):
        write_report(history_path, tmp_path / "file", force=True)


def test_a_failed_report_leaves_nothing(history_path, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("plot failed")

    monkeypatch.setattr(hedgesim_analysis.plots, "ternary_plot", broken)
    with pytest.raises(RuntimeError, match="plot failed"):
        write_report(history_path, tmp_path / "report")
    assert os.listdir(tmp_path) == []
    # An old report survives a failed replacement.
    monkeypatch.undo()
    old = write_report(history_path, tmp_path / "report")
    before = sorted(os.listdir(old))
    monkeypatch.setattr(hedgesim_analysis.plots, "ternary_plot", broken)
    with pytest.raises(RuntimeError):
        write_report(history_path, old, force=True)
    assert sorted(os.listdir(old)) == before
    assert os.listdir(tmp_path) == ["report"]


def test_report_of_a_sweep(history_path, tmp_path):
    values = np.column_stack([np.linspace(0, 1, RUNS), np.tile([0.2, 0.8], RUNS // 2)])
    sweep = sweep_copy(history_path, tmp_path / "sweep.h5", values, ["russia.inducement", "world.rivalry"])
    out = write_report(sweep, tmp_path / "report")
    names = images(out / "index.html")
    assert {"sweep_response.png", "sweep_heatmap.png"} <= set(names)
    assert "russia.inducement, world.rivalry" in (out / "index.html").read_text(encoding="utf-8")


def test_report_of_a_history_with_some_variables(tmp_path):
    history = run_hedgesim(tmp_path / "some.h5", "--set", "output.variables=[strategy,conditions]", runs=3)
    out = write_report(history, tmp_path / "report")
    assert sorted(images(out / "index.html")) == ["events.png", "strategy_shares.png"]
    assert "(alignment not recorded)" in (out / "index.html").read_text(encoding="utf-8")


def cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "analysis"), MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "hedgesim_analysis", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=ROOT)


def test_command_line(history_path, tmp_path):
    out = tmp_path / "cli_report"
    done = cli("report", history_path, "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {out / 'index.html'}"
    again = cli("report", history_path, "-o", out)
    assert again.returncode == 1
    assert again.stderr.strip() == f"hedgesim_analysis: error: {out}: report exists; use --force to overwrite"
    assert cli("report", history_path, "-o", out, "--force").returncode == 0
    png = tmp_path / "fan.png"
    done = cli("plot", "fan", history_path, "-o", png)
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:4] == b"\x89PNG"
    bad = tmp_path / "bad.h5"
    bad.write_text("x")
    done = cli("plot", "fan", bad, "-o", png)
    assert done.returncode == 1
    assert done.stderr.strip() == f"hedgesim_analysis: error: {bad}: not a hedgesim history file (not an HDF5 file)"
    assert cli("plot", "nope", history_path, "-o", png).returncode == 2


def test_plot_is_written_whole_and_replaced_only_with_force(history_path, tmp_path):
    png = tmp_path / "fan.png"
    png.write_bytes(b"old")
    done = cli("plot", "fan", history_path, "-o", png)
    assert done.returncode == 1
    assert done.stderr.strip() == f"hedgesim_analysis: error: {png}: exists; use --force to overwrite"
    assert png.read_bytes() == b"old"
    done = cli("plot", "posture", history_path, "-o", png, "--force")
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:4] == b"\x89PNG"
    # The format follows the name, as matplotlib's own savefig would take it.
    done = cli("plot", "fan", history_path, "-o", tmp_path / "sub" / "fan.svg")
    assert done.returncode == 0, done.stderr
    assert b"<svg" in (tmp_path / "sub" / "fan.svg").read_bytes()[:400]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["fan.png", "fan.svg", "sub"]  # no temporary left


def test_write_whole_leaves_nothing_when_the_writer_fails(tmp_path):
    from hedgesim_analysis import OutputExistsError, write_whole

    out = tmp_path / "x.png"

    def broken(tmp):
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_whole(out, broken)
    assert os.listdir(tmp_path) == []
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        write_whole(out, broken, force=True)
    assert out.read_bytes() == b"old" and os.listdir(tmp_path) == ["x.png"]

    # A file that appears while the writer runs is kept, unless forced.
    def racing(tmp):
        tmp.write_bytes(b"new")
        (tmp_path / "y.png").write_bytes(b"theirs")

    with pytest.raises(OutputExistsError, match="written while this ran"):
        write_whole(tmp_path / "y.png", racing)
    assert (tmp_path / "y.png").read_bytes() == b"theirs"
    write_whole(tmp_path / "y.png", racing, force=True)
    assert (tmp_path / "y.png").read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["x.png", "y.png"]
    from hedgesim_analysis.files import umask

    assert (tmp_path / "y.png").stat().st_mode & 0o777 == 0o666 & ~umask()  # not mkstemp's private mode


def test_report_of_a_paired_comparison(tmp_path):
    """A `hedgesim compare` file gets the intervention plot, with the effect's direction."""
    from conftest import ROOT, hedgesim_binary
    from hedgesim_analysis import open_history
    from hedgesim_analysis.report import write_report
    from hedgesim_analysis.sensitivity import arm_effects

    binary = hedgesim_binary()
    if not binary.exists():
        pytest.skip(f"hedgesim binary not found at {binary}")
    intervention = tmp_path / "pro_russia.yaml"
    # The leader's course comes from the factions after the 2019 succession, so the intervention
    # is on Russia's side: larger side payments for alignment.
    intervention.write_text(f"extends: {ROOT / 'tests/golden/short.yaml'}\n"
                            "agents: {russia: {levers: {inducement: 0.8}}}\n")
    out = tmp_path / "pairs.h5"
    subprocess.run([str(binary), "compare", str(ROOT / "tests/golden/short.yaml"), str(intervention),
                    "-o", str(out), "--runs", "6"], check=True, capture_output=True)
    with open_history(out) as ds:
        effects = arm_effects(ds)
        russia = effects["mean alignment toward Russia"]
        assert russia.n == 6
        assert russia.low > 0  # larger Russian inducements move the hedger toward Moscow
    report = write_report(out, tmp_path / "report")
    assert (report / "intervention.png").exists()
    assert "intervention.png" in (report / "index.html").read_text()


def test_report_refuses_an_agent_that_is_not_a_hedger(history_path, tmp_path):
    with pytest.raises(ValueError, match="'russia' is not a hedger"):
        write_report(history_path, tmp_path / "report", agent="russia")
    with pytest.raises(ValueError, match="unknown agent 'atlantis'"):
        write_report(history_path, tmp_path / "report", agent="atlantis")
    assert not (tmp_path / "report").exists()
