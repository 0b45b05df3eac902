"""The blocking scene's state: who holds control of each reader's thread, from the events alone.

Where the control token (제어권) is at any time is decided here, from the recorded events only,
so the view, the captions and the tests agree by construction.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from visualizer.core.recorder import Event
from visualizer.scenes.blocking import presets as code
from visualizer.scenes.blocking.harness import (
    ASYNC_BLOCKING,
    ASYNC_NONBLOCKING,
    LAG,
    LANE_DONE,
    LANE_START,
    MODES,
    PEER_WAIT,
    SETUP,
    SYNC_BLOCKING,
    SYNC_MODES,
    SYNC_NONBLOCKING,
)
from visualizer.scenes.blocking.probe import (
    RECV_BATCH,
    RECV_CALL,
    RECV_ERROR,
    RECV_RAISE,
    RECV_RETURN,
    SENT,
)

ALL_FOUR = "all-four"
MAX_DELAY = 3.0
MAX_POLL = 0.5
BIN = 0.02  # seconds per bin of the poll histogram
STALL_MIN = 0.005  # loop lags below this are noise, not a stall

# Who holds control of the reader's thread.
NONE = "none"
CALLER = "caller"
CALLEE = "callee"
LOOP = "loop"
OTHER = "other"

# Why the token moved.
START = "start"
SCHEDULED = "scheduled"
CALL_BLOCKING = "call_blocking"
POLL = "poll"
WOULD_BLOCK = "would_block"
RETURNED = "returned"
RECV_FAILED = "recv_failed"
TASK_RUNS = "task_runs"
PARKS = "parks"
RESUMES = "resumes"
FINISHED = "finished"
OTHER_RUNS = "other_runs"
OTHER_YIELDS = "other_yields"
OTHER_ENDS = "other_ends"
LOOP_READS = "loop_reads"
LOOP_HAS_DATA = "loop_has_data"
DONE = "done"
MOVED = "moved"


def _line_of(fn: Callable[..., Any], needle: str) -> int:
    """The file line of the first line of ``fn`` containing ``needle`` (for the code panel)."""
    lines, first = inspect.getsourcelines(fn)
    for i, text in enumerate(lines):
        if needle in text:
            return first + i
    return first


RECV_LINE = {
    SYNC_BLOCKING: _line_of(code.sync_blocking, "sock.recv"),
    SYNC_NONBLOCKING: _line_of(code.sync_nonblocking, "sock.recv"),
    ASYNC_NONBLOCKING: _line_of(code.async_nonblocking, "sock_recv"),
    ASYNC_BLOCKING: _line_of(code.async_blocking, "sock.recv"),
}
POLL_SLEEP_LINE = _line_of(code.sync_nonblocking, "time.sleep")
OTHER_LINE = _line_of(code.other_work, "asyncio.sleep")
PEER_LINE = _line_of(code.peer, "stop.wait")


@dataclass(frozen=True, slots=True)
class Move:
    """The token moved from ``src`` to ``dst`` at ``t``; ``why`` is a key of MOVE_TEXT."""

    t: float
    src: str
    dst: str
    why: str
    nbytes: int = 0


@dataclass
class LaneState:
    """One reader: where control is, and what really happened to it so far."""

    mode: str
    index: int
    holder: str = NONE
    since: float = 0.0  # when the holder last changed
    active: bool = False
    started: float | None = None
    done_at: float | None = None
    thread: str = ""
    in_recv: bool = False
    recv_calls: int = 0
    first_call: float | None = None
    call_at: float | None = None  # start of the current or last recv call
    got_at: float | None = None  # recv returned data (or EOF)
    nbytes: int = 0
    sent_at: float | None = None  # the peer sent the reply
    polls: int = 0  # BlockingIOErrors recorded (one by one, then in batches)
    polls_reported: int | None = None  # the caller's own count, reported when it returned
    batched: bool = False
    last_poll: float | None = None
    poll_bins: list[int] = field(default_factory=list)
    running: str | None = None  # role of the task running on the lane's loop
    parked: bool = False  # the reader task is suspended, waiting on the socket
    ready_at: float | None = None  # the parked reader's wake-up was queued
    roles: dict[str, str] = field(default_factory=dict)  # tracer actor -> CALLER/OTHER
    other_steps: int = 0
    other_steps_waiting: int = 0  # other_work steps while the reader waited for data
    other_since: float | None = None
    lags: list[tuple[float, float]] = field(default_factory=list)  # (measured at, lag)
    stall: float = 0.0
    line: int | None = None
    other_line: int | None = None
    moves: list[Move] = field(default_factory=list)
    error: str | None = None

    @property
    def is_sync(self) -> bool:
        return self.mode in SYNC_MODES

    @property
    def waiting(self) -> bool:
        """Asked for data and not yet received it."""
        return self.first_call is not None and self.got_at is None and self.done_at is None

    @property
    def last_move(self) -> Move | None:
        return self.moves[-1] if self.moves else None

    def copy(self) -> LaneState:
        return replace(
            self,
            poll_bins=list(self.poll_bins),
            roles=dict(self.roles),
            lags=list(self.lags),
            moves=list(self.moves),
        )


@dataclass
class BlockingState:
    modes: tuple[str, ...] = ()
    delay: float = 0.0
    own_loop: bool = False  # async + blocking ran on a second event loop
    lanes: dict[str, LaneState] = field(default_factory=dict)
    peer_started: float | None = None
    peer_delay: float = 0.0
    errors: list[str] = field(default_factory=list)
    last_t: float = 0.0

    @property
    def sent_at(self) -> float | None:
        times = [lane.sent_at for lane in self.lanes.values() if lane.sent_at is not None]
        return min(times) if times else None

    @property
    def finished(self) -> bool:
        return bool(self.lanes) and all(x.done_at is not None for x in self.lanes.values())

    def lane(self, mode: str) -> LaneState:
        return self.lanes[mode]


class BlockingReducer:
    """Folds the probe's, the harness's and the tracers' events into each lane's token."""

    def initial(self) -> BlockingState:
        return BlockingState()

    def copy(self, state: BlockingState) -> BlockingState:
        return replace(
            state,
            lanes={k: v.copy() for k, v in state.lanes.items()},
            errors=list(state.errors),
        )

    def apply(self, state: BlockingState, event: Event) -> None:
        kind, data, t = event.kind, event.data, event.t
        state.last_t = t
        if kind == SETUP:
            state.modes = tuple(data.get("modes", ()))
            state.delay = float(data.get("delay", 0.0))
            state.own_loop = bool(data.get("own_loop", False))
            state.lanes = {m: LaneState(m, MODES.index(m)) for m in state.modes}
            return
        if kind == PEER_WAIT:
            state.peer_started = t
            state.peer_delay = float(data.get("delay", 0.0))
            return
        if kind == "scene_error":
            state.errors.append(str(data.get("error", "")))
            return
        lane = state.lanes.get(str(data.get("lane", "")))
        if lane is None:
            return
        self._apply_lane(lane, event)
        self._settle(lane, event)

    def _apply_lane(self, lane: LaneState, event: Event) -> None:
        kind, data, t = event.kind, event.data, event.t
        if kind == LANE_START:
            lane.active = True
            lane.started = t
            lane.thread = str(data.get("thread", ""))
        elif kind == LANE_DONE:
            lane.active = False
            lane.in_recv = False
            lane.running = None
            lane.done_at = t
            polls = data.get("polls")
            lane.polls_reported = int(polls) if polls is not None else None
            if data.get("error"):
                lane.error = str(data["error"])
        elif kind == RECV_CALL:
            lane.in_recv = True
            lane.recv_calls += 1
            lane.call_at = t
            if lane.first_call is None:
                lane.first_call = t
            line = data.get("line")
            if line is not None:
                lane.line = int(line)
        elif kind == RECV_RAISE:
            lane.in_recv = False
            self._count_polls(lane, t, 1)
        elif kind == RECV_BATCH:
            count = int(data.get("count", 0))
            lane.batched = True
            first = float(data.get("first", t))
            self._count_polls(lane, (first + t) / 2, count)
            lane.last_poll = t
        elif kind == RECV_RETURN:
            lane.in_recv = False
            lane.nbytes = int(data.get("nbytes", 0))
            if lane.got_at is None:
                lane.got_at = t
        elif kind == RECV_ERROR:
            lane.in_recv = False
            lane.error = str(data.get("error", ""))
        elif kind == SENT:
            lane.sent_at = t
        elif kind == LAG:
            lag = float(data.get("lag", 0.0))
            if lag >= STALL_MIN:
                lane.lags.append((t, lag))
                lane.stall = max(lane.stall, lag)
        else:
            self._apply_task(lane, event)

    @staticmethod
    def _count_polls(lane: LaneState, when: float, count: int) -> None:
        lane.polls += count
        lane.last_poll = when
        index = max(0, int(when / BIN))
        if index >= len(lane.poll_bins):
            lane.poll_bins.extend([0] * (index + 1 - len(lane.poll_bins)))
        lane.poll_bins[index] += count

    def _apply_task(self, lane: LaneState, event: Event) -> None:
        """The tracer's task events of an async lane."""
        kind, actor, data, t = event.kind, event.actor, event.data, event.t
        if kind == "created":
            coro = str(data.get("coro", ""))
            if coro.endswith("other_work"):
                lane.roles[actor] = OTHER
            elif coro.endswith(("async_nonblocking", "async_blocking")):
                lane.roles[actor] = CALLER
            return
        role = lane.roles.get(actor)
        if role is None:
            return
        if kind in ("started", "resumed"):
            lane.running = role
            if role == CALLER:
                lane.parked = False
            else:
                lane.other_since = t
        elif kind == "suspended":
            if lane.running == role:
                lane.running = None
            line = _own_line(data.get("stack", ()))
            if role == CALLER:
                lane.parked = True
                lane.line = line if line is not None else lane.line
            else:
                lane.other_steps += 1
                if lane.waiting:
                    lane.other_steps_waiting += 1
                lane.other_line = line if line is not None else lane.other_line
        elif kind == "ready":
            if role == CALLER and lane.parked:
                lane.ready_at = t
        elif kind in ("finished", "cancelled", "raised"):
            if lane.running == role:
                lane.running = None
            if role == CALLER:
                lane.parked = False

    def _settle(self, lane: LaneState, event: Event) -> None:
        """Recompute the holder; when it changed, remember the move and why it happened."""
        holder = _holder(lane)
        if holder == lane.holder:
            return
        src, t = lane.holder, event.t
        why = _why(lane, src, holder, event.kind)
        lane.holder = holder
        lane.since = t
        # Each poll after the first is counted and binned, not kept as a move: at interval 0
        # there are hundreds of thousands. The moves stay a faithful holder history because
        # both halves of a poll (out to recv, back with BlockingIOError) are left out together.
        repeat_poll = lane.mode == SYNC_NONBLOCKING and (
            (why == POLL and lane.polls >= 1) or (why == WOULD_BLOCK and lane.polls >= 2)
        )
        if not repeat_poll:
            lane.moves.append(Move(t, src, holder, why, lane.nbytes))


