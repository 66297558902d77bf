"""A plain Python/NumPy reference implementation of the hedgesim step rules.

It re-implements, rule by rule, what sim/engine/simulation.cpp and sim/model/*.cpp compute,
including the Philox random streams, so that the same scenario, master seed and run index
give the same decisions. It exists to dock the engine against (tests/python/test_docking.py)
and as the baseline of the speed comparison (bench/compare_reference.py); see
docs/reference-implementation.md.
"""
from .recorder import simulate_run
from .scenario import Scenario, from_text, load
from .simulation import Simulation

__all__ = ["Scenario", "Simulation", "from_text", "load", "simulate_run"]
