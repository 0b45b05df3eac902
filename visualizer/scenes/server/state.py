"""The server scene's state at one moment, folded from the recorded events (no Qt).

Latency percentiles come from histograms, not averages, the way HdrHistogram-based load tools
report them: every finished request adds one count to a log-spaced bin (20 bins per decade, so
a percentile is within about 6 % of the true value), one histogram per half-second window. The
chart's p50/p95/p99 over time are those windows' percentiles; the numbers panel merges the last
few windows. Closed windows are immutable tuples, so the timeline's copies of the state share
them; only the requests in flight and the open window are copied.
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from typing import Any, NamedTuple

from visualizer.core.recorder import Event

WINDOW = 0.5  # seconds per histogram window (one chart point)
RECENT_WINDOWS = 4  # the numbers panel's percentiles: the last two seconds
KEEP_POINTS = 1200  # chart points kept: ten minutes
KEEP_DONE = 48  # finished requests kept for the "answered" column
BINS_PER_DECADE = 20
LOWEST = 0.0005  # the first bin's upper edge: half a millisecond
BIN_COUNT = 110  # up to about 150 s
EDGES = tuple(LOWEST * 10 ** (k / BINS_PER_DECADE) for k in range(BIN_COUNT))

# Where a request is.
WAITING, HANDLING, SLOW, REPLYING = "waiting", "handling", "slow", "replying"
# How it ended.
OK, WRONG, TIMEOUT, ERROR = "ok", "wrong", "timeout", "error"


def bin_of(latency: float) -> int:
    return min(BIN_COUNT - 1, bisect.bisect_left(EDGES, latency))


def bin_value(k: int) -> float:
    """A bin's representative latency: the geometric middle of its edges."""
    upper = EDGES[k]
    lower = EDGES[k - 1] if k > 0 else upper / 10 ** (1 / BINS_PER_DECADE)
    return math.sqrt(lower * upper)


def percentile(counts: tuple[int, ...] | list[int], q: float) -> float | None:
    """The ``q``-th percentile (0-100) of the latencies counted in ``counts``."""
    total = sum(counts)
    if total == 0:
        return None
    rank = max(1, math.ceil(total * q / 100.0))
    seen = 0
    for k, c in enumerate(counts):
        seen += c
        if seen >= rank:
            return bin_value(k)
    return bin_value(BIN_COUNT - 1)


def merged(histograms: list[tuple[int, ...] | list[int]]) -> list[int]:
    out = [0] * BIN_COUNT
    for h in histograms:
        for k, c in enumerate(h):
            if c:
                out[k] += c
    return out


def capacity(mode: str, slow: float, workers: int) -> float | None:
    """What the slow step allows, requests/s: one blocking worker at most 1/slow, N workers
    N/slow; None where the slow step does not limit it (it is awaited). Hand-off: what the
    queue's N workers can do, N/slow jobs a second (the answers themselves are not limited)."""
    if slow <= 0:
        return None
    if mode in ("single", "blocking-async"):
        return 1.0 / slow
    if mode in ("pool", "handoff"):
        return workers / slow
    return None


class Req(NamedTuple):
    n: int
    op: str
    due: float  # when the request was due: latency is measured from here
    sent: float
    phase: str
    worker: str
    since: float
    stack: tuple[str, ...]
    planned: float


class Done(NamedTuple):
    n: int
    op: str
    outcome: str
    status: int
    latency: float
    t: float


class Point(NamedTuple):
    """One chart window: percentiles of the requests that finished in it, and counts."""

    t: float  # the window's end
    p50: float | None
    p95: float | None
    p99: float | None
    answered: float  # correct answers per second
    offered: float  # requests sent per second
    in_flight: int
    timeouts: int
    errors: int  # connection errors and wrong answers
    lag: float  # the loop's worst lag in the window (0 for blocking servers)
    capacity: float | None
    jobs_done: float  # hand-off: jobs finished by the queue's workers per second


