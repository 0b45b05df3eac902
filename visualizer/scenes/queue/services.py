"""The slow outside world the queue scene talks to: a database, a mail server, a push service.

They stand in for network calls with ``asyncio.sleep`` of the configured processing time, so a
handler or worker really is suspended that long on the running loop. How long each job takes and
whether the process doing it dies halfway come from a random generator seeded with the scene's
seed, the message and the attempt: the same seed gives the same jobs, whichever worker gets them.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

from visualizer.core.contract import ValueSource
from visualizer.core.recorder import Recorder
from visualizer.scenes.queue.broker import ACTOR, REQUEST, Message, code_line

# How long one database round trip takes (a fast local database).
DB_DELAY = 0.01


class Crash(Exception):
    """The process doing a job died halfway (the scene's failure rate decides when)."""


@dataclass(frozen=True)
class Request:
    number: int
    user: str
    text: str = ""


@dataclass(frozen=True)
class Response:
    status: int
    text: str


@dataclass(frozen=True)
class Post:
    id: int
    author: str


@dataclass(frozen=True)
class Friend:
    name: str
    index: int


@dataclass(eq=False)
class Email(Message):
    to: str
    token: str


@dataclass(eq=False)
class Notification(Message):
    post: Post
    friend: Friend

    @property
    def label(self) -> str:
        return f"{self.post.id}·{self.friend.index}"


class Database:
    """Fast queries: they take DB_DELAY, so the handler's own work is small next to the job."""

    def __init__(self, recorder: Recorder, values: ValueSource) -> None:
        self.recorder = recorder
        self.values = values

    async def _query(self, op: str, line: int, **data: object) -> None:
        self.recorder.emit(
            "db", ACTOR.get(), req=REQUEST.get(), op=op, line=line, planned=DB_DELAY, **data
        )
        await asyncio.sleep(DB_DELAY)

    async def create_reset_token(self, user: str) -> str:
        await self._query("token", code_line(1))
        return f"reset-{user}"

    async def save_post(self, user: str, text: str) -> Post:
        await self._query("save", code_line(1))
        return Post(REQUEST.get(), user)

    async def friends_of(self, user: str) -> list[Friend]:
        count = self.values.int("friends")
        await self._query("friends", code_line(1), count=count)
        return [Friend(f"friend{i}", i) for i in range(1, count + 1)]


class SlowService:
    """A remote service whose calls take the configured processing time and sometimes crash.

    ``inline`` says the caller is a request handler doing the job itself (no queue): then this
    service also records when the job is done, because no broker will record an ack.
    """

    def __init__(self, recorder: Recorder, values: ValueSource, inline: bool) -> None:
        self.recorder = recorder
        self.values = values
        self.inline = inline

    def plan(self, message: Message) -> tuple[float, float | None]:
        """(how long the job takes, when it crashes or None), fixed by seed, message, attempt."""
        v = self.values
        delay, jitter = v.float("delay"), v.float("jitter")
        rng = random.Random(f"{v['seed']}:{message.id}:{max(1, message.attempts)}")
        duration = max(0.0, delay + rng.uniform(-jitter, jitter))
        crashes = rng.random() < v.float("failure") / 100.0  # percent
        return duration, (rng.random() * duration if crashes else None)

    async def _work(self, message: Message, line: int) -> None:
        if self.inline:
            message.attempts += 1
        duration, crash_after = self.plan(message)
        rec, actor = self.recorder, ACTOR.get()
        rec.emit(
            "work_start",
            actor,
            msg=message.id,
            label=message.label,
            req=message.request,
            by=actor,
            planned=duration,
            line=line,
            inline=self.inline,
        )
        if crash_after is not None:
            await asyncio.sleep(crash_after)
            rec.emit("work_crash", actor, msg=message.id, by=actor, inline=self.inline)
            raise Crash(f"{actor} died while working on {message.label}")
        await asyncio.sleep(duration)
        if self.inline:
            rec.emit("work_done", actor, msg=message.id, by=actor, inline=True)


class MailServer(SlowService):
    async def send(self, email: Message) -> None:
        await self._work(email, code_line(1))


class PushService(SlowService):
    async def notify(self, notification: Message) -> None:
        await self._work(notification, code_line(1))
