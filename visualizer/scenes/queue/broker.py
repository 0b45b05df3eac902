"""A small message broker on asyncio primitives: ack, redelivery, dead letters, capacity.

``asyncio.Queue`` forgets a message the moment ``get`` returns it, so a worker that dies halfway
loses the message for good. Real brokers (RabbitMQ, SQS) keep a delivered message until the
consumer acknowledges it and hand it out again when the consumer goes away without doing so.
This broker does the same with plain futures on the running loop, and it records every change of
every message so the scene can replay exactly what happened:

``blocked`` (queue full, producer waits), ``enqueued``, ``rejected`` (queue full, producer told
no), ``abandoned`` (a waiting producer was cancelled), ``idle`` (a consumer waits for work),
``delivered``, ``acked``, ``requeued`` (consumer lost before acking), ``dead_lettered`` (too many
attempts).

Capacity limits only messages waiting in the queue, like RabbitMQ's ``x-max-length``: messages a
consumer holds are not counted, and a requeued message always goes back in at the front even if
that overfills the queue, because it was accepted once already and must not be dropped.
"""

from __future__ import annotations

import asyncio
import os
from collections import deque
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal

from visualizer.core.callsite import caller_line
from visualizer.core.recorder import Recorder

Policy = Literal["unbounded", "block", "reject"]
CODE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "presets.py")

# Per run: message ids start at 1 and each request knows its number; set by the simulation.
_IDS: ContextVar[list[int]] = ContextVar("queue_message_ids")
REQUEST: ContextVar[int] = ContextVar("queue_request", default=0)
ACTOR: ContextVar[str] = ContextVar("queue_actor", default="")


def code_line(depth: int) -> int:
    """The line the scene's shown code is on ``depth`` frames up, or 0 if that is other code.

    Recording the real caller's line is what lets the code panel highlight where each handler
    and worker actually is, instead of a line chosen by hand.
    """
    return caller_line(depth + 1, CODE_FILE) or 0


def start_ids() -> None:
    """Number this run's messages from 1 (the context is inherited by every task it starts)."""
    _IDS.set([0])


def messages_made() -> int:
    """How many messages this run has created so far."""
    try:
        return _IDS.get()[0]
    except LookupError:
        return 0


def _next_id() -> int:
    try:
        counter = _IDS.get()
    except LookupError:  # outside a run (e.g. a unit test building a message by hand)
        counter = [0]
        _IDS.set(counter)
    counter[0] += 1
    return counter[0]


@dataclass(eq=False)
class Message:
    """Something to be done later; the broker numbers it and counts its delivery attempts."""

    id: int = field(default_factory=_next_id, init=False)
    request: int = field(default_factory=REQUEST.get, init=False)
    attempts: int = field(default=0, init=False)

    @property
    def label(self) -> str:
        return f"#{self.id}"


class QueueFull(Exception):
    """The queue is at capacity and set to reject: the producer must answer "try later"."""


@dataclass(eq=False)
class Delivery:
    """One hand-over of a message to a consumer; valid until acknowledged or the consumer dies."""

    message: Message
    consumer: Consumer
    attempt: int
    acked: bool = False

    def ack(self) -> None:
        """Tell the broker the work is done, so it may forget the message."""
        self.consumer.broker.ack(self, code_line(1))


