"""The queue scene's state at one moment, folded from the recorded events.

The timeline copies the state from a checkpoint on every frame and keeps a copy every 128
events, so the state must be cheap to copy even with thousands of messages in the system. Two
structures make that so: messages held by workers or handlers live in a :class:`ChunkMap`
(copy-on-write chunks of 64 entries: a copy shares every chunk and copies only those it later
changes), and the waiting line is a :class:`ChunkQueue` (a list of tuples, so a copy copies one
pointer per 64 messages). Everything else is counters, a few short deques and a capped list of
depth samples for the chart.

The accounting that must always hold (the scene's promise that nothing is lost)::

    produced = acked + waiting + in_flight + dead_lettered + failed
    offered  = produced + rejected + blocked + abandoned

``produced`` counts messages the system accepted: put on the queue, or (no-queue presets) taken
on by a handler itself. A message a full queue *rejected* never entered the system, so it is not
produced; the producer learnt that at once (the user got "503, try again") and it is counted in
``rejected``. A producer waiting for room holds a ``blocked`` message, also not produced yet.
``failed`` is only used without a queue: the handler doing the job crashed and nobody retries.
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Generic, NamedTuple, TypeVar

from visualizer.core.recorder import Event

V = TypeVar("V")
CHUNK = 64
CHART_BUCKET = 0.05  # seconds per depth sample
CHART_KEEP = 1800  # samples kept: the last 90 s
RATE_BUCKET = 0.1
RATE_WINDOW = 2.0  # recent arrival and finish rates are measured over this long
SAMPLES = 400  # response and delivery times kept for the percentiles

# Where a request handler is (its stage).
ARRIVED, TOKEN, SAVE, FRIENDS, PUBLISH, BLOCKED, WORK = (
    "arrived",
    "token",
    "save",
    "friends",
    "publish",
    "blocked",
    "work",
)
# What a worker is doing.
IDLE, BUSY, CRASHED = "idle", "busy", "crashed"
# How a message left the system (or bounced off it).
ACKED, DEAD, REJECTED, REQUEUED, FAILED = "acked", "dead", "rejected", "requeued", "failed"


class MsgRec(NamedTuple):
    """One message in the system; immutable, so copies of the state can share it."""

    id: int
    label: str
    req: int
    req_t: float  # when the user's request began: end-to-end delivery is measured from here
    born: float  # when it entered the system (produced): Little's W is measured from here
    since: float  # when it entered its current place (for the travelling animation)
    attempt: int  # deliveries so far
    holder: str  # worker (or handler) holding it; for a waiting message, who gave it back
    planned: float  # how long the current job takes (0 until the job starts)
    work_t: float  # when the current job started


class ReqRec(NamedTuple):
    """A request a handler is still working on (no response yet)."""

    n: int
    t: float
    stage: str
    since: float
    line: int
    done: int  # messages published (or jobs done, without a queue)
    total: int  # messages it will publish (friends); 1 for an email
    label: str  # message it is blocked on or working on
    planned: float


class WorkerRec(NamedTuple):
    name: str
    number: int
    status: str
    since: float
    msg: int
    line: int
    leaving: bool
    incarnation: int
    error: str


class Done(NamedTuple):
    """A message that just left (or bounced off) the queue, kept briefly for the animation."""

    id: int
    label: str
    outcome: str
    holder: str
    t: float
    attempt: int


class ChunkMap(Generic[V]):
    """An int-keyed map whose copies share 64-entry chunks until one side changes a chunk."""

    __slots__ = ("_chunks", "_len", "_owned")

    def __init__(self) -> None:
        self._chunks: dict[int, dict[int, V]] = {}
        self._owned: set[int] = set()
        self._len = 0

    def copy(self) -> ChunkMap[V]:
        other: ChunkMap[V] = ChunkMap()
        other._chunks = self._chunks.copy()
        other._len = self._len
        self._owned = set()  # from now on both sides share every chunk: copy before writing
        return other

    def _writable(self, c: int) -> dict[int, V] | None:
        chunk = self._chunks.get(c)
        if chunk is not None and c not in self._owned:
            chunk = dict(chunk)
            self._chunks[c] = chunk
            self._owned.add(c)
        return chunk

    def __len__(self) -> int:
        return self._len

    def __contains__(self, key: int) -> bool:
        chunk = self._chunks.get(key // CHUNK)
        return chunk is not None and key in chunk

    def get(self, key: int) -> V | None:
        chunk = self._chunks.get(key // CHUNK)
        return None if chunk is None else chunk.get(key)

    def set(self, key: int, value: V) -> None:
        c = key // CHUNK
        chunk = self._writable(c)
        if chunk is None:
            self._chunks[c] = {key: value}
            self._owned.add(c)
            self._len += 1
            return
        if key not in chunk:
            self._len += 1
        chunk[key] = value

    def pop(self, key: int) -> V | None:
        c = key // CHUNK
        chunk = self._chunks.get(c)
        if chunk is None or key not in chunk:
            return None
        chunk = self._writable(c)
        assert chunk is not None
        value = chunk.pop(key)
        self._len -= 1
        if not chunk:
            del self._chunks[c]
            self._owned.discard(c)
        return value

    def values(self) -> Iterator[V]:
        for chunk in self._chunks.values():
            yield from chunk.values()


class ChunkQueue:
    """The waiting line in order, head first, as a list of tuples of up to 64 messages."""

    __slots__ = ("_chunks", "_len")

    def __init__(self) -> None:
        self._chunks: list[tuple[MsgRec, ...]] = []
        self._len = 0

    def copy(self) -> ChunkQueue:
        other = ChunkQueue()
        other._chunks = list(self._chunks)
        other._len = self._len
        return other

    def __len__(self) -> int:
        return self._len

    def append(self, rec: MsgRec) -> None:
        chunks = self._chunks
        if chunks and len(chunks[-1]) < CHUNK:
            chunks[-1] = (*chunks[-1], rec)
        else:
            chunks.append((rec,))
        self._len += 1

    def appendleft(self, rec: MsgRec) -> None:
        chunks = self._chunks
        if chunks and len(chunks[0]) < CHUNK:
            chunks[0] = (rec, *chunks[0])
        else:
            chunks.insert(0, (rec,))
        self._len += 1

    def remove(self, msg: int) -> MsgRec | None:
        """Take message ``msg`` out; the broker is FIFO, so it is almost always the head."""
        chunks = self._chunks
        for i, chunk in enumerate(chunks):
            for j, rec in enumerate(chunk):
                if rec.id == msg:
                    rest = chunk[:j] + chunk[j + 1 :]
                    if rest:
                        chunks[i] = rest
                    else:
                        del chunks[i]
                    self._len -= 1
                    return rec
        return None

    def __iter__(self) -> Iterator[MsgRec]:
        for chunk in self._chunks:
            yield from chunk


class QueueState:
    """Counters, the waiting line, who holds what, and measurements so far."""

    __slots__ = (
        "abandoned",
        "ack_errors",
        "acked",
        "acked_rates",
        "area",
        "area_t",
        "arrivals_stopped",
        "blocked",
        "chart",
        "dead",
        "dead_recent",
        "deliv_samples",
        "ended",
        "error",
        "failed",
        "finished",
        "holding",
        "inflight",
        "kind",
        "marks",
        "offered",
        "preset",
        "produced",
        "produced_rates",
        "queue",
        "queued",
        "redelivered",
        "rejected",
        "requests",
        "requests_seen",
        "resp_samples",
        "responses",
        "settings",
        "sojourn_n",
        "sojourn_sum",
        "status_counts",
        "t",
        "workers",
    )

    def __init__(self) -> None:
        self.preset = ""
        self.kind = "email"
        self.queued = True
        self.settings: dict[str, Any] = {}
        self.t = 0.0  # time of the last event folded in
        # accounting
        self.offered = self.produced = self.acked = self.dead = self.failed = 0
        self.rejected = self.blocked = self.abandoned = self.redelivered = 0
        self.inflight = 0
        self.ack_errors = 0  # acks of a message not held: must stay 0
        # where the messages are
        self.queue = ChunkQueue()
        self.holding: ChunkMap[MsgRec] = ChunkMap()
        self.requests: ChunkMap[ReqRec] = ChunkMap()
        self.requests_seen = 0
        self.workers: dict[str, WorkerRec] = {}
        self.finished: deque[Done] = deque(maxlen=48)
        self.dead_recent: deque[Done] = deque(maxlen=24)
        self.responses: deque[tuple[int, int, float, float]] = deque(maxlen=8)
        self.status_counts: dict[int, int] = {}
        # measurements
        self.resp_samples: deque[float] = deque(maxlen=SAMPLES)
        self.deliv_samples: deque[float] = deque(maxlen=SAMPLES)
        self.area = 0.0  # integral of the number in the system over time
        self.area_t = 0.0
        self.sojourn_sum = 0.0
        self.sojourn_n = 0
        self.produced_rates: deque[tuple[int, int]] = deque(maxlen=40)
        self.acked_rates: deque[tuple[int, int]] = deque(maxlen=40)
        self.chart: list[tuple[float, int, int, int]] = []  # (t, waiting, in flight, workers)
        self.marks: list[tuple[float, str, Any]] = []  # setting changes seen by the run
        self.arrivals_stopped: str | None = None
        self.ended: float | None = None
        self.error: str | None = None

    @property
    def waiting(self) -> int:
        return len(self.queue)

    @property
    def in_system(self) -> int:
        return len(self.queue) + self.inflight

    def copy(self) -> QueueState:
        new = QueueState.__new__(QueueState)
        for name in QueueState.__slots__:
            setattr(new, name, getattr(self, name))
        new.queue = self.queue.copy()
        new.holding = self.holding.copy()
        new.requests = self.requests.copy()
        new.workers = dict(self.workers)
        new.finished = deque(self.finished, maxlen=self.finished.maxlen)
        new.dead_recent = deque(self.dead_recent, maxlen=self.dead_recent.maxlen)
        new.responses = deque(self.responses, maxlen=self.responses.maxlen)
        new.status_counts = dict(self.status_counts)
        new.resp_samples = deque(self.resp_samples, maxlen=SAMPLES)
        new.deliv_samples = deque(self.deliv_samples, maxlen=SAMPLES)
        new.produced_rates = deque(self.produced_rates, maxlen=self.produced_rates.maxlen)
        new.acked_rates = deque(self.acked_rates, maxlen=self.acked_rates.maxlen)
        new.chart = list(self.chart)
        new.marks = list(self.marks)
        # settings is replaced, never changed in place, so sharing it is safe
        return new

    # -- measurements at time t --------------------------------------------------------------
    def area_at(self, t: float) -> float:
        return self.area + self.in_system * max(0.0, t - self.area_t)

    def rate(self, which: str, t: float) -> float:
        """Measured messages per second over the last RATE_WINDOW (produced or acked)."""
        buckets = self.produced_rates if which == "produced" else self.acked_rates
        now = int(t / RATE_BUCKET)
        first = now - int(RATE_WINDOW / RATE_BUCKET) + 1
        count = sum(c for b, c in buckets if first <= b <= now)
        return count / min(RATE_WINDOW, max(t, RATE_BUCKET))

    def alive_workers(self) -> int:
        return sum(1 for w in self.workers.values() if w.status != CRASHED)


def percentile(samples: Any, q: float) -> float | None:
    """Nearest-rank percentile of ``samples`` (None when there are none): the smallest sample
    with at least ``q`` % of the samples at or below it."""
    data = sorted(samples)
    if not data:
        return None
    rank = math.ceil(q * len(data) / 100.0)  # q * n first: 95 * 20 / 100 is exactly 19
    return float(data[min(len(data), max(1, rank)) - 1])


def _bump(buckets: deque[tuple[int, int]], t: float) -> None:
    b = int(t / RATE_BUCKET)
    if buckets and buckets[-1][0] == b:
        buckets[-1] = (b, buckets[-1][1] + 1)
    else:
        buckets.append((b, 1))


class QueueReducer:
    """Folds broker, handler and worker events into :class:`QueueState`."""

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[QueueState, Event], None]] = {
            name[3:]: getattr(self, name) for name in dir(self) if name.startswith("on_")
        }

    def initial(self) -> QueueState:
        return QueueState()

    def copy(self, state: QueueState) -> QueueState:
        return state.copy()

    def apply(self, state: QueueState, event: Event) -> None:
        t = event.t
        # Little's L: integrate the number in the system up to this event.
        state.area += state.in_system * max(0.0, t - state.area_t)
        state.area_t = t
        state.t = t
        handler = self._handlers.get(event.kind)
        if handler is not None:
            handler(state, event)

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _sample(state: QueueState, t: float) -> None:
        point = (t, len(state.queue), state.inflight, state.alive_workers())
        chart = state.chart
        if chart and int(chart[-1][0] / CHART_BUCKET) == int(t / CHART_BUCKET):
            chart[-1] = point
        else:
            chart.append(point)
            if len(chart) > CHART_KEEP + 200:
                del chart[:200]

    @staticmethod
    def _request(state: QueueState, n: int, **changes: Any) -> None:
        rec = state.requests.get(n)
        if rec is not None:
            state.requests.set(n, rec._replace(**changes))

    @staticmethod
    def _left(state: QueueState, rec: MsgRec, t: float) -> None:
        """A message left the system: one more sample for Little's W."""
        state.sojourn_sum += t - rec.born
        state.sojourn_n += 1

    def _worker(self, state: QueueState, name: str, **changes: Any) -> None:
        rec = state.workers.get(name)
        if rec is not None:
            state.workers[name] = rec._replace(**changes)

    # -- run -------------------------------------------------------------------------------
    def on_run_start(self, state: QueueState, e: Event) -> None:
        state.preset = str(e.data["preset"])
        state.kind = str(e.data["job"])
        state.queued = bool(e.data["queued"])
        state.settings = dict(e.data["settings"])
        self._sample(state, e.t)

    def on_setting(self, state: QueueState, e: Event) -> None:
        key, value = str(e.data["key"]), e.data["value"]
        state.settings = {**state.settings, key: value}
        state.marks.append((e.t, key, value))
        if len(state.marks) > 64:
            del state.marks[0]

    def on_arrivals_stopped(self, state: QueueState, e: Event) -> None:
        state.arrivals_stopped = str(e.data["reason"])

    def on_run_end(self, state: QueueState, e: Event) -> None:
        state.ended = e.t

    def on_scene_error(self, state: QueueState, e: Event) -> None:
        state.error = str(e.data.get("error", ""))

    # -- requests --------------------------------------------------------------------------
    def on_request(self, state: QueueState, e: Event) -> None:
        n = int(e.data["req"])
        total = 1 if state.kind == "email" else 0
        state.requests.set(n, ReqRec(n, e.t, ARRIVED, e.t, 0, 0, total, "", 0.0))
        state.requests_seen += 1

    def on_db(self, state: QueueState, e: Event) -> None:
        changes: dict[str, Any] = {
            "stage": str(e.data["op"]),
            "since": e.t,
            "line": int(e.data.get("line", 0)),
            "planned": float(e.data.get("planned", 0.0)),
        }
        if "count" in e.data:
            changes["total"] = int(e.data["count"])
        self._request(state, int(e.data["req"]), **changes)

    def on_response(self, state: QueueState, e: Event) -> None:
        n, status = int(e.data["req"]), int(e.data["status"])
        rec = state.requests.pop(n)
        if rec is None:
            return
        latency = e.t - rec.t
        state.resp_samples.append(latency)
        state.responses.append((n, status, latency, e.t))
        state.status_counts[status] = state.status_counts.get(status, 0) + 1

    # -- producing -------------------------------------------------------------------------
    def _new_msg(self, state: QueueState, e: Event, holder: str) -> MsgRec:
        req = int(e.data.get("req", 0))
        request = state.requests.get(req)
        return MsgRec(
            int(e.data["msg"]),
            str(e.data.get("label", "")),
            req,
            request.t if request is not None else e.t,
            e.t,
            e.t,
            0,
            holder,
            0.0,
            0.0,
        )

    def on_blocked(self, state: QueueState, e: Event) -> None:
        state.offered += 1
        state.blocked += 1
        self._request(
            state,
            int(e.data["req"]),
            stage=BLOCKED,
            since=e.t,
            line=int(e.data.get("line", 0)),
            label=str(e.data.get("label", "")),
        )

    def on_enqueued(self, state: QueueState, e: Event) -> None:
        if e.data.get("blocked"):
            state.blocked -= 1
        else:
            state.offered += 1
        state.produced += 1
        _bump(state.produced_rates, e.t)
        state.queue.append(self._new_msg(state, e, ""))
        req = int(e.data["req"])
        request = state.requests.get(req)
        if request is not None:
            state.requests.set(
                req,
                request._replace(
                    stage=PUBLISH,
                    since=e.t,
                    line=int(e.data.get("line", 0)),
                    done=request.done + 1,
                    label=str(e.data.get("label", "")),
                ),
            )
        self._sample(state, e.t)

    def on_rejected(self, state: QueueState, e: Event) -> None:
        state.offered += 1
        state.rejected += 1
        msg, label = int(e.data["msg"]), str(e.data.get("label", ""))
        state.finished.append(Done(msg, label, REJECTED, "", e.t, 0))
        req = int(e.data["req"])
        request = state.requests.get(req)
        if request is not None:
            state.requests.set(
                req, request._replace(done=request.done + 1, line=int(e.data.get("line", 0)))
            )

    def on_abandoned(self, state: QueueState, e: Event) -> None:
        state.blocked -= 1
        state.abandoned += 1

    # -- consuming -------------------------------------------------------------------------
    def on_idle(self, state: QueueState, e: Event) -> None:
        self._worker(
            state, str(e.data["worker"]), status=IDLE, since=e.t, msg=0, line=int(e.data["line"])
        )

    def on_delivered(self, state: QueueState, e: Event) -> None:
        msg, attempt, worker = int(e.data["msg"]), int(e.data["attempt"]), str(e.data["worker"])
        found = state.queue.remove(msg)
        if found is not None:
            rec = found
        else:  # never seen enqueued: keep the books balanced anyway
            rec = self._new_msg(state, e, worker)
            state.produced += 1
            state.offered += 1
        state.holding.set(msg, rec._replace(since=e.t, attempt=attempt, holder=worker))
        state.inflight += 1
        if attempt > 1:
            state.redelivered += 1
        self._worker(state, worker, status=BUSY, since=e.t, msg=msg, line=int(e.data["line"]))
        self._sample(state, e.t)

    def on_work_start(self, state: QueueState, e: Event) -> None:
        msg, by = int(e.data["msg"]), str(e.data["by"])
        planned, line = float(e.data["planned"]), int(e.data.get("line", 0))
        if e.data.get("inline"):
            # No queue: the handler takes the job on itself; it is produced and held at once.
            rec = self._new_msg(state, e, by)
            state.offered += 1
            state.produced += 1
            _bump(state.produced_rates, e.t)
            state.inflight += 1
            state.holding.set(msg, rec._replace(attempt=1, planned=planned, work_t=e.t))
            self._request(
                state,
                int(e.data["req"]),
                stage=WORK,
                since=e.t,
                line=line,
                label=rec.label,
                planned=planned,
            )
            self._sample(state, e.t)
            return
        held = state.holding.get(msg)
        if held is not None:
            state.holding.set(msg, held._replace(planned=planned, work_t=e.t))
        self._worker(state, by, line=line)

    def on_work_done(self, state: QueueState, e: Event) -> None:
        if e.data.get("inline"):
            self._finish(state, e, ACKED)

    def on_work_crash(self, state: QueueState, e: Event) -> None:
        if e.data.get("inline"):
            self._finish(state, e, FAILED)

    def on_acked(self, state: QueueState, e: Event) -> None:
        self._finish(state, e, ACKED)
        worker = str(e.data["worker"])
        self._worker(state, worker, status=IDLE, since=e.t, msg=0, line=int(e.data.get("line", 0)))

    def _finish(self, state: QueueState, e: Event, outcome: str) -> None:
        msg = int(e.data["msg"])
        rec = state.holding.pop(msg)
        if rec is None:
            state.ack_errors += 1
            return
        state.inflight -= 1
        holder = str(e.data.get("worker", e.data.get("by", "")))
        done = Done(msg, rec.label, outcome, holder, e.t, rec.attempt)
        state.finished.append(done)
        self._left(state, rec, e.t)
        if outcome == ACKED:
            state.acked += 1
            _bump(state.acked_rates, e.t)
            state.deliv_samples.append(e.t - rec.req_t)
        elif outcome == FAILED:
            state.failed += 1
        else:
            state.dead += 1
            state.dead_recent.append(done)
        if not state.queued:
            request = state.requests.get(rec.req)
            if request is not None:
                state.requests.set(rec.req, request._replace(done=request.done + 1))
        self._sample(state, e.t)

    def on_requeued(self, state: QueueState, e: Event) -> None:
        msg = int(e.data["msg"])
        rec = state.holding.pop(msg)
        if rec is None:
            return
        state.inflight -= 1
        state.queue.appendleft(rec._replace(since=e.t, planned=0.0))
        state.finished.append(Done(msg, rec.label, REQUEUED, rec.holder, e.t, rec.attempt))
        self._sample(state, e.t)

    def on_dead_lettered(self, state: QueueState, e: Event) -> None:
        self._finish(state, e, DEAD)

    # -- workers ---------------------------------------------------------------------------
    def on_worker_start(self, state: QueueState, e: Event) -> None:
        name = str(e.data["worker"])
        state.workers[name] = WorkerRec(
            name, int(name[1:]), IDLE, e.t, 0, 0, False, int(e.data.get("incarnation", 1)), ""
        )
        state.workers = dict(sorted(state.workers.items(), key=lambda kv: kv[1].number))
        self._sample(state, e.t)

    def on_worker_leaving(self, state: QueueState, e: Event) -> None:
        self._worker(state, str(e.data["worker"]), leaving=True)

    def on_worker_stays(self, state: QueueState, e: Event) -> None:
        self._worker(state, str(e.data["worker"]), leaving=False)

    def on_worker_crashed(self, state: QueueState, e: Event) -> None:
        self._worker(
            state,
            str(e.data["worker"]),
            status=CRASHED,
            since=e.t,
            msg=0,
            error=str(e.data.get("error", "")),
        )
        self._sample(state, e.t)

    def on_worker_stopped(self, state: QueueState, e: Event) -> None:
        state.workers.pop(str(e.data["worker"]), None)
        self._sample(state, e.t)


def chart_window(
    chart: list[tuple[float, int, int, int]], t: float, span: float
) -> list[tuple[float, int, int, int]]:
    """The depth samples from ``t - span`` to ``t`` (plus the one before, for the first step)."""
    lo = max(0, bisect.bisect_left(chart, t - span, key=lambda p: p[0]) - 1)
    hi = bisect.bisect_right(chart, t, key=lambda p: p[0])
    return chart[lo:hi]
