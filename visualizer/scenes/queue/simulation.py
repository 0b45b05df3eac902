"""Runs one preset of the queue scene: users arriving, a web server, a broker, a worker pool.

Everything here is real asyncio on the running loop: each arriving request is a task running
the preset's handler, each worker is a task running the preset's worker function against the
broker. The settings are read while it runs (``run.values``), so a learner moving a slider
changes the arrival rate, the number of workers or the processing time of the next job without a
restart. A change arrives through :meth:`Run.on_setting` at the moment it is made (the run has
already recorded it): the arrival loop is woken to take the new rate, workers are added or let go,
the broker lets waiting producers in when the capacity grows. Nothing polls the values.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from visualizer.core.contract import Run, Value
from visualizer.scenes.queue import presets as code
from visualizer.scenes.queue.broker import (
    ACTOR,
    REQUEST,
    Broker,
    Consumer,
    Policy,
    messages_made,
    start_ids,
)
from visualizer.scenes.queue.services import (
    Crash,
    Database,
    MailServer,
    PushService,
    Request,
    Response,
)

MAX_WORKERS = 16
# How often the drain at the end looks whether everything is answered and acknowledged.
POLL = 0.05
# A crashed worker is restarted by its supervisor after this long.
RESTART_DELAY = 0.3
# A run stops taking requests after this long or this many messages, so that a forgotten
# window does not fill the memory; the recording so far stays.
MAX_SECONDS = 600.0
MAX_MESSAGES = 40_000
MAX_REQUESTS = 20_000  # without a queue, each waiting user is a live task: keep them bounded
# After arrivals stop, how long to wait for the queue to drain before ending the run.
DRAIN_TIMEOUT = 60.0
# Arrivals missed by more than this (the loop was busy) are dropped rather than burst in.
MAX_CATCH_UP = 0.5

Handler = Callable[["Simulation", Request], Awaitable[Response]]
Worker = Callable[["Simulation", Consumer], Awaitable[None]]


@dataclass(frozen=True)
class Spec:
    """What a preset runs: its request handler, and its worker when it uses a queue."""

    kind: str  # "email" or "post"
    handle: Handler
    work: Worker | None

    @property
    def queued(self) -> bool:
        return self.work is not None


SPECS: dict[str, Spec] = {
    "email": Spec(
        "email",
        lambda sim, req: code.reset_password(req, sim.broker, sim.db),
        lambda sim, consumer: code.email_worker(consumer, sim.mail),
    ),
    "email-no-queue": Spec(
        "email", lambda sim, req: code.reset_password_no_queue(req, sim.mail, sim.db), None
    ),
    "fanout": Spec(
        "post",
        lambda sim, req: code.publish_post(req, sim.broker, sim.db),
        lambda sim, consumer: code.notification_worker(consumer, sim.push),
    ),
    "fanout-no-queue": Spec(
        "post", lambda sim, req: code.publish_post_no_queue(req, sim.push, sim.db), None
    ),
}


@dataclass
class Slot:
    """One numbered worker place in the pool; its task is None while it waits to restart."""

    number: int
    incarnation: int
    consumer: Consumer | None = None
    task: asyncio.Task[None] | None = None
    crashed_at: float | None = None


class Simulation:
    broker: Broker
    db: Database
    mail: MailServer
    push: PushService

    def __init__(self, run: Run, spec: Spec) -> None:
        self.run = run
        self.spec = spec
        self.values = run.values
        self.rec = run.recorder
        self.loop = asyncio.get_running_loop()
        self.broker = Broker(self.rec, self._limits, lambda: self.values.int("max_attempts"))
        self.db = Database(self.rec, self.values)
        inline = not spec.queued
        self.mail = MailServer(self.rec, self.values, inline)
        self.push = PushService(self.rec, self.values, inline)
        self.handlers: set[asyncio.Task[None]] = set()
        self.slots: dict[int, Slot] = {}
        self.requests = 0
        limit = run.data.get("max_requests")
        self.max_requests = int(limit) if limit is not None else None
        self.max_seconds = float(run.data.get("max_seconds", MAX_SECONDS))
        self.max_messages = int(run.data.get("max_messages", MAX_MESSAGES))
        # Set by a change of the arrival rate or pattern, so the arrival loop re-plans at once.
        self._arrivals_changed = asyncio.Event()
        self._restarts: dict[int, asyncio.TimerHandle] = {}

    def _limits(self) -> tuple[Policy, int]:
        mode = self.values.str("capacity_mode")
        policy: Policy = (
            "block" if mode == "block" else "reject" if mode == "reject" else ("unbounded")
        )
        return policy, self.values.int("capacity")

    # -- the run ---------------------------------------------------------------------------
    async def main(self) -> None:
        start_ids()
        self.rec.emit(
            "run_start",
            "scene",
            preset=self.run.preset,
            job=self.spec.kind,
            queued=self.spec.queued,
            settings=dict(self.values),
        )
        unsubscribe = self.run.on_setting(self._on_setting)
        if self.spec.queued:
            self.reconcile(self.values.int("consumers"))
        try:
            reason = await self._arrivals()
            self.rec.emit("arrivals_stopped", "scene", reason=reason)
            await self._drain()
            self.rec.emit("run_end", "scene")
        finally:
            unsubscribe()
            for handle in self._restarts.values():
                handle.cancel()
            tasks: list[asyncio.Task[Any]] = [*self.handlers]
            tasks += [s.task for s in self.slots.values() if s.task is not None]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _arrivals(self) -> str:
        """Start one handler task per arriving request, at the (live) arrival rate."""
        rng = random.Random(f"{self.values['seed']}:arrivals")
        start = now = self.loop.time()
        rate = self.values.float("rate")
        due = now + self._gap(rng) / rate
        while True:
            now = self.loop.time()
            if due < now - MAX_CATCH_UP:
                due = now
            while due <= now:
                if self.max_requests is not None and self.requests >= self.max_requests:
                    return "quota"  # the caller asked for this many (tests, exports)
                if messages_made() >= self.max_messages:
                    return "messages"
                if self.requests >= MAX_REQUESTS:
                    return "requests"
                self._spawn()
                due += self._gap(rng) / rate
            if now - start >= self.max_seconds:
                return "time"
            new_rate = self.values.float("rate")
            if new_rate != rate:  # stretch what is left of the current gap to the new rate
                due = now + (due - now) * rate / new_rate
                rate = new_rate
            self._arrivals_changed.clear()
            end = start + self.max_seconds
            # asyncio.timeout, not wait_for: on 3.11, wait_for returns normally when the event
            # is set in the same turn as a cancel, and the cancel is lost (the run never stops).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(0.0, min(due, end) - now)):
                    await self._arrivals_changed.wait()

    def _gap(self, rng: random.Random) -> float:
        """Time to the next arrival in units of the mean gap: exponential for random arrivals."""
        return rng.expovariate(1.0) if self.values.str("arrivals") == "random" else 1.0

    def _spawn(self) -> None:
        self.requests += 1
        task = self.loop.create_task(self._serve(self.requests), name=f"req-{self.requests}")
        self.handlers.add(task)
        task.add_done_callback(self.handlers.discard)

    async def _serve(self, number: int) -> None:
        """What a web server does per request: call the handler, send back its response."""
        REQUEST.set(number)
        actor = f"req-{number}"
        ACTOR.set(actor)
        self.rec.emit("request", actor, req=number)
        try:
            response = await self.spec.handle(self, Request(number, f"user{number}", "hello"))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a handler bug: a real server answers 500 and carries on
            response = Response(500, type(exc).__name__)
        self.rec.emit("response", actor, req=number, status=response.status, text=response.text)

    async def _drain(self) -> None:
        """Wait until every request is answered and every message acked or dead-lettered."""
        deadline = self.loop.time() + DRAIN_TIMEOUT
        while self.loop.time() < deadline:
            holding = any(s.consumer and s.consumer.unacked for s in self.slots.values())
            if not self.handlers and not self.broker.ready and not holding:
                return
            await asyncio.sleep(POLL)

    # -- settings and workers --------------------------------------------------------------
    def _on_setting(self, key: str, value: Value) -> None:
        """A learner turned a knob (already validated and recorded by the run)."""
        if key in ("rate", "arrivals"):
            self._arrivals_changed.set()
        elif key == "consumers" and self.spec.queued:
            self.reconcile(int(value))
        elif key in ("capacity", "capacity_mode"):
            self.broker.refresh()

    def _restart(self, number: int) -> None:
        """The supervisor's timer: start a crashed worker again if it is still wanted."""
        self._restarts.pop(number, None)
        slot = self.slots.get(number)
        if slot is None or slot.task is not None:
            return  # let go of, or restarted already by a change of the worker count
        if number <= self.values.int("consumers"):
            self._start(Slot(number, slot.incarnation + 1))
        else:
            del self.slots[number]
            self.rec.emit("worker_stopped", f"w{number}", worker=f"w{number}")

    def reconcile(self, target: int) -> None:
        """Start, restart, keep or let go of workers so that workers 1..target run."""
        now = self.loop.time()
        for number in range(1, MAX_WORKERS + 1):
            slot = self.slots.get(number)
            if number <= target:
                if slot is None:
                    self._start(Slot(number, 1))
                elif slot.task is None:
                    if slot.crashed_at is None or now - slot.crashed_at >= RESTART_DELAY:
                        self._start(Slot(number, slot.incarnation + 1))
                elif slot.consumer is not None and slot.consumer.closing:
                    slot.consumer.reopen()
                    self.rec.emit("worker_stays", f"w{number}", worker=f"w{number}")
            elif slot is not None:
                if slot.task is None:  # crashed and no longer wanted: do not restart it
                    del self.slots[number]
                    self.rec.emit("worker_stopped", f"w{number}", worker=f"w{number}")
                elif slot.consumer is not None and not slot.consumer.closing:
                    self.rec.emit("worker_leaving", f"w{number}", worker=f"w{number}")
                    slot.consumer.close()

    def _start(self, slot: Slot) -> None:
        name = f"w{slot.number}"
        slot.consumer = self.broker.consumer(name)
        self.slots[slot.number] = slot
        slot.task = self.loop.create_task(self._worker(slot, slot.consumer), name=name)

    async def _worker(self, slot: Slot, consumer: Consumer) -> None:
        """Supervise one worker: run it, and note a crash so the pool restarts it later."""
        assert self.spec.work is not None
        ACTOR.set(consumer.name)
        self.rec.emit(
            "worker_start", consumer.name, worker=consumer.name, incarnation=slot.incarnation
        )
        try:
            async with consumer:
                await self.spec.work(self, consumer)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # Crash, or a bug in the worker: the broker already requeued
            slot.task, slot.consumer, slot.crashed_at = None, None, self.loop.time()
            # The supervisor restarts it after RESTART_DELAY (reconcile checks the time).
            self._restarts[slot.number] = self.loop.call_later(
                RESTART_DELAY, self._restart, slot.number
            )
            error = str(exc) if isinstance(exc, Crash) else f"{type(exc).__name__}: {exc}"
            self.rec.emit("worker_crashed", consumer.name, worker=consumer.name, error=error)
            return
        if self.slots.get(slot.number) is slot:
            del self.slots[slot.number]
        self.rec.emit("worker_stopped", consumer.name, worker=consumer.name)