class Consumer:
    """A worker's connection to the broker: ``async for delivery in consumer`` takes messages.

    Leaving the ``async with`` block by an exception is how a crash looks to a real broker (the
    connection drops): every delivery not yet acknowledged goes back to the queue.
    """

    def __init__(self, broker: Broker, name: str) -> None:
        self.broker = broker
        self.name = name
        self.unacked: dict[int, Delivery] = {}
        self.closing = False
        self.waiter: asyncio.Future[Delivery | None] | None = None

    async def __aenter__(self) -> Consumer:
        return self

    async def __aexit__(
        self,
        typ: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(exc, asyncio.CancelledError):
            return  # the run is being stopped: leave the trace as it was
        if self.unacked:
            self.broker.consumer_lost(self, exc)

    def __aiter__(self) -> Consumer:
        return self

    async def __anext__(self) -> Delivery:
        delivery = await self.broker.next_delivery(self, code_line(1))
        if delivery is None:
            raise StopAsyncIteration
        return delivery

    def close(self) -> None:
        """Ask this consumer to stop after its current message (at once when idle)."""
        self.closing = True
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            self.broker.forget_waiter(waiter)
            waiter.set_result(None)

    def reopen(self) -> None:
        """Cancel a pending :meth:`close` (the worker is wanted again before it left)."""
        self.closing = False


class Broker:
    """FIFO queue with per-consumer acknowledgements, redelivery and a dead-letter queue."""

    def __init__(
        self,
        recorder: Recorder,
        limits: Callable[[], tuple[Policy, int]],
        max_attempts: Callable[[], int],
    ) -> None:
        self.recorder = recorder
        self._limits = limits
        self._max_attempts = max_attempts
        self.ready: deque[Message] = deque()
        self.dead: list[Message] = []
        self._getters: deque[tuple[Consumer, asyncio.Future[Delivery | None], int]] = deque()
        self._putters: deque[tuple[Message, asyncio.Future[None], int]] = deque()

    # -- producers -------------------------------------------------------------------------
    async def publish(self, message: Message) -> None:
        """Put ``message`` on the queue; when full, wait for room or raise QueueFull."""
        line = code_line(1)
        rec, actor = self.recorder, ACTOR.get()
        policy, capacity = self._limits()
        if not self._putters and self._has_room(policy, capacity):
            self._enqueue(message, line)
            self._pump()
            return
        if policy == "reject":
            rec.emit(
                "rejected",
                actor,
                msg=message.id,
                label=message.label,
                req=message.request,
                line=line,
            )
            raise QueueFull(message.label)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._putters.append((message, waiter, line))
        rec.emit(
            "blocked", actor, msg=message.id, label=message.label, req=message.request, line=line
        )
        try:
            await waiter
        except asyncio.CancelledError:
            if not waiter.done() or waiter.cancelled():
                # _pump skips futures that are done, so the entry can stay in the deque.
                waiter.cancel()
                rec.emit(
                    "abandoned", actor, msg=message.id, label=message.label, req=message.request
                )
            raise

    def _has_room(self, policy: Policy, capacity: int) -> bool:
        return policy == "unbounded" or len(self.ready) < capacity

    def _enqueue(self, message: Message, line: int, blocked: bool = False) -> None:
        self.ready.append(message)
        self.recorder.emit(
            "enqueued",
            ACTOR.get() if not blocked else f"req-{message.request}",
            msg=message.id,
            label=message.label,
            req=message.request,
            line=line,
            blocked=blocked,
        )

    # -- consumers -------------------------------------------------------------------------
    def consumer(self, name: str) -> Consumer:
        return Consumer(self, name)

    async def next_delivery(self, consumer: Consumer, line: int) -> Delivery | None:
        """The next message for ``consumer``, waiting while the queue is empty; None to stop."""
        if consumer.closing:
            return None
        if self.ready and not self._getters:
            delivery = self._deliver(consumer, line)
            self._pump()
            return delivery
        waiter: asyncio.Future[Delivery | None] = asyncio.get_running_loop().create_future()
        self._getters.append((consumer, waiter, line))
        consumer.waiter = waiter
        self.recorder.emit("idle", consumer.name, worker=consumer.name, line=line)
        try:
            return await waiter
        finally:
            consumer.waiter = None
            if not waiter.done():
                self.forget_waiter(waiter)

    def forget_waiter(self, waiter: asyncio.Future[Delivery | None]) -> None:
        self._getters = deque(g for g in self._getters if g[1] is not waiter)

    def _deliver(self, consumer: Consumer, line: int) -> Delivery:
        message = self.ready.popleft()
        message.attempts += 1
        delivery = Delivery(message, consumer, message.attempts)
        consumer.unacked[message.id] = delivery
        self.recorder.emit(
            "delivered",
            consumer.name,
            msg=message.id,
            label=message.label,
            worker=consumer.name,
            attempt=message.attempts,
            line=line,
        )
        return delivery

    def ack(self, delivery: Delivery, line: int = 0) -> None:
        """Forget an acknowledged message; a second ack of the same delivery is a bug."""
        if delivery.acked:
            raise RuntimeError(f"{delivery.message.label} was already acknowledged")
        consumer = delivery.consumer
        if consumer.unacked.get(delivery.message.id) is not delivery:
            raise RuntimeError(f"{delivery.message.label} is not held by {consumer.name}")
        delivery.acked = True
        del consumer.unacked[delivery.message.id]
        self.recorder.emit(
            "acked",
            consumer.name,
            msg=delivery.message.id,
            worker=consumer.name,
            attempt=delivery.attempt,
            line=line,
        )

    def consumer_lost(self, consumer: Consumer, error: BaseException | None) -> None:
        """A consumer went away holding messages: redeliver them, or dead-letter after the max."""
        limit = self._max_attempts()
        reason = type(error).__name__ if error is not None else "left without ack"
        for delivery in reversed(list(consumer.unacked.values())):
            message = delivery.message
            if message.attempts >= limit:
                self.dead.append(message)
                kind = "dead_lettered"
            else:
                self.ready.appendleft(message)
                kind = "requeued"
            self.recorder.emit(
                kind,
                consumer.name,
                msg=message.id,
                worker=consumer.name,
                attempts=message.attempts,
                reason=reason,
            )
        consumer.unacked.clear()
        self._pump()

    # -- matching --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Capacity or policy may have changed: let waiting producers in if there is room."""
        self._pump()

    def _pump(self) -> None:
        """Hand ready messages to waiting consumers and waiting producers' messages to the queue."""
        moved = True
        while moved:
            moved = False
            while self.ready and self._getters:
                consumer, waiter, line = self._getters.popleft()
                if waiter.done():
                    continue
                consumer.waiter = None
                waiter.set_result(self._deliver(consumer, line))
                moved = True
            policy, capacity = self._limits()
            while self._putters and self._has_room(policy, capacity):
                message, putter, line = self._putters.popleft()
                if putter.done():
                    continue
                self._enqueue(message, line, blocked=True)
                putter.set_result(None)
                moved = True

    @property
    def waiting_producers(self) -> int:
        return sum(1 for _, f, _ in self._putters if not f.done())
