"""The load generator: a real asyncio HTTP client (httpx) sending open-loop, as wrk2 or vegeta do.

Open loop means requests leave at the scheduled times whatever the server does; a closed-loop
client (send, wait for the answer, send the next) slows down with the server and hides the
queue building up (coordinated omission). Latency is therefore measured from when a request was
*due*, not from when the client got round to it, and every request has a client timeout.

Each request is one CRUD operation on items this client made itself, and every answer is
checked: a read must return what the last acknowledged write wrote. An item whose write timed
out is dropped from the check (the server may or may not have applied it).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

from visualizer.core.contract import Value, Values
from visualizer.core.recorder import Recorder

# Bounds of one run, so that a forgotten window does not fill the memory.
MAX_SECONDS = 300.0
MAX_REQUESTS = 30_000
# Requests due more than this long ago (the client thread was starved) are skipped, not burst.
MAX_CATCH_UP = 0.5
POLL = 0.05  # the sender and the settings watcher look at the values at least this often
MAX_CONNECTIONS = 2_000
CREATE, READ, UPDATE, DELETE = "create", "read", "update", "delete"


@dataclass
class Book:
    """What the client knows the server holds: the items whose last write was acknowledged."""

    known: dict[int, str] = field(default_factory=dict)
    busy: set[int] = field(default_factory=set)

    def pick(self, rng: random.Random) -> int | None:
        free = [i for i in list(self.known)[-64:] if i not in self.busy]
        return rng.choice(free) if free else None


class LoadClient:
    """Sends requests to ``url`` at the live rate from its own thread and event loop."""

    def __init__(
        self,
        url: str,
        values: Values,
        recorder: Recorder,
        max_seconds: float = MAX_SECONDS,
        max_requests: int = MAX_REQUESTS,
    ) -> None:
        self.url = url
        self.values = values
        self.rec = recorder
        self.max_seconds = max_seconds
        self.max_requests = max_requests
        self.sent = 0
        self.book = Book()
        self.reason = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._main: asyncio.Task[None] | None = None
        self._thread = threading.Thread(target=self._run, name="load-client", daemon=True)
        self._inflight: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._thread.start()

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel every request in flight, close the connections and join the thread."""
        loop, main = self._loop, self._main
        if loop is not None and main is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(main.cancel)
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        asyncio.run(self._session())

    async def _session(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._main = asyncio.current_task()
        limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=200)
        watcher = self._loop.create_task(self._watch())
        try:
            async with httpx.AsyncClient(
                base_url=self.url, limits=limits, timeout=None, trust_env=False
            ) as client:
                try:
                    self.reason = await self._send_all(client)
                    self.rec.emit("client_stopped", "client", reason=self.reason, sent=self.sent)
                    if self._inflight:
                        await asyncio.gather(*self._inflight, return_exceptions=True)
                finally:
                    for task in self._inflight:
                        task.cancel()
                    await asyncio.gather(*self._inflight, return_exceptions=True)
        except asyncio.CancelledError:
            self.reason = self.reason or "stopped"
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)

    async def _send_all(self, client: httpx.AsyncClient) -> str:
        """Start one request task per due time, at the live rate (constant or Poisson)."""
        loop = asyncio.get_running_loop()
        rng = random.Random(f"{self.values['seed']}:arrivals")
        mix = random.Random(f"{self.values['seed']}:mix")
        start = loop.time()
        rate = self.values.float("rate")
        due = start + self._gap(rng) / rate
        while True:
            now = loop.time()
            if due < now - MAX_CATCH_UP:
                skipped = int((now - due) * rate)
                self.rec.emit("client_late", "client", skipped=skipped)
                due = now
            while due <= now:
                if self.sent >= self.max_requests:
                    return "requests"
                self._spawn(client, mix, self.rec.now() - (now - due))
                due += self._gap(rng) / rate
            if now - start >= self.max_seconds:
                return "time"
            new_rate = self.values.float("rate")
            if new_rate != rate:  # stretch what is left of the current gap to the new rate
                due = now + (due - now) * rate / new_rate
                rate = new_rate
            await asyncio.sleep(min(max(0.0, due - now), POLL))

    def _gap(self, rng: random.Random) -> float:
        """Time to the next request in mean gaps: exponential for Poisson arrivals."""
        return rng.expovariate(1.0) if self.values.str("arrivals") == "poisson" else 1.0

    def _spawn(self, client: httpx.AsyncClient, mix: random.Random, due: float) -> None:
        self.sent += 1
        n = self.sent
        reads = self.values.float("reads") / 100.0
        item = self.book.pick(mix)
        if item is None:
            op = CREATE
        elif mix.random() < reads:
            op = READ
        else:
            op = mix.choice((CREATE, UPDATE, UPDATE, DELETE))
        if item is not None and op != CREATE:
            self.book.busy.add(item)
        task = asyncio.get_running_loop().create_task(
            self._one(client, n, op, item if op != CREATE else None, due)
        )
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    async def _one(
        self, client: httpx.AsyncClient, n: int, op: str, item: int | None, due: float
    ) -> None:
        text = f"text of request {n}"
        method, path, body = {
            CREATE: ("POST", "/items", {"text": text}),
            READ: ("GET", f"/items/{item}", None),
            UPDATE: ("PUT", f"/items/{item}", {"text": text}),
            DELETE: ("DELETE", f"/items/{item}", None),
        }[op]
        timeout = self.values.float("timeout")
        self.rec.emit("sent", "client", req=n, op=op, item=item, due=due, timeout=timeout)
        try:
            async with asyncio.timeout(timeout):
                response = await client.request(
                    method, path, json=body, headers={"x-request-id": str(n)}
                )
        except TimeoutError:
            self._forget(item)
            self.rec.emit("timeout", "client", req=n, op=op, latency=self.rec.now() - due)
            return
        except httpx.HTTPError as exc:
            self._forget(item)
            late = self.rec.now() - due
            self.rec.emit("error", "client", req=n, op=op, error=type(exc).__name__, latency=late)
            return
        latency = self.rec.now() - due
        wrong = self._check(op, item, text, response)
        self.rec.emit(
            "done",
            "client",
            req=n,
            op=op,
            status=response.status_code,
            latency=latency,
            wrong=wrong,
        )

    def _forget(self, item: int | None) -> None:
        if item is not None:
            self.book.busy.discard(item)
            self.book.known.pop(item, None)

    def _check(self, op: str, item: int | None, text: str, response: httpx.Response) -> str:
        """ "" when the answer is what the CRUD data says it must be, else what is wrong."""
        book = self.book
        if item is not None:
            book.busy.discard(item)
        if response.status_code not in (200, 201, 202):
            self._forget(item)
            return f"status {response.status_code}"
        try:
            data: Any = response.json()
        except ValueError:
            self._forget(item)
            return "not JSON"
        if op == CREATE:
            new = data.get("id") if isinstance(data, dict) else None
            if not isinstance(new, int) or new in book.known or data.get("text") != text:
                return f"create answered {data!r}"
            book.known[new] = text
            return ""
        assert item is not None
        expected: dict[str, Any]
        if op == READ:
            expected = {"id": item, "text": book.known.get(item)}
        elif op == UPDATE:
            expected = {"id": item, "text": text}
        else:
            expected = {"id": item, "deleted": True}
        if data != expected:
            self._forget(item)
            return f"{op} #{item} answered {data!r}, expected {expected!r}"
        if op == UPDATE:
            book.known[item] = text
        elif op == DELETE:
            book.known.pop(item, None)
        return ""

    async def _watch(self) -> None:
        """Record each change of a setting, so the timeline knows when a knob was turned."""
        seen: dict[str, Value] = dict(self.values)
        while True:
            for key, value in list(self.values.items()):
                if seen.get(key) != value:
                    self.rec.emit("setting", "scene", key=key, value=value)
                    seen[key] = value
            await asyncio.sleep(POLL)
