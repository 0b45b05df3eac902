"""Draws A calling B: each thread's call stack, every call of B, and a timeline per thread.

Everything comes from the recorded pushes and pops: a frame appears on a stack when it was
pushed and leaves when it returned or (for a coroutine) suspended. The only liberties are short
slide-ins and fade-outs so that a push or pop is visible as a movement.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from visualizer.core.contract import Frame
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, seconds
from visualizer.draw.colors import ink_on, mix
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_C, ALIGN_L, ALIGN_R, SceneView
from visualizer.draw.theme import Theme
from visualizer.scenes.sync_async import (
    CTX,
    FN_COLOUR,
    MODE_TITLE,
    CallState,
    StackEntry,
    SyncAsyncState,
    ThreadState,
)
from visualizer.scenes.sync_async.host import AWAIT, SYNC

PUSH_SECONDS = 0.15
POP_SECONDS = 0.25

LANE_ROW = 36.0  # timeline row height when there is room
SUMMARY_H = 112.0  # the measured total and the expectations under the calls

T_CLOCK = QT_TRANSLATE_NOOP(CTX, "t = {t:.2f} s")
T_TOTAL = QT_TRANSLATE_NOOP(CTX, "measured total {s:.3f} s")
T_STACKS = QT_TRANSLATE_NOOP(CTX, "CALL STACKS, ONE PER THREAD (top = running now)")
T_CALLS = QT_TRANSLATE_NOOP(CTX, "THE CALLS OF B")
T_LANES = QT_TRANSLATE_NOOP(CTX, "TIMELINE: the frame on top of each thread's stack")
T_A_THREAD = QT_TRANSLATE_NOOP(CTX, "A's thread")
T_WORKER = QT_TRANSLATE_NOOP(CTX, "worker {n}")
T_WORKER_SHORT = QT_TRANSLATE_NOOP(CTX, "w{n}")
T_LOOP = QT_TRANSLATE_NOOP(CTX, "event loop (on A's thread)")
T_LOOP_IDLE = QT_TRANSLATE_NOOP(CTX, "idle: waits for the next callback or result")
T_LOOP_BUSY = QT_TRANSLATE_NOOP(CTX, "runs A's code")
T_SYNC_NOTE = QT_TRANSLATE_NOOP(
    CTX, "No other thread: B runs on A's own thread, right on top of A's frame."
)
T_RUNS = QT_TRANSLATE_NOOP(CTX, "running")
T_WAITS = QT_TRANSLATE_NOOP(CTX, "waits for the call above to return")
T_B_DETAIL = QT_TRANSLATE_NOOP(CTX, "#{call} · works {s:.2f} s")
T_OWN = QT_TRANSLATE_NOOP(CTX, "A's own work {s:.2f} s")
T_CALLBACK = QT_TRANSLATE_NOOP(CTX, "callback with result #{call}")
T_COLLECT = QT_TRANSLATE_NOOP(CTX, "#{call} · takes the result")
T_SUSPENDED = QT_TRANSLATE_NOOP(CTX, "suspended: awaits #{call}")
T_OFF_STACK = QT_TRANSLATE_NOOP(CTX, "off the stack, not running")
T_RETURNED = QT_TRANSLATE_NOOP(CTX, "returned")
T_SUSPENDS = QT_TRANSLATE_NOOP(CTX, "suspended")
T_RAISED = QT_TRANSLATE_NOOP(CTX, "raised")
T_B_N = QT_TRANSLATE_NOOP(CTX, "B #{n}")
T_NOT_YET = QT_TRANSLATE_NOOP(CTX, "not called yet")
T_WORKING_A = QT_TRANSLATE_NOOP(CTX, "working on A's thread: A waits")
T_WORKING_W = QT_TRANSLATE_NOOP(CTX, "working on worker {n}; A carries on")
T_DONE_SYNC = QT_TRANSLATE_NOOP(CTX, "returned to A at {at:.2f} s")
T_DONE_WAIT = QT_TRANSLATE_NOOP(CTX, "finished at {at:.2f} s; result not in A's hands yet")
T_DONE_CALLBACK = QT_TRANSLATE_NOOP(CTX, "finished; callback ran at {at:.2f} s")
T_DONE_AWAIT = QT_TRANSLATE_NOOP(CTX, "finished; A awaited it at {at:.2f} s")
T_MEASURED = QT_TRANSLATE_NOOP(CTX, "measured total")
T_SO_FAR = QT_TRANSLATE_NOOP(CTX, "so far")
T_EXPECT_SYNC = QT_TRANSLATE_NOOP(CTX, "if A waits (sync): N × B + (N − 1) × own ≈ {s:.2f} s")
T_EXPECT_ASYNC = QT_TRANSLATE_NOOP(CTX, "if A does not wait (async): ≈ {s:.2f} s")
T_RESULT_MARK = QT_TRANSLATE_NOOP(CTX, "#{n}")
T_TOTAL_BRACKET = QT_TRANSLATE_NOOP(CTX, "all {n} results in A's hands: {s:.3f} s")
T_STARTING = QT_TRANSLATE_NOOP(CTX, "Starting A's thread…")


def _lane_count(state: SyncAsyncState) -> int:
    return 1 if state.mode == SYNC else 1 + max(state.calls_total, 1)


def layout(state: SyncAsyncState) -> tuple[QRectF, QRectF, QRectF]:
    """The stacks, calls and timeline sections: the timeline is as tall as its rows need."""
    rows = _lane_count(state)
    lanes_h = min(290.0, max(160.0, 30 + rows * LANE_ROW + 56))
    lanes = QRectF(20, 708 - lanes_h, 1240, lanes_h)
    top_h = lanes.y() - 12 - 72
    return QRectF(20, 72, 764, top_h), QRectF(796, 72, 464, top_h), lanes


def _ease(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


def _fn_colour(theme: Theme, fn: str) -> QColor:
    return theme.actor(FN_COLOUR.get(fn, 4))


def _worker_number(name: str) -> int:
    """``B-worker_0`` -> 1: the pool's own numbering, shown from 1."""
    tail = name.rsplit("_", 1)[-1]
    return int(tail) + 1 if tail.isdigit() else 0


