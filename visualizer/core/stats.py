"""The one percentile rule every figure uses, on screen and in ``visualizer bench``.

Nearest rank (the smallest sample with at least q % of the samples at or below it) is what
latency tools report: the value is always one that really happened, never an interpolation
between two requests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(samples: Iterable[float], q: float) -> float | None:
    """Nearest-rank ``q``-th percentile (``q`` from 0 to 100); None when there are no samples."""
    data = sorted(samples)
    if not data:
        return None
    rank = math.ceil(q * len(data) / 100.0)  # q * n first: 95 * 20 / 100 is exactly 19
    return float(data[min(len(data), max(1, rank)) - 1])
