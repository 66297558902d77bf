#!/usr/bin/env python3
"""The C++ engine against the plain Python reference (bench/reference), side by side.

One invocation times, on the same scenario, master seed and runs 0 .. N-1:

  engine, file     `hedgesim run SCENARIO -o OUT.h5 --runs N --seed S --threads 1
                   --compression none --quiet`: a whole process that loads the scenario,
                   simulates, records every variable and writes the HDF5 file (wall and CPU
                   time of the process);
  engine, memory   `build/bench/hedgesim_bench --benchmark_filter=SimulateRun`
                   (bench/bench_ensemble.cpp, BM_SimulateRun): simulation and recording of one
                   run in memory, no output, the scenario's own seed, runs 0, 1, 2, ... for as
                   many iterations as the benchmark library chooses; skipped if the bench
                   binary is not built (scripts/build --target hedgesim_bench);
  reference        the Python reference simulating and recording every variable of the same
                   N runs in memory (no output), after reading the resolved scenario once.

The reference's runs are then checked against the engine's file (moves and event log), so
the two sides did the same work. The ratio column is reference time over engine time per
run; CPU time is the fairer figure on a busy machine.

usage: .venv/bin/python bench/compare_reference.py [--runs N] [--seed S] [--scenario FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench" / "reference"))

from hedgesim_ref import scenario as reference_scenario  # noqa: E402
from hedgesim_ref import simulate_run  # noqa: E402

DEFAULT_SCENARIO = "scenarios/post_nazarbayev_succession.yaml"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_engine_file(binary: pathlib.Path, scenario: pathlib.Path, runs: int, seed: int,
                     out: pathlib.Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `hedgesim run` process writing all N runs."""
    cpu = children_cpu()
    start = time.perf_counter()
    subprocess.run([str(binary), "run", str(scenario), "-o", str(out), "--runs", str(runs), "--seed", str(seed),
                    "--threads", "1", "--compression", "none", "--quiet"], check=True, capture_output=True)
    return time.perf_counter() - start, children_cpu() - cpu


def time_engine_memory(bench: pathlib.Path, min_time: float) -> tuple[float, float, int] | None:
    """Wall and CPU seconds per run of BM_SimulateRun, and its iteration count; None without the binary."""
    if not bench.exists():
        return None
    result = subprocess.run([str(bench), "--benchmark_filter=SimulateRun", f"--benchmark_min_time={min_time}",
                             "--benchmark_format=json"], check=True, capture_output=True, text=True)
    entry = json.loads(result.stdout)["benchmarks"][0]
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[entry["time_unit"]]
    return entry["real_time"] * scale, entry["cpu_time"] * scale, int(entry["iterations"])


def time_reference(scenario, runs: int, seed: int) -> tuple[float, float, list]:
    """Wall and CPU seconds of the reference simulating and recording runs 0 .. N-1, and the results."""
    start = time.perf_counter()
    cpu = time.process_time()
    results = [simulate_run(scenario, seed, run) for run in range(runs)]
    return time.perf_counter() - start, time.process_time() - cpu, results


def same_work(history: pathlib.Path, results: list) -> bool:
    """Whether the reference made the engine's moves and logged the engine's events in every run."""
    with h5py.File(history, "r") as f:
        ev = f["events"]
        run_of = ev["run"][...]
        types = ev["type"].asstr()[...]
        for run, (variables, events) in enumerate(results):
            for name in ("decision/move_partner", "decision/move_dimension"):
                if not np.array_equal(f[name][run], variables[name]):
                    return False
            if list(types[run_of == run]) != [e.type for e in events]:
                return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO, help="scenario file (default: the reference scenario)")
    parser.add_argument("--runs", type=int, default=20, help="runs on each side (default 20)")
    parser.add_argument("--seed", type=int, default=None, help="master seed (default: the scenario's)")
    parser.add_argument("--bin", default=os.environ.get("HEDGESIM_BIN", "build/hedgesim"), help="hedgesim binary")
    parser.add_argument("--bench", default="build/bench/hedgesim_bench", help="hedgesim_bench binary")
    parser.add_argument("--min-time", type=float, default=2.0, help="benchmark_min_time of BM_SimulateRun [s]")
    args = parser.parse_args()

    binary = pathlib.Path(args.bin) if pathlib.Path(args.bin).is_absolute() else ROOT / args.bin
    bench = pathlib.Path(args.bench) if pathlib.Path(args.bench).is_absolute() else ROOT / args.bench
    scenario_file = ROOT / args.scenario
    scenario = reference_scenario.load(binary, scenario_file)
    seed = scenario.seed if args.seed is None else args.seed

    with tempfile.TemporaryDirectory() as tmp:
        history = pathlib.Path(tmp) / "engine.h5"
        engine_wall, engine_cpu = time_engine_file(binary, scenario_file, args.runs, seed, history)
        memory = time_engine_memory(bench, args.min_time)
        ref_wall, ref_cpu, results = time_reference(scenario, args.runs, seed)
        docked = same_work(history, results)

    n = args.runs
    print(f"scenario {args.scenario}, seed {seed}, {scenario.name}: "
          f"{len(results[0][0]['alignment'])} steps per run, every variable recorded")
    print(f"reference decisions and events identical to the engine's in all {n} runs: {'yes' if docked else 'NO'}")
    print()
    header = f"{'side':<46} {'runs':>6} {'wall s':>9} {'cpu s':>9} {'runs/s (cpu)':>13} {'ratio (cpu)':>12}"
    print(header)
    print("-" * len(header))
    ref_per_run = ref_cpu / n
    rows = [("engine, file (hedgesim run, 1 thread, HDF5)", n, engine_wall, engine_cpu)]
    if memory is not None:
        wall, cpu, iterations = memory
        rows.append((f"engine, memory (BM_SimulateRun, {iterations} it.)", iterations, wall * iterations,
                     cpu * iterations))
    rows.append(("reference, memory (Python/NumPy)", n, ref_wall, ref_cpu))
    for name, runs, wall, cpu in rows:
        ratio = ref_per_run / (cpu / runs)
        print(f"{name:<46} {runs:>6} {wall:>9.3f} {cpu:>9.3f} {runs / cpu:>13.1f} {ratio:>11.0f}x")
    print()
    print("ratio: the reference's CPU time per run over the side's; the target is an engine >= 100x faster.")
    return 0 if docked else 1


if __name__ == "__main__":
    sys.exit(main())
