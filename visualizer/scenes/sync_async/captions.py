"""What the sync-async scene says about a state, in the seeds' words (동기/비동기)."""

from __future__ import annotations

from visualizer.core.contract import Highlight, Metric
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, seconds
from visualizer.scenes.sync_async import presets as code
from visualizer.scenes.sync_async.host import (
    AWAIT,
    CALLBACK,
    SYNC,
)
from visualizer.scenes.sync_async.state import (
    SyncAsyncState,
    ThreadState,
)

CTX = "SyncAsyncScene"

MODE_TITLE: dict[str, Msg] = {
    SYNC: QT_TRANSLATE_NOOP(CTX, "Synchronous (동기): A waits for each result"),
    CALLBACK: QT_TRANSLATE_NOOP(CTX, "Asynchronous (비동기) with a callback"),
    AWAIT: QT_TRANSLATE_NOOP(CTX, "Asynchronous (비동기): start now, await later"),
}


def caption(state: SyncAsyncState, t: float) -> Msg:
    if state.errors:
        return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(error=state.errors[-1])
    a = state.a
    if a is None or state.began is None:
        return QT_TRANSLATE_NOOP(CTX, "Starting: A's thread is about to call B.")
    total = state.total()
    if total is not None:
        return _caption_done(state, total)
    if state.stopped:
        return QT_TRANSLATE_NOOP(CTX, "The run was stopped before every result arrived.")
    top = a.top
    if state.mode == SYNC:
        if top is not None and top.fn == "b_work":
            return QT_TRANSLATE_NOOP(
                CTX,
                "A called B #{call} and waits: A's frame sits under B's on the call stack, "
                "and nothing else runs on A's thread until B returns its result "
                "(synchronous). {s:.2f} s so far.",
            )(call=top.call, s=t - top.since)
        if top is not None and top.fn == "own_work":
            done = state.delivered
            return QT_TRANSLATE_NOOP(
                CTX,
                "B returned result {k} to A, and only now does A go on: it does its own "
                "work before the next call.",
            )(k=done)
        return QT_TRANSLATE_NOOP(CTX, "A runs on its thread and is about to call B.")
    pending = state.calls_total - state.delivered
    running = state.running_b()
    if top is not None and top.fn == "on_result":
        return QT_TRANSLATE_NOOP(
            CTX,
            "B #{call} has finished on its worker thread; its callback on_result now runs on "
            "A's thread with the result. {left} results still to come.",
        )(call=top.call, left=pending)
    if top is not None and top.fn == "own_work":
        started = sum(1 for c in state.calls.values() if c.started is not None)
        if state.mode == CALLBACK:
            return QT_TRANSLATE_NOOP(
                CTX,
                "A started B #{k} on a worker thread, handed it on_result as the callback, "
                "and went straight on with its own work: A does not wait (asynchronous). "
                "{running} B calls are working at once.",
            )(k=started, running=running)
        return QT_TRANSLATE_NOOP(
            CTX,
            "A started B #{k} and did not wait for its answer: it does its own work while "
            "B runs on a worker thread (asynchronous). {running} B calls are working at "
            "once.",
        )(k=started, running=running)
    if state.mode == AWAIT and not a.stack:
        waiting = _awaited_call(a)
        return QT_TRANSLATE_NOOP(
            CTX,
            "A awaits the result of B #{call}: its coroutine is suspended, off the call "
            "stack, and A's thread is free. B's answer will resume it.",
        )(call=waiting or state.delivered + 1)
    if not a.stack:
        return QT_TRANSLATE_NOOP(
            CTX,
            "A has already returned. A's thread waits idle in its event loop for the "
            "callbacks: {left} results still to come.",
        )(left=pending)
    return QT_TRANSLATE_NOOP(
        CTX, "A runs on its own thread: it starts B calls without waiting for them."
    )


def _caption_done(state: SyncAsyncState, total: float) -> Msg:
    n = state.calls_total
    if state.mode == SYNC:
        return QT_TRANSLATE_NOOP(
            CTX,
            "All {n} calls took {total:.2f} s, measured: about {n} × ({work:.2f} s + "
            "{own:.2f} s), because A waited for every result before going on.",
        )(n=n, total=total, work=state.work, own=state.own)
    return QT_TRANSLATE_NOOP(
        CTX,
        "All {n} results arrived {total:.2f} s after the first call, measured. The B calls "
        "overlapped, so the total is about one B ({work:.2f} s) plus A's own work, not "
        "{n} × {work:.2f} s = {all_b:.2f} s (every B one after another).",
    )(n=n, total=total, work=state.work, all_b=n * state.work)


def highlights(state: SyncAsyncState, t: float) -> list[Highlight]:
    out: list[Highlight] = []
    for thread in state.threads.values():
        stack = thread.stack
        for i, entry in enumerate(stack):
            if i == len(stack) - 1:
                out.append(Highlight(code.__file__, entry.line, thread.name, thread.index))
            if entry.call_line is not None and i > 0:
                out.append(Highlight(code.__file__, entry.call_line, thread.name, thread.index))
    return out


def metrics(state: SyncAsyncState, t: float) -> list[Metric]:
    n = state.calls_total
    total = state.total()
    so_far = (t - state.began) if state.began is not None else 0.0
    out = [
        Metric(
            QT_TRANSLATE_NOOP(CTX, "Measured total"),
            seconds(total, 3)
            if total is not None
            else QT_TRANSLATE_NOOP(CTX, "{s} so far")(s=seconds(so_far)),
        ),
        Metric(QT_TRANSLATE_NOOP(CTX, "Results"), f"{state.delivered}/{n}"),
        Metric(
            QT_TRANSLATE_NOOP(CTX, "B's work, all calls added up"),
            QT_TRANSLATE_NOOP(CTX, "{n} × {work} = {s}")(
                n=n, work=seconds(state.work), s=seconds(n * state.work)
            ),
        ),
        Metric(QT_TRANSLATE_NOOP(CTX, "B calls at once now"), str(state.running_b())),
    ]
    return out


def _awaited_call(a: ThreadState) -> int | None:
    """The B call whose result A's suspended coroutine is waiting for."""
    popped = a.popped
    if popped is not None and popped.how == "suspend" and popped.fn == "collect":
        return popped.call if isinstance(popped.call, int) else None
    for seg in reversed(a.segments):
        if seg.fn == "collect":
            return seg.call
    return None
