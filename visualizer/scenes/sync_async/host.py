"""Runs A on a thread of its own, so A's blocking work never freezes the app.

A and every B really sleep (``time.sleep``), as blocking work does. On the app's event loop that
would freeze the window, so A gets its own thread: in the synchronous preset it calls B directly;
in the asynchronous ones that thread runs its own asyncio event loop (as a program of its own
would), and B runs on a pool of worker threads. The scene's ``run`` only starts this thread,
waits for it without blocking, and on cancel stops it at A's next call and joins it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from visualizer.core.recorder import Recorder
from visualizer.scenes.sync_async import presets as code
from visualizer.scenes.sync_async.probe import RunStopped, attach, detach

SYNC = "sync"
CALLBACK = "callback"
AWAIT = "await"
MODES = (SYNC, CALLBACK, AWAIT)

A_THREAD = "A-thread"
WORKER_PREFIX = "B-worker"
HOST_DONE = "host_done"  # stopped (bool), error (str or None)
JOIN_DEADLINE = 10.0


class _Results(dict[int, str]):
    """The results dict ``on_result`` fills; tells the host when every answer is in."""

    def __init__(self, expected: int) -> None:
        super().__init__()
        self.expected = expected
        self.complete = asyncio.Event()

    def __setitem__(self, key: int, value: str) -> None:
        super().__setitem__(key, value)
        if len(self) >= self.expected:
            self.complete.set()


async def _callbacks(
    loop: asyncio.AbstractEventLoop,
    pool: ThreadPoolExecutor,
    calls: int,
    work: float,
    own: float,
    stop: threading.Event,
) -> None:
    results = _Results(calls)
    code.a_with_callbacks(loop, pool, calls, work, own, results)
    while not results.complete.is_set():  # A has returned; the loop only runs the callbacks
        if stop.is_set():
            raise RunStopped
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(results.complete.wait(), 0.05)


def host(
    recorder: Recorder, mode: str, calls: int, work: float, own: float, stop: threading.Event
) -> None:
    """The body of A's thread."""
    attach(recorder, stop, owner=True)
    stopped, error = False, None
    try:
        if mode == SYNC:
            code.a_sync(calls, work, own)
        else:
            _run_async(recorder, mode, calls, work, own, stop)
    except RunStopped:
        stopped = True
    except Exception as exc:  # reported into the recording; the app keeps running
        error = f"{type(exc).__name__}: {exc}"
    finally:
        detach()
        recorder.emit(HOST_DONE, A_THREAD, stopped=stopped, error=error)


def _run_async(
    recorder: Recorder, mode: str, calls: int, work: float, own: float, stop: threading.Event
) -> None:
    loop = asyncio.new_event_loop()
    pool = ThreadPoolExecutor(
        max_workers=max(1, calls),
        thread_name_prefix=WORKER_PREFIX,
        initializer=attach,
        initargs=(recorder, stop, False),
    )
    loop.set_exception_handler(functools.partial(_quiet_when_stopped, stop))
    try:
        if mode == CALLBACK:
            loop.run_until_complete(_callbacks(loop, pool, calls, work, own, stop))
        else:
            loop.run_until_complete(code.a_awaits_later(loop, pool, calls, work, own))
    finally:
        # Every B finishes its sleep before the loop closes, so no answer is left in flight.
        pool.shutdown(wait=True, cancel_futures=True)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def _quiet_when_stopped(
    stop: threading.Event, loop: asyncio.AbstractEventLoop, context: dict[str, Any]
) -> None:
    """A stopped run cancels the B calls still queued; their ``on_result`` then finds a
    cancelled future. That is the stop, not an error: only other failures are reported."""
    if stop.is_set() and isinstance(context.get("exception"), asyncio.CancelledError):
        return
    loop.default_exception_handler(context)


async def run_host(recorder: Recorder, mode: str, calls: int, work: float, own: float) -> None:
    """Run A's thread to its end; on cancel, stop it at A's next call and join it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=host, args=(recorder, mode, calls, work, own, stop), name=A_THREAD, daemon=True
    )
    thread.start()
    try:
        while thread.is_alive():
            await asyncio.sleep(0.01)
    finally:
        stop.set()
        interrupted = False
        deadline = time.monotonic() + JOIN_DEADLINE
        while thread.is_alive() and time.monotonic() < deadline:
            try:
                await asyncio.sleep(0.01)
            except asyncio.CancelledError:
                interrupted = True
        with contextlib.suppress(RuntimeError):
            thread.join(timeout=0.1)
        if interrupted:
            raise asyncio.CancelledError
