"""A live run keeps a bounded window of its newest events, and that window stays exact.

The timeline lets the oldest events go once they are folded into a checkpoint; the state at
every time inside the kept part must equal the state the whole, untrimmed log gives.
"""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from visualizer.core.contract import Preset, Run, Scene
from visualizer.core.playback import Playback
from visualizer.core.recorder import Event, Recorder
from visualizer.core.text import Msg
from visualizer.core.timeline import Timeline
from visualizer.export.options import ExportError, check_range
from visualizer.export.recording import Recording
from visualizer.session import SceneSession

Hash = list[int]  # [events folded, an order-sensitive hash of them]


class OrderReducer:
    """A state that depends on every event and on their order, so a lost or doubled one shows."""

    def initial(self) -> Hash:
        return [0, 7]

    def apply(self, state: Hash, event: Event) -> None:
        state[0] += 1
        state[1] = (state[1] * 31 + hash(event.kind) + event.data.get("n", 0)) % 1_000_003

    def copy(self, state: Hash) -> Hash:
        return list(state)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def naive(events: list[Event], t: float) -> Hash:
    state = OrderReducer().initial()
    for event in events:
        if event.t <= t:
            OrderReducer().apply(state, event)
    return state


gaps = st.lists(st.sampled_from([0.0, 0.001, 0.01, 0.25]), min_size=1, max_size=600)


@settings(max_examples=60, deadline=None)
@given(
    gaps=gaps,
    keep=st.integers(1, 120),
    every=st.integers(1, 16),
    batch=st.integers(1, 50),
    probes=st.lists(st.floats(0, 1), min_size=1, max_size=12),
)
def test_state_in_the_kept_window_equals_the_untrimmed_state(
    gaps: list[float], keep: int, every: int, batch: int, probes: list[float]
) -> None:
    clock = Clock()
    recorder = Recorder(clock)
    timeline = Timeline(recorder, OrderReducer(), checkpoint_every=every, keep=keep)
    everything: list[Event] = []
    for i, gap in enumerate(gaps):
        clock.now += gap  # equal times too: the recorder stamps interleaved events alike
        everything.append(recorder.emit("k" + str(i % 3), "a", n=i))
        if i % batch == 0:
            timeline.sync()  # the window asks at its own pace, between bursts of events
    recorder.finish()
    timeline.sync()
    start, end = timeline.start_time(), timeline.end_time()
    kept = recorder.events
    assert recorder.dropped == timeline.dropped == len(everything) - len(kept)
    assert len(timeline) == len(everything)
    assert kept == everything[recorder.dropped :]
    assert len(kept) <= keep + max(every, keep // 10)
    assert all(e.t <= start for e in everything[: recorder.dropped])
    for t in [start, end, *(start + p * (end - start) for p in probes), *(e.t for e in kept)]:
        assert timeline.state_at(t) == naive(everything, t)
        assert timeline.index_at(t) == sum(e.t <= t for e in everything)
        if t > start:
            before = [e.t for e in everything if e.t < t]
            assert timeline.prev_event_time(t) == (before[-1] if before else None)
        after = [e.t for e in everything if e.t > t]
        assert timeline.next_event_time(t) == (after[0] if after else None)


def test_hours_of_events_keep_memory_bounded() -> None:
    """A million events (the heaviest scene for about 25 minutes) hold ~keep of them."""
    clock = Clock()
    recorder = Recorder(clock)
    timeline = Timeline(recorder, OrderReducer(), keep=5_000)
    for i in range(1_000_000):
        clock.now += 0.0015
        recorder.add("k", "a")
        if i % 20 == 0:  # about one tick of the window per 30 ms
            timeline.sync()
    timeline.sync()
    assert len(recorder.events) <= 5_000 + 500
    assert len(timeline._checkpoints) <= (5_000 + 500) // 128 + 1
    assert timeline.state_at(timeline.end_time())[0] == 1_000_000
    assert timeline.start_time() > 1_000_000 * 0.0015 - 5_500 * 0.0015


def test_without_keep_nothing_is_let_go() -> None:
    clock = Clock()
    recorder = Recorder(clock)
    timeline = Timeline(recorder, OrderReducer(), checkpoint_every=4)
    for _ in range(1000):
        clock.now += 0.01
        recorder.add("k", "a")
        timeline.sync()
    assert timeline.start_time() == 0.0 and timeline.dropped == 0 and len(recorder.events) == 1000


def test_playback_never_goes_before_the_kept_part() -> None:
    playback = Playback()
    playback.seek(1.0, end=100.0, start=40.0)
    assert playback.t == 40.0
    playback.seek(50.0, end=100.0, start=40.0)
    playback.pause()
    playback.advance(0.1, end=120.0, start=60.0)  # paused at 50 s, and 50 s was let go
    assert playback.t == 60.0


def test_a_range_before_the_kept_part_is_refused() -> None:
    assert check_range(40.0, 50.0, 100.0, earliest=40.0) == (40.0, 50.0)
    try:
        check_range(39.0, 50.0, 100.0, earliest=40.0)
    except ExportError as exc:
        assert (exc.msg.args["start"], exc.msg.args["end"]) == (40.0, 100.0)
    else:
        raise AssertionError("a range starting before the kept part was accepted")


class Steady(Scene[Hash]):
    """Emits a numbered event every millisecond until cancelled: a run that never ends."""

    name = "steady"
    title = Msg("test", "Steady")
    summary = Msg("test", "Numbers")
    presets = (Preset("only", Msg("test", "Only"), Msg("test", "Numbers")),)
    settings = ()

    def reducer(self) -> OrderReducer:
        return OrderReducer()

    async def run(self, run: Run) -> None:
        n = 0
        while True:
            for _ in range(20):
                run.recorder.emit("k", "a", n=n)
                n += 1
            await asyncio.sleep(0.001)

    def caption(self, state: Any, t: float) -> Any:
        raise NotImplementedError

    def highlights(self, state: Any, t: float) -> Any:
        raise NotImplementedError

    def metrics(self, state: Any, t: float) -> Any:
        raise NotImplementedError


def test_a_session_keeps_its_newest_part_and_an_export_starts_there() -> None:
    async def main() -> None:
        session: SceneSession[Hash] = SceneSession(Steady(), keep=2_000)
        session.restart()
        while session.timeline.dropped < 10_000:
            await asyncio.sleep(0.005)
            session.tick(0.005)
        session.stop()
        start = session.kept_from
        assert start > 0
        assert len(session.recorder.events) <= 2_000 + 200
        # The scrubber's range is the kept part: fraction 0 is its start, not 0 s.
        session.seek_fraction(0.0)
        assert session.playback.t == start
        session.seek(0.0)
        assert session.frame().t == start
        everything_count = len(session.timeline)
        assert session.frame(session.timeline.end_time()).state[0] == everything_count
        recording = Recording.of_session(session)
        assert recording.start == start
        assert recording.events == tuple(session.recorder.events)
        for t in (start, (start + recording.end) / 2, recording.end):
            assert recording.frame(t).state == session.timeline.state_at(t)
        assert recording.frame(0.0).t == start
        await session.aclose()

    asyncio.run(main())
