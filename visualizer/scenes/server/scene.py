"""The server scene: one CRUD service under real HTTP load on loopback, in five server modes.

A run starts the preset's server (see ``servers.py``) on a random port of 127.0.0.1 and the
open-loop client (``client.py``), each in its own thread, and waits until the client reaches its
bounds or the run is cancelled. Cancellation (leaving the scene, restarting it) stops the client
first, then the server, and returns only when both threads have ended and the port is closed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import ClassVar

from visualizer.core.contract import BenchLoad, Highlight, Metric, Preset, Run, Scene, Setting
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.server import captions, crud
from visualizer.scenes.server.captions import CTX
from visualizer.scenes.server.client import MAX_REQUESTS, MAX_SECONDS, LoadClient
from visualizer.scenes.server.servers import (
    ASYNC,
    BLOCKING_ASYNC,
    HANDOFF,
    POOL,
    SINGLE,
    Server,
)
from visualizer.scenes.server.state import ServerReducer, ServerState

POLL = 0.02
STOP_TIMEOUT = 5.0
DRAIN_TIMEOUT = 30.0  # hand-off: how long the queue's workers get to finish after the client

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "rate",
        QT_TRANSLATE_NOOP(CTX, "Request rate"),
        "float",
        30.0,
        minimum=1.0,
        maximum=200.0,
        step=1.0,
        unit="/s",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(CTX, "Requests the client sends each second, answered or not"),
    ),
    Setting(
        "arrivals",
        QT_TRANSLATE_NOOP(CTX, "Arrivals"),
        "choice",
        "steady",
        choices=(
            ("steady", QT_TRANSLATE_NOOP(CTX, "constant rate")),
            ("poisson", QT_TRANSLATE_NOOP(CTX, "Poisson bursts")),
        ),
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "Load tools send at a constant rate; real users arrive at random"
        ),
    ),
    Setting(
        "slow",
        QT_TRANSLATE_NOOP(CTX, "Slow step (database call)"),
        "float",
        0.1,
        minimum=0.005,
        maximum=1.0,
        step=0.005,
        unit="s",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "How long the database or e-mail call of every request takes"
        ),
    ),
    Setting(
        "workers",
        QT_TRANSLATE_NOOP(CTX, "Worker threads (or queue workers)"),
        "int",
        4,
        minimum=1,
        maximum=32,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "Threads of the pool server; in the hand-off mode, the queue's workers"
        ),
    ),
    Setting(
        "reads",
        QT_TRANSLATE_NOOP(CTX, "Reads in the mix"),
        "int",
        70,
        minimum=0,
        maximum=100,
        unit="%",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(CTX, "Share of reads; the rest creates, updates and deletes"),
    ),
    Setting(
        "timeout",
        QT_TRANSLATE_NOOP(CTX, "Client timeout"),
        "float",
        2.0,
        minimum=0.2,
        maximum=5.0,
        step=0.1,
        unit="s",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(CTX, "The client gives up on a request after this long"),
    ),
    Setting(
        "seed",
        QT_TRANSLATE_NOOP(CTX, "Random seed"),
        "int",
        1,
        minimum=0,
        maximum=9999,
        tooltip=QT_TRANSLATE_NOOP(CTX, "Same seed, same arrivals and mix of operations"),
    ),
)

PRESETS: tuple[Preset, ...] = (
    Preset(
        SINGLE,
        QT_TRANSLATE_NOOP(CTX, "Blocking, one worker"),
        QT_TRANSLATE_NOOP(
            CTX,
            "A synchronous, blocking server: one thread serves one request at a time. It "
            "answers at most 1/slow-step requests a second; the rest wait in the accept backlog.",
        ),
        (crud.make_wsgi_app,),
    ),
    Preset(
        POOL,
        QT_TRANSLATE_NOOP(CTX, "Blocking, a pool of worker threads"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The same def app on N worker threads (a threaded WSGI server, or FastAPI's thread "
            "pool for def endpoints): at most N/slow-step requests a second.",
        ),
        (crud.make_wsgi_app,),
    ),
    Preset(
        ASYNC,
        QT_TRANSLATE_NOOP(CTX, "Async, slow step awaited"),
        QT_TRANSLATE_NOOP(
            CTX,
            "async def on uvicorn's event loop: while one request awaits the database, the loop "
            "serves the others (non-blocking).",
        ),
        (crud.item_endpoint, crud.parse),
    ),
    Preset(
        BLOCKING_ASYNC,
        QT_TRANSLATE_NOOP(CTX, "Async, blocking call inside async def"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The well-known outage: a blocking call inside async def holds the only loop, so "
            "every request waits and the server is as slow as one blocking worker.",
        ),
        (crud.item_endpoint_blocking, crud.parse),
    ),
    Preset(
        HANDOFF,
        QT_TRANSLATE_NOOP(CTX, "Hand the slow step to the queue"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The handler does the fast part, puts the slow step on the message queue scene's "
            "broker and answers 202 Accepted at once; the queue's workers do it later.",
        ),
        (crud.item_endpoint_handoff,),
    ),
)


async def _until(done: Callable[[], bool], timeout: float) -> bool:
    """Wait on the running loop (never blocking it) until ``done()`` or ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done():
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(POLL)
    return True


