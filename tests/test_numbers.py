"""The numbers the scenes show, checked against independent computations.

The statistics are tested on known inputs (percentiles against :func:`statistics.quantiles` and
the nearest-rank definition, rates on a fixed event list, lag). The metrics of real runs are then
recomputed here straight from the recorded events, never with the code's own formulas: response
p50/p95 from the request and response times, Little's law half way through a run from the area
under the number of messages in the system, elapsed time and worst lag from the trace.
"""

from __future__ import annotations

import asyncio
import math
import random
import statistics
from collections.abc import Sequence
from typing import Any

import pytest

from visualizer.bench import _percentile as bench_percentile
from visualizer.core.recorder import Event, Recorder
from visualizer.core.task_state import LoopReducer
from visualizer.core.timeline import Timeline
from visualizer.scenes.base import Run
from visualizer.scenes.event_loop import SCENE as EVENT_LOOP
from visualizer.scenes.queue import SCENE as QUEUE
from visualizer.scenes.queue import measure
from visualizer.scenes.queue.state import QueueReducer, QueueState, percentile


def nearest_rank(data: Sequence[float], q: float) -> float:
    """The smallest sample with at least q % of the samples at or below it."""
    ordered = sorted(data)
    return ordered[max(1, math.ceil(q * len(ordered) / 100)) - 1]


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


def test_bench_percentile_is_within_one_rank_of_statistics_quantiles() -> None:
    rng = random.Random(7)
    for n in (2, 5, 10, 33, 100, 250):
        data = sorted(rng.uniform(0, 1) for _ in range(n))
        for q in (0.5, 0.95):
            got = bench_percentile(data, q)
            reference = statistics.quantiles(data, n=100, method="inclusive")[round(q * 100) - 1]
            i = data.index(got)
            assert data[max(0, i - 1)] <= reference <= data[min(n - 1, i + 1)], (n, q)


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
    shown = {m.label.source: m.value for m in EVENT_LOOP.metrics(state, 1.0)}
    assert shown["Worst loop lag"] == "151 ms"
    assert shown["Elapsed (measured)"] == "0.750 s"
    assert shown["Tasks done"] == "1/1"


# -- metrics of real runs against the trace ----------------------------------------------------
def run_queue(preset: str, overrides: dict[str, Any], max_requests: int) -> Recorder:
    recorder = Recorder()
    run = Run(recorder, QUEUE.values(overrides), preset, {"max_requests": max_requests})
    asyncio.run(asyncio.wait_for(QUEUE.run(run), 60))
    recorder.finish()
    return recorder


def as_seconds(text: str) -> tuple[float, float]:
    """The value shown and how far rounding may have moved it (ms: 0.5 ms, s: 5 ms)."""
    number, unit = text.split()
    if unit == "ms":
        return float(number) / 1000, 0.0005
    return float(number), 0.005


@pytest.fixture(scope="module")
def queue_run() -> Recorder:
    overrides = {"rate": 25, "delay": 0.15, "jitter": 0.1, "consumers": 2, "failure": 0}
    return run_queue("email", overrides, 60)


def test_response_and_delivery_percentiles_on_screen_match_the_trace(queue_run: Recorder) -> None:
    events = queue_run.events
    t = queue_run.newest_time()
    state = Timeline(events, QUEUE.reducer()).state_at(t)
    began = {e.data["req"]: e.t for e in events if e.kind == "request"}
    responses = [e.t - began[e.data["req"]] for e in events if e.kind == "response"]
    assert len(responses) == 60
    born = {e.data["msg"]: began[e.data["req"]] for e in events if e.kind == "enqueued"}
    deliveries = [e.t - born[e.data["msg"]] for e in events if e.kind == "acked"]
    shown = {m.label.source: m.value for m in QUEUE.metrics(state, t)}
    for label, samples in (("Response p50/p95", responses), ("Delivery p50/p95", deliveries)):
        (p50, r50), (p95, r95) = (as_seconds(x) for x in shown[label].split(" / "))
        assert p50 == pytest.approx(nearest_rank(samples, 50), abs=r50 + 1e-9), label
        assert p95 == pytest.approx(nearest_rank(samples, 95), abs=r95 + 1e-9), label
    # with a backlog, p95 of delivery is well above its median: a "max" or "median" mix-up shows
    assert nearest_rank(deliveries, 95) < max(deliveries) or len(set(deliveries)) < 20


def test_littles_law_half_way_through_a_run_from_the_area_under_the_count(
    queue_run: Recorder,
) -> None:
    events = queue_run.events
    t = queue_run.newest_time() / 2
    # the number in the system straight from the trace: in on enqueue, out on ack or dead letter
    area, count, last = 0.0, 0, 0.0
    entered, stay = 0, []
    born: dict[int, float] = {}
    for e in events:
        if e.t > t:
            break
        area += count * (e.t - last)
        last = e.t
        if e.kind == "enqueued":
            count += 1
            entered += 1
            born[e.data["msg"]] = e.t
        elif e.kind in ("acked", "dead_lettered"):
            count -= 1
            stay.append(e.t - born[e.data["msg"]])
    area += count * (t - last)
    assert count > 0, "half way through, messages should still be in the system"
    m = measure(Timeline(events, QUEUE.reducer()).state_at(t), t)
    assert m.little_l == pytest.approx(area / t, rel=1e-6)
    assert m.little_lambda == pytest.approx(entered / t, rel=1e-6)
    assert m.little_w == pytest.approx(sum(stay) / len(stay), rel=1e-6)
    shown = {x.label.source: x.value for x in QUEUE.metrics(m_state(events, t), t)}
    assert shown["Little's law L vs λ·W"] == (
        f"L {area / t:.2f} · λ·W {entered / t * sum(stay) / len(stay):.2f}"
    )


def m_state(events: Sequence[Event], t: float) -> QueueState:
    return Timeline(events, QUEUE.reducer()).state_at(t)


def test_event_loop_elapsed_and_lag_on_screen_match_the_trace() -> None:
    recorder = Recorder()
    values = EVENT_LOOP.values({"tasks": 3, "delay1": 0.3, "delay2": 0.2, "delay3": 0.1})
    asyncio.run(asyncio.wait_for(EVENT_LOOP.run(Run(recorder, values, "time-sleep")), 30))
    recorder.finish()
    events = recorder.events
    main = [e for e in events if e.actor == "T1"]
    created = next(e.t for e in main if e.kind == "created")
    finished = next(e.t for e in main if e.kind == "finished")
    worst = max(float(e.data["lag"]) for e in events if e.kind == "lag")
    assert worst >= 0.25, "time.sleep(0.3) in job1 must show as lag"
    t = recorder.newest_time()
    state = Timeline(events, EVENT_LOOP.reducer()).state_at(t)
    shown = {m.label.source: m.value for m in EVENT_LOOP.metrics(state, t)}
    assert shown["Elapsed (measured)"] == f"{finished - created:.3f} s"
    assert shown["Worst loop lag"] == f"{worst * 1000:.0f} ms"
    assert shown["Tasks done"] == "4/4"
