"""``server_rps`` for ``visualizer bench``: requests per second each server mode answers.

Every mode runs with the real client against its loopback server at a fixed slow step of 50 ms
and 100 requests a second, five times what one blocking worker can answer (1/0.05 s = 20/s),
with 4 workers for the pool and the hand-off. The figure is correct answers per second after a
half-second warm-up, until the client stops sending.
"""

from __future__ import annotations

import asyncio
from typing import Any

from visualizer.core.contract import Run
from visualizer.core.recorder import Recorder
from visualizer.scenes.server.scene import SCENE
from visualizer.scenes.server.servers import MODES

SLOW = 0.05
RATE = 100.0
WARM_UP = 0.5


def answered_per_second(mode: str, seconds: float) -> float:
    recorder = Recorder()
    values = SCENE.values(
        {"slow": SLOW, "rate": RATE, "workers": 4, "arrivals": "steady", "timeout": 5.0}
    )
    asyncio.run(SCENE.run(Run(recorder, values, mode, {"max_seconds": seconds})))
    events = recorder.events
    start = next(e.t for e in events if e.kind == "sent") + WARM_UP
    end = start - WARM_UP + seconds
    done = sum(1 for e in events if e.kind == "done" and not e.data["wrong"] and start <= e.t < end)
    return round(done / (end - start), 1)


def server_rps(quick: bool = False) -> dict[str, Any]:
    seconds = 2.0 if quick else 4.0
    return {"server_rps": {mode: answered_per_second(mode, seconds) for mode in MODES}}


def figures(quick: bool = False) -> dict[str, Any]:
    """What ``visualizer bench`` takes from this scene (:attr:`Scene.bench_module`)."""
    return server_rps(quick)
