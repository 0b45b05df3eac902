"""The nearest-rank percentile written out from its definition, to check the code against."""

from __future__ import annotations

import math
from collections.abc import Sequence


def nearest_rank(data: Sequence[float], q: float) -> float:
    """The smallest sample with at least q % of the samples at or below it."""
    ordered = sorted(data)
    return ordered[max(1, math.ceil(q * len(ordered) / 100)) - 1]
