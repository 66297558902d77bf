"""Shared fixtures: small real history files made with the built hedgesim binary.

The binary is taken from $HEDGESIM_BIN (default build/hedgesim, relative to the
repository root); tests that need a history are skipped when it is missing.
"""
import os
import pathlib
import shutil
import subprocess
import sys

import h5py
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "analysis"))

SHORT = ROOT / "tests" / "golden" / "short.yaml"
RUNS = 8


def hedgesim_binary() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("HEDGESIM_BIN", "build/hedgesim"))
    return path if path.is_absolute() else ROOT / path


def run_hedgesim(out, *extra, runs=RUNS):
    binary = hedgesim_binary()
    if not binary.exists():
        pytest.skip(f"hedgesim binary not found at {binary}: build it (scripts/build) or set HEDGESIM_BIN")
    subprocess.run([str(binary), "run", str(SHORT), "-o", str(out), "--runs", str(runs), *extra],
                   check=True, capture_output=True, text=True)
    return out


def run_sweep(tmp_path, text, name="sweep"):
    """Writes `text` as a sweep file in tmp_path and runs `hedgesim sweep` on it; returns the output."""
    binary = hedgesim_binary()
    if not binary.exists():
        pytest.skip(f"hedgesim binary not found at {binary}: build it (scripts/build) or set HEDGESIM_BIN")
    sweep = tmp_path / f"{name}.yaml"
    sweep.write_text(text)
    out = tmp_path / f"{name}.h5"
    subprocess.run([str(binary), "sweep", str(sweep), "-o", str(out), "--quiet"], check=True, capture_output=True,
                   text=True)
    return out


@pytest.fixture(scope="session")
def history_path(tmp_path_factory):
    """tests/golden/short.yaml with 8 runs (2019-03 .. 2026-06, monthly)."""
    return run_hedgesim(tmp_path_factory.mktemp("history") / "short.h5")


@pytest.fixture(scope="session")
def treated_path(tmp_path_factory):
    """The same runs with Russia's inducement raised from 0.2 to 0.8 (paired with history_path)."""
    return run_hedgesim(tmp_path_factory.mktemp("treated") / "short_inducement.h5",
                        "--set", "agents.russia.levers.inducement=0.8")


@pytest.fixture()
def ds(history_path):
    from hedgesim_analysis import open_history

    with open_history(history_path) as data:
        yield data


def sweep_copy(src, dst, values, names):
    """A copy of a run history with the datasets a sweep file adds: params[run, param]
    and the dimension scale param."""
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        scale = f.create_dataset("param", data=np.array(names, dtype=object), dtype=h5py.string_dtype())
        scale.make_scale("param")
        scale.attrs["long_name"] = "swept parameter"
        params = f.create_dataset("params", data=np.asarray(values, dtype=float), dtype="f8")
        params.dims[0].attach_scale(f["run"])
        params.dims[1].attach_scale(scale)
    return dst
