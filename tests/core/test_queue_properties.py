"""Nothing is lost: checked on recorded traces of real runs with random settings.

Hypothesis picks the preset and every knob (rate, workers, job time, capacity and what a full
queue does, crash rate, attempts, fan-out), sometimes turns knobs halfway, and either lets the
run drain or stops it mid-flight. Each trace is then checked event by event with a fold written
here, independent of the scene's reducer:

    produced = acknowledged + waiting + in flight + dead-lettered (+ failed, no-queue only)
    offered  = produced + rejected + blocked + abandoned

A message a full queue *rejects* never enters the system: it is counted in ``rejected`` (the
producer was told at once and the user got 503), not in ``produced``. A producer waiting for room
holds a ``blocked`` message that is not produced yet either; if the run is stopped while it waits,
the message is ``abandoned``. Every message follows legal moves only, each is acknowledged at most
once, the reducer and the timeline agree with the fold at every moment, and at the end the trace
agrees with what the live broker actually holds.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from unittest.mock import patch

from hypothesis import HealthCheck, example, given, settings
from hypothesis import event as note_case
from hypothesis import strategies as st

from visualizer.core.contract import Run
from visualizer.core.recorder import Event, Recorder
from visualizer.core.timeline import Timeline
from visualizer.scenes.queue import SCENE, simulation
from visualizer.scenes.queue.simulation import SPECS, Simulation
from visualizer.scenes.queue.state import ChunkMap, ChunkQueue, MsgRec, QueueReducer, QueueState

F = TypeVar("F", bound=Callable[..., None])
PRESETS = ["email", "email-no-queue", "fanout", "fanout-no-queue"]


@dataclass
class Books:
    """Where each message is, from the trace alone, with every move checked as it happens."""

    max_attempts: int
    where: dict[int, Any] = field(default_factory=dict)
    attempts: Counter[int] = field(default_factory=Counter)
    acks: Counter[int] = field(default_factory=Counter)
    order: list[int] = field(default_factory=list)  # the waiting line, head first

    def apply(self, e: Event) -> None:
        d = e.data
        msg: int = d.get("msg", -1)
        here = self.where.get(msg)
        if e.kind == "setting" and d["key"] == "max_attempts":
            self.max_attempts = int(d["value"])
        elif e.kind == "blocked":
            assert here is None, e
            self.where[msg] = "blocked"
        elif e.kind == "enqueued":
            assert here == ("blocked" if d["blocked"] else None), e
            self.where[msg] = "waiting"
            self.order.append(msg)
        elif e.kind == "rejected":
            assert here is None, e
            self.where[msg] = "rejected"
        elif e.kind == "abandoned":
            assert here == "blocked", e
            self.where[msg] = "abandoned"
        elif e.kind == "delivered":
            assert here == "waiting", e
            assert self.order[0] == msg, "the queue is first in, first out"
            self.order.pop(0)
            self.attempts[msg] += 1
            assert d["attempt"] == self.attempts[msg], e
            self.where[msg] = ("held", d["worker"])
        elif e.kind == "acked":
            assert here == ("held", d["worker"]), e
            self.acks[msg] += 1
            self.where[msg] = "acked"
        elif e.kind == "requeued":
            assert here == ("held", d["worker"]), e
            assert self.attempts[msg] < self.max_attempts, e
            self.where[msg] = "waiting"
            self.order.insert(0, msg)  # back at the front
        elif e.kind == "dead_lettered":
            assert here == ("held", d["worker"]), e
            assert self.attempts[msg] >= self.max_attempts, e
            self.where[msg] = "dead"
        elif e.kind == "work_start" and d["inline"]:
            assert here is None, e
            self.where[msg] = ("held", d["by"])
        elif e.kind == "work_done" and d["inline"]:
            assert here == ("held", d["by"]), e
            self.acks[msg] += 1
            self.where[msg] = "acked"
        elif e.kind == "work_crash" and d["inline"]:
            assert here == ("held", d["by"]), e
            self.where[msg] = "failed"
        assert all(n <= 1 for n in self.acks.values()), "a message was acknowledged twice"

    def counts(self) -> Counter[str]:
        return Counter(w if isinstance(w, str) else "held" for w in self.where.values())


def check_invariants(books: Books) -> Counter[str]:
    c = books.counts()
    offered = len(books.where)
    produced = c["waiting"] + c["held"] + c["acked"] + c["dead"] + c["failed"]
    assert offered == produced + c["rejected"] + c["blocked"] + c["abandoned"]
    assert c["waiting"] == len(books.order)
    return c


def matches(state: QueueState, c: Counter[str], books: Books) -> None:
    """The scene's reducer agrees with the independent fold."""
    produced = c["waiting"] + c["held"] + c["acked"] + c["dead"] + c["failed"]
    assert state.produced == produced
    assert (
        state.produced == state.acked + state.waiting + state.inflight + state.dead + state.failed
    )
    assert (state.acked, state.waiting, state.inflight) == (c["acked"], c["waiting"], c["held"])
    assert (state.dead, state.failed, state.rejected) == (c["dead"], c["failed"], c["rejected"])
    assert (state.blocked, state.abandoned) == (c["blocked"], c["abandoned"])
    assert state.offered == state.produced + state.rejected + state.blocked + state.abandoned
    assert [rec.id for rec in state.queue] == books.order
    assert state.ack_errors == 0


