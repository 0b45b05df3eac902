"""The queue scene's broker on a real Redis server: a stream, a consumer group, dead letters.

What each in-process operation becomes on Redis Streams:

- publish: ``XADD`` of one entry (fields ``n``, ``label``, ``req``, ``req_t``) to the stream;
  the publishes of all handlers that are waiting go to the server together, in one script call
  (one round trip per batch, not per message: a handler's ``await`` returns once its entry is
  in the stream, as before, but a hundred handlers share the trip);
- take: ``XREADGROUP GROUP workers <consumer> ... STREAMS <stream> >`` (see ``worker.py``);
- acknowledge: ``XACK`` (the entry leaves the group's pending entries list, the PEL);
- redelivery: a consumer that dies or stalls stops renewing its entries (a heartbeat
  ``XCLAIM ... JUSTID`` on what it holds); once an entry has been idle for the reclaim time any
  consumer takes it over with ``XAUTOCLAIM``, and Redis counts that delivery (``XPENDING``);
- dead letters: past the maximum attempts the entry is acknowledged and copied to
  ``<stream>:dead`` in one Lua script, so it is never both dead and still pending.

Capacity is a producer-side check, not ``MAXLEN``: ``XADD ... MAXLEN`` trims the oldest entries
whether or not a consumer has read them, which drops messages instead of holding producers back.
The producer compares the number waiting (the group's ``lag``: entries not yet delivered) plus
its own publishes since that reading with the capacity, then waits (block) or answers 503
(reject). The stream itself keeps every entry of the run, so ``XLEN`` is the number produced.

Publishing is idempotent: a Lua script keeps ``<stream>:ids`` (message number -> entry id), so a
batch retried after the server went away mid-call adds each entry at most once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from visualizer.core.recorder import Recorder
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.queue.broker import ACTOR, Message, Policy, QueueFull, code_line

if TYPE_CHECKING:
    from redis.asyncio import Redis

CTX = "QueueScene"
GROUP = "workers"
DEFAULT_URL = "redis://127.0.0.1:6379/0"
DEFAULT_STREAM = "visualizer:queue"
# While the server is away, every call is tried again this often.
RETRY = 0.5
T = TypeVar("T")
# A publish on its way: (number, label, request, request time), blocked first, its answer.
Outgoing = tuple[tuple[int, str, int, float], bool, "asyncio.Future[str]"]

# KEYS: stream, ids; ARGV: (n, label, req, req_t, blocked) for each message -> entry ids.
PUBLISH = """
local out = {}
for i = 1, #ARGV, 5 do
  local id = redis.call('HGET', KEYS[2], ARGV[i])
  if not id then
    id = redis.call('XADD', KEYS[1], '*', 'n', ARGV[i], 'label', ARGV[i + 1],
                    'req', ARGV[i + 2], 'req_t', ARGV[i + 3], 'blocked', ARGV[i + 4])
    redis.call('HSET', KEYS[2], ARGV[i], id)
  end
  out[#out + 1] = id
end
return out
"""
# Messages per publishing round trip at most (5 script arguments each).
MAX_BATCH = 1000
# KEYS: stream, acks; ARGV: group, consumer, ids... -> how many were acknowledged now.
ACK = """
local done = 0
for i = 3, #ARGV do
  if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[2])
    done = done + 1
  end
end
return done
"""
# KEYS: stream, dead; ARGV: group, id, attempts, consumer, n, label.
DEAD_LETTER = """
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('XADD', KEYS[2], '*', 'id', ARGV[2], 'n', ARGV[5], 'label', ARGV[6],
             'attempts', ARGV[3], 'by', ARGV[4])
  return 1
end
return 0
"""
# KEYS: stream; ARGV: group, consumer, ids... Renews only entries this consumer still holds.
HEARTBEAT = """
local kept = 0
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    kept = kept + 1
  end
