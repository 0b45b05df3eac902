"""Runs the blocking scene's four readers for real and always cleans up after them.

Each lane gets its own loopback TCP connection. The sync lanes run in worker threads, the async
lanes as traced tasks on an event loop; one peer thread answers every lane at the same moment.
Whatever happens (the data arrives, the run is restarted, the scene is left, the code fails),
:meth:`Harness.run` ends with every socket closed and every thread it started joined: blocked
``recv`` calls are woken by shutting their socket down, the peer by its stop event.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Sequence

from visualizer.core.loop_monitor import LagMonitor
from visualizer.core.recorder import Recorder
from visualizer.core.tracer import AsyncTracer
from visualizer.scenes.blocking import presets as code
from visualizer.scenes.blocking.probe import LaneRecorder, ProbedSocket, loopback_pair

SYNC_BLOCKING = "sync-blocking"
SYNC_NONBLOCKING = "sync-nonblocking"
ASYNC_NONBLOCKING = "async-nonblocking"
ASYNC_BLOCKING = "async-blocking"
MODES = (SYNC_BLOCKING, SYNC_NONBLOCKING, ASYNC_NONBLOCKING, ASYNC_BLOCKING)
SYNC_MODES = (SYNC_BLOCKING, SYNC_NONBLOCKING)

# Event kinds the harness records (besides the probe's and the tracer's), all with ``lane``.
SETUP = "setup"  # modes, delay, own_loop (async-blocking on a second loop)
LANE_START = "lane_start"  # thread: where the caller runs
LANE_DONE = "lane_done"  # nbytes, polls (the caller's own count, sync-nonblocking), error
PEER_WAIT = "peer_wait"  # delay: the peer starts counting down
LAG = "lag"  # lag: measured lateness of the lane's event loop

LAG_INTERVAL = 0.02
# A blocking recv on the app's own loop must never freeze the app for good, even if the peer
# somehow never answers: the socket gives up this long after the promised delay.
SAFETY_TIMEOUT = 2.0
JOIN_DEADLINE = 5.0


class Harness:
    """Owns the sockets, threads and tasks of one run of the blocking scene."""

    def __init__(
        self,
        recorder: Recorder,
        modes: Sequence[str],
        delay: float,
        interval: Callable[[], float],
        own_loop_for_blocking: bool,
    ) -> None:
        self.recorder = recorder
        self.modes = tuple(modes)
        self.delay = delay
        self.interval = interval
        self.own_loop_for_blocking = own_loop_for_blocking
        self.stop = threading.Event()
        self.pairs: dict[str, tuple[ProbedSocket, ProbedSocket]] = {}
        self.threads: list[threading.Thread] = []
        self.tasks: list[asyncio.Task[None]] = []
        self._lock = threading.Lock()
        self._private: tuple[asyncio.AbstractEventLoop, asyncio.Task[None]] | None = None

    async def run(self) -> None:
        try:
            self._open()
            self._start()
            for task in self.tasks:
                await task
            await self._join_threads(self.threads)
        finally:
            await self._close()

    # -- setting up ---------------------------------------------------------------------
    def _open(self) -> None:
        for mode in self.modes:
            self.pairs[mode] = loopback_pair(self.recorder, mode, code.__file__)
        if ASYNC_BLOCKING in self.pairs:
            self.pairs[ASYNC_BLOCKING][0].settimeout(self.delay + SAFETY_TIMEOUT)

    def _start(self) -> None:
        loop = asyncio.get_running_loop()
        for mode in self.modes:
            reader = self.pairs[mode][0]
            if mode in SYNC_MODES:
                self._thread(f"{mode} thread", self._sync_lane, mode, reader)
            elif mode == ASYNC_BLOCKING and self.own_loop_for_blocking:
                self._thread("second event loop", self._private_loop, mode, reader)
            else:
                task = loop.create_task(self._async_lane(mode, reader, "event loop"), name=mode)
                self.tasks.append(task)
        self.recorder.emit(PEER_WAIT, "peer", lane="peer", delay=self.delay)
        peers: list[socket.socket] = [self.pairs[m][1] for m in self.modes]
        self._thread("peer", code.peer, peers, self.delay, self.stop)

    def _thread(self, name: str, target: Callable[..., object], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self.threads.append(thread)
        thread.start()

    # -- the lanes ----------------------------------------------------------------------
    def _interval(self) -> float:
        return max(0.0, float(self.interval()))

    def _sync_lane(self, mode: str, reader: ProbedSocket) -> None:
        rec = self.recorder
        rec.emit(LANE_START, mode, lane=mode, thread=threading.current_thread().name)
        nbytes, polls, error = 0, None, None
        try:
            if mode == SYNC_BLOCKING:
                nbytes = len(code.sync_blocking(reader))
            else:
                data, polls = code.sync_nonblocking(reader, self._interval)
                nbytes = len(data)
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
        finally:
            rec.emit(LANE_DONE, mode, lane=mode, nbytes=nbytes, polls=polls, error=error)

    async def _async_lane(self, mode: str, reader: ProbedSocket, where: str) -> None:
        rec = self.recorder
        rec.emit(LANE_START, mode, lane=mode, thread=where)
        loop = asyncio.get_running_loop()

        def report(lag: float) -> None:
            rec.emit(LAG, mode, lane=mode, lag=lag)

        monitor = LagMonitor(report, LAG_INTERVAL)
        watcher = loop.create_task(monitor.run(), name=f"{mode} lag monitor")
        nbytes, error = 0, None
        reader_fn = code.async_nonblocking if mode == ASYNC_NONBLOCKING else code.async_blocking
        try:
            tracer = AsyncTracer(LaneRecorder(rec, mode))
            nbytes = len(await tracer.run(lambda: reader_fn(reader), name="reader"))
            # A stall is measured when the monitor finally wakes up: let it report first.
            await asyncio.sleep(LAG_INTERVAL * 2)
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            rec.emit(LANE_DONE, mode, lane=mode, nbytes=nbytes, polls=None, error=error)

    def _private_loop(self, mode: str, reader: ProbedSocket) -> None:
        """async + blocking on a second event loop, so its stall freezes only that loop."""
        loop = asyncio.new_event_loop()
        try:
            task = loop.create_task(self._async_lane(mode, reader, "second event loop"))
            with self._lock:
                self._private = (loop, task)
            if self.stop.is_set():
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                loop.run_until_complete(task)
        finally:
            with self._lock:
                self._private = None
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    # -- cleaning up --------------------------------------------------------------------
    async def _join_threads(self, threads: Sequence[threading.Thread]) -> None:
        while any(t.is_alive() for t in threads):
            await asyncio.sleep(0.005)
        for thread in threads:
            thread.join()

    def _wake_everything(self) -> None:
        self.stop.set()
        for reader, _peer in self.pairs.values():
            # A recv blocked on it returns b"" at once; OSError: never connected or already shut.
            with contextlib.suppress(OSError):
                reader.shutdown(socket.SHUT_RDWR)
        with self._lock:
            private = self._private
        if private is not None:
            loop, task = private
            with contextlib.suppress(RuntimeError):  # that loop has just closed
                loop.call_soon_threadsafe(task.cancel)
        for task in self.tasks:
            task.cancel()

    async def _close(self) -> None:
        """Wake, cancel and join everything, then close the sockets; survives re-cancelling."""
        self._wake_everything()
        interrupted = False
        deadline = time.monotonic() + JOIN_DEADLINE
        while time.monotonic() < deadline and (
            any(not t.done() for t in self.tasks) or any(t.is_alive() for t in self.threads)
        ):
            try:
                await asyncio.sleep(0.005)
            except asyncio.CancelledError:
                interrupted = True
        for task in self.tasks:
            if task.done() and not task.cancelled():
                task.exception()  # retrieved: it was reported through the run already
        for thread in self.threads:
            thread.join(timeout=0.1)
        for reader, peer in self.pairs.values():
            reader.close()
            peer.close()
        if interrupted:
            raise asyncio.CancelledError
