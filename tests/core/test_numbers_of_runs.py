"""The metrics of real runs, recomputed here straight from the recorded events, never with the
code's own formulas: response and delivery p50/p95 from the request, enqueue, ack and response
times, Little's law half way through a run from the area under the number of messages in the
system, the event loop's elapsed time and worst lag from the trace.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from tests.support.ranks import nearest_rank
from visualizer.core.contract import Run
from visualizer.core.recorder import Event, Recorder
from visualizer.core.timeline import Timeline
from visualizer.scenes.event_loop import SCENE as EVENT_LOOP
from visualizer.scenes.queue import SCENE as QUEUE
from visualizer.scenes.queue import measure
from visualizer.scenes.queue.state import QueueState


def run_queue(preset: str, overrides: dict[str, Any], max_requests: int) -> Recorder:
    recorder = Recorder()
    run = Run(recorder, QUEUE.values(overrides), preset, {"max_requests": max_requests})
    asyncio.run(asyncio.wait_for(QUEUE.run(run), 60))
    recorder.finish()
    return recorder


def as_seconds(text: str) -> tuple[float, float]:
    """The value shown and how far rounding may have moved it (half its last digit)."""
    number, unit = text.split()
    assert unit == "s", text  # one unit everywhere, as the pictures write it
    return float(number), 0.5 * 10 ** -len(number.partition(".")[2])


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
    shown = {m.label.source: m.value_text() for m in QUEUE.metrics(state, t)}
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
    shown = {m.label.source: m.value_text() for m in EVENT_LOOP.metrics(state, t)}
    assert shown["main() ran for (measured)"] == f"{finished - created:.3f} s"
    assert shown["Loop blocked by the code (longest)"] == f"{worst:.2f} s"
    assert shown["Tasks done"] == "4/4"