end
return kept
"""


@dataclass(frozen=True)
class Names:
    """The keys one scene stream uses; workers and the app derive them from the stream name."""

    stream: str
    group: str = GROUP

    @property
    def dead(self) -> str:
        return f"{self.stream}:dead"

    @property
    def ids(self) -> str:
        return f"{self.stream}:ids"

    @property
    def acks(self) -> str:
        return f"{self.stream}:acks"


class BrokerUnavailable(Exception):
    """Redis cannot be used right now; ``message`` says why in words for the learner."""

    def __init__(self, message: Msg, permanent: bool = False) -> None:
        super().__init__(message.render())
        self.message = message
        self.permanent = permanent


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def explain(exc: BaseException, url: str) -> BrokerUnavailable:
    """Turn a client error into one sentence the learner can act on (both languages)."""
    import redis.exceptions as rx

    shown = safe_url(url)
    text = str(exc)
    if isinstance(exc, rx.AuthenticationError) or any(
        word in text for word in ("WRONGPASS", "NOAUTH", "invalid password", "Authentication")
    ):
        return BrokerUnavailable(
            QT_TRANSLATE_NOOP(
                CTX,
                "Redis at {url} refused the password (or wants one). Put it in the URL: "
                "redis://:PASSWORD@host:6379/0.",
            )(url=shown),
            permanent=True,
        )
    if isinstance(exc, rx.ConnectionError | rx.TimeoutError | OSError):
        return BrokerUnavailable(
            QT_TRANSLATE_NOOP(
                CTX,
                "No Redis server answers at {url}. Start one (sudo apt-get install "
                "redis-server) or switch the broker to in-process. Trying again every second.",
            )(url=shown)
        )
    return BrokerUnavailable(
        QT_TRANSLATE_NOOP(CTX, "Redis at {url} answered with an error: {error}")(
            url=shown, error=text[:200]
        ),
        permanent=True,
    )


GONE = QT_TRANSLATE_NOOP(
    CTX,
    "The Redis server at {url} went away: the scene is paused and tries again every second. "
    "Nothing is lost: a message stays in the stream until a worker acknowledges it.",
)


def connect(url: str, **options: Any) -> Redis:
    """A client for ``url``; the redis package is imported only here, in broker mode."""
    try:
        from redis.asyncio import Redis
    except ImportError:  # pragma: no cover - a dependency of the app, but say so if missing
        raise BrokerUnavailable(
            QT_TRANSLATE_NOOP(CTX, "Broker mode needs the redis package: pip install redis"),
            permanent=True,
        ) from None
    try:
        return Redis.from_url(
            url, decode_responses=True, socket_connect_timeout=2.0, socket_timeout=5.0, **options
        )
    except ValueError as exc:
        raise BrokerUnavailable(
            QT_TRANSLATE_NOOP(CTX, "Not a Redis URL: {url} ({error}); try {example}")(
                url=safe_url(url), error=str(exc), example=DEFAULT_URL
            ),
            permanent=True,
        ) from None


def is_down(exc: BaseException) -> bool:
    """The server is unreachable (refused, reset, timed out, restarting): worth retrying."""
    import redis.exceptions as rx

    if isinstance(exc, rx.BusyLoadingError):
        return True
    if isinstance(exc, rx.AuthenticationError):
        return False
    return isinstance(exc, rx.ConnectionError | rx.TimeoutError | ConnectionError | OSError)


async def ensure_group(client: Redis, names: Names) -> None:
    """Create the stream and its consumer group if missing (another process may race us)."""
    import redis.exceptions as rx

    try:
        await client.xgroup_create(names.stream, names.group, id="0", mkstream=True)
    except rx.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


async def reset(client: Redis, names: Names) -> None:
    """Start a run on empty keys: the stream, its group, dead letters and the id maps."""
    await client.delete(names.stream, names.dead, names.ids, names.acks)
    await ensure_group(client, names)


class RedisBroker:
    """The producer side the presets' handlers call (``publish``), like the in-process Broker.

    ``down`` is set by whoever sees the server go away (a publish or the probe); while it is set,
    publishes wait and retry, so a handler's message is never dropped for a broken connection.
    """

    def __init__(
        self,
        client: Redis,
        names: Names,
        recorder: Recorder,
        limits: Callable[[], tuple[Policy, int]],
        url: str,
        request_time: Callable[[int], float],
    ) -> None:
        self.client = client
        self.names = names
        self.recorder = recorder
        self._limits = limits
        self.url = url
        # When request n began: carried in the entry, so delivery is timed from the request.
        self._request_time = request_time
        self._publish = client.register_script(PUBLISH)
        self.lag = 0  # waiting messages at the probe's last reading
        self.since_reading = 0  # published since that reading
        self.down: BrokerUnavailable | None = None
        self.blocked = 0
        self.ready: list[Message] = []  # nothing waits in the app: Simulation's drain checks it
        self._outbox: list[Outgoing] = []
        self._flusher: asyncio.Task[None] | None = None
        self._room = asyncio.Event()  # set when there may be room: blocked producers look

    def reading(self, lag: int) -> None:
        """The probe read the stream: ``lag`` messages wait, counting every publish before it."""
        self.lag = lag
        self.since_reading = 0
        self._room.set()

    def _has_room(self, policy: Policy, capacity: int) -> bool:
        return policy == "unbounded" or self.lag + self.since_reading < capacity

    async def publish(self, message: Message) -> None:
        """XADD ``message``; when the queue is full, wait for room or raise QueueFull."""
        line = code_line(1)
        rec, actor = self.recorder, ACTOR.get()
        policy, capacity = self._limits()
        blocked = False
        if not self._has_room(policy, capacity):
            data = {"msg": message.id, "label": message.label, "req": message.request}
            if policy == "reject":
                rec.emit("rejected", actor, line=line, **data)
                raise QueueFull(message.label)
            rec.emit("blocked", actor, line=line, **data)
            blocked = True
            self.blocked += 1
            try:
                while True:
                    # Woken by each reading of the stream and by a change of the capacity: a
                    # timer per waiting producer would cost the loop more than the publishing.
                    self._room.clear()
                    await self._room.wait()
                    policy, capacity = self._limits()
                    if self._has_room(policy, capacity):
                        break
            except asyncio.CancelledError:
                rec.emit("abandoned", actor, **data)
                raise
            finally:
                self.blocked -= 1
        self.since_reading += 1
        request_t = round(self._request_time(message.request), 6)
        loop = asyncio.get_running_loop()
        done: asyncio.Future[str] = loop.create_future()
        entry = (message.id, message.label, message.request, request_t)
        self._outbox.append((entry, blocked, done))
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush(), name="queue:redis-publish")
        # Cancelled here, the message may still be published (it was handed over): the probe
        # shows whatever reached the stream, so the books stay exact either way.
        await done

    async def _flush(self) -> None:
        """Send what handlers have published, a batch per round trip, in publishing order.

        The task starts on the loop's next turn, so every handler that published in this turn
        rides along; while a batch is on the wire the next one gathers (self-clocking: the
        slower the trip, the bigger the batch).
        """
        while self._outbox:
            batch = self._outbox[:MAX_BATCH]
            del self._outbox[:MAX_BATCH]
            args: list[str | int | float] = []
            for (n, label, req, req_t), blocked, _done in batch:
                args += (n, label, req, req_t, int(blocked))
            try:
                ids = await self.retrying(
                    partial(self._publish, keys=[self.names.stream, self.names.ids], args=args)
                )
            except BaseException as exc:
                for *_, done in batch + self._outbox:
                    if done.done():
                        continue
                    if isinstance(exc, asyncio.CancelledError):
                        done.cancel()
                    else:
                        done.set_exception(exc)
                self._outbox.clear()
                raise
            for (*_, done), entry_id in zip(batch, ids, strict=True):
                if not done.done():
                    done.set_result(str(entry_id))

    async def aclose(self) -> None:
        """Stop the publishing task (the run is over); unsent publishes are cancelled."""
        if self._flusher is not None:
            self._flusher.cancel()
            await asyncio.gather(self._flusher, return_exceptions=True)

    async def retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        """``call()`` until it succeeds, waiting out a server that went away (the scene pauses)."""
        while True:
            try:
                result = await call()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not is_down(exc):
                    raise
                if self.down is None:
                    self.down = BrokerUnavailable(GONE(url=safe_url(self.url)))
                task = asyncio.current_task()
                if task is not None and task.cancelling():  # swallowed by the client: stop
                    raise asyncio.CancelledError from exc
                await asyncio.sleep(RETRY)
                continue
            return result

    def refresh(self) -> None:
        """The capacity changed: waiting producers look again."""
        self._room.set()

    @property
    def waiting_producers(self) -> int:
        return self.blocked
