"""Small numeric helpers with the exact semantics of their C++ counterparts."""
from __future__ import annotations

import math


def clamp(x: float, low: float, high: float) -> float:
    """std::clamp: low if x < low, high if high < x, else x (a NaN passes through)."""
    if x < low:
        return low
    if high < x:
        return high
    return x


def positive(x: float) -> float:
    """The positive part, x > 0 ? x : 0 (hedger_utility.cpp)."""
    return x if x > 0 else 0.0


def cmax(a: float, b: float) -> float:
    """std::max: b if a < b, else a."""
    return b if a < b else a


def cmin(a: float, b: float) -> float:
    """std::min: b if b < a, else a."""
    return b if b < a else a


def row_mean(a, row: int) -> float:
    """Eigen's a.row(row).mean() over the three dimensions.

    Eigen 3.4 unrolls a fixed-size sum by halves, x0 + (x1 + x2), not left to right; the
    association changes the last bit in about one case in six, so it is kept here.
    """
    return (a[row][0] + (a[row][1] + a[row][2])) / 3.0


def lround(x: float) -> int:
    """std::lround: to nearest, halves away from zero."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))
