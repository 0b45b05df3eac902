"""The event-loop scene's words agree with its picture at the moments a learner stops to look."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.support.painting import record_view
from visualizer.core.contract import Frame
from visualizer.core.task_state import LoopState
from visualizer.draw.theme import LIGHT
from visualizer.scenes.event_loop import SCENE
from visualizer.scenes.event_loop.view import LoopPlaces, View
from visualizer.session import SceneSession


def run_session(qtbot: Any, loop: asyncio.AbstractEventLoop, preset: str, **values: Any) -> Any:
    session: SceneSession[LoopState] = SceneSession(SCENE, preset, SCENE.values(values))
    session.restart()
    qtbot.waitUntil(lambda: session.recorder.finished, timeout=15_000)
    closing = loop.create_task(session.aclose())
    qtbot.waitUntil(closing.done)
    return session


def test_to_thread_caption_names_the_task_waiting_on_the_worker_thread(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    session = run_session(qtbot, qt_loop, "to-thread", tasks=2, delay1=0.5, delay2=0.1)
    end = session.timeline.end_time()
    state: LoopState = session.frame(end).state
    job2 = next(t for t in state.tasks.values() if t.arg == "job2")
    thread = next(iter(state.threads.values())).segments[0]
    assert job2.ended is not None and thread.end is not None
    t = (job2.ended + thread.end) / 2  # job2 is done; only the worker thread is left to wait on
    caption = SCENE.caption(session.frame(t).state, t).render()
    assert "waits on a worker thread" in caption, caption
    assert "job1" in caption and "main waits" not in caption, caption


def test_the_frame_before_a_blocking_step_names_the_step_not_an_idle_loop(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    session = run_session(qtbot, qt_loop, "time-sleep", tasks=2, delay1=0.3, delay2=0.1)
    events = session.recorder.snapshot()
    state: LoopState = session.frame(session.timeline.end_time()).state
    blocker = next(t for t in state.tasks.values() if t.coro.endswith("blocking_fetch"))
    started = next(e.t for e in events if e.kind == "started" and e.actor == blocker.actor)
    # The last picture a window can paint before the step holds the thread: what it keeps
    # showing during the freeze.
    t = max(e.t for e in events if e.t < started)
    frozen = session.frame(t).state
    assert frozen.ready and frozen.ready[0] == blocker.actor
    caption = SCENE.caption(frozen, t).render()
    assert blocker.label in caption, caption
    picture = record_view(View(SCENE), Frame(frozen, t, t, False), LIGHT)
    loop_box = LoopPlaces().loop
    texts = [op.text for op in picture.within(loop_box.getRect(), "text")]
    assert any(blocker.label in text and "next" in text for text in texts), texts
    assert not any(text.startswith("idle") for text in texts), texts
