"""Blocking vs non-blocking: who holds control (제어권) while a reader waits for data.

Four readers wait for the same reply on real loopback TCP sockets. The picture's one token is the
control of the reader's thread: it sits with the caller, moves to ``recv`` when the caller hands
control over (blocking), comes straight back when ``recv`` answers at once (non-blocking), and
goes to the event loop when a task parks on an ``await``. Where the token is at any time is
decided here, from the recorded events alone, so the view and the tests agree by construction.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from visualizer.core.contract import BenchLoad, Highlight, Metric, Preset, Run, Scene, Setting
from visualizer.core.recorder import Event
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
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
    Harness,
)
from visualizer.scenes.blocking.probe import (
    RECV_BATCH,
    RECV_CALL,
    RECV_ERROR,
    RECV_RAISE,
    RECV_RETURN,
    SENT,
)

CTX = "BlockingScene"
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

MODE_TITLE: dict[str, Msg] = {
    SYNC_BLOCKING: QT_TRANSLATE_NOOP(CTX, "sync + blocking"),
    SYNC_NONBLOCKING: QT_TRANSLATE_NOOP(CTX, "sync + non-blocking"),
    ASYNC_NONBLOCKING: QT_TRANSLATE_NOOP(CTX, "async + non-blocking"),
    ASYNC_BLOCKING: QT_TRANSLATE_NOOP(CTX, "async + blocking"),
}
MODE_RULE: dict[str, Msg] = {
    SYNC_BLOCKING: QT_TRANSLATE_NOOP(CTX, "recv waits for the data; the thread gives up control"),
    SYNC_NONBLOCKING: QT_TRANSLATE_NOOP(CTX, "recv answers at once; the caller keeps asking"),
    ASYNC_NONBLOCKING: QT_TRANSLATE_NOOP(CTX, "the task parks; the loop runs other tasks"),
    ASYNC_BLOCKING: QT_TRANSLATE_NOOP(CTX, "recv blocks the loop itself; everything stops"),
}
HOLDER_TEXT: dict[str, Msg] = {
    NONE: QT_TRANSLATE_NOOP(CTX, "nobody (not running)"),
    CALLER: QT_TRANSLATE_NOOP(CTX, "the caller"),
    CALLEE: QT_TRANSLATE_NOOP(CTX, "recv()"),
    LOOP: QT_TRANSLATE_NOOP(CTX, "the event loop"),
    OTHER: QT_TRANSLATE_NOOP(CTX, "other_work"),
}
MOVE_TEXT: dict[str, Msg] = {
    START: QT_TRANSLATE_NOOP(CTX, "the thread starts the caller"),
    SCHEDULED: QT_TRANSLATE_NOOP(CTX, "the reader task is scheduled on the event loop"),
    CALL_BLOCKING: QT_TRANSLATE_NOOP(CTX, "calls recv(): control passes to recv until data comes"),
    POLL: QT_TRANSLATE_NOOP(CTX, "calls recv() on a non-blocking socket"),
    WOULD_BLOCK: QT_TRANSLATE_NOOP(CTX, "BlockingIOError: recv returns at once, control is back"),
    RETURNED: QT_TRANSLATE_NOOP(CTX, "recv() returns {n} bytes: control is back"),
    RECV_FAILED: QT_TRANSLATE_NOOP(CTX, "recv() failed: control is back"),
    TASK_RUNS: QT_TRANSLATE_NOOP(CTX, "the loop runs the reader task"),
    PARKS: QT_TRANSLATE_NOOP(CTX, "await: the task parks on the socket, control to the loop"),
    RESUMES: QT_TRANSLATE_NOOP(CTX, "the loop resumes the reader with its data"),
    FINISHED: QT_TRANSLATE_NOOP(CTX, "the reader task finishes"),
    OTHER_RUNS: QT_TRANSLATE_NOOP(CTX, "the loop gives other_work a turn"),
    OTHER_YIELDS: QT_TRANSLATE_NOOP(CTX, "other_work awaits: control back to the loop"),
    OTHER_ENDS: QT_TRANSLATE_NOOP(CTX, "other_work is cancelled: the reader is done with it"),
    LOOP_READS: QT_TRANSLATE_NOOP(CTX, "socket readable: the loop calls recv() for the task"),
    LOOP_HAS_DATA: QT_TRANSLATE_NOOP(CTX, "recv() returns {n} bytes to the loop"),
    DONE: QT_TRANSLATE_NOOP(CTX, "done"),
    MOVED: QT_TRANSLATE_NOOP(CTX, "control moves"),
}


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


def move_text(move: Move) -> Msg:
    return MOVE_TEXT.get(move.why, MOVE_TEXT[MOVED])(n=move.nbytes)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "delay",
        QT_TRANSLATE_NOOP(CTX, "Peer replies after"),
        "float",
        1.0,
        minimum=0.0,
        maximum=MAX_DELAY,
        step=0.05,
        unit="s",
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "How long the other end of the socket waits before it sends its reply"
        ),
    ),
    Setting(
        "poll",
        QT_TRANSLATE_NOOP(CTX, "Poll interval"),
        "float",
        0.1,
        minimum=0.0,
        maximum=MAX_POLL,
        step=0.01,
        unit="s",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX,
            "sync + non-blocking: how long the caller does something else between two recv() "
            "calls (0 = ask again at once)",
        ),
    ),
)

PRESETS: tuple[Preset, ...] = (
    Preset(
        SYNC_BLOCKING,
        QT_TRANSLATE_NOOP(CTX, "Sync + blocking"),
        QT_TRANSLATE_NOOP(
            CTX,
            "A worker thread calls recv() on a blocking socket: control goes to recv and comes "
            "back only with the data. The thread can do nothing else meanwhile.",
        ),
        (code.sync_blocking, code.peer),
    ),
    Preset(
        SYNC_NONBLOCKING,
        QT_TRANSLATE_NOOP(CTX, "Sync + non-blocking (polling)"),
        QT_TRANSLATE_NOOP(
            CTX,
            "recv() on a non-blocking socket returns at once with BlockingIOError while there is "
            "no data. The caller keeps control and polls again; every poll is counted.",
        ),
        (code.sync_nonblocking, code.peer),
    ),
    Preset(
        ASYNC_NONBLOCKING,
        QT_TRANSLATE_NOOP(CTX, "Async + non-blocking"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The task awaits loop.sock_recv(): it parks and the event loop runs other tasks "
            "until the socket is readable, then resumes the task with the data.",
        ),
        (code.async_nonblocking, code.other_work, code.peer),
    ),
    Preset(
        ASYNC_BLOCKING,
        QT_TRANSLATE_NOOP(CTX, "Async + blocking (the mistake)"),
        QT_TRANSLATE_NOOP(
            CTX,
            "A blocking recv() inside a coroutine, on this app's own event loop: the loop and "
            "every other task stop until the data arrives. The app freezes for that long.",
        ),
        (code.async_blocking, code.other_work, code.peer),
    ),
    Preset(
        ALL_FOUR,
        QT_TRANSLATE_NOOP(CTX, "All four side by side"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The four combinations at once, on one clock, with the same reply at the same "
            "moment. async + blocking runs on a second event loop here, so its stall freezes "
            "only that loop and not the other panels.",
        ),
        (
            code.sync_blocking,
            code.sync_nonblocking,
            code.async_nonblocking,
            code.async_blocking,
            code.other_work,
            code.peer,
        ),
    ),
)


class BlockingScene(Scene[BlockingState]):
    name = "blocking"
    title = QT_TRANSLATE_NOOP(CTX, "Blocking vs Non-blocking")
    summary = QT_TRANSLATE_NOOP(
        CTX,
        "Blocking or not is about control (제어권): does recv keep it until the data comes, "
        "or give it back at once?",
    )
    presets = PRESETS
    settings = SETTINGS
    default_duration = 2.0
    bench_loads: ClassVar[Mapping[str, BenchLoad]] = {
        "default": BenchLoad(SYNC_NONBLOCKING, {"delay": 1.0, "poll": 0.05}, 2.0),
        "stress": BenchLoad(ALL_FOUR, {"delay": MAX_DELAY, "poll": 0.0}, 4.0),
    }

    def reducer(self) -> BlockingReducer:
        return BlockingReducer()

    async def run(self, run: Run) -> None:
        """Run the preset's readers on real sockets; every socket and thread is closed after."""
        modes = MODES if run.preset == ALL_FOUR else (run.preset,)
        delay = run.values.float("delay")
        own_loop = run.preset == ALL_FOUR
        run.recorder.emit(SETUP, "scene", modes=modes, delay=delay, own_loop=own_loop)
        harness = Harness(run.recorder, modes, delay, lambda: run.values.float("poll"), own_loop)
        await harness.run()

    # -- words ------------------------------------------------------------------------------
    def caption(self, state: BlockingState, t: float) -> Msg:
        if state.errors:
            return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(
                error=state.errors[-1]
            )
        if not state.lanes:
            return QT_TRANSLATE_NOOP(CTX, "Starting: opening loopback sockets to 127.0.0.1.")
        if len(state.lanes) > 1:
            return self._caption_all(state, t)
        return lane_caption(next(iter(state.lanes.values())), state, t)

    def _caption_all(self, state: BlockingState, t: float) -> Msg:
        sent = state.sent_at
        if sent is None:
            return QT_TRANSLATE_NOOP(
                CTX,
                "Four readers wait for the same reply, due in {left:.2f} s. The blocking ones "
                "handed control to recv; the non-blocking ones kept it (polls: {polls}, other "
                "task steps: {steps}).",
            )(
                left=_peer_left(state, t),
                polls=_lane_value(state, SYNC_NONBLOCKING, "polls"),
                steps=_lane_value(state, ASYNC_NONBLOCKING, "other_steps_waiting"),
            )
        if not state.finished:
            return QT_TRANSLATE_NOOP(
                CTX, "The peer sent its reply at {sent:.2f} s; the readers are taking it."
            )(sent=sent)
        return QT_TRANSLATE_NOOP(
            CTX,
            "Same reply, same moment ({sent:.2f} s), four ways to wait: sync + non-blocking "
            "polled {polls} times; async + non-blocking let other_work step {steps} times; "
            "async + blocking froze its loop for {stall:.0f} ms.",
        )(
            sent=sent,
            polls=_lane_value(state, SYNC_NONBLOCKING, "polls"),
            steps=_lane_value(state, ASYNC_NONBLOCKING, "other_steps_waiting"),
            stall=float(_lane_value(state, ASYNC_BLOCKING, "stall")) * 1000,
        )

    def highlights(self, state: BlockingState, t: float) -> list[Highlight]:
        out: list[Highlight] = []
        for lane in state.lanes.values():
            if not lane.active:
                continue
            line: int | None = None
            if lane.holder == CALLEE or lane.mode != SYNC_NONBLOCKING:
                line = lane.line or RECV_LINE[lane.mode]
            else:
                line = POLL_SLEEP_LINE if lane.polls else RECV_LINE[lane.mode]
            out.append(Highlight(code.__file__, line, lane.mode, lane.index))
            if lane.holder == OTHER or (not lane.is_sync and lane.other_steps):
                out.append(
                    Highlight(code.__file__, lane.other_line or OTHER_LINE, lane.mode, lane.index)
                )
        if state.peer_started is not None and state.sent_at is None:
            out.append(Highlight(code.__file__, PEER_LINE, "peer", 6))
        return out

    def metrics(self, state: BlockingState, t: float) -> list[Metric]:
        sent = state.sent_at
        if sent is not None:
            out = [Metric(QT_TRANSLATE_NOOP(CTX, "Peer sent at"), f"{sent:.3f} s")]
        else:
            out = [
                Metric(QT_TRANSLATE_NOOP(CTX, "Peer replies in"), f"{_peer_left(state, t):.2f} s")
            ]
        lanes = state.lanes
        if SYNC_NONBLOCKING in lanes:
            out.append(
                Metric(
                    QT_TRANSLATE_NOOP(CTX, "Polls (BlockingIOError)"),
                    str(lanes[SYNC_NONBLOCKING].polls),
                )
            )
        if ASYNC_NONBLOCKING in lanes:
            out.append(
                Metric(
                    QT_TRANSLATE_NOOP(CTX, "other_work steps while waiting"),
                    str(lanes[ASYNC_NONBLOCKING].other_steps_waiting),
                )
            )
        if ASYNC_BLOCKING in lanes:
            lane = lanes[ASYNC_BLOCKING]
            out.append(
                Metric(
                    QT_TRANSLATE_NOOP(CTX, "recv() held the loop"),
                    f"{recv_held(lane, t) * 1000:.0f} ms",
                )
            )
            out.append(
                Metric(
                    QT_TRANSLATE_NOOP(CTX, "Loop lag (LagMonitor)"), f"{lane.stall * 1000:.0f} ms"
                )
            )
        if len(lanes) == 1:
            lane = next(iter(lanes.values()))
            if lane.got_at is not None and lane.first_call is not None:
                out.append(
                    Metric(
                        QT_TRANSLATE_NOOP(CTX, "Data after first recv()"),
                        f"{lane.got_at - lane.first_call:.3f} s",
                    )
                )
        return out


