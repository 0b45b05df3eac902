"""The queue scene's Redis broker against a real redis-server and real worker processes.

Every check reads Redis itself (XLEN, XPENDING, the dead-letter stream, the acks map the ack
script keeps), so a broker that loses, duplicates or double-acknowledges a message fails here.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.redis_server import RedisServer
from visualizer.core.recorder import Recorder
from visualizer.scenes.queue import SCENE
from visualizer.scenes.queue.broker import Message, start_ids
from visualizer.scenes.queue.redis_broker import Names, RedisBroker, connect, reset
from visualizer.scenes.queue.redis_probe import Probe, _key
from visualizer.scenes.queue.redis_sim import cancelled
from visualizer.scenes.queue.state import QueueReducer, QueueState
from visualizer.session import SceneSession

# Generous: both cores may be busy with other test runs.
SETTLE = 90.0


def spawn_worker(url: str, stream: str, name: str, delay: float = 0.05) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "visualizer", "worker", "--redis", url, "--stream", stream]
    cmd += ["--name", name, "--delay", str(delay), "--reclaim-idle", "1", "--max-attempts", "3"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def until(check: Callable[[], Any], timeout: float = SETTLE) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if await check():
                return
        except Exception as exc:
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up waiting: {exc!r}") from exc
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting")
        await asyncio.sleep(0.05)


async def books_in_redis(url: str, names: Names) -> dict[str, Any]:
    """Where every entry of the stream ended up, from Redis alone."""
    client = connect(url)
    try:
        entries = await client.xrange(names.stream)
        dead = [f["id"] for _, f in await client.xrange(names.dead)]
        acks = await client.hgetall(names.acks)
        summary = await client.xpending(names.stream, names.group)
        groups = await client.xinfo_groups(names.stream)
    finally:
        await client.aclose()
    return {
        "ids": [i for i, _ in entries],
        "dead": dead,
        "acks": acks,
        "pending": int(summary["pending"]),
        # entries not yet delivered to the group
        "lag": sum(1 for i, _ in entries if _key(i) > _key(groups[0]["last-delivered-id"])),
    }


def check_nothing_lost(books: dict[str, Any], produced: int) -> None:
    ids, dead, acks = books["ids"], books["dead"], books["acks"]
    assert len(ids) == produced  # XLEN: each publish added exactly one entry
    assert books["pending"] == 0 and books["lag"] == 0
    assert len(dead) == len(set(dead))  # dead-lettered at most once
    for entry_id in ids:  # acknowledged exactly once, or dead-lettered, never both
        assert (entry_id in acks) != (entry_id in dead), entry_id
    assert set(acks) | set(dead) == set(ids)


def fold(events: list[Any]) -> QueueState:
    """The scene's state from recorded events, checked against every Redis reading on the way."""
    reducer = QueueReducer()
    state = reducer.initial()
    for event in events:
        reducer.apply(state, event)
        if event.kind == "redis_snapshot":
            r = event.data
            assert (state.produced, state.waiting, state.inflight, state.dead, state.acked) == (
                r["xlen"],
                r["lag"],
                r["pending"],
                r["dead"],
                r["acked"],
            ), (event.t, r)
    assert state.ack_errors == 0
    return state


class Producer:
    """The scene's producer side and probe, without the window."""

    def __init__(self, url: str, stream: str) -> None:
        self.url = url
        self.names = Names(stream)
        self.rec = Recorder()
        self.client = connect(url)
        self.broker = RedisBroker(
            self.client, self.names, self.rec, lambda: ("unbounded", 0), url, lambda n: 0.0
        )
        self.probe = Probe(self.client, self.names, self.rec)
        self.produced = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        start_ids()
        await reset(self.client, self.names)
        self._task = asyncio.create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            # The client may swallow a cancellation that lands during a call (the scene's own
            # loops guard the same way); without this, close() waited for ever.
            cancelled()
            try:
                await self.probe.poll()
            except Exception:  # the server is restarting; the next reading catches up
                await asyncio.sleep(0.2)
            await asyncio.sleep(0.05)

    async def produce(self, count: int) -> None:
        for _ in range(count):
            await self.broker.publish(Message())
            self.produced += 1

    async def drained(self) -> bool:
        books = await books_in_redis(self.url, self.names)
        reading = await self.probe.read()
        return bool(
            books["pending"] == 0
            and books["lag"] == 0
            and len(books["ids"]) == self.produced
            and reading.xlen == self.produced
            and not self.probe.known
        )

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.client.aclose()


