"""Reads the scene's stream back from Redis and records what changed as the scene's events.

The scene must show what really passed through the broker, not what the app believes it sent,
so everything the picture shows about messages and consumers comes from here: a few times a
second one ``MULTI``/``EXEC`` block reads, at a single moment,

- the new stream entries (``XRANGE`` after the last one seen) and ``XLEN``,
- the group's ``last-delivered-id`` and ``lag`` (``XINFO GROUPS``),
- every pending entry with its consumer, idle time and delivery count (``XPENDING``),
- the consumers with their pending counts and idle times (``XINFO CONSUMERS``),
- the new dead-letter entries and the dead-letter stream's length.

From that reading each message is in exactly one place: waiting (after the last delivered id),
held by a consumer (in the PEL), dead (in the dead-letter stream) or acknowledged (delivered,
no longer pending, not dead). Comparing with the previous reading gives the same events the
in-process broker records (``enqueued``, ``delivered``, ``requeued``, ``acked``,
``dead_lettered``), so the reducer and the view are the same; ``redis_snapshot`` carries the raw
figures so tests (and the metrics) can compare the scene's books with Redis's own.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from visualizer.core.recorder import Recorder
from visualizer.scenes.queue.redis_broker import Names

if TYPE_CHECKING:
    from redis.asyncio import Redis

# Pending entries read per reading; a larger PEL is classified up to the last entry read.
PEL_LIMIT = 5000
# Entries read per reading at most; the rest are read by the next one.
ENTRY_LIMIT = 20000
# The new entries and the PEL as one string each: the client's reply parser costs a Python call
# per element, so thousands of entries a second as nested replies (id, five field names, five
# values) cost more than the whole animation. Joined in the server, one reply is one element;
# the script runs inside the reading's MULTI, so it still reads the same moment.
# KEYS: stream; ARGV: after this id, count -> "id US k US v US ... RS id US ..." (US=1f, RS=1e)
ENTRIES = """
local out = {}
for _, e in ipairs(redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])) do
  out[#out + 1] = e[1] .. '\\31' .. table.concat(e[2], '\\31')
end
return table.concat(out, '\\30')
"""
# KEYS: stream; ARGV: group, count -> "id US consumer US idle-ms US deliveries RS ..."
PEL = """
local out = {}
for _, p in ipairs(redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', ARGV[2])) do
  out[#out + 1] = p[1] .. '\\31' .. p[2] .. '\\31' .. p[3] .. '\\31' .. p[4]
end
return table.concat(out, '\\30')
"""
# A pending entry not renewed for this long belongs to a consumer that is dead or stalled.
STALLED = 1.5
# A consumer with nothing pending that has not read for this long has left: it is removed.
GONE = 5.0
SLOT = re.compile(r"w([1-9][0-9]?)$")


def _key(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def _unpack_entries(packed: str) -> list[tuple[str, dict[str, str]]]:
    out: list[tuple[str, dict[str, str]]] = []
    for record in packed.split("\x1e") if packed else ():
        entry_id, *flat = record.split("\x1f")
        out.append((entry_id, dict(zip(flat[::2], flat[1::2], strict=True))))
    return out


def _unpack_pel(packed: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for record in packed.split("\x1e") if packed else ():
        entry_id, consumer, idle, times = record.split("\x1f")
        out.append(
            {
                "message_id": entry_id,
                "consumer": consumer,
                "time_since_delivered": int(idle),
                "times_delivered": int(times),
            }
        )
    return out


@dataclass
class Known:
    """What the probe last saw of one message still in the system."""

    n: int
    label: str
    holder: str = ""  # consumer slot name while pending
    count: int = 0  # deliveries Redis counted


@dataclass(frozen=True)
class Reading:
    """One moment of Redis, as read in one transaction."""

    xlen: int
    lag: int
    last_delivered: str
    pending: int
    pel: list[dict[str, Any]]
    consumers: list[dict[str, Any]]
    entries: list[tuple[str, dict[str, str]]]
    dead_len: int
    dead: list[tuple[str, dict[str, str]]]


class Probe:
    def __init__(self, client: Redis, names: Names, recorder: Recorder) -> None:
        self.client = client
        self._entries = client.register_script(ENTRIES)
        self._pel = client.register_script(PEL)
        self.names = names
        self.rec = recorder
        self.last_entry = "0-0"
        self.last_dead = "0-0"
        self.known: dict[str, Known] = {}  # stream id -> message, while in the system
        self.slots: dict[str, str] = {}  # Redis consumer name -> slot name ("w3")
        self.stalled: dict[str, tuple[int, float]] = {}  # slot -> (pending, idle) shown
        self.acked = 0
        self.dead = 0

    async def read(self) -> Reading:
        n = self.names
        # A context manager: a reading cut short by the server going away resets the pipeline.
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.xlen(n.stream)
            pipe.xinfo_groups(n.stream)
            pipe.xpending(n.stream, n.group)
            await self._pel(keys=[n.stream], args=[n.group, PEL_LIMIT], client=pipe)
            pipe.xinfo_consumers(n.stream, n.group)
            await self._entries(keys=[n.stream], args=[self.last_entry, ENTRY_LIMIT], client=pipe)
            pipe.xlen(n.dead)
            pipe.xrange(n.dead, f"({self.last_dead}", "+")
            (
                xlen,
                groups,
                summary,
                packed_pel,
                consumers,
                packed,
                dead_len,
                dead,
            ) = await pipe.execute()
        entries = _unpack_entries(packed)
        pel = _unpack_pel(packed_pel)
        group = next((g for g in groups if g["name"] == n.group), None)
        if group is None:
            raise LookupError(f"no group {n.group} on {n.stream}")
        # Not XINFO's own "lag": Redis 7.0 reports it wrongly for a group created with id 0 on
        # an empty stream. The waiting messages are the entries after the last delivered id.
        last = str(group["last-delivered-id"])
        # ``known`` and ``entries`` are in stream order: count back from the newest.
        after = _key(last)
        lag = 0
        for i in itertools.chain(reversed([i for i, _ in entries]), reversed(self.known)):
            if _key(i) <= after:
                break
            lag += 1
        return Reading(
            int(xlen),
            lag,
            last,
            int(summary["pending"]),
            list(pel),
            list(consumers),
            list(entries),
            int(dead_len),
            list(dead),
        )

    def slot(self, consumer: str, real: str | None = None) -> str:
        """The scene's name for a Redis consumer: ``wN`` as is, others numbered from 17."""
        name = self.slots.get(consumer)
        if name is None:
            match = SLOT.match(consumer)
            taken = set(self.slots.values())
            if match and consumer not in taken and int(match.group(1)) <= 16:
                name = consumer
            else:
                k = 17
                while f"w{k}" in taken:
                    k += 1
                name = f"w{k}"
            self.slots[consumer] = name
            self.rec.emit("worker_start", name, worker=name, consumer=consumer, incarnation=1)
        return name

    async def poll(self) -> Reading:
        """Read Redis once and record every change since the previous reading."""
        reading = await self.read()
        self.apply(reading)
        return reading

    def apply(self, r: Reading) -> None:
        emit = self.rec.emit
        for consumer in r.consumers:
            self.slot(str(consumer["name"]))
        for entry_id, fields in r.entries:
            n = int(fields.get("n", 0))
            label = fields.get("label", f"#{n}")
            self.known[entry_id] = Known(n, label)
            emit(
                "enqueued",
                f"req-{fields.get('req', 0)}",
                msg=n,
                label=label,
                req=int(fields.get("req", 0)),
                req_t=float(fields.get("req_t", 0.0)),
                blocked=fields.get("blocked") == "1",
                line=0,
                id=entry_id,
            )
            self.last_entry = entry_id
        pending = {str(p["message_id"]): p for p in r.pel}
        pel_last = max((_key(i) for i in pending), default=(0, 0))
        truncated = r.pending > len(r.pel)
        last = _key(r.last_delivered)
        dead_ids: dict[str, dict[str, str]] = {}
        for dead_id, fields in r.dead:
            dead_ids[fields.get("id", "")] = fields
            self.last_dead = dead_id
        for entry_id in list(self.known):  # in stream order: the waiting ones come last
            key = _key(entry_id)
            if key > last or (truncated and key > pel_last):
                break  # still waiting (or beyond what this reading listed), like all after it
            msg = self.known[entry_id]
            p = pending.get(entry_id)
            if p is not None:
                holder = self.slot(str(p["consumer"]))
                count = int(p["times_delivered"])
                if holder != msg.holder or count != msg.count:
                    self._deliver(msg, holder, count)
                continue
            if not msg.holder:  # delivered and finished between two readings
                # No ``work_start``: at the same instant as the ack it would show nothing, and
                # at thousands of messages a second it is a quarter of the events to replay.
                self._deliver(msg, "", max(1, msg.count), working=False)
            dead = dead_ids.pop(entry_id, None)
            if dead is not None:
                self.dead += 1
                emit(
                    "dead_lettered",
                    msg.holder or "broker",
                    msg=msg.n,
                    worker=msg.holder,
                    attempts=int(dead.get("attempts", msg.count)),
                    reason="max attempts",
                )
            else:
                self.acked += 1
                emit("acked", msg.holder or "broker", msg=msg.n, worker=msg.holder, line=0)
            del self.known[entry_id]
        self._consumers(r)
        emit(
            "redis_snapshot",
            "broker",
            xlen=r.xlen,
            lag=r.lag,
            pending=r.pending,
            dead=r.dead_len,
            acked=r.xlen - r.lag - r.pending - r.dead_len,
            consumers=len(r.consumers),
        )

    def _deliver(self, msg: Known, holder: str, count: int, working: bool = True) -> None:
        emit = self.rec.emit
        if msg.holder:  # it was somebody else's (or an earlier attempt): reclaimed
            emit(
                "requeued",
                msg.holder,
                msg=msg.n,
                worker=msg.holder,
                attempts=msg.count,
                reason="reclaimed after idle",
            )
        emit(
            "delivered",
            holder or "broker",
            msg=msg.n,
            label=msg.label,
            worker=holder,
            attempt=count,
            line=0,
        )
        if working:  # the job's length is the worker's business; only when it began is known
            emit("work_start", holder or "broker", msg=msg.n, by=holder, planned=0.0, line=0)
        msg.holder, msg.count = holder, count

    def _consumers(self, r: Reading) -> None:
        """Stalled consumers (their entries age), and consumers that left (removed)."""
        # A consumer is dead or stalled when it has not read for a while and renews none of
        # its entries (a live one renews what it works on: see the worker's heartbeat).
        freshest: dict[str, tuple[int, float]] = {}
        for p in r.pel:
            slot = self.slots.get(str(p["consumer"]))
            if slot is None:
                continue
            count, idle = freshest.get(slot, (0, 1e9))
            freshest[slot] = (count + 1, min(idle, int(p["time_since_delivered"]) / 1000.0))
        present = set()
        for consumer in r.consumers:
            name = str(consumer["name"])
            slot = self.slots[name]
            present.add(name)
            count, idle = freshest.get(slot, (0, 0.0))
            idle = min(idle, int(consumer["idle"]) / 1000.0)
            if count and idle >= STALLED:
                shown = self.stalled.get(slot)
                if shown is None or shown[0] != count or abs(shown[1] - idle) >= 0.25:
                    self.stalled[slot] = (count, idle)
                    self.rec.emit(
                        "consumer_stalled", slot, worker=slot, pending=count, idle=round(idle, 2)
                    )
            elif slot in self.stalled:
                del self.stalled[slot]
                self.rec.emit("consumer_back", slot, worker=slot)
        for name in [c for c in self.slots if c not in present]:
            slot = self.slots.pop(name)
            self.stalled.pop(slot, None)
            self.rec.emit("worker_stopped", slot, worker=slot, consumer=name)

    async def sweep(self, r: Reading) -> None:
        """Remove consumers that left with nothing pending (a dead one's entries go first)."""
        for consumer in r.consumers:
            if int(consumer["pending"]) == 0 and int(consumer["idle"]) / 1000.0 >= GONE:
                # Deleting a consumer drops its pending entries, so only an empty one.
                await self.client.xgroup_delconsumer(
                    self.names.stream, self.names.group, str(consumer["name"])
                )