def recv_held(lane: LaneState, t: float) -> float:
    """How long the current or last recv() call kept control, measured from the trace."""
    if lane.call_at is None:
        return 0.0
    if lane.in_recv:
        return max(0.0, t - lane.call_at)
    end = lane.got_at if lane.got_at is not None else lane.done_at
    return max(0.0, (end or lane.call_at) - lane.call_at)


def _peer_left(state: BlockingState, t: float) -> float:
    if state.peer_started is None:
        return state.delay
    return max(0.0, state.peer_started + state.peer_delay - t)


def _lane_value(state: BlockingState, mode: str, attr: str) -> Any:
    lane = state.lanes.get(mode)
    return getattr(lane, attr) if lane is not None else 0


def lane_caption(lane: LaneState, state: BlockingState, t: float) -> Msg:
    """What one reader is doing at ``t``, in the seeds' words."""
    mode = lane.mode
    if lane.error and lane.done_at is not None:
        return QT_TRANSLATE_NOOP(CTX, "The reader stopped: {error}")(error=lane.error)
    if lane.done_at is not None or (lane.got_at is not None and lane.holder != CALLEE):
        got = lane.got_at if lane.got_at is not None else lane.done_at or 0.0
        after = got - (lane.first_call if lane.first_call is not None else got)
        if mode == SYNC_BLOCKING:
            return QT_TRANSLATE_NOOP(
                CTX,
                "recv() returned {n} bytes after {after:.2f} s, just after the peer sent them. "
                "Only then did the caller get control (제어권) back: that is blocking.",
            )(n=lane.nbytes, after=after)
        if mode == SYNC_NONBLOCKING:
            return QT_TRANSLATE_NOOP(
                CTX,
                "The poll after the reply got {n} bytes. Before that, {polls} polls raised "
                "BlockingIOError: control always came straight back (non-blocking), but the "
                "caller spent its time asking (sync).",
            )(n=lane.nbytes, polls=lane.polls)
        if mode == ASYNC_NONBLOCKING and not any(m.why == PARKS for m in lane.moves):
            return QT_TRANSLATE_NOOP(
                CTX,
                "The data was already there when the task asked: sock_recv returned {n} bytes "
                "at once and the task never had to give the loop away.",
            )(n=lane.nbytes)
        if mode == ASYNC_NONBLOCKING:
            return QT_TRANSLATE_NOOP(
                CTX,
                "The task resumed with {n} bytes. While it waited, the loop ran other_work "
                "{steps} times: nobody sat idle (async + non-blocking).",
            )(n=lane.nbytes, steps=lane.other_steps_waiting)
        if lane.stall < STALL_MIN and after < STALL_MIN:
            return QT_TRANSLATE_NOOP(
                CTX,
                "recv() returned at once: the data was already there, so this time the blocking "
                "call did not stall the loop. With a later reply it would.",
            )
        return QT_TRANSLATE_NOOP(
            CTX,
            "recv() returned after {after:.2f} s. The loop was stalled for {stall:.0f} ms "
            "(measured) and other_work made {steps} steps meanwhile: one blocking call froze "
            "every task.",
        )(after=after, stall=lane.stall * 1000, steps=lane.other_steps_waiting)
    if not lane.active:
        return QT_TRANSLATE_NOOP(
            CTX,
            "Starting: a loopback TCP connection is open; the peer will reply in {delay:.2f} s.",
        )(delay=state.delay)
    held = t - lane.since
    if mode == SYNC_BLOCKING:
        if lane.holder == CALLEE:
            return QT_TRANSLATE_NOOP(
                CTX,
                "The thread called recv() on a blocking socket. Control (제어권) went to recv "
                "and stays there until data arrives: the thread is blocked ({s:.2f} s so far).",
            )(s=held)
        return QT_TRANSLATE_NOOP(CTX, "The caller runs on its worker thread and holds control.")
    if mode == SYNC_NONBLOCKING:
        return QT_TRANSLATE_NOOP(
            CTX,
            "recv() on a non-blocking socket answers at once: no data yet, so it raises "
            "BlockingIOError and control stays with the caller, which does something else and "
            "asks again. Polls so far: {polls}.",
        )(polls=lane.polls)
    if mode == ASYNC_NONBLOCKING:
        if lane.holder == OTHER:
            return QT_TRANSLATE_NOOP(
                CTX,
                "The event loop gave control to other_work for one step (step {steps}) while "
                "the reader stays parked on the socket.",
            )(steps=lane.other_steps + 1)
        if lane.holder == CALLEE:
            return QT_TRANSLATE_NOOP(
                CTX, "recv() is called without waiting: it answers at once, data or not."
            )
        if lane.holder == LOOP and lane.parked:
            return QT_TRANSLATE_NOOP(
                CTX,
                "The reader awaits loop.sock_recv(): no data yet, so the task parks and hands "
                "control to the event loop, which runs other tasks (other_work has stepped "
                "{steps} times).",
            )(steps=lane.other_steps_waiting)
        return QT_TRANSLATE_NOOP(CTX, "The reader task holds the event loop.")
    if lane.holder == CALLEE:
        return QT_TRANSLATE_NOOP(
            CTX,
            "A blocking recv() inside a coroutine: the event loop itself is stuck in recv, so "
            "no other task can run. other_work is ready but frozen ({s:.2f} s so far).",
        )(s=held)
    return QT_TRANSLATE_NOOP(CTX, "The reader task holds the event loop.")


SCENE = BlockingScene()
