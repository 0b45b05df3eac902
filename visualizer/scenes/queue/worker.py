"""The code a worker process runs: consumers of the scene's stream, in a consumer group.

``visualizer worker --redis URL --stream NAME`` runs this on any machine that reaches the
server. Each consumer is one asyncio task with its own name in the group:

1. every so often, ``XAUTOCLAIM`` entries that have been pending longer than the reclaim time
   (their consumer died or stalled); ``XPENDING`` tells how often each was delivered, and one
   past the maximum goes to the dead-letter stream instead of being worked on again;
2. ``XREADGROUP ... >`` takes new entries (blocking for a second when there are none);
3. the job is a sleep of ``--delay`` seconds; with ``--fail-rate`` it fails halfway and the
   entry is left unacknowledged, like a process that died, to be reclaimed later;
4. ``XACK`` (through a script that also notes who acknowledged, for the tests).

While a job runs, a heartbeat renews the consumer's entries (``XCLAIM ... JUSTID``), so a slow
job is not mistaken for a dead consumer; a killed process stops renewing and its entries age.
A lost connection is waited out: the consumer retries every half second and carries on.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from visualizer.scenes.queue.redis_broker import (
    ACK,
    DEAD_LETTER,
    HEARTBEAT,
    RETRY,
    Names,
    ensure_group,
    is_down,
    safe_url,
)

if TYPE_CHECKING:
    from redis.asyncio import Redis

T = TypeVar("T")
HEARTBEAT_EVERY = 0.5
DEFAULT_RECLAIM = 3.0
# Entries taken per XREADGROUP: one while jobs take time (fair sharing), a batch when instant.
BATCH = 256


@dataclass
class WorkerConfig:
    url: str
    stream: str
    group: str = "workers"
    concurrency: int = 1
    fail_rate: float = 0.0
    delay: float = 0.0
    max_attempts: int = 3
    reclaim_idle: float = DEFAULT_RECLAIM
    name: str = ""  # consumer name (prefix when concurrency > 1); default host-pid
    seed: int | None = None

    def consumer_names(self) -> list[str]:
        base = self.name or f"{socket.gethostname()}-{os.getpid()}"
        if self.concurrency == 1 and self.name:
            return [base]
        return [f"{base}-{i}" for i in range(1, self.concurrency + 1)]


@dataclass
class Counts:
    acked: int = 0
    failed: int = 0
    reclaimed: int = 0
    dead: int = 0
    held: dict[str, set[str]] = field(default_factory=dict)


def _entries(got: Any) -> list[tuple[str, dict[str, str]]]:
    """XREADGROUP's answer ([[stream, [(id, fields), ...]]] or None) as (id, fields) pairs."""
    out: list[tuple[str, dict[str, str]]] = []
    for _stream, batch in got or []:
        out.extend((str(i), dict(f)) for i, f in batch)
    return out


