"""Blocking vs non-blocking: who holds control (제어권) while a reader waits for data.

Four readers wait for the same reply on real loopback TCP sockets. The picture's one token is the
control of the reader's thread: it sits with the caller, moves to ``recv`` when the caller hands
control over (blocking), comes straight back when ``recv`` answers at once (non-blocking), and
goes to the event loop when a task parks on an ``await``. Where the token is at any time is
decided here, from the recorded events alone, so the view and the tests agree by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from visualizer.core.contract import BenchLoad, Highlight, Metric, Preset, Run, Scene, Setting
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.blocking import captions
from visualizer.scenes.blocking import presets as code
from visualizer.scenes.blocking.harness import (
    ASYNC_BLOCKING,
    ASYNC_NONBLOCKING,
    MODES,
    SETUP,
    SYNC_BLOCKING,
    SYNC_NONBLOCKING,
    Harness,
)
from visualizer.scenes.blocking.state import (
    ALL_FOUR,
    MAX_DELAY,
    MAX_POLL,
    BlockingReducer,
    BlockingState,
)

CTX = "BlockingScene"

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "delay",
        QT_TRANSLATE_NOOP(CTX, "Peer replies after"),
        "float",
        1.0,
        minimum=0.0,
        maximum=MAX_DELAY,
        step=0.05,
        unit="s",
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "How long the other end of the socket waits before it sends its reply"
        ),
    ),
    Setting(
        "poll",
        QT_TRANSLATE_NOOP(CTX, "Poll interval"),
        "float",
        0.1,
        minimum=0.0,
        maximum=MAX_POLL,
        step=0.01,
        unit="s",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX,
            "sync + non-blocking: how long the caller does something else between two recv() "
            "calls (0 = ask again at once)",
        ),
    ),
)

PRESETS: tuple[Preset, ...] = (
    Preset(
        SYNC_BLOCKING,
        QT_TRANSLATE_NOOP(CTX, "Sync + blocking"),
        QT_TRANSLATE_NOOP(
            CTX,
            "A worker thread calls recv() on a blocking socket: control goes to recv and comes "
            "back only with the data. The thread can do nothing else meanwhile.",
        ),
        (code.sync_blocking, code.peer),
    ),
    Preset(
        SYNC_NONBLOCKING,
        QT_TRANSLATE_NOOP(CTX, "Sync + non-blocking (polling)"),
        QT_TRANSLATE_NOOP(
            CTX,
            "recv() on a non-blocking socket returns at once with BlockingIOError while there is "
            "no data. The caller keeps control and polls again; every poll is counted.",
        ),
        (code.sync_nonblocking, code.peer),
    ),
    Preset(
        ASYNC_NONBLOCKING,
        QT_TRANSLATE_NOOP(CTX, "Async + non-blocking"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The task awaits loop.sock_recv(): it parks and the event loop runs other tasks "
            "until the socket is readable, then resumes the task with the data.",
        ),
        (code.async_nonblocking, code.other_work, code.peer),
    ),
    Preset(
        ASYNC_BLOCKING,
        QT_TRANSLATE_NOOP(CTX, "Async + blocking (the mistake)"),
        QT_TRANSLATE_NOOP(
            CTX,
            "A blocking recv() inside a coroutine, on this app's own event loop: the loop and "
            "every other task stop until the data arrives. The app freezes for that long.",
        ),
        (code.async_blocking, code.other_work, code.peer),
    ),
    Preset(
        ALL_FOUR,
        QT_TRANSLATE_NOOP(CTX, "All four side by side"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The four combinations at once, on one clock, with the same reply at the same "
            "moment. async + blocking runs on a second event loop here, so its stall freezes "
            "only that loop and not the other panels.",
        ),
        (
            code.sync_blocking,
            code.sync_nonblocking,
            code.async_nonblocking,
            code.async_blocking,
            code.other_work,
            code.peer,
        ),
    ),
)


class BlockingScene(Scene[BlockingState]):
    name = "blocking"
    title = QT_TRANSLATE_NOOP(CTX, "Blocking vs Non-blocking")
    summary = QT_TRANSLATE_NOOP(
        CTX,
        "Blocking or not is about control (제어권): does recv keep it until the data comes, "
        "or give it back at once?",
    )
    presets = PRESETS
    settings = SETTINGS
    default_duration = 2.0
    bench_loads: ClassVar[Mapping[str, BenchLoad]] = {
        "default": BenchLoad(SYNC_NONBLOCKING, {"delay": 1.0, "poll": 0.05}, 2.0),
        "stress": BenchLoad(ALL_FOUR, {"delay": MAX_DELAY, "poll": 0.0}, 4.0),
    }

    def reducer(self) -> BlockingReducer:
        return BlockingReducer()

    async def run(self, run: Run) -> None:
        """Run the preset's readers on real sockets; every socket and thread is closed after."""
        modes = MODES if run.preset == ALL_FOUR else (run.preset,)
        delay = run.values.float("delay")
        own_loop = run.preset == ALL_FOUR
        run.recorder.emit(SETUP, "scene", modes=modes, delay=delay, own_loop=own_loop)
        harness = Harness(run.recorder, modes, delay, lambda: run.values.float("poll"), own_loop)
        await harness.run()

    # -- words ------------------------------------------------------------------------------
    def caption(self, state: BlockingState, t: float) -> Msg:
        return captions.caption(state, t)

    def highlights(self, state: BlockingState, t: float) -> list[Highlight]:
        return captions.highlights(state, t)

    def metrics(self, state: BlockingState, t: float) -> list[Metric]:
        return captions.metrics(state, t)


def make_scene() -> BlockingScene:
    """The factory the registry calls."""
    return BlockingScene()


SCENE = make_scene()
