"""The numbers the scenes show, checked against independent computations.

The statistics on known inputs: percentiles against :func:`statistics.quantiles` and the
nearest-rank definition, rates, Little's law and lag on fixed event lists. Fast and Qt-free, so
the mutation check (tools/mutation.sh) runs them; test_numbers_of_runs.py checks real runs.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.support.ranks import nearest_rank
from visualizer.core.recorder import Event
from visualizer.core.stats import percentile
from visualizer.core.task_state import LoopReducer
from visualizer.core.timeline import Timeline
from visualizer.scenes.event_loop import SCENE as EVENT_LOOP
from visualizer.scenes.queue import measure
from visualizer.scenes.queue.state import QueueReducer, QueueState


# -- statistics on known inputs -----------------------------------------------------------------
@pytest.mark.parametrize("q", [50, 90, 95, 99])
def test_percentile_is_the_nearest_rank_and_agrees_with_statistics_quantiles(q: int) -> None:
    rng = random.Random(q)
    for n in range(1, 120):
        data = [rng.uniform(0, 10) for _ in range(n)]
        p = percentile(data, q)
        assert p == nearest_rank(data, q), f"n={n}"
        below = sum(1 for x in data if x <= p)
        assert below >= q * n / 100 > below - 1  # at least q %, and the smallest such sample
        if n >= 2:
            ordered = sorted(data)
            reference = statistics.quantiles(data, n=100, method="inclusive")[q - 1]
            # the interpolated quantile lies between p's neighbours
            i = ordered.index(p)
            assert ordered[max(0, i - 1)] <= reference <= ordered[min(n - 1, i + 1)], f"n={n}"


def test_percentile_of_nothing_is_none_and_of_one_sample_is_that_sample() -> None:
    assert percentile([], 95) is None
    assert percentile([0.25], 50) == 0.25
    assert percentile([3, 1, 2], 50) == 2.0
    assert percentile(range(1, 101), 95) == 95.0
    assert percentile(range(1, 101), 50) == 50.0
    assert percentile(range(1, 21), 95) == 19.0


def test_the_queue_scene_and_the_bench_share_the_one_percentile_rule() -> None:
    from visualizer.core import stats
    from visualizer.scenes.queue import captions

    assert percentile is stats.percentile and captions.percentile is stats.percentile
    source = (Path(stats.__file__).parents[1] / "commands" / "bench.py").read_text("utf-8")
    assert "from visualizer.core.stats import percentile" in source


def _msg_events(times: Sequence[float]) -> list[Event]:
    """Messages enqueued at ``times``, each delivered 10 ms and acknowledged 30 ms later."""
    start = {"preset": "email", "job": "email", "queued": True, "settings": {}}
    events = [Event(0.0, "run_start", "broker", start)]
    for i, t in enumerate(times, start=1):
        events.append(Event(t, "enqueued", "broker", {"msg": i, "req": i, "line": 1}))
        delivered = {"msg": i, "attempt": 1, "worker": "w1", "line": 1}
        events.append(Event(t + 0.01, "delivered", "broker", delivered))
        events.append(Event(t + 0.03, "acked", "broker", {"msg": i, "worker": "w1", "line": 1}))
    events.sort(key=lambda e: e.t)
    return events


def state_after(events: Sequence[Event], t: float) -> QueueState:
    return Timeline(events, QueueReducer()).state_at(t)


def test_rates_count_the_last_two_seconds() -> None:
    times = [0.005 + 0.1 * k for k in range(60)]  # ten a second for six seconds
    events = _msg_events(times)
    state = state_after(events, 4.0)
    assert state.rate("produced", 4.0) == pytest.approx(10.0, abs=0.5)
    assert state.rate("acked", 4.0) == pytest.approx(10.0, abs=0.5)
    # early on the rate is over the time so far, not over a window that has not happened
    early = state_after(events, 0.5)
    assert early.rate("produced", 0.5) == pytest.approx(5 / 0.5, abs=2.1)
    # after the arrivals stop, the rate falls to nothing once the window has passed
    late = state_after(events, 9.0)
    assert late.rate("produced", 9.0) == 0.0


def test_littles_law_on_a_fixed_trace() -> None:
    times = [0.1 * k for k in range(1, 31)]  # one every 0.1 s, each 30 ms in the system
    events = _msg_events(times)
    state = state_after(events, 2.0)
    m = measure(state, 2.0)
    # 20 entered by t = 2.0 (the 20th at 2.0 itself, no time in yet); the 19 before left after 30 ms
    assert state.produced == 20
    assert m.little_lambda == pytest.approx(20 / 2.0)
    assert m.little_w == pytest.approx(0.03, abs=1e-9)
    assert m.little_l == pytest.approx(19 * 0.03 / 2.0, abs=1e-6)
    assert state.area_at(2.0) == pytest.approx(19 * 0.03, abs=1e-6)


def test_worst_lag_and_elapsed_on_a_fixed_trace() -> None:
    events = [
        Event(0.0, "created", "T1", {"coro": "main"}),
        Event(0.001, "started", "T1", {"name": "main"}),
        Event(0.2, "lag", "loop", {"lag": 0.004}),
        Event(0.4, "lag", "loop", {"lag": 0.151}),
        Event(0.6, "lag", "loop", {"lag": 0.0}),
        Event(0.75, "finished", "T1"),
    ]
    state = Timeline(events, LoopReducer()).state_at(1.0)
    assert state.max_lag() == 0.151
    assert state.elapsed() == 0.75
    assert state.stalled_until(0.3) and not state.stalled_until(0.1)
    shown = {m.label.source: m.value_text() for m in EVENT_LOOP.metrics(state, 1.0)}
    assert shown["Loop blocked by the code (longest)"] == "0.15 s"
    assert shown["main() ran for (measured)"] == "0.750 s"
    assert shown["Tasks done"] == "1/1"