def run_checked(
    preset: str, overrides: dict[str, Any], change: dict[str, Any] | None, drain: bool
) -> tuple[list[Event], dict[str, int]]:
    """Run for real; return the trace and what the live broker held when the run ended."""
    recorder = Recorder()
    run = Run(recorder, SCENE.values(overrides), preset, {"max_seconds": 0.3})
    held: dict[str, int] = {}

    async def main() -> None:
        sim = Simulation(run, SPECS[preset])
        task = asyncio.create_task(sim.main())
        await asyncio.sleep(0.15)
        for key, value in (change or {}).items():
            run.change(key, value)
        # Let it drain (crash-heavy runs with one worker can take long: then stop it anyway).
        await asyncio.wait({task}, timeout=15 if drain else 0.2)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        held["waiting"] = len(sim.broker.ready)
        held["dead"] = len(sim.broker.dead)
        held["at workers"] = sum(
            len(slot.consumer.unacked) for slot in sim.slots.values() if slot.consumer
        )

    asyncio.run(main())
    recorder.finish()
    return list(recorder.events), held


knobs = st.fixed_dictionaries(
    {
        "rate": st.sampled_from([20.0, 60.0, 100.0, 5.0]),
        "arrivals": st.sampled_from(["steady", "random"]),
        "consumers": st.integers(1, 6),
        "delay": st.sampled_from([0.02, 0.05, 0.0, 0.005]),
        "jitter": st.sampled_from([0.0, 0.01, 0.03]),
        "capacity_mode": st.sampled_from(["block", "reject", "unbounded"]),
        "capacity": st.integers(1, 6),
        "failure": st.sampled_from([40, 80, 10, 0]),
        "max_attempts": st.integers(1, 4),
        "friends": st.integers(1, 5),
        "seed": st.integers(0, 9999),
    }
)
changes = st.none() | st.fixed_dictionaries(
    {
        "consumers": st.integers(1, 6),
        "capacity": st.integers(1, 8),
        "capacity_mode": st.sampled_from(["unbounded", "block", "reject"]),
        "rate": st.sampled_from([5.0, 60.0]),
    }
)


