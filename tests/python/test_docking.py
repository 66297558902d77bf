"""Docking: the plain Python reference of the step rules (bench/reference) against the engine.

For each shipped scenario the engine writes a few runs (`hedgesim run`), the reference
simulates the same runs from the same resolved scenario, master seed and run indices, and
the two must agree:

- every discrete outcome exactly: each hedger's chosen move and best alternative per policy
  channel (partner, dimension), its strategy and Kuik postures, its memberships, and the
  event log (which events fired, when, by and on whom: stochastic events, acts such as
  votes and sanctions, regime crises, successions and bargained courses, lever changes);
- every continuous variable to a tight tolerance (see `FLOAT32_RTOL` and `FLOAT64_RTOL`).

The same comparison is shown to fail when one rule parameter is changed on the reference
side only, so a passing test means the two implementations agree, not that the check is blind.
"""
import pathlib
import subprocess
import sys

import h5py
import numpy as np
import pytest

from conftest import hedgesim_binary

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "reference"))

from hedgesim_ref import scenario as reference_scenario  # noqa: E402
from hedgesim_ref import simulate_run  # noqa: E402
from hedgesim_ref.random import philox4x64  # noqa: E402
from hedgesim_ref.utility import TERMS  # noqa: E402

# (scenario file, runs, master seed); the reference scenario is the one bench_ensemble times.
CASES = [
    ("scenarios/post_nazarbayev_succession.yaml", 4, 20190319),
    ("scenarios/historical_1991_2025.yaml", 2, 7),
    ("scenarios/belarus_1994_2025.yaml", 2, 7),
] + [(str(p.relative_to(ROOT)), 1, 11) for p in sorted((ROOT / "scenarios" / "succession").glob("*.yaml"))]

# Why not bitwise: the engine stores its variables as float32, so a double that differs in
# its last bit (libm's exp and log against another implementation's, e.g. NumPy's vectorised
# ones on another machine) can round to neighbouring floats. Two float32 ulps allow for that
# and nothing more. The reference calls the platform libm through `math`, so on one machine
# the float32 values are in fact equal.
FLOAT32_RTOL = 2.0**-22
# Event magnitudes (probabilities of acts, crisis hazards, courses, lever levels) are stored
# as float64: they must agree to 1e-9 relative, again allowing only last-bit differences of
# exp, log and pow between maths libraries.
FLOAT64_RTOL = 1e-9


def engine_history(tmp_path_factory, scenario_file: str, runs: int, seed: int) -> pathlib.Path:
    binary = hedgesim_binary()
    if not binary.exists():
        pytest.skip(f"hedgesim binary not found at {binary}: build it (scripts/build) or set HEDGESIM_BIN")
    out = tmp_path_factory.mktemp("docking") / (pathlib.Path(scenario_file).stem + ".h5")
    subprocess.run([str(binary), "run", str(ROOT / scenario_file), "-o", str(out), "--runs", str(runs), "--seed",
                    str(seed), "--threads", "2", "--quiet"], check=True, capture_output=True, text=True)
    return out


def reference_runs(scenario_file: str, runs: int, seed: int, sets=()):
    """The reference's (variables, events) for runs 0 .. runs-1 of the scenario as the engine resolves it."""
    scenario = reference_scenario.load(hedgesim_binary(), ROOT / scenario_file, list(sets))
    return [simulate_run(scenario, seed, run) for run in range(runs)]


def engine_events(f: h5py.File, run: int) -> list[tuple]:
    ev = f["events"]
    rows = ev["run"][...] == run
    return list(zip(ev["time"][rows], ev["type"].asstr()[rows], ev["actor"].asstr()[rows],
                    ev["target"].asstr()[rows], ev["magnitude"][rows]))


