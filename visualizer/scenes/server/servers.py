"""The five server modes: real HTTP servers on a random loopback port, each in its own thread.

The blocking modes use the standard library's WSGI server (``wsgiref``), which learners can read
end to end: one thread that accepts and serves one connection at a time, or the same server
handing each accepted connection to a fixed pool of worker threads, the way a threaded WSGI
server (gunicorn's gthread, waitress) or FastAPI's thread pool for ``def`` endpoints does. The
async modes are Starlette served by uvicorn, the stack learners meet again in FastAPI.

Every server runs off the caller's thread, so a stalled server never freezes the window, and
``stop`` always returns within a moment: it closes the listening socket and wakes every blocked
slow step (see :class:`~visualizer.scenes.server.crud.SlowStep`).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, ClassVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

from visualizer.core.contract import Value
from visualizer.core.loop_monitor import LagMonitor
from visualizer.core.recorder import Recorder
from visualizer.scenes.queue.broker import ACTOR, REQUEST, Broker, Consumer, start_ids
from visualizer.scenes.queue.presets import email_worker
from visualizer.scenes.queue.services import MailServer
from visualizer.scenes.server import crud

HOST = "127.0.0.1"
# Connections waiting to be accepted (like gunicorn's default); the kernel caps it at somaxconn.
BACKLOG = 2048
STOP_TIMEOUT = 5.0
POLL = 0.02  # how often a server looks whether it is being stopped
LOOP = "loop"

SINGLE, POOL, ASYNC, BLOCKING_ASYNC, HANDOFF = (
    "single",
    "pool",
    "async",
    "blocking-async",
    "handoff",
)
MODES = (SINGLE, POOL, ASYNC, BLOCKING_ASYNC, HANDOFF)
ENDPOINTS = {
    ASYNC: crud.item_endpoint,
    BLOCKING_ASYNC: crud.item_endpoint_blocking,
    HANDOFF: crud.item_endpoint_handoff,
}
_WORKER: ContextVar[str] = ContextVar("server_worker", default=LOOP)


def _thread_worker() -> str:
    """``worker-1``, ``worker-2``... for a blocking server's threads; "" for any other thread."""
    name = threading.current_thread().name
    if name.startswith("worker_"):  # ThreadPoolExecutor numbers its threads from 0
        return f"worker-{int(name.rsplit('_', 1)[1]) + 1}"
    return name if name.startswith("worker-") else ""


def _request_number(value: str | bytes | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


class Server:
    """A server mode running in its own thread; ``port`` is known once ``start`` returns."""

    def __init__(
        self, mode: str, recorder: Recorder, slow_step: Callable[[], float], workers: int
    ) -> None:
        self.mode = mode
        self.recorder = recorder
        self.workers = workers if mode in (POOL, HANDOFF) else 1
        self.store = crud.Store()
        self.db = crud.SlowStep(slow_step, recorder, self._worker_name)
        self.port = 0
        self.broker: Broker | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._announced = False
        self._consumers: list[Consumer] = []

    @staticmethod
    def _worker_name() -> str:
        return _thread_worker() or _WORKER.get()

    def start(self) -> None:
        """Bind, start serving in a thread, and return once the server accepts connections."""
        # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY only on sockets that say so, and
        # without it small responses wait for delayed ACKs (40 ms on Linux).
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, 0))
        listener.listen(BACKLOG)
        self.port = listener.getsockname()[1]
        name = "worker-1" if self.mode == SINGLE else f"server-{self.mode}"
        self._thread = threading.Thread(
            target=self._serve, args=(listener,), name=name, daemon=True
        )
        self._thread.start()

    def started(self) -> bool:
        """True once the server accepts connections; raises if it failed to start."""
        if self._error is not None:
            raise RuntimeError(f"the {self.mode} server did not start: {self._error}")
        if not self._ready.is_set():
            return False
        if not self._announced:
            self._announced = True
            self.recorder.emit(
                "listening", "server", port=self.port, mode=self.mode, workers=self.workers
            )
        return True

    def jobs_pending(self) -> int:
        """Hand-off: jobs on the queue or held by a worker, not yet acknowledged."""
        if self.broker is None:
            return 0
        held = sum(len(c.unacked) for c in self._consumers)
        return len(self.broker.ready) + held

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop serving, release the port and join every thread the server started (``timeout``
        0: only ask, and let the caller watch :attr:`alive`)."""
        self.db.stopping.set()
        if self._thread is not None and timeout > 0:
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _serve(self, listener: socket.socket) -> None:
        try:
            if self.mode in (SINGLE, POOL):
                self._serve_wsgi(listener)
            else:
                asyncio.run(self._asgi_main(listener))
        except BaseException as exc:  # reported by started(); after a start, by the scene
            self._error = exc
            self._ready.set()
        finally:
            listener.close()

    # -- blocking: wsgiref ---------------------------------------------------------------------
    def _serve_wsgi(self, listener: socket.socket) -> None:
        app = self._traced_wsgi(crud.make_wsgi_app(self.store, self.db))
        pool = ThreadPoolExecutor(self.workers, "worker") if self.mode == POOL else None
        server = _WSGIServer(listener, app, self.recorder, pool)
        server.timeout = POLL
        self._ready.set()
        try:
            while not self.db.stopping.is_set():
                server.handle_request()  # one connection, or none within POLL seconds
        finally:
            if pool is not None:  # queued connections are served at once: slow steps are off
                pool.shutdown(wait=True)
            server.server_close()

    def _traced_wsgi(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        """Record when a worker takes a request and when it has its answer."""
        rec = self.recorder

        def traced(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            req = _request_number(environ.get("HTTP_X_REQUEST_ID"))
            worker = _thread_worker()
            REQUEST.set(req)
            rec.emit("handle", worker, req=req, worker=worker)
            status = [0]

            def respond(line: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
                status[0] = int(line.split()[0])
                return start_response(line, headers, *exc)

            try:
                return app(environ, respond)
            finally:
                rec.emit("handled", worker, req=req, worker=worker, status=status[0])

        return traced

    # -- async: uvicorn + Starlette --------------------------------------------------------------
    async def _asgi_main(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        routes = [
            Route("/items", ENDPOINTS[self.mode], methods=["POST"]),
            Route("/items/{item_id:int}", ENDPOINTS[self.mode], methods=["GET", "PUT", "DELETE"]),
        ]
        app = Starlette(routes=routes)
        app.state.store, app.state.db = self.store, self.db
        background: list[asyncio.Task[Any]] = []
        rec = self.recorder

        def report(lag: float) -> None:
            rec.emit("lag", LOOP, lag=lag)

        monitor = LagMonitor(report, interval=0.01)
        background.append(loop.create_task(monitor.run(), name="lag-monitor"))
        if self.mode == HANDOFF:
            start_ids()  # message numbers from 1; every handler task inherits the counter
            self.broker = Broker(rec, lambda: ("unbounded", 0), lambda: 1)
            app.state.queue = self.broker
            mail = MailServer(rec, _MailSettings(self.db.seconds), inline=False)
            for n in range(1, self.workers + 1):
                background.append(loop.create_task(self._job_worker(f"w{n}", mail)))
        config = uvicorn.Config(
            _Traced(app, rec),
            lifespan="off",
            log_config=None,
            log_level="critical",
            access_log=False,
            backlog=BACKLOG,
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)

        async def watch_stop() -> None:
            while not self.db.stopping.is_set():
                await asyncio.sleep(POLL)
            server.should_exit = server.force_exit = True

        background.append(loop.create_task(watch_stop(), name="stop-watch"))
        serving = loop.create_task(server.serve(sockets=[listener]))
        while not server.started and not serving.done():
            await asyncio.sleep(0.005)
        self._ready.set()
        try:
            await serving
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            for connection in list(server.server_state.connections):
                connection.transport.abort()
            listener.close()
            await asyncio.sleep(0)  # let the aborted transports close their sockets

    async def _job_worker(self, name: str, mail: MailServer) -> None:
        """One of the queue scene's e-mail workers, taking the slow steps handed to the queue."""
        assert self.broker is not None
        ACTOR.set(name)
        _WORKER.set(name)
        self.recorder.emit("worker_start", name, worker=name)
        consumer = self.broker.consumer(name)
        self._consumers.append(consumer)
        await email_worker(consumer, mail)