def case(
    preset: str, drain: bool, change: dict[str, Any] | None = None, **knobs: Any
) -> Callable[[F], F]:
    """A hand-picked run that surely reaches a corner (blocking, dead letters, rejections)."""
    base = {
        "rate": 60.0,
        "arrivals": "steady",
        "consumers": 2,
        "delay": 0.02,
        "jitter": 0.0,
        "capacity_mode": "unbounded",
        "capacity": 3,
        "failure": 0,
        "max_attempts": 3,
        "friends": 3,
        "seed": 1,
    }
    return example(
        preset=preset, overrides={**base, **knobs}, change=change, drain=drain, probe_seed=1
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# producers blocked by a full queue when the run is stopped: their messages are abandoned
@case(
    "email",
    False,
    rate=100.0,
    consumers=1,
    delay=0.04,
    capacity_mode="block",
    capacity=2,
    failure=40,
    max_attempts=2,
)
# rejections, crashes and dead letters, then more workers and blocking instead, drained
@case(
    "fanout",
    True,
    {"consumers": 4, "capacity_mode": "block", "capacity": 2, "rate": 60.0},
    friends=5,
    capacity_mode="reject",
    failure=60,
    max_attempts=2,
)
# almost every job crashes: redelivery until the dead-letter queue
@case("email", True, consumers=3, failure=90, max_attempts=3)
# no queue: crashed handlers fail their users and nobody retries
@case("fanout-no-queue", True, failure=50, friends=4)
@given(
    preset=st.sampled_from(PRESETS),
    overrides=knobs,
    change=changes,
    drain=st.booleans(),
    probe_seed=st.integers(0, 2**31),
)
def test_nothing_is_lost_at_any_moment_of_any_run(
    preset: str,
    overrides: dict[str, Any],
    change: dict[str, Any] | None,
    drain: bool,
    probe_seed: int,
) -> None:
    # Crashed workers come back at once, so crash-heavy runs drain in a test's time.
    with patch.object(simulation, "RESTART_DELAY", 0.01):
        events, broker = run_checked(preset, overrides, change, drain)
    seen = {e.kind for e in events}
    for kind in ("requeued", "dead_lettered", "rejected", "blocked", "abandoned", "work_crash"):
        if kind in seen:
            note_case(f"trace has {kind}")  # --hypothesis-show-statistics: what the runs covered
    books = Books(int(overrides["max_attempts"]))
    reducer = QueueReducer()
    state = reducer.initial()
    by_index: list[tuple[float, Counter[str], list[int]]] = []
    for event in events:
        books.apply(event)
        reducer.apply(state, event)
        counts = check_invariants(books)
        matches(state, counts, books)
        by_index.append((event.t, counts, list(books.order)))

    # The timeline (checkpoints, copies and replay) gives the same state at any moment.
    timeline = Timeline(events, SCENE.reducer(), checkpoint_every=16)
    rng = random.Random(probe_seed)
    for i in sorted(rng.sample(range(len(events)), min(12, len(events)))):
        if i + 1 < len(events) and events[i + 1].t == events[i].t:
            continue  # same timestamp: state_at(t) includes the later event too
        t, counts, order = by_index[i]
        answer = timeline.state_at(t)
        assert answer.produced == sum(
            counts[k] for k in ("waiting", "held", "acked", "dead", "failed")
        )
        assert (answer.waiting, answer.inflight) == (counts["waiting"], counts["held"])
        assert [rec.id for rec in answer.queue] == order

    final = books.counts()
    if SPECS[preset].queued:  # the recording says what the real broker held at the end
        assert broker["waiting"] == final["waiting"]
        assert broker["dead"] == final["dead"]
        assert broker["at workers"] == final["held"]
    if any(e.kind == "run_end" for e in events):  # it drained: nothing left in between
        assert final["waiting"] == final["held"] == final["blocked"] == 0
        responses = sum(1 for e in events if e.kind == "response")
        assert responses == sum(1 for e in events if e.kind == "request")


# -- the copy-on-write structures behind cheap copies ------------------------------------------
ops = st.lists(
    st.tuples(st.sampled_from(["set", "pop", "copy"]), st.integers(0, 300)), max_size=200
)


@settings(max_examples=60, deadline=None)
@given(ops=ops)
def test_chunk_map_copies_never_share_a_change(ops: Sequence[tuple[str, int]]) -> None:
    live: ChunkMap[int] = ChunkMap()
    model: dict[int, int] = {}
    frozen: list[tuple[ChunkMap[int], dict[int, int]]] = []
    for step, (op, key) in enumerate(ops):
        if op == "set":
            live.set(key, step)
            model[key] = step
        elif op == "pop":
            assert live.pop(key) == model.pop(key, None)
        else:
            frozen.append((live.copy(), dict(model)))
        assert len(live) == len(model)
    for copy, snapshot in [(live, model), *frozen]:
        assert (
            dict(zip(sorted(snapshot), [copy.get(k) for k in sorted(snapshot)], strict=True))
            == snapshot
        )
        assert sorted(copy.values()) == sorted(snapshot.values())
        assert len(copy) == len(snapshot)


queue_ops = st.lists(
    st.sampled_from(["append", "appendleft", "remove_head", "remove_any", "copy"]), max_size=300
)


@settings(max_examples=60, deadline=None)
@given(ops=queue_ops, seed=st.integers(0, 1000))
def test_chunk_queue_copies_keep_their_order(ops: Sequence[str], seed: int) -> None:
    rng = random.Random(seed)
    live = ChunkQueue()
    model: list[int] = []
    frozen: list[tuple[ChunkQueue, list[int]]] = []
    for n, op in enumerate(ops):
        rec = MsgRec(n, f"#{n}", 0, 0.0, 0.0, 0.0, 0, "", 0.0, 0.0)
        if op == "append":
            live.append(rec)
            model.append(n)
        elif op == "appendleft":
            live.appendleft(rec)
            model.insert(0, n)
        elif op.startswith("remove") and model:
            target = model[0] if op == "remove_head" else rng.choice(model)
            removed = live.remove(target)
            assert removed is not None and removed.id == target
            model.remove(target)
        elif op == "copy":
            frozen.append((live.copy(), list(model)))
    for copy, snapshot in [(live, model), *frozen]:
        assert [rec.id for rec in copy] == snapshot
        assert len(copy) == len(snapshot)