def test_sigkill_one_of_three_workers_mid_message_loses_nothing(
    redis_server: RedisServer,
) -> None:
    stream = "test:sigkill"
    procs: list[subprocess.Popen[bytes]] = []

    async def main() -> None:
        producer = Producer(redis_server.url, stream)
        await producer.start()
        procs.extend(spawn_worker(redis_server.url, stream, f"w{k}", 0.3) for k in (1, 2, 3))
        await producer.produce(30)

        async def w2_holds_one() -> bool:
            held = await producer.client.xpending_range(
                stream, "workers", "-", "+", 10, consumername="w2"
            )
            return bool(held)

        await until(w2_holds_one)
        held = await producer.client.xpending_range(
            stream, "workers", "-", "+", 10, consumername="w2"
        )
        victim = held[0]["message_id"]
        os.kill(procs[1].pid, signal.SIGKILL)  # mid-message: no ack, no goodbye
        procs[1].wait()
        await until(producer.drained)
        await asyncio.sleep(0.3)  # one more reading for the probe
        books = await books_in_redis(redis_server.url, producer.names)
        check_nothing_lost(books, 30)
        # The killed worker's message was reclaimed and finished by another consumer.
        assert books["acks"].get(victim) in ("w1", "w3")
        state = fold(producer.rec.snapshot())
        assert state.acked == len(books["acks"]) and state.produced == 30
        assert state.redelivered >= 1
        await producer.close()

    try:
        asyncio.run(main())
    finally:
        stop(procs)


def test_scene_survives_a_server_restart_with_aof_and_matches_redis(
    redis_server: RedisServer,
) -> None:
    """The real scene: worker processes it starts, the server killed and restarted mid-run."""
    values = SCENE.values(
        {
            "broker": "redis",
            "redis_url": redis_server.url,
            "rate": 20,
            "delay": 0.05,
            "jitter": 0.0,
            "failure": 0,
            "consumers": 3,
        }
    )

    async def main() -> SceneSession[QueueState]:
        session: SceneSession[QueueState] = SceneSession(SCENE, "email", values)
        session.restart()
        assert session.run is not None
        session.run.data["max_requests"] = 60

        def seen(kind: str) -> Callable[[], Any]:
            async def check() -> bool:
                return any(e.kind == kind for e in session.recorder.snapshot())

            return check

        await until(seen("acked"))
        await asyncio.to_thread(redis_server.restart, 1.0)
        await until(seen("broker_up"))
        await asyncio.wait_for(session.wait(), SETTLE)
        await session.aclose()
        return session

    session = asyncio.run(main())
    events = session.recorder.snapshot()
    kinds = [e.kind for e in events]
    assert "scene_error" not in kinds, [e.data for e in events if e.kind == "scene_error"]
    assert "broker_down" in kinds and "broker_up" in kinds and "run_end" in kinds
    state = fold(events)
    books = asyncio.run(books_in_redis(redis_server.url, Names("visualizer:queue")))
    check_nothing_lost(books, state.produced)
    assert state.produced == state.acked + state.dead
    assert state.waiting == state.inflight == 0


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("produce"), st.integers(1, 12)),
        st.tuples(st.just("kill"), st.integers(0, 3)),
        st.tuples(st.just("start"), st.integers(0, 0)),
        st.tuples(st.just("restart"), st.integers(0, 0)),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=4,
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=OPS)
def test_any_sequence_of_faults_ends_with_the_in_process_books(
    redis_server: RedisServer, ops: list[tuple[str, int]]
) -> None:
    stream = f"test:ops:{time.monotonic_ns()}"
    procs: list[subprocess.Popen[bytes]] = []
    names = iter(f"w{k}" for k in range(1, 17))

    async def main() -> QueueState:
        producer = Producer(redis_server.url, stream)
        await producer.start()
        procs.append(spawn_worker(redis_server.url, stream, next(names)))
        for op, arg in ops:
            alive = [p for p in procs if p.poll() is None]
            if op == "produce":
                await producer.produce(arg)
            elif op == "kill" and alive:
                victim = alive[arg % len(alive)]
                victim.send_signal(signal.SIGKILL)
                victim.wait()
            elif op == "start" and len(procs) < 8:
                procs.append(spawn_worker(redis_server.url, stream, next(names)))
            elif op == "restart":
                await asyncio.to_thread(redis_server.restart, 0.3)
        if not any(p.poll() is None for p in procs):
            procs.append(spawn_worker(redis_server.url, stream, next(names)))
        await until(producer.drained)
        await asyncio.sleep(0.3)
        books = await books_in_redis(redis_server.url, producer.names)
        check_nothing_lost(books, producer.produced)
        await producer.close()
        return fold(producer.rec.snapshot())

    try:
        state = asyncio.run(main())
    finally:
        stop(procs)
    produced = sum(arg for op, arg in ops if op == "produce")
    # The in-process broker's identity, with what was produced and nothing on the way.
    assert state.produced == produced
    assert state.produced == state.acked + state.waiting + state.inflight + state.dead
    assert state.waiting == state.inflight == 0 and state.failed == 0