@dataclass(frozen=True)
class Places:
    """The sections of one frame (None while the run is starting) and what the static layer
    of those sections depends on."""

    sections: tuple[QRectF, QRectF, QRectF] | None
    mode: str
    calls_total: int
    # The threads so far (a lane and a column each, named) and the expected totals of the
    # settings (these in the static layer).
    has_a: bool = False
    workers: tuple[str, ...] = ()
    expect: tuple[int, float, float] = (0, 0.0, 0.0)


class View(SceneView[SyncAsyncState]):
    def layout(self, frame: Frame[SyncAsyncState]) -> Places:
        state = frame.state
        sections = None if state.a is None else layout(state)
        workers = tuple(sorted(x.name for x in state.threads.values() if not x.is_a))
        has_a = any(x.is_a for x in state.threads.values())
        expect = (state.calls_total, state.work, state.own)
        return Places(sections, state.mode, state.calls_total, has_a, workers, expect)

    def static_key(self, places: Places) -> Hashable:
        rects = None if places.sections is None else tuple(r.getRect() for r in places.sections)
        # Not the threads so far: they change within the first moments of a run, and a layer
        # redrawn on every scrub back and forth there would cost more than it saves.
        return (rects, places.mode, places.calls_total, places.expect)

    def draw_static(self, p: QPainter, places: Places, theme: Theme) -> None:
        """The title, the mode's title, the three panels and their titles, the sync note."""
        self.text(p, QRectF(20, 6, 400, 34), self.scene.title, theme.text, 24, True)
        self.text(p, QRectF(20, 40, 760, 24), MODE_TITLE[places.mode], theme.text, 16, True)
        if places.sections is None:
            return
        stacks, calls, lanes = places.sections
        for rect, title in ((stacks, T_STACKS), (calls, T_CALLS), (lanes, T_LANES)):
            self.section(p, rect, title, theme)
        if places.mode == SYNC:
            rest = self._rest(stacks, self._a_column(stacks, places.calls_total))
            p.setFont(self.font(15))
            p.setPen(theme.muted)
            flags = int(ALIGN_C | Qt.TextFlag.TextWordWrap)
            p.drawText(rest.adjusted(24, 0, -24, -rest.height() * 0.4), flags, tr_msg(T_SYNC_NOTE))
        self._summary_static(p, self._summary_rect(calls), places, theme)

    # -- what changes only when a thread starts: names, base lines, lane rows --------------------
    def _columns_static(self, p: QPainter, rect: QRectF, places: Places, theme: Theme) -> None:
        a_col = self._a_column(rect, places.calls_total)
        self._column_base(p, a_col, T_A_THREAD, theme, wide=True)
        if places.mode == SYNC:
            return
        rest = self._rest(rect, a_col)
        columns = max(places.calls_total, 1)
        col_w = rest.width() / columns
        for i in range(columns):
            col = QRectF(rest.x() + i * col_w + 2, rest.y(), col_w - 4, rest.height())
            if i < len(places.workers):
                number = _worker_number(places.workers[i])
                label = T_WORKER(n=number) if col_w >= 80 else T_WORKER_SHORT(n=number)
                self._column_base(p, col, label, theme, wide=False)
            else:
                self._empty_column(p, col, theme)

    def _column_base(self, p: QPainter, col: QRectF, label: Msg, theme: Theme, wide: bool) -> None:
        """A thread's base line with its name under it: the floor its stack grows from."""
        label_h = 22.0
        base_y = col.bottom() - label_h
        p.setPen(QPen(theme.border, 2))
        p.drawLine(QPointF(col.x(), base_y), QPointF(col.right(), base_y))
        self.text(
            p,
            QRectF(col.x(), base_y + 2, col.width(), label_h - 2),
            label,
            theme.text,
            13 if wide else 11,
            True,
            ALIGN_C,
        )

    def _lane_rows(self, rect: QRectF, rows: int) -> tuple[float, float, float, float, float]:
        """label width, x0, x1, top and row height of the timeline's rows."""
        label_w = 110.0
        top = rect.y() + 30
        row_h = min(LANE_ROW, (rect.height() - 30 - 48.0 - self._grown_below()) / max(1, rows))
        return label_w, rect.x() + 12 + label_w, rect.right() - 16, top, row_h

    def _grown_below(self) -> float:
        """How much more room than designed the axis labels and the total's bracket under the
        rows take where the window's text floor enlarges them."""
        return max(0.0, self.line_height(10) - 14) + max(0.0, self.line_height(12, True) - 18)

    def _lanes_static(self, p: QPainter, rect: QRectF, places: Places, theme: Theme) -> None:
        names: list[tuple[Msg, bool]] = [(T_A_THREAD, True)] if places.has_a else []
        names += [(T_WORKER(n=_worker_number(w)), False) for w in places.workers]
        label_w, x0, x1, top, row_h = self._lane_rows(rect, len(names))
        for r, (label, is_a) in enumerate(names):
            y = top + r * row_h
            self.text(
                p,
                QRectF(rect.x() + 12, y, label_w - 8, row_h),
                label,
                theme.text,
                12,
                is_a,
                ALIGN_R,
            )
            p.fillRect(QRectF(x0, y + row_h / 2 - 0.5, x1 - x0, 1), theme.border)

    @staticmethod
    def _summary_rect(calls: QRectF) -> QRectF:
        return QRectF(calls.x() + 12, calls.bottom() - SUMMARY_H - 6, calls.width() - 24, SUMMARY_H)

    def _summary_static(self, p: QPainter, rect: QRectF, places: Places, theme: Theme) -> None:
        """The divider and what the settings predict: the measured total is set against it."""
        p.setPen(QPen(theme.border, 1))
        p.drawLine(QPointF(rect.x(), rect.y()), QPointF(rect.right(), rect.y()))
        n, work, own = places.expect
        # Both predict the moment the last result is in A's hands, as the measured total does:
        # A's own work after the last result is not part of it.
        sync = n * work + max(0, n - 1) * own
        asyn = max(n * own, (n - 1) * own + work) if n else 0.0
        lines = (T_EXPECT_SYNC(s=sync), T_EXPECT_ASYNC(s=asyn))
        for i, msg in enumerate(lines):
            bold = (i == 0) == (places.mode == SYNC)
            self.text(
                p,
                QRectF(rect.x(), rect.y() + 54 + i * 24, rect.width(), 22),
                msg,
                theme.text if bold else theme.muted,
                13,
                bold,
            )

    def draw_places(
        self, p: QPainter, frame: Frame[SyncAsyncState], places: Places, theme: Theme
    ) -> None:
        state, t = frame.state, frame.t
        self._clock(p, frame, theme)
        if places.sections is None:
            self.text(p, QRectF(20, 300, 1240, 40), T_STARTING, theme.muted, 18, False, ALIGN_C)
            return
        stacks, calls, lanes = places.sections
        self._columns_static(p, stacks, places, theme)
        self._lanes_static(p, lanes, places, theme)
        self._stacks(p, stacks, state, t, theme)
        self._calls(p, calls, state, t, theme)
        self._lanes(p, lanes, frame, theme)

    def _clock(self, p: QPainter, frame: Frame[SyncAsyncState], theme: Theme) -> None:
        state = frame.state
        clock = tr_msg(T_CLOCK(t=frame.t))
        total = state.total()
        if total is not None:
            clock = f"{clock}   ·   {tr_msg(T_TOTAL(s=total))}"
        self.text(p, QRectF(640, 6, 620, 34), clock, theme.muted, 17, False, ALIGN_R)

    @staticmethod
    def _a_column(rect: QRectF, calls_total: int) -> QRectF:
        inner = rect.adjusted(12, 32, -12, -10)
        a_w = 300.0 if calls_total <= 4 else 250.0
        return QRectF(inner.x(), inner.y(), a_w, inner.height())

    @staticmethod
    def _rest(rect: QRectF, a_col: QRectF) -> QRectF:
        inner = rect.adjusted(12, 32, -12, -10)
        return QRectF(
            a_col.right() + 16, inner.y(), inner.right() - a_col.right() - 16, inner.height()
        )

    # -- call stacks ---------------------------------------------------------------------------
    def _stacks(
        self, p: QPainter, rect: QRectF, state: SyncAsyncState, t: float, theme: Theme
    ) -> None:
        a_col = self._a_column(rect, state.calls_total)
        a = state.a
        assert a is not None
        self._thread_column(p, a_col, a, state, t, theme, T_A_THREAD, wide=True)
        rest = self._rest(rect, a_col)
        if state.mode == SYNC:
            return  # the static layer has the note that stands here
        workers = sorted((x for x in state.threads.values() if not x.is_a), key=lambda x: x.name)
        columns = max(state.calls_total, 1)
        col_w = rest.width() / columns
        for i in range(columns):
            col = QRectF(rest.x() + i * col_w + 2, rest.y(), col_w - 4, rest.height())
            if i < len(workers):
                worker = workers[i]
                number = _worker_number(worker.name)
                label = T_WORKER(n=number) if col_w >= 80 else T_WORKER_SHORT(n=number)
                self._thread_column(p, col, worker, state, t, theme, label, wide=False)

    def _empty_column(self, p: QPainter, col: QRectF, theme: Theme) -> None:
        base = QRectF(col.x(), col.bottom() - 22, col.width(), 22)
        pen = QPen(theme.border, 1.2)
        pen.setDashPattern([4.0, 3.0])
        p.setPen(pen)
        p.drawLine(QPointF(base.x(), base.y()), QPointF(base.right(), base.y()))

    def _thread_column(
        self,
        p: QPainter,
        col: QRectF,
        thread: ThreadState,
        state: SyncAsyncState,
        t: float,
        theme: Theme,
        label: Msg,
        wide: bool,
    ) -> None:
        label_h = 22.0
        base_y = col.bottom() - label_h  # base line and name: in the static layer
        del label
        frame_h = 52.0 if wide else 46.0
        gap = 6.0
        y = base_y - 4
        loop_box: QRectF | None = None
        if thread.is_a and state.mode != SYNC:
            # Two lines: the name, and what the loop does; as high as they are drawn.
            first = max(18.0, self.line_height(12, True))
            second = max(18.0, self.line_height(11))
            loop_h = first + second + 4
            y -= loop_h
            loop_box = QRectF(col.x(), y, col.width(), loop_h)
            busy = bool(thread.stack)
            self.box(p, loop_box, mix(theme.accent, theme.panel, 0.12), theme.accent, 6, width=1.5)
            self.text(
                p, QRectF(col.x() + 8, y + 2, col.width() - 16, first), T_LOOP, theme.text, 12, True
            )
            self.text(
                p,
                QRectF(col.x() + 8, y + 2 + first, col.width() - 16, second),
                T_LOOP_BUSY if busy else T_LOOP_IDLE,
                theme.muted,
                11,
            )
            y -= gap
        stack = thread.stack
        for depth, entry in enumerate(stack):
            top = depth == len(stack) - 1
            box = QRectF(col.x(), y - frame_h, col.width(), frame_h)
            if top and t - entry.since < PUSH_SECONDS:  # slides in from above as it is pushed
                box.translate(0, -24 * (1 - _ease((t - entry.since) / PUSH_SECONDS)))
            self._frame_box(p, box, entry, top, state, t, theme, wide, still=box.y() == y - frame_h)
            y -= frame_h + gap
        popped = thread.popped
        if popped is not None and 0 <= t - popped.t < POP_SECONDS and popped.depth >= len(stack):
            # the frame that just left: it rises and fades
            k = (t - popped.t) / POP_SECONDS
            slot = base_y - 4 - (46 if loop_box is not None else 0) - popped.depth * (frame_h + gap)
            box = QRectF(col.x(), slot - frame_h - 18 * k, col.width(), frame_h)
            colour = mix(_fn_colour(theme, popped.fn), theme.panel, 0.8 * (1 - k))
            self.box(p, box, None, colour, 6, width=1.5, pattern=(4.0, 3.0), cache=False)
            how = {"return": T_RETURNED, "suspend": T_SUSPENDS}.get(popped.how, T_RAISED)
            self.text(
                p,
                box.adjusted(6, 0, -6, 0),
                f"{popped.fn} · {tr_msg(how)}",
                colour,
                11,
                True,
                ALIGN_C,
            )
        if thread.is_a and state.mode == AWAIT and not stack and state.total() is None:
            # above where A's frame was, clear of its fading ghost
            self._suspended_a(p, col, y - frame_h - 30, state, theme)

    def _suspended_a(
        self, p: QPainter, col: QRectF, y: float, state: SyncAsyncState, theme: Theme
    ) -> None:
        """A's coroutine while it awaits: alive, but not on any stack."""
        call = None
        a = state.a
        if a is not None:
            for seg in reversed(a.segments):
                if seg.fn == "collect":
                    call = seg.call
                    break
        if call is None or a is None or a.popped is None or a.popped.how != "suspend":
            return
        box = QRectF(col.x() + 16, y - 78, col.width() - 32, 56)
        colour = _fn_colour(theme, "a_awaits_later")
        self.box(p, box, None, colour, 6, width=1.6, pattern=(4.0, 3.0))
        self.text(p, box.adjusted(8, 4, -8, -28), "a_awaits_later()", theme.text, 13, True)
        self.text(p, box.adjusted(8, 26, -8, -4), T_SUSPENDED(call=call), theme.muted, 12)
        self.text(
            p,
            QRectF(box.x(), box.bottom() + 2, box.width(), 18),
            T_OFF_STACK,
            theme.muted,
            11,
            False,
            ALIGN_C,
        )

    def _frame_box(
        self,
        p: QPainter,
        box: QRectF,
        entry: StackEntry,
        top: bool,
        state: SyncAsyncState,
        t: float,
        theme: Theme,
        wide: bool,
        still: bool = True,
    ) -> None:
        colour = _fn_colour(theme, entry.fn)
        muted = ink_on(colour) if top else theme.muted
        if wide:
            name = f"{entry.fn}()"
        else:  # a narrow worker column: B's number and how long it has worked
            name = entry.fn
            if entry.fn == "b_work" and entry.call is not None:
                name = tr_msg(T_B_N(n=entry.call)) if box.width() < 90 else f"b_work #{entry.call}"
        # The box and the function's name look the same from frame to frame: one cached image;
        # the detail (it mostly counts time) is laid out on it.
        key = ("frame", entry.fn, top, wide, name, colour.rgba(), theme.name)
        # (A frame sliding in has a new position every frame: nothing to reuse.)
        if not still or not self.sprite(
            p, box, 2.0, key, lambda q, r: self._frame_head(q, r, name, colour, top, theme, wide)
        ):
            self._frame_head(p, box, name, colour, top, theme, wide, cache=False)
        if wide:
            detail = self._detail(entry, top, state, t)
            self.text(p, box.adjusted(10, box.height() / 2, -10, -3), detail, muted, 12)
        else:
            short = seconds(t - entry.since)
            self.text(
                p, box.adjusted(3, box.height() / 2, -3, -2), short, muted, 11, False, ALIGN_C
            )

    def _frame_head(
        self,
        p: QPainter,
        box: QRectF,
        name: str,
        colour: QColor,
        top: bool,
        theme: Theme,
        wide: bool,
        cache: bool = False,
    ) -> None:
        """The frame's box and name (inside its own cached image: no image of the box alone)."""
        if top:
            self.box(p, box, colour, colour.darker(125), 6, width=1.5, cache=cache)
            ink = ink_on(colour)
        else:
            self.box(p, box, mix(colour, theme.panel, 0.2), colour, 6, width=2.0, cache=cache)
            ink = theme.text
        if wide:
            self.text(p, box.adjusted(10, 3, -10, -box.height() / 2), name, ink, 15, True)
        else:
            self.text(p, box.adjusted(3, 2, -3, -box.height() / 2), name, ink, 11, True, ALIGN_C)

    @staticmethod
    def _detail(entry: StackEntry, top: bool, state: SyncAsyncState, t: float) -> Msg:
        if entry.fn == "b_work":
            return T_B_DETAIL(call=entry.call, s=t - entry.since)
        if entry.fn == "own_work":
            return T_OWN(s=t - entry.since)
        if entry.fn == "on_result":
            return T_CALLBACK(call=entry.call)
        if entry.fn == "collect":
            return T_COLLECT(call=entry.call)
        return T_RUNS if top else T_WAITS

    # -- the calls of B ----------------------------------------------------------------------------
    def _calls(
        self, p: QPainter, rect: QRectF, state: SyncAsyncState, t: float, theme: Theme
    ) -> None:
        n = max(1, state.calls_total)
        area = QRectF(
            rect.x() + 12, rect.y() + 32, rect.width() - 24, rect.height() - 42 - SUMMARY_H
        )
        row_h = min(40.0, area.height() / n)
        b_colour = _fn_colour(theme, "b_work")
        for i, call in enumerate(state.calls.values()):
            y = area.y() + i * row_h
            chip = QRectF(area.x(), y + 3, 62, row_h - 6)
            delivered = call.delivered is not None and call.delivered <= t
            style = (
                "filled" if delivered else ("outlined" if call.started is not None else "dashed")
            )
            self.chip(p, chip, tr_msg(T_B_N(n=call.call)), b_colour, theme, style, 12)
            bar = QRectF(chip.right() + 10, y + row_h / 2 - 4, 110, 8)
            self.box(p, bar, theme.background, theme.border, 3, width=1.0)
            if call.started is not None:
                end = call.finished if call.finished is not None else t
                done = (end - call.started) / state.work if state.work > 0 else 1.0
                p.fillRect(
                    QRectF(bar.x(), bar.y(), bar.width() * min(1.0, done), bar.height()), b_colour
                )
            self.text(
                p,
                QRectF(bar.right() + 10, y, area.right() - bar.right() - 10, row_h),
                self._call_status(call, state, t),
                theme.text if call.started is not None else theme.muted,
                12,
            )
        self._summary(p, self._summary_rect(rect), state, t, theme)

    @staticmethod
    def _call_status(call: CallState, state: SyncAsyncState, t: float) -> Msg:
        if call.started is None:
            return T_NOT_YET
        if call.finished is None:
            if state.mode == SYNC:
                return T_WORKING_A
            return T_WORKING_W(n=_worker_number(call.thread))
        if call.delivered is None:
            return T_DONE_WAIT(at=call.finished)
        if state.mode == SYNC:
            return T_DONE_SYNC(at=call.delivered)
        if state.mode == AWAIT:
            return T_DONE_AWAIT(at=call.delivered)
        return T_DONE_CALLBACK(at=call.delivered)

    def _summary(
        self, p: QPainter, rect: QRectF, state: SyncAsyncState, t: float, theme: Theme
    ) -> None:
        total = state.total()
        if total is not None:
            value, label = tr_msg(seconds(total, 3)), T_MEASURED
        else:
            so_far = max(0.0, t - state.began) if state.began is not None else 0.0
            value, label = tr_msg(seconds(so_far)), T_SO_FAR
        self.text(p, QRectF(rect.x(), rect.y() + 6, 180, 44), value, theme.text, 30, True)
        self.text(
            p, QRectF(rect.x() + 184, rect.y() + 6, rect.width() - 184, 44), label, theme.muted, 14
        )  # the divider and the expected totals under it are in the static layer

    # -- timeline ---------------------------------------------------------------------------------
    def _lanes(self, p: QPainter, rect: QRectF, frame: Frame[SyncAsyncState], theme: Theme) -> None:
        state, t = frame.state, frame.t
        threads = [x for x in state.threads.values() if x.is_a]
        threads += sorted((x for x in state.threads.values() if not x.is_a), key=lambda x: x.name)
        _label_w, x0, x1, top, row_h = self._lane_rows(rect, len(threads))
        span = max(frame.end, 0.5)

        def xt(when: float) -> float:
            return x0 + (x1 - x0) * min(max(when, 0.0), span) / span

        for r, thread in enumerate(threads):
            y = top + r * row_h  # the row's name and line are in the static layer
            for seg in thread.segments:
                if seg.start > t:
                    break
                end = t if seg.end is None else min(seg.end, t)
                bar = QRectF(xt(seg.start), y + 3, max(1.5, xt(end) - xt(seg.start)), row_h - 6)
                colour = _fn_colour(theme, seg.fn)
                p.fillRect(bar, colour)
                name = seg.fn if seg.call is None else f"{seg.fn} #{seg.call}"
                if bar.width() > self.drawn_width(name, 10) + 8:
                    self.text(
                        p, bar.adjusted(4, 0, -2, 0), name, ink_on(colour), 10, False, ALIGN_L
                    )
        # results in A's hands: a flag on A's row
        for call in state.calls.values():
            if call.delivered is not None and call.delivered <= t:
                x = xt(call.delivered)
                p.setPen(QPen(theme.text, 2))
                p.drawLine(QPointF(x, top), QPointF(x, top + row_h))
                name = f"#{call.call}"
                flag = QRectF(
                    x + 2,
                    top,
                    max(22.0, self.drawn_width(name, 9, True) + 4),
                    max(13.0, self.line_height(9, True) - 2),
                )
                p.fillRect(flag, theme.text)
                self.text(p, flag, name, theme.background, 9, True, ALIGN_C)
        bottom = top + len(threads) * row_h + 4
        self.time_axis(p, x0, x1, bottom, span, theme)
        total = state.total()
        if total is not None and state.began is not None and state.began + total <= t:
            a, b = xt(state.began), xt(state.began + total)
            high = max(18.0, self.line_height(12, True))
            y = bottom + 26 + max(0.0, self.line_height(10) - 14) + (high - 18) / 2
            self.arrow(p, QPointF(a, y), QPointF(b, y), theme.text, 1.5)
            self.arrow(p, QPointF(b, y), QPointF(a, y), theme.text, 1.5)
            text = tr_msg(T_TOTAL_BRACKET(n=state.calls_total, s=total))
            w = min(self.drawn_width(text, 12, True) + 12, x1 - x0)
            mid = (a + b) / 2
            where = QRectF(max(x0, min(mid - w / 2, x1 - w)), y - high / 2, w, high)
            p.fillRect(where, theme.panel)
            self.text(p, where, text, theme.text, 12, True, ALIGN_C)
        p.setPen(QPen(theme.accent, 2))
        p.drawLine(QPointF(xt(t), top - 4), QPointF(xt(t), bottom))