class ServerScene(Scene[ServerState]):
    name = "server"
    title = QT_TRANSLATE_NOOP(CTX, "Server under load")
    summary = QT_TRANSLATE_NOOP(
        CTX,
        "One CRUD service on a real HTTP server, five ways: blocking workers, a thread pool, "
        "async, a blocking call in async def, and a hand-off to the message queue.",
    )
    presets = PRESETS
    settings = SETTINGS
    default_duration = 6.0
    bench_module = "visualizer.scenes.server.bench"
    bench_loads: ClassVar[Mapping[str, BenchLoad]] = {
        "default": BenchLoad(SINGLE, {}, 4.0),
        # The highest rate the slider allows, on the mode that piles the most requests up.
        "stress": BenchLoad(SINGLE, {"rate": 200, "slow": 0.05, "timeout": 5.0}, 4.0),
    }

    def reducer(self) -> ServerReducer:
        return ServerReducer()

    async def run(self, run: Run) -> None:
        values, rec = run.values, run.recorder
        server = Server(run.preset, rec, lambda: values.float("slow"), values.int("workers"))
        rec.emit(
            "run_start", "scene", mode=run.preset, settings=dict(values), workers=server.workers
        )
        client: LoadClient | None = None
        try:
            server.start()
            if not await _until(server.started, STOP_TIMEOUT):
                raise RuntimeError(f"the {run.preset} server did not start in time")
            client = LoadClient(
                f"http://127.0.0.1:{server.port}",
                values,
                rec,
                float(run.data.get("max_seconds", MAX_SECONDS)),
                int(run.data.get("max_requests", MAX_REQUESTS)),
            )
            client.start()
            await _until(lambda: client is not None and client.done, float("inf"))
            await _until(lambda: server.jobs_pending() == 0, DRAIN_TIMEOUT)
            rec.emit("run_end", "scene", jobs_left=server.jobs_pending())
        finally:
            await self._shut_down(client, server)

    @staticmethod
    async def _shut_down(client: LoadClient | None, server: Server) -> None:
        """Client first (its requests are cancelled, its connections closed), then the server."""
        threads: list[Callable[[], bool]] = []
        if client is not None:
            client.stop(timeout=0)
            threads.append(lambda: client.done)
        try:
            await _until(lambda: all(t() for t in threads), STOP_TIMEOUT)
            server.stop(timeout=0)
            await _until(lambda: not server.alive, STOP_TIMEOUT)
        except asyncio.CancelledError:  # cancelled again while stopping: finish the job blocking
            if client is not None:
                client.stop()
            server.stop()
            raise
        finally:
            if client is not None and not client.done:
                client.stop()
            server.stop()

    # -- words -----------------------------------------------------------------------------
    def caption(self, state: ServerState, t: float) -> Msg:
        return captions.caption(state, t)

    def metrics(self, state: ServerState, t: float) -> list[Metric]:
        return captions.metrics(state, t)

    def highlights(self, state: ServerState, t: float) -> list[Highlight]:
        return []


def make_scene() -> ServerScene:
    """The factory the registry calls."""
    return ServerScene()


SCENE = make_scene()
