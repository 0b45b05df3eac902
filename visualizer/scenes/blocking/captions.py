"""What the blocking scene says about a state, in the seeds' words (블로킹/논블로킹, 제어권)."""

from __future__ import annotations

from typing import Any

from visualizer.core.contract import Highlight, Metric
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, seconds
from visualizer.scenes.blocking import presets as code
from visualizer.scenes.blocking.harness import (
    ASYNC_BLOCKING,
    ASYNC_NONBLOCKING,
    SYNC_BLOCKING,
    SYNC_NONBLOCKING,
)
from visualizer.scenes.blocking.state import (
    CALL_BLOCKING,
    CALLEE,
    CALLER,
    DONE,
    FINISHED,
    LOOP,
    LOOP_HAS_DATA,
    LOOP_READS,
    MOVED,
    NONE,
    OTHER,
    OTHER_ENDS,
    OTHER_LINE,
    OTHER_RUNS,
    OTHER_YIELDS,
    PARKS,
    PEER_LINE,
    POLL,
    POLL_SLEEP_LINE,
    RECV_FAILED,
    RECV_LINE,
    RESUMES,
    RETURNED,
    SCHEDULED,
    STALL_MIN,
    START,
    TASK_RUNS,
    WOULD_BLOCK,
    BlockingState,
    LaneState,
    Move,
    recv_held,
)

CTX = "BlockingScene"

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


def move_text(move: Move) -> Msg:
    return MOVE_TEXT.get(move.why, MOVE_TEXT[MOVED])(n=move.nbytes)


def caption(state: BlockingState, t: float) -> Msg:
    if state.errors:
        return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(error=state.errors[-1])
    if not state.lanes:
        return QT_TRANSLATE_NOOP(CTX, "Starting: opening loopback sockets to 127.0.0.1.")
    if len(state.lanes) > 1:
        return _caption_all(state, t)
    return lane_caption(next(iter(state.lanes.values())), state, t)


def _caption_all(state: BlockingState, t: float) -> Msg:
    sent = state.sent_at
    if sent is None:
        return QT_TRANSLATE_NOOP(
            CTX,
            "Four readers wait for the same reply, due in {left:.2f} s. The blocking ones "
            "handed control to recv; the non-blocking ones kept it (polls: {polls}, other "
            "task steps: {steps}).",
        )(
            left=peer_left(state, t),
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
        "async + blocking froze its loop for {stall}.",
    )(
        sent=sent,
        polls=_lane_value(state, SYNC_NONBLOCKING, "polls"),
        steps=_lane_value(state, ASYNC_NONBLOCKING, "other_steps_waiting"),
        stall=seconds(float(_lane_value(state, ASYNC_BLOCKING, "stall"))),
    )


def highlights(state: BlockingState, t: float) -> list[Highlight]:
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


def metrics(state: BlockingState, t: float) -> list[Metric]:
    sent = state.sent_at
    if sent is not None:
        out = [Metric(QT_TRANSLATE_NOOP(CTX, "Peer sent at"), seconds(sent, 3))]
    else:
        out = [Metric(QT_TRANSLATE_NOOP(CTX, "Peer replies in"), seconds(peer_left(state, t)))]
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
                seconds(recv_held(lane, t)),
            )
        )
        out.append(
            Metric(
                QT_TRANSLATE_NOOP(CTX, "Reader's loop blocked (longest, measured)"),
                seconds(lane.stall),
            )
        )
    if len(lanes) == 1:
        lane = next(iter(lanes.values()))
        if lane.got_at is not None and lane.first_call is not None:
            out.append(
                Metric(
                    QT_TRANSLATE_NOOP(CTX, "Data after first recv()"),
                    seconds(lane.got_at - lane.first_call, 3),
                )
            )
    return out


def peer_left(state: BlockingState, t: float) -> float:
    """Seconds until the peer replies (the delay itself before it has started)."""
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
            "recv() returned after {after:.2f} s. The loop was stalled for {stall} "
            "(measured) and other_work made {steps} steps meanwhile: one blocking call froze "
            "every task.",
        )(after=after, stall=seconds(lane.stall), steps=lane.other_steps_waiting)
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