def test_worker_command_says_what_is_wrong_in_one_line(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    base = [sys.executable, "-m", "visualizer", "worker"]
    cases = [
        (["--stream", "s"], 2, "--redis"),
        (["--redis", "http://x", "--stream", "s"], 2, "redis:// URL"),
        (["--redis", redis_server.url, "--stream", "s", "--fail-rate", "2"], 2, "fail-rate"),
    ]
    port = redis_server.port + 1 if redis_server.port < 65535 else 1024
    cases.append(
        (["--redis", f"redis://127.0.0.1:{port}/0", "--stream", "s"], 1, "No Redis server")
    )
    guarded = RedisServer(tmp_path, password="secret")
    guarded.start()
    for auth in (":wrong@", ""):
        url = f"redis://{auth}127.0.0.1:{guarded.port}/0"
        cases.append((["--redis", url, "--stream", "s"], 1, "refused the password"))
    try:
        for args, code, words in cases:
            out = subprocess.run(base + args, capture_output=True, text=True, timeout=60)
            assert out.returncode == code, (args, out.stderr)
            lines = out.stderr.strip().splitlines()
            assert len(lines) == 1 and words in lines[0], (args, out.stderr)
            assert "Traceback" not in out.stderr
    finally:
        guarded.kill()


def test_concurrent_publishes_share_round_trips_and_each_lands_once(
    redis_server: RedisServer,
) -> None:
    """Forty handlers publishing ten messages each: batches, not one script call per message."""
    stream = "test:batch"

    async def main() -> tuple[int, dict[str, Any], list[int]]:
        producer = Producer(redis_server.url, stream)
        start_ids()
        await reset(producer.client, producer.names)  # no probe: its reading scripts count too
        await producer.client.config_resetstat()

        async def handler() -> None:
            await producer.produce(10)

        await asyncio.gather(*(handler() for _ in range(40)))
        stats = await producer.client.info("commandstats")
        calls = int(stats["cmdstat_evalsha"]["calls"])
        numbers = [int(f["n"]) for _, f in await producer.client.xrange(stream)]
        books = await books_in_redis(redis_server.url, producer.names)
        await producer.close()
        return calls, books, numbers

    calls, books, numbers = asyncio.run(main())
    assert len(books["ids"]) == 400 and numbers == list(range(1, 401))  # once each, in order
    # Each handler's publishes are sequential, so at least 10 trips; one per message is 400.
    assert 10 <= calls <= 40, calls


def korean() -> Callable[[str, str], str]:
    """Translate as the app does in Korean, from the shipped .ts (no Qt needed)."""
    import xml.etree.ElementTree as ET

    root = ET.parse(Path(__file__).parents[2] / "assets" / "i18n" / "visualizer_ko.ts").getroot()
    table: dict[tuple[str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            table[(name, message.findtext("source") or "")] = message.findtext("translation") or ""
    return lambda ctx, source: table.get((ctx, source)) or source


def test_scene_pauses_with_a_message_in_both_languages_when_redis_cannot_be_used(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    guarded = RedisServer(tmp_path, password="secret")
    guarded.start()
    closed = redis_server.port + 1 if redis_server.port < 65535 else 1024
    cases = [
        (
            f"redis://127.0.0.1:{closed}/0",
            "No Redis server answers",
            "응답하는 Redis 서버가 없습니다",
        ),
        (f"redis://:wrong@127.0.0.1:{guarded.port}/0", "refused the password", "비밀번호를 거부"),
    ]

    async def down_message(url: str) -> tuple[Any, list[str]]:
        values = SCENE.values({"broker": "redis", "redis_url": url, "rate": 20})
        session: SceneSession[QueueState] = SceneSession(SCENE, "email", values)
        session.restart()

        async def down() -> bool:
            return any(e.kind == "broker_down" for e in session.recorder.snapshot())

        await until(down, 30)
        await asyncio.sleep(0.5)  # paused: no request is taken while the broker is away
        events = session.recorder.snapshot()
        await session.aclose()
        message = next(e.data["message"] for e in events if e.kind == "broker_down")
        return message, [e.kind for e in events]

    try:
        for url, english, hangul in cases:
            message, kinds = asyncio.run(down_message(url))
            assert english in message.render() and "wrong" not in message.render()
            assert hangul in message.render(korean()), message.render(korean())
            assert "request" not in kinds and "scene_error" not in kinds
    finally:
        guarded.kill()
