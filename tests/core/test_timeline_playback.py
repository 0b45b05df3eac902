"""The timeline answers the state at any time; playback moves only the shown time."""

from __future__ import annotations

import asyncio
import copy

import pytest

from visualizer.core.playback import MAX_SPEED, MIN_SPEED, Playback
from visualizer.core.recorder import Event, Recorder
from visualizer.core.task_state import DONE, READY, RUNNING, WAITING, LoopReducer
from visualizer.core.timeline import Timeline
from visualizer.core.tracer import AsyncTracer
from visualizer.scenes.event_loop import presets


class CountReducer:
    def initial(self) -> dict[str, int]:
        return {}

    def apply(self, state: dict[str, int], event: Event) -> None:
        state[event.kind] = state.get(event.kind, 0) + 1

    def copy(self, state: dict[str, int]) -> dict[str, int]:
        return dict(state)


def test_checkpointed_state_equals_a_plain_fold() -> None:
    events = [Event(i * 0.01, "k" + str(i % 3), "a") for i in range(1000)]
    timeline = Timeline(events, CountReducer(), checkpoint_every=64)
    for t in (0.0, 0.005, 0.63, 0.64, 5.0, 9.99, 20.0):
        naive: dict[str, int] = {}
        for event in events:
            if event.t <= t:
                CountReducer().apply(naive, event)
        assert timeline.state_at(t) == naive
    assert timeline.next_event_time(0.0) == pytest.approx(0.01)
    assert timeline.prev_event_time(0.01) == pytest.approx(0.0)
    assert timeline.prev_event_time(0.0) is None
    assert timeline.next_event_time(9.99) is None


def test_state_returned_is_independent_of_later_calls() -> None:
    events = [Event(i * 0.1, "k", "a") for i in range(10)]
    timeline = Timeline(events, CountReducer(), checkpoint_every=4)
    early = timeline.state_at(0.25)
    snapshot = copy.deepcopy(early)
    timeline.state_at(0.95)
    assert early == snapshot


def test_timeline_follows_a_growing_recording() -> None:
    recorder = Recorder()
    timeline = Timeline(recorder, CountReducer(), checkpoint_every=2)
    recorder.emit("x", "a")
    assert timeline.state_at(recorder.now()) == {"x": 1}
    for _ in range(5):
        recorder.emit("y", "a")
    assert timeline.state_at(recorder.now()) == {"x": 1, "y": 5}


def test_scrubbing_back_shows_the_earlier_task_states() -> None:
    recorder = Recorder()
    asyncio.run(AsyncTracer(recorder).run(lambda: presets.sequential([0.05, 0.05])))
    timeline = Timeline(recorder, LoopReducer())
    end = timeline.end_time()
    late = timeline.state_at(end)
    early = timeline.state_at(0.03)
    root = next(iter(late.tasks))
    assert late.tasks[root].state == DONE
    assert early.tasks[root].state == WAITING
    wait = early.tasks[root].wait or {}
    assert wait["kind"] == "sleep"
    # ... and going forward again gives the later state back
    assert timeline.state_at(end).tasks[root].state == DONE
    # each task went through ready and running on its way
    seen = {seg.state for seg in late.tasks[root].segments}
    assert {READY, RUNNING, WAITING} <= seen


def test_playback_live_pause_speed_seek_step() -> None:
    pb = Playback()
    pb.advance(0.1, end=1.0)
    assert pb.t == 1.0 and pb.live
    pb.pause()
    pb.advance(0.5, end=2.0)
    assert pb.t == 1.0
    pb.set_speed(0.25)
    pb.play(end=2.0)
    pb.advance(1.0, end=2.0)
    assert pb.t == pytest.approx(1.25)
    assert not pb.live
    pb.seek(0.5, end=2.0)
    assert pb.t == 0.5 and not pb.live
    pb.seek(-3, end=2.0)
    assert pb.t == 0.0
    pb.seek(99, end=2.0)
    assert pb.t == 2.0
    pb.step_to(1.5)
    assert pb.t == 1.5 and not pb.playing
    pb.set_speed(100)
    assert pb.speed == MAX_SPEED
    pb.set_speed(0)
    assert pb.speed == MIN_SPEED
    pb.set_speed(1.0)
    pb.play(end=2.0)
    pb.advance(10, end=2.0)
    assert pb.t == 2.0 and pb.live
    pb.set_speed(0.5)
    pb.pause()
    pb.go_live()
    pb.advance(0.1, end=3.0)
    assert (pb.t, pb.speed, pb.playing, pb.live) == (3.0, 1.0, True, True)