class WorkerProcess:
    """Runs the consumers until ``stop()``; what is held unacknowledged stays pending."""

    def __init__(self, config: WorkerConfig, log: Callable[[str], None] | None = None) -> None:
        from redis.asyncio import Redis

        self.config = config
        self.names = Names(config.stream, config.group)
        # A blocking XREADGROUP holds a connection: one per consumer, plus the heartbeat.
        self.client: Redis = Redis.from_url(
            config.url,
            decode_responses=True,
            socket_connect_timeout=2.0,
            socket_timeout=10.0,
            max_connections=config.concurrency * 2 + 4,
        )
        self._ack = self.client.register_script(ACK)
        self._dead = self.client.register_script(DEAD_LETTER)
        self._beat = self.client.register_script(HEARTBEAT)
        self.counts = Counts()
        self.rng = random.Random(config.seed)
        self._log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self._down = False
        self._stop = asyncio.Event()
        self.error: BaseException | None = None

    async def check(self) -> None:
        """Connect once and make sure the group exists; errors here are the caller's to show."""
        await self.client.ping()
        await ensure_group(self.client, self.names)

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        tasks = [
            asyncio.create_task(self._consume(name), name=f"consumer:{name}")
            for name in self.config.consumer_names()
        ]
        tasks.append(asyncio.create_task(self._heartbeat(), name="heartbeat"))
        stopping = asyncio.create_task(self._stop.wait())
        try:
            # A consumer that fails for good ends the process: its heartbeat must not keep
            # renewing entries nobody works on, and a supervisor can start a fresh one.
            await asyncio.wait([stopping, *tasks], return_when=asyncio.FIRST_COMPLETED)
            for task in tasks:
                if task.done() and not task.cancelled() and task.exception() is not None:
                    self.error = task.exception()
                    break
        finally:
            stopping.cancel()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self._leave()
            await self.client.aclose()

    async def _leave(self) -> None:
        """Remove consumers that hold nothing, so the scene sees them leave at once."""
        for name in self.config.consumer_names():
            if self.counts.held.get(name):
                continue
            try:
                info = await self.client.xpending_range(
                    self.names.stream, self.names.group, "-", "+", 1, consumername=name
                )
                if not info:
                    await self.client.xgroup_delconsumer(self.names.stream, self.names.group, name)
            except Exception:  # best effort on the way out; the app sweeps leftovers
                return

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        import redis.exceptions as rx

        while True:
            try:
                result = await call()
            except rx.ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    raise
                await self._again(lambda: ensure_group(self.client, self.names))
                continue
            except Exception as exc:
                if not is_down(exc):
                    raise
                if not self._down:
                    self._down = True
                    self._log(
                        f"visualizer worker: lost {safe_url(self.config.url)} "
                        f"({type(exc).__name__}); retrying"
                    )
                await asyncio.sleep(RETRY)
                continue
            if self._down:
                self._down = False
                self._log("visualizer worker: server is back; carrying on")
            return result

    async def _again(self, call: Callable[[], Awaitable[Any]]) -> None:
        try:
            await call()
        except Exception as exc:
            if not is_down(exc):
                raise
            await asyncio.sleep(RETRY)

    async def _consume(self, name: str) -> None:
        cfg, n = self.config, self.names
        held = self.counts.held.setdefault(name, set())
        reclaim_ms = int(cfg.reclaim_idle * 1000)
        loop = asyncio.get_running_loop()
        next_claim = 0.0
        count = 1 if cfg.delay > 0 else BATCH
        while True:
            entries: list[tuple[str, dict[str, str]]] = []
            if loop.time() >= next_claim:
                next_claim = loop.time() + cfg.reclaim_idle / 3
                entries = await self._reclaim(name, reclaim_ms)
            if not entries:
                got = await self._retrying(
                    lambda: self.client.xreadgroup(
                        n.group, name, {n.stream: ">"}, count=count, block=1000
                    )
                )
                entries = _entries(got)
            done: list[str] = []
            for entry_id, _fields in entries:
                held.add(entry_id)
                if cfg.delay > 0:
                    if self.rng.random() < cfg.fail_rate:
                        await asyncio.sleep(self.rng.random() * cfg.delay)
                        held.discard(entry_id)  # abandoned: no ack, no more heartbeats
                        self.counts.failed += 1
                        continue
                    await asyncio.sleep(cfg.delay)
                elif cfg.fail_rate and self.rng.random() < cfg.fail_rate:
                    held.discard(entry_id)
                    self.counts.failed += 1
                    continue
                done.append(entry_id)
            if done:
                args = [n.group, name, *done]
                acked = await self._retrying(partial(self._ack, keys=[n.stream, n.acks], args=args))
                self.counts.acked += int(acked)
                held.difference_update(done)

    async def _reclaim(self, name: str, reclaim_ms: int) -> list[tuple[str, dict[str, str]]]:
        """Take over entries idle past the reclaim time; dead-letter those past the maximum."""
        cfg, n = self.config, self.names
        claimed = await self._retrying(
            lambda: self.client.xautoclaim(
                n.stream, n.group, name, reclaim_ms, start_id="0-0", count=16
            )
        )
        entries = [(i, f) for i, f in claimed[1] if f is not None] if claimed else []
        if not entries:
            return []
        out: list[tuple[str, dict[str, str]]] = []
        for entry_id, fields in entries:
            info: list[dict[str, Any]] = await self._retrying(
                partial(self.client.xpending_range, n.stream, n.group, entry_id, entry_id, 1)
            )
            times = int(info[0]["times_delivered"]) if info else 1
            if times > cfg.max_attempts:
                args = [n.group, entry_id, times - 1, name, fields.get("n", "0")]
                args.append(fields.get("label", ""))
                moved: int = await self._retrying(
                    partial(self._dead, keys=[n.stream, n.dead], args=args)
                )
                self.counts.dead += int(moved)
                continue
            self.counts.reclaimed += 1
            out.append((entry_id, fields))
        return out

    async def _heartbeat(self) -> None:
        n = self.names
        while True:
            await asyncio.sleep(HEARTBEAT_EVERY)
            for name, held in self.counts.held.items():
                if held:
                    ids = list(held)
                    try:
                        await self._beat(keys=[n.stream], args=[n.group, name, *ids])
                    except Exception as exc:
                        if not is_down(exc):
                            raise