class ServerState:
    def __init__(self) -> None:
        self.t = 0.0
        self.mode = ""
        self.settings: dict[str, Any] = {}
        self.port = 0
        self.workers = 0
        self.listening = False
        self.inflight: dict[int, Req] = {}
        self.busy: dict[str, Req] = {}  # blocking worker -> request it serves
        self.wasted = 0  # requests served after their client had given up (timed out)
        self.done: deque[Done] = deque(maxlen=KEEP_DONE)
        self.points: list[Point] = []
        self.hist: list[int] = [0] * BIN_COUNT
        self.recent_hists: deque[tuple[int, ...]] = deque(maxlen=RECENT_WINDOWS)
        self.window_end = WINDOW
        self.w_answered = self.w_sent = self.w_timeouts = self.w_errors = self.w_jobs = 0
        self.w_lag = 0.0
        self.sent = self.answered = self.wrong = self.timeouts = self.errors = 0
        self.skipped = 0
        self.lag = 0.0
        self.worst_lag = 0.0
        self.stalled_by = 0  # request whose blocking call holds the loop now (0: none)
        self.jobs_queued = self.jobs_done = 0
        self.job_busy: dict[str, int] = {}  # queue worker -> message
        self.job_workers: list[str] = []
        self.client_stopped = ""
        self.ended: float | None = None
        self.error = ""

    def copy(self) -> ServerState:
        other = ServerState.__new__(ServerState)
        other.__dict__.update(self.__dict__)
        other.settings = dict(self.settings)
        other.inflight = dict(self.inflight)
        other.busy = dict(self.busy)
        other.done = deque(self.done, maxlen=KEEP_DONE)
        other.points = list(self.points)
        other.hist = list(self.hist)
        other.recent_hists = deque(self.recent_hists, maxlen=RECENT_WINDOWS)
        other.job_busy = dict(self.job_busy)
        other.job_workers = list(self.job_workers)
        return other

    @property
    def slow(self) -> float:
        return float(self.settings.get("slow", 0.0))

    @property
    def capacity(self) -> float | None:
        return capacity(self.mode, self.slow, self.workers)

    def recent_percentile(self, q: float) -> float | None:
        return percentile(merged([*self.recent_hists, self.hist]), q)

    def waiting(self) -> list[Req]:
        return [r for r in self.inflight.values() if r.phase == WAITING]

    def recent_rate(self, field: str) -> float:
        """A per-second figure over the last two seconds of chart points."""
        points = self.points[-RECENT_WINDOWS:]
        if not points:
            return 0.0
        return sum(float(getattr(p, field)) for p in points) / len(points)