class _MailSettings:
    """What the queue scene's mail server reads: its delay is this scene's slow step, live."""

    _FIXED: ClassVar[dict[str, Value]] = {"jitter": 0.0, "seed": 1, "failure": 0}

    def __init__(self, slow_step: Callable[[], float]) -> None:
        self._slow = slow_step

    def __getitem__(self, key: str) -> Value:
        return self._slow() if key == "delay" else self._FIXED[key]

    def float(self, key: str) -> float:
        return float(self[key])

    def int(self, key: str) -> int:
        return int(self[key])

    def str(self, key: str) -> str:
        return str(self[key])


class _Traced:
    """ASGI middleware: record when the loop starts on a request and when it is answered."""

    def __init__(self, app: Starlette, recorder: Recorder) -> None:
        self.app = app
        self.recorder = recorder

    async def __call__(
        self,
        scope: dict[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            return
        headers = dict(scope.get("headers") or ())
        req = _request_number(headers.get(b"x-request-id"))
        REQUEST.set(req)
        ACTOR.set(f"req-{req}")
        rec = self.recorder
        rec.emit("handle", LOOP, req=req, worker=LOOP)
        status = [0]

        async def traced_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, traced_send)
        finally:
            rec.emit("handled", LOOP, req=req, worker=LOOP, status=status[0])


class _Handler(WSGIRequestHandler):
    """wsgiref's handler without its console log; a client gone away is recorded, not printed."""

    timeout = 10.0  # a connection that never sends its request does not hold a worker forever

    def log_message(self, format: str, *args: Any) -> None:
        return


class _WSGIServer(WSGIServer):
    """wsgiref's server on a socket bound beforehand; with a pool, workers serve connections."""

    def __init__(
        self,
        listener: socket.socket,
        app: Callable[..., Iterable[bytes]],
        recorder: Recorder,
        pool: ThreadPoolExecutor | None,
    ) -> None:
        super().__init__((HOST, 0), _Handler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.server_address = listener.getsockname()
        self.server_name, self.server_port = HOST, self.server_address[1]
        self.setup_environ()
        self.set_app(app)
        self.recorder = recorder
        self.pool = pool

    def server_bind(self) -> None:  # the socket is bound already
        return

    def process_request(self, request: Any, client_address: Any) -> None:
        if self.pool is None:
            super().process_request(request, client_address)
        else:  # the accepting thread only hands the connection to the pool's queue
            self.pool.submit(self._in_worker, request, client_address)

    def _in_worker(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def handle_timeout(self) -> None:
        return

    def handle_error(self, request: Any, client_address: Any) -> None:
        """The client had already given up (timed out) when its answer was ready."""
        self.recorder.emit("serve_failed", _thread_worker())

    def shutdown_request(self, request: Any) -> None:
        with contextlib.suppress(OSError):
            super().shutdown_request(request)
