"""Counter-based random numbers: Random123's Philox4x64-10, as the engine uses it.

Mirrors include/hedgesim/core/random.hpp and sim/core/random.cpp. Every draw is a pure
function of its key (master seed, run) and counter (agent, step, stream, substream, block),
so the reference reproduces the engine's numbers draw for draw.

The arithmetic is uint64 (modulo 2**64), written with Python integers and an explicit mask,
which keeps the 64 x 64 -> 128-bit products of Philox exact.
"""
from __future__ import annotations

import enum
import math

MASK64 = (1 << 64) - 1

# Philox4x64 multipliers and Weyl key increments (Salmon et al. 2011; Random123 philox.h).
PHILOX_M0 = 0xD2E7470EE14C6C93
PHILOX_M1 = 0xCA5A826395121157
PHILOX_W0 = 0x9E3779B97F4A7C15  # golden ratio
PHILOX_W1 = 0xBB67AE8584CAA73B  # sqrt(3) - 1
PHILOX_ROUNDS = 10

#: Agent slot for draws that belong to no agent (world-level events); kNoAgent.
NO_AGENT = 0xFFFFFFFF


class Stream(enum.IntEnum):
    """Named streams (enum class Stream in random.hpp)."""

    EVENTS = 1
    HEDGER_CHOICE = 2
    GREAT_POWER = 3
    PERCEPTION = 4
    DESIGN = 5
    DOMESTIC = 6
    MEMBERSHIP = 7
    ACTS = 8


def mulhilo64(a: int, b: int) -> tuple[int, int]:
    """The high and low 64-bit words of the 128-bit product a * b."""
    product = a * b
    return product >> 64, product & MASK64


def philox_round(ctr: list[int], key: list[int]) -> list[int]:
    """One Philox4x64 round (_philox4x64round)."""
    hi0, lo0 = mulhilo64(PHILOX_M0, ctr[0])
    hi1, lo1 = mulhilo64(PHILOX_M1, ctr[2])
    return [hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0]


def philox4x64(ctr: list[int], key: list[int], rounds: int = PHILOX_ROUNDS) -> list[int]:
    """Philox4x64-R of a four-word counter under a two-word key; the key is bumped between rounds."""
    ctr = [c & MASK64 for c in ctr]
    key = [k & MASK64 for k in key]
    for r in range(rounds):
        if r > 0:
            key = [(key[0] + PHILOX_W0) & MASK64, (key[1] + PHILOX_W1) & MASK64]
        ctr = philox_round(ctr, key)
    return ctr


# r123::u01<double>: x * 2**-64 + 2**-65, with 2**-64 = 1 / (double(2**64 - 1) + 1).
_U01_FACTOR = 2.0**-64
_U01_HALF = 2.0**-65


def u01(word: int) -> float:
    """Random123's u01<double>: a 64-bit word to (0, 1], centred in its interval.

    float(word) rounds to nearest as the C++ conversion does; the product is exact and the
    sum rounds once, as in C++ without fused multiply-add.
    """
    return float(word) * _U01_FACTOR + _U01_HALF


class RandomStream:
    """The uniform draws of one (seed, run, agent, step, stream, substream) key (RandomStream)."""

    def __init__(self, master_seed: int, run: int, agent: int, step: int, stream: Stream, substream: int = 0):
        self._key = [master_seed & MASK64, run & MASK64]
        self._counter = [((agent & 0xFFFFFFFF) << 32) | (step & 0xFFFFFFFF),
                         ((int(stream) & 0xFFFFFFFF) << 32) | (substream & 0xFFFFFFFF), 0, 0]
        self._block: list[int] = []
        self._used = 4

    def uniform(self) -> float:
        """Uniform double in (0, 1); the rare draws that round to exactly 1.0 are skipped."""
        while True:
            if self._used == 4:
                self._block = philox4x64(self._counter, self._key)
                self._counter[3] = (self._counter[3] + 1) & MASK64
                self._used = 0
            u = u01(self._block[self._used])
            self._used += 1
            if u < 1.0:
                return u

    def normal(self) -> float:
        """Standard normal by Box-Muller on two uniforms (RandomStream::normal)."""
        u1 = self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
