"""The CRUD service the server scene puts under load; the code panel shows these functions.

One resource (``/items``), kept in memory, with create, read, update and delete. Every request
also makes one slow call (a database round trip or an e-mail) whose length is the scene's "slow
step". The same service is written the ways learners meet it in real frameworks:

- a plain ``def`` WSGI app, served by one blocking worker or by a pool of worker threads (what
  a threaded WSGI server or FastAPI's thread pool for ``def`` endpoints gives);
- an ``async def`` Starlette endpoint that awaits the slow call (the loop serves others meanwhile);
- an ``async def`` endpoint that calls the slow step *blocking* (the well-known outage: one such
  call stops every request on the loop);
- an ``async def`` endpoint that hands the slow step to the message queue scene's broker and
  answers 202 at once; that scene's e-mail workers do the slow part later.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from visualizer.core.recorder import Recorder
from visualizer.scenes.queue.broker import REQUEST, Broker
from visualizer.scenes.queue.services import Email

CODE_FILE = os.path.abspath(__file__)
# Packages whose frames a recorded call stack keeps (one entry per run of frames of a package).
STACK_PACKAGES = ("uvicorn", "starlette", "wsgiref", "socketserver", "concurrent", "threading")
MAX_STACK = 8

Item = dict[str, Any]
Answer = tuple[int, Item]


class Store:
    """The items, in memory; a lock because blocking servers call it from many threads at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[int, str] = {}
        self._last_id = 0

    def create(self, text: str) -> Item:
        with self._lock:
            self._last_id += 1
            self._items[self._last_id] = text
            return {"id": self._last_id, "text": text}

    def read(self, item_id: int) -> Item | None:
        with self._lock:
            text = self._items.get(item_id)
        return None if text is None else {"id": item_id, "text": text}

    def update(self, item_id: int, text: str) -> Item | None:
        with self._lock:
            if item_id not in self._items:
                return None
            self._items[item_id] = text
        return {"id": item_id, "text": text}

    def delete(self, item_id: int) -> Item | None:
        with self._lock:
            if self._items.pop(item_id, None) is None:
                return None
        return {"id": item_id, "deleted": True}

    def __len__(self) -> int:
        return len(self._items)


def call_stack(depth: int = 2) -> tuple[str, ...]:
    """The real call stack at the caller, outermost first: this service's functions by name,
    the framework's frames folded to one entry per package (``uvicorn.run_asgi``)."""
    frame = sys._getframe(depth)
    names: list[str] = []
    last_pkg = ""
    while frame is not None and len(names) < 40:
        code = frame.f_code
        if code.co_filename == CODE_FILE:
            qualname = code.co_qualname
            names.append(code.co_name if "<locals>" in qualname else qualname)
            last_pkg = ""
        else:
            pkg = str(frame.f_globals.get("__name__", "")).split(".", 1)[0]
            if pkg in STACK_PACKAGES and pkg != last_pkg:
                names.append(f"{pkg}.{code.co_name}")
                last_pkg = pkg
        frame = frame.f_back  # type: ignore[assignment]
    names.reverse()
    return tuple(names[-MAX_STACK:])


class SlowStep:
    """The slow call every request makes (a database query or an e-mail), ``seconds()`` long.

    ``call`` blocks the calling thread: ``Event.wait`` with a timeout blocks exactly like
    ``time.sleep`` (and releases the GIL like it), but returns at once when the server is being
    stopped, so a stalled server still shuts down in a moment. ``acall`` is the non-blocking
    twin: the coroutine is suspended and the loop runs other requests.
    """

    def __init__(
        self, seconds: Callable[[], float], recorder: Recorder, worker: Callable[[], str]
    ) -> None:
        self.seconds = seconds
        self.recorder = recorder
        self.worker = worker
        self.stopping = threading.Event()

    def _record(self, blocking: bool) -> float:
        length = self.seconds()
        self.recorder.emit(
            "slow",
            self.worker(),
            req=REQUEST.get(),
            stack=call_stack(3),
            planned=length,
            blocking=blocking,
        )
        return length

    def call(self) -> None:
        self.stopping.wait(self._record(True))

    async def acall(self) -> None:
        await asyncio.sleep(self._record(False))


def crud(store: Store, method: str, item_id: int | None, body: Item) -> Answer:
    """The service itself, fast; the same in every server mode."""
    if method == "POST" and item_id is None:
        return 201, store.create(str(body.get("text", "")))
    if item_id is None:
        return 405, {"error": "method not allowed"}
    if method == "GET":
        item = store.read(item_id)
    elif method == "PUT":
        item = store.update(item_id, str(body.get("text", "")))
    elif method == "DELETE":
        item = store.delete(item_id)
    else:
        return 405, {"error": "method not allowed"}
    return (200, item) if item is not None else (404, {"error": "no such item"})


def item_id_of(path: str) -> int | None:
    """``/items`` -> None, ``/items/7`` -> 7; anything else raises ValueError."""
    parts = path.strip("/").split("/")
    if parts[0] != "items" or len(parts) > 2:
        raise ValueError(path)
    return int(parts[1]) if len(parts) == 2 else None


# -- blocking: plain def, one request per thread at a time --------------------------------------
def make_wsgi_app(store: Store, db: SlowStep) -> Callable[..., Iterable[bytes]]:
    def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        try:
            item_id = item_id_of(environ["PATH_INFO"])
        except ValueError:
            status, data = 404, {"error": "not found"}
        else:
            db.call()  # blocking: this worker thread waits, and can serve nobody else
            status, data = crud(store, method, item_id, body)
        payload = json.dumps(data).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
        start_response(f"{status} {'OK' if status < 400 else 'Error'}", headers)
        return [payload]

    return wsgi_app


# -- async: Starlette endpoints on the event loop ------------------------------------------------
async def parse(request: Request) -> tuple[str, int | None, Item]:
    raw = await request.body()
    return request.method, request.path_params.get("item_id"), json.loads(raw or b"{}")


async def item_endpoint(request: Request) -> JSONResponse:
    method, item_id, body = await parse(request)
    await request.app.state.db.acall()  # non-blocking: the loop serves other requests meanwhile
    status, data = crud(request.app.state.store, method, item_id, body)
    return JSONResponse(data, status)


async def item_endpoint_blocking(request: Request) -> JSONResponse:
    method, item_id, body = await parse(request)
    request.app.state.db.call()  # the mistake: a blocking call inside async def stops the loop
    status, data = crud(request.app.state.store, method, item_id, body)
    return JSONResponse(data, status)


async def item_endpoint_handoff(request: Request) -> JSONResponse:
    method, item_id, body = await parse(request)
    status, data = crud(request.app.state.store, method, item_id, body)
    if status < 400:
        queue: Broker = request.app.state.queue
        await queue.publish(Email(f"item-{data['id']}", method))  # the slow step, for later
        status = 202  # accepted: the slow part is done later by a worker
    return JSONResponse(data, status)