def mismatches(f: h5py.File, run: int, variables: dict, events: list) -> list[str]:
    """Every way the reference's run differs from the engine's run `run` in file `f`."""
    found = []
    for name, ours in sorted(variables.items()):
        theirs = f[name][run]
        if theirs.shape != ours.shape:
            found.append(f"{name}: shape {theirs.shape} in the engine, {ours.shape} in the reference")
        elif ours.dtype.kind != "f":
            differ = theirs != ours
            if differ.any():
                first = tuple(np.argwhere(differ)[0])
                found.append(f"{name}: {differ.sum()} decisions differ, first at {first} "
                             f"(engine {theirs[first]}, reference {ours[first]})")
        else:
            close = np.isclose(theirs, ours.astype(np.float32), rtol=FLOAT32_RTOL, atol=0.0, equal_nan=True)
            if not close.all():
                first = tuple(np.argwhere(~close)[0])
                found.append(f"{name}: {(~close).sum()} values differ, first at {first} "
                             f"(engine {theirs[first]!r}, reference {ours[first]!r})")
    theirs = engine_events(f, run)
    ours = [(e.time, e.type, e.actor, e.target, e.magnitude) for e in events]
    if [e[:4] for e in theirs] != [e[:4] for e in ours]:
        at = next((i for i, (a, b) in enumerate(zip(theirs, ours)) if a[:4] != b[:4]), min(len(theirs), len(ours)))
        found.append(f"events: {len(theirs)} in the engine, {len(ours)} in the reference; first difference at "
                     f"row {at}: engine {theirs[at:at + 1]}, reference {ours[at:at + 1]}")
    else:
        for a, b in zip(theirs, ours):
            if not np.isclose(a[4], b[4], rtol=FLOAT64_RTOL, atol=0.0):
                found.append(f"event {a[1]} at {a[0]}: magnitude {a[4]!r} in the engine, {b[4]!r} in the reference")
    return found


@pytest.fixture(scope="module", params=CASES, ids=[pathlib.Path(c[0]).stem for c in CASES])
def docked(request, tmp_path_factory):
    scenario_file, runs, seed = request.param
    history = engine_history(tmp_path_factory, scenario_file, runs, seed)
    return history, reference_runs(scenario_file, runs, seed)


def test_reference_reproduces_the_engine(docked):
    history, runs = docked
    with h5py.File(history, "r") as f:
        assert len(f["run"]) == len(runs)
        for run, (variables, events) in enumerate(runs):
            assert variables, "the reference recorded nothing"
            assert mismatches(f, run, variables, events) == [], f"run {run}"


def test_every_recorded_variable_is_docked(docked):
    """The reference records every dataset the engine writes, so none escapes the comparison."""
    history, runs = docked
    with h5py.File(history, "r") as f:
        datasets = []
        f.visititems(lambda name, obj: datasets.append(name) if isinstance(obj, h5py.Dataset) else None)
        coordinates = {"run", "time", "date", "agent", "agent_name", "agent_role", "partner", "hedger", "power",
                       "dimension", "channel", "term"}
        engine = {name for name in datasets if name not in coordinates and not name.startswith("events/")}
        # The reference lays the utility terms out in its own order: it must be the file's.
        if "term" in f:
            assert list(f["term"].asstr()[...]) == list(TERMS)
    assert engine == set(runs[0][0])


def test_a_changed_rule_parameter_breaks_the_docking(tmp_path_factory):
    """Appeasement 0.5 -> 0.55 on the reference side only must change the hedger's decisions."""
    scenario_file, runs, seed = CASES[0]
    history = engine_history(tmp_path_factory, scenario_file, 1, seed)
    (variables, events), = reference_runs(scenario_file, 1, seed, ["model.appeasement=0.55"])
    with h5py.File(history, "r") as f:
        found = mismatches(f, 0, variables, events)
    assert any(m.startswith("decision/move_") for m in found), found


def test_a_different_run_index_breaks_the_docking(tmp_path_factory):
    """The reference's run 1 is not the engine's run 0: the random streams are keyed by run."""
    scenario_file, runs, seed = CASES[0]
    history = engine_history(tmp_path_factory, scenario_file, 1, seed)
    scenario = reference_scenario.load(hedgesim_binary(), ROOT / scenario_file)
    variables, events = simulate_run(scenario, seed, 1)
    with h5py.File(history, "r") as f:
        assert any("decisions differ" in m for m in mismatches(f, 0, variables, events))


@pytest.mark.parametrize("counter, key, expected", [
    # Known-answer vectors of Philox4x64-10 published with Random123 (kat_vectors).
    ([0, 0, 0, 0], [0, 0], [0x16554D9ECA36314C, 0xDB20FE9D672D0FDC, 0xD7E772CEE186176B, 0x7E68B68AEC7BA23B]),
    ([(1 << 64) - 1] * 4, [(1 << 64) - 1] * 2,
     [0x87B092C3013FE90B, 0x438C3C67BE8D0224, 0x9CC7D7C69CD777B6, 0xA09CAEBF594F0BA0]),
    ([0x243F6A8885A308D3, 0x13198A2E03707344, 0xA4093822299F31D0, 0x082EFA98EC4E6C89],
     [0x452821E638D01377, 0xBE5466CF34E90C6C],
     [0xA528F45403E61D95, 0x38C72DBD566E9788, 0xA5A1610E72FD18B5, 0x57BD43B5E52B7FE6]),
])
def test_reference_philox_known_answers(counter, key, expected):
    assert philox4x64(counter, key) == expected