class ServerReducer:
    def initial(self) -> ServerState:
        return ServerState()

    def copy(self, state: ServerState) -> ServerState:
        return state.copy()

    def apply(self, state: ServerState, event: Event) -> None:
        while event.t >= state.window_end:
            self._close_window(state)
        state.t = event.t
        handler = getattr(self, "on_" + event.kind, None)
        if handler is not None:
            handler(state, event)

    @staticmethod
    def _close_window(state: ServerState) -> None:
        hist = tuple(state.hist)
        point = Point(
            state.window_end,
            percentile(hist, 50),
            percentile(hist, 95),
            percentile(hist, 99),
            state.w_answered / WINDOW,
            state.w_sent / WINDOW,
            len(state.inflight),
            state.w_timeouts,
            state.w_errors,
            state.w_lag,
            state.capacity,
            state.w_jobs / WINDOW,
        )
        state.points.append(point)
        if len(state.points) > KEEP_POINTS:
            del state.points[: len(state.points) - KEEP_POINTS]
        state.recent_hists.append(hist)
        state.hist = [0] * BIN_COUNT
        state.w_answered = state.w_sent = state.w_timeouts = state.w_errors = state.w_jobs = 0
        state.w_lag = 0.0
        state.window_end += WINDOW

    def on_run_start(self, state: ServerState, e: Event) -> None:
        state.mode = e.data["mode"]
        state.settings = dict(e.data["settings"])
        state.workers = int(e.data["workers"])

    def on_setting(self, state: ServerState, e: Event) -> None:
        state.settings[e.data["key"]] = e.data["value"]

    def on_listening(self, state: ServerState, e: Event) -> None:
        state.listening = True
        state.port = int(e.data["port"])

    def on_sent(self, state: ServerState, e: Event) -> None:
        n = e.data["req"]
        state.inflight[n] = Req(n, e.data["op"], e.data["due"], e.t, WAITING, "", e.t, (), 0.0)
        state.sent += 1
        state.w_sent += 1

    def _move(self, state: ServerState, n: int, **changes: Any) -> None:
        req = state.inflight.get(n)
        if req is not None:
            state.inflight[n] = req._replace(**changes)

    def on_handle(self, state: ServerState, e: Event) -> None:
        worker, n = e.data["worker"], e.data["req"]
        self._move(state, n, phase=HANDLING, worker=worker, since=e.t)
        if worker != "loop":
            req = state.inflight.get(n)
            if req is None:  # its client gave up long ago; the server cannot know
                req = Req(n, "", e.t, e.t, HANDLING, worker, e.t, (), 0.0)
            state.busy[worker] = req

    def on_slow(self, state: ServerState, e: Event) -> None:
        n = e.data.get("req", 0)
        stack, planned = e.data["stack"], e.data["planned"]
        self._move(state, n, phase=SLOW, since=e.t, stack=stack, planned=planned)
        busy = state.busy.get(e.actor)
        if busy is not None and busy.n == n:
            state.busy[e.actor] = busy._replace(phase=SLOW, since=e.t, stack=stack, planned=planned)
        if e.data.get("blocking") and e.actor == "loop":
            state.stalled_by = n

    def on_handled(self, state: ServerState, e: Event) -> None:
        n = e.data["req"]
        if n not in state.inflight:
            state.wasted += 1
        self._move(state, n, phase=REPLYING, since=e.t)
        busy = state.busy.get(e.data["worker"])
        if busy is not None and busy.n == n:
            del state.busy[e.data["worker"]]
        if state.stalled_by == n:
            state.stalled_by = 0

    def _finish(self, state: ServerState, e: Event, outcome: str, status: int = 0) -> None:
        state.inflight.pop(e.data["req"], None)
        latency = float(e.data.get("latency", 0.0))
        state.done.append(Done(e.data["req"], e.data["op"], outcome, status, latency, e.t))

    def on_done(self, state: ServerState, e: Event) -> None:
        wrong = bool(e.data["wrong"])
        self._finish(state, e, WRONG if wrong else OK, int(e.data["status"]))
        state.hist[bin_of(float(e.data["latency"]))] += 1
        if wrong:
            state.wrong += 1
            state.w_errors += 1
        else:
            state.answered += 1
            state.w_answered += 1

    def on_timeout(self, state: ServerState, e: Event) -> None:
        self._finish(state, e, TIMEOUT)
        state.timeouts += 1
        state.w_timeouts += 1

    def on_error(self, state: ServerState, e: Event) -> None:
        self._finish(state, e, ERROR)
        state.errors += 1
        state.w_errors += 1

    def on_lag(self, state: ServerState, e: Event) -> None:
        lag = float(e.data["lag"])
        state.lag = lag
        state.w_lag = max(state.w_lag, lag)
        state.worst_lag = max(state.worst_lag, lag)

    def on_client_late(self, state: ServerState, e: Event) -> None:
        state.skipped += int(e.data["skipped"])

    def on_client_stopped(self, state: ServerState, e: Event) -> None:
        state.client_stopped = str(e.data["reason"])

    # -- the queue scene's broker and workers (hand-off mode) ------------------------------------
    def on_worker_start(self, state: ServerState, e: Event) -> None:
        state.job_workers.append(e.data["worker"])

    def on_enqueued(self, state: ServerState, e: Event) -> None:
        state.jobs_queued += 1

    def on_delivered(self, state: ServerState, e: Event) -> None:
        state.jobs_queued -= 1
        state.job_busy[e.data["worker"]] = e.data["msg"]

    def on_acked(self, state: ServerState, e: Event) -> None:
        state.job_busy.pop(e.data["worker"], None)
        state.jobs_done += 1
        state.w_jobs += 1

    def on_run_end(self, state: ServerState, e: Event) -> None:
        state.ended = e.t

    def on_scene_error(self, state: ServerState, e: Event) -> None:
        state.error = str(e.data.get("error", ""))