def _holder(lane: LaneState) -> str:
    if not lane.active:
        return NONE
    if lane.in_recv:
        return CALLEE
    if lane.is_sync:
        return CALLER
    return lane.running or LOOP


def _why(lane: LaneState, src: str, dst: str, kind: str) -> str:
    if dst == NONE:
        return DONE
    if src == NONE:
        return START if dst == CALLER else SCHEDULED
    if dst == CALLEE:
        if src == LOOP:
            return LOOP_READS
        return CALL_BLOCKING if lane.mode in (SYNC_BLOCKING, ASYNC_BLOCKING) else POLL
    if src == CALLEE:
        if kind == RECV_RAISE:
            return WOULD_BLOCK
        if kind == RECV_ERROR:
            return RECV_FAILED
        return LOOP_HAS_DATA if dst == LOOP else RETURNED
    if dst == OTHER:
        return OTHER_RUNS
    if src == OTHER:
        if kind in ("cancelled", "finished", "raised"):
            return OTHER_ENDS
        return OTHER_YIELDS if dst == LOOP else MOVED
    if src == LOOP and dst == CALLER:
        return RESUMES if lane.got_at is not None else TASK_RUNS
    if src == CALLER and dst == LOOP:
        return PARKS if lane.parked else FINISHED
    return MOVED


def _own_line(stack: Any) -> int | None:
    """The innermost line of the scene's own code in a tracer stack."""
    for frame in reversed(tuple(stack or ())):
        if len(frame) >= 3 and frame[1] == code.__file__:
            return int(frame[2])
    return None


def recv_held(lane: LaneState, t: float) -> float:
    """How long the current or last recv() call kept control, measured from the trace."""
    if lane.call_at is None:
        return 0.0
    if lane.in_recv:
        return max(0.0, t - lane.call_at)
    end = lane.got_at if lane.got_at is not None else lane.done_at
    return max(0.0, (end or lane.call_at) - lane.call_at)
