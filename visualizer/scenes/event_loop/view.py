"""Draws the event loop: the loop thread, ready queue, waiting area, task stacks and lanes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from visualizer.core.contract import Frame
from visualizer.core.loop_monitor import BLOCKED_S
from visualizer.core.task_state import (
    CANCELLED,
    DONE,
    FAILED,
    READY,
    RUNNING,
    WAITING,
    LoopState,
    Segment,
    TaskInfo,
)
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, seconds
from visualizer.draw.colors import mix, readable_outline
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_C, ALIGN_L, ALIGN_R, SceneView
from visualizer.draw.theme import Theme
from visualizer.scenes.event_loop import CTX, MAX_TASKS, wait_text

STATE_TEXT = {
    READY: QT_TRANSLATE_NOOP(CTX, "ready"),
    RUNNING: QT_TRANSLATE_NOOP(CTX, "running"),
    WAITING: QT_TRANSLATE_NOOP(CTX, "waiting"),
    DONE: QT_TRANSLATE_NOOP(CTX, "done"),
    CANCELLED: QT_TRANSLATE_NOOP(CTX, "cancelled"),
    FAILED: QT_TRANSLATE_NOOP(CTX, "failed"),
}
STYLE = {RUNNING: "filled", READY: "outlined", WAITING: "dashed"}
TIMED_OUT = QT_TRANSLATE_NOOP(CTX, "timed out")
NEVER_STARTED = QT_TRANSLATE_NOOP(CTX, "never started")


def state_text(task: TaskInfo) -> Msg:
    """The task's state word; a cancellation says when it was a timeout or came before any step."""
    if task.state == CANCELLED and task.never_started:
        return NEVER_STARTED
    if task.timed_out and task.state in (CANCELLED, RUNNING):
        return TIMED_OUT
    return STATE_TEXT[task.state]


T_LOOP = QT_TRANSLATE_NOOP(CTX, "EVENT LOOP · one thread")
T_STACKS = QT_TRANSLATE_NOOP(CTX, "TASKS AND THEIR COROUTINE CALL STACKS (as of their last await)")
T_LANES = QT_TRANSLATE_NOOP(CTX, "TIMELINE: solid = running, outline = ready, dashed = waiting")
READY_CHIP_H = 30.0
LAG_KEY = QT_TRANSLATE_NOOP(CTX, "loop blocked ≥ {s} by the code (drawing not counted)")


@dataclass
class LoopPlaces:
    """Where the parts of one frame go: the panels, and the ready queue's tokens in line."""

    loop: QRectF = field(default_factory=lambda: QRectF(20, 56, 400, 118))
    ready: QRectF = field(default_factory=lambda: QRectF(440, 56, 820, 118))
    waiting: QRectF = field(default_factory=lambda: QRectF(20, 190, 400, 290))
    stacks: QRectF = field(default_factory=lambda: QRectF(440, 190, 820, 290))
    lanes: QRectF = field(default_factory=lambda: QRectF(20, 496, 1240, 210))
    lane_h: float = 18.0  # the timeline's row height
    # (actor, token rect) of the ready tasks that fit, head first; then where "…" goes, if any
    ready_chips: list[tuple[str, QRectF]] = field(default_factory=list)
    ready_more: QRectF | None = None


# main() and the most jobs a preset starts: every one gets its stack column and its lane.
MAX_SHOWN = MAX_TASKS + 1


def lane_count(state: LoopState) -> int:
    """Rows of the timeline: the loop's own lane, every task shown, every worker thread."""
    return 1 + min(len(state.tasks), MAX_SHOWN) + len(state.threads)


class View(SceneView[LoopState]):
    def layout(self, frame: Frame[LoopState]) -> LoopPlaces:
        places = LoopPlaces()
        self._fit_lanes(places, lane_count(frame.state))
        rect = places.ready
        x = rect.x() + 12
        for actor in frame.state.ready:
            task = frame.state.tasks[actor]
            width = min(120.0, max(64.0, self.text_width(task.label, 12, True) + 20))
            if x + width > rect.right() - 12:
                places.ready_more = QRectF(x, rect.y() + 46, 40, READY_CHIP_H)
                break
            places.ready_chips.append((actor, QRectF(x, rect.y() + 46, width, READY_CHIP_H)))
            x += width + 6
        return places

    def _fit_lanes(self, places: LoopPlaces, rows: int) -> None:
        """Rows as high as their labels' lines: where the window's text floor enlarges them
        past the designed 18 px, the timeline grows upward into the waiting and stack panels
        (which cut their lists short) instead of letting lane names run into each other."""
        lanes = places.lanes
        room = lanes.height() - 28 - self._axis_room()
        places.lane_h = min(18.0, room / max(1, rows))
        size = min(11, int(places.lane_h))
        need = self.line_height(size) - 1
        if places.lane_h >= need:
            return
        places.lane_h = need
        grow = min(max(0.0, 28 + rows * need + self._axis_room() - lanes.height()), 150.0)
        if grow == 0:
            return
        places.lanes = lanes.adjusted(0, -grow, 0, 0)
        places.waiting = places.waiting.adjusted(0, 0, 0, -grow)
        places.stacks = places.stacks.adjusted(0, 0, 0, -grow)

    def _axis_room(self) -> float:
        """Below the last row: the axis, its tick labels and the panel's margin."""
        return 18.0 + 1.2 * (self.text_px(10) - 10)

    def static_key(self, places: LoopPlaces) -> Hashable:
        return ("panels", places.lanes.y())  # text on them comes with the language

    def draw_static(self, p: QPainter, places: LoopPlaces, theme: Theme) -> None:
        for rect in (places.loop, places.ready, places.waiting, places.stacks, places.lanes):
            self.panel(p, rect, theme)
        self.section_title(p, places.loop, T_LOOP, theme)
        self.section_title(p, places.stacks, T_STACKS, theme)
        self.section_title(p, places.lanes, T_LANES, theme)

    def draw_places(
        self, p: QPainter, frame: Frame[LoopState], places: LoopPlaces, theme: Theme
    ) -> None:
        state, t = frame.state, frame.t
        stalled = state.stalled_until(t) or self._held_long(state, t)
        self._header(p, frame, theme)
        self._loop_box(p, places.loop, state, t, theme, stalled)
        self._ready_queue(p, places, state, theme)
        self._waiting(p, places.waiting, state, t, theme)
        self._stacks(p, places.stacks, state, theme)
        self._lanes(p, places.lanes, places.lane_h, frame, theme)

    @staticmethod
    def _held_long(state: LoopState, t: float) -> bool:
        task = state.tasks.get(state.running) if state.running else None
        return task is not None and t - task.since > 0.05

    def _header(self, p: QPainter, frame: Frame[LoopState], theme: Theme) -> None:
        state = frame.state
        self.text(p, QRectF(20, 8, 700, 36), self.scene.title, theme.text, 24, True)
        elapsed = state.elapsed()
        # t is the run's clock; main() is created a moment after the run begins and the run
        # ends a moment after main() does, so the two are named apart.
        clock = tr_msg(QT_TRANSLATE_NOOP(CTX, "run clock t = {t}")(t=seconds(frame.t)))
        if elapsed is not None:
            total = tr_msg(
                QT_TRANSLATE_NOOP(CTX, "main() took {s} (measured)")(s=seconds(elapsed, 3))
            )
            clock = f"{clock}   ·   {total}"
        self.text(p, QRectF(600, 8, 660, 36), clock, theme.muted, 18, False, ALIGN_R)

    def _loop_box(
        self, p: QPainter, rect: QRectF, state: LoopState, t: float, theme: Theme, stalled: bool
    ) -> None:
        if stalled:
            self.box(p, rect.adjusted(1, 1, -1, -1), None, theme.danger, 8, width=4)
        inner = QRectF(rect.x() + 16, rect.y() + 36, rect.width() - 32, 40)
        task = state.tasks.get(state.running) if state.running else None
        if task is not None:
            self.chip(p, inner, task.label, theme.actor(task.index), theme, "filled", 16)
            what = (
                QT_TRANSLATE_NOOP(CTX, "BLOCKED for {s:.2f} s: no await yet")
                if stalled
                else QT_TRANSLATE_NOOP(CTX, "{task} holds control (제어권)")
            )
            self.text(
                p,
                QRectF(rect.x() + 16, rect.y() + 82, rect.width() - 32, 26),
                what(task=task.label, s=t - task.since),
                theme.danger if stalled else theme.text,
                14,
                stalled,
            )
        else:
            self.box(p, inner, None, theme.border, inner.height() / 2, dashed=True)
            head = state.tasks[state.ready[0]] if state.ready else None
            if stalled:
                idle: Msg = QT_TRANSLATE_NOOP(CTX, "blocked: the loop thread is stuck")
            elif head is not None:
                # Between two steps, not idle: the next step is the head of the ready queue
                # (the picture a window keeps while that step blocks the thread).
                idle = QT_TRANSLATE_NOOP(CTX, "switching: runs {task} next")(task=head.label)
            else:
                idle = QT_TRANSLATE_NOOP(CTX, "idle: waiting in select() for a timer or I/O")
            self.text(p, inner, idle, theme.danger if stalled else theme.muted, 14, False, ALIGN_C)
            lag = state.lags[-1][1] if state.lags else 0.0
            self.text(
                p,
                QRectF(rect.x() + 16, rect.y() + 82, rect.width() - 32, 26),
                QT_TRANSLATE_NOOP(CTX, "loop blocked by the code: now {now}, longest {worst}")(
                    now=seconds(lag), worst=seconds(state.max_lag())
                ),
                theme.muted,
                13,
            )

    def _ready_queue(self, p: QPainter, places: LoopPlaces, state: LoopState, theme: Theme) -> None:
        rect = places.ready
        title = tr_msg(
            QT_TRANSLATE_NOOP(CTX, "READY QUEUE ({n}) → next to run")(n=len(state.ready))
        )
        self.section_title(p, rect, title, theme)
        # The head of the queue sits next to the loop: it is what the loop runs next.
        mid = rect.center().y()
        self.arrow(p, QPointF(rect.x() + 2, mid), QPointF(rect.x() - 16, mid), theme.muted, 2)
        for actor, chip in places.ready_chips:
            task = state.tasks[actor]
            self.chip(p, chip, task.label, theme.actor(task.index), theme, "outlined", 12)
        if places.ready_more is not None:
            self.text(p, places.ready_more, "…", theme.muted, 16)
        if not state.ready:
            self.text(
                p,
                QRectF(rect.x() + 12, rect.y() + 46, rect.width() - 24, 30),
                QT_TRANSLATE_NOOP(CTX, "empty"),
                theme.muted,
                13,
            )

    def _waiting(self, p: QPainter, rect: QRectF, state: LoopState, t: float, theme: Theme) -> None:
        waiting = [x for x in state.tasks.values() if x.state == WAITING]
        title = tr_msg(
            QT_TRANSLATE_NOOP(CTX, "WAITING ({n}): timers, futures, threads")(n=len(waiting))
        )
        self.section_title(p, rect, title, theme)
        row_h = 24.0
        y = rect.y() + 30
        max_rows = int((rect.height() - 36) // row_h)
        for i, task in enumerate(waiting):
            if i == max_rows - 1 and len(waiting) > max_rows:
                more = tr_msg(QT_TRANSLATE_NOOP(CTX, "+{n} more")(n=len(waiting) - i))
                self.text(p, QRectF(rect.x() + 12, y, 200, row_h), more, theme.muted, 12)
                break
            color = theme.actor(task.index)
            self.chip(
                p,
                QRectF(rect.x() + 12, y + 2, 104, row_h - 4),
                task.label,
                color,
                theme,
                "dashed",
                11,
            )
            wait = task.wait or {}
            bar = QRectF(rect.x() + 124, y + 6, 150, row_h - 12)
            deadline = wait.get("deadline")
            delay = wait.get("delay")
            if wait.get("kind") == "sleep" and deadline is not None and delay:
                remaining = max(0.0, float(deadline) - t)
                self.box(p, bar, None, theme.border, 3)
                fill = QRectF(
                    bar.x(), bar.y(), bar.width() * min(1.0, remaining / delay), bar.height()
                )
                p.fillRect(fill, color)
                label = tr_msg(QT_TRANSLATE_NOOP(CTX, "timer {s:.2f} s left")(s=remaining))
            else:
                label = tr_msg(wait_text(wait))
                targets = wait.get("targets") or ([wait["target"]] if "target" in wait else [])
                names = [state.tasks[a].label for a in targets if a in state.tasks]
                if names:
                    label = f"{label}: {', '.join(names)}"
            self.text(
                p,
                QRectF(
                    bar.right() + 8 if wait.get("kind") == "sleep" else bar.x(),
                    y,
                    rect.right() - bar.x() - 12,
                    row_h,
                ),
                label,
                theme.text,
                12,
            )
            y += row_h
        if not waiting:
            self.text(
                p,
                QRectF(rect.x() + 12, y, rect.width() - 24, row_h),
                QT_TRANSLATE_NOOP(CTX, "nothing is waiting"),
                theme.muted,
                13,
            )

    def _stacks(self, p: QPainter, rect: QRectF, state: LoopState, theme: Theme) -> None:
        tasks = list(state.tasks.values())[:MAX_SHOWN]
        if not tasks:
            return
        n = max(4, len(tasks))
        col_w = (rect.width() - 24) / n
        chip_size = 11 if n <= 8 else 10
        base_y = rect.bottom() - 52
        frame_h = 26.0
        for i, task in enumerate(tasks):
            x = rect.x() + 12 + i * col_w
            color = theme.actor(task.index)
            style = STYLE.get(task.state, "outlined")
            head = QRectF(x + 3, base_y, col_w - 6, 26)
            label = task.label
            if task.arg and self.text_width(label, chip_size, True) > head.width() - 10:
                # Narrow columns: "job12" tells the tasks apart where "fetch(j…" cannot; the
                # frames above it name the coroutine.
                label = task.arg
            if task.state in (DONE, CANCELLED, FAILED):
                faded = QColor(color)
                faded.setAlpha(90)
                self.chip(p, head, label, faded, theme, "outlined", chip_size)
            else:
                self.chip(p, head, label, color, theme, style, chip_size)
            state_color = theme.danger if task.state == FAILED else theme.muted
            self.text(
                p,
                QRectF(x, base_y + 28, col_w, 18),
                state_text(task),
                state_color,
                11,
                False,
                ALIGN_C,
            )
            # The stack grows upward: outermost coroutine on the task, innermost on top.
            y = base_y - 6
            frames = [f for f in task.stack if not f[1].endswith(("asyncio/tasks.py",))]
            inner_asyncio = [f for f in task.stack if f not in frames]
            shown = frames + inner_asyncio[-1:]
            max_frames = int((base_y - rect.y() - 36) // (frame_h + 3))
            for fn, filename, line in shown[-max_frames:]:
                y -= frame_h
                box = QRectF(x + 3, y, col_w - 6, frame_h)
                is_lib = "asyncio" in filename
                self.box(
                    p,
                    box,
                    theme.background if not is_lib else theme.panel,
                    readable_outline(color, theme.background),
                    4,
                    dashed=is_lib,
                    width=1.5,
                )
                name = fn.rsplit(".", 1)[-1]
                self.text(
                    p,
                    box.adjusted(2, 0, -2, 0),
                    name if is_lib else f"{name}:{line}",  # asyncio's own lines mean little here
                    theme.text,
                    chip_size,
                    False,
                    ALIGN_C,
                )
                y -= 3
            if task.state == RUNNING:
                p.setPen(QPen(color, 3))
                p.drawLine(QPointF(x + 3, base_y - 3), QPointF(x + col_w - 3, base_y - 3))

    def _lanes(
        self, p: QPainter, rect: QRectF, row_h: float, frame: Frame[LoopState], theme: Theme
    ) -> None:
        state, t = frame.state, frame.t
        rows: list[tuple[str, QColor, list[Segment]]] = []
        rows.append((tr_msg(QT_TRANSLATE_NOOP(CTX, "loop blocked")), theme.danger, []))
        for task in list(state.tasks.values())[:MAX_SHOWN]:
            rows.append((task.label, theme.actor(task.index), task.segments))
        for thread in state.threads.values():
            worker = QT_TRANSLATE_NOOP(CTX, "worker thread {n}")(n=thread.index + 1)
            rows.append((tr_msg(worker), theme.muted, thread.segments))
        label_w = 120.0
        x0 = rect.x() + 12 + label_w
        x1 = rect.right() - 16
        span = max(frame.end, 0.5)
        top = rect.y() + 28

        def xt(when: float) -> float:
            return x0 + (x1 - x0) * min(max(when, 0.0), span) / span

        for r, (label, color, segments) in enumerate(rows):
            y = top + r * row_h
            self.text(
                p,
                QRectF(rect.x() + 12, y, label_w - 6, row_h),
                label,
                theme.text,
                min(11, int(row_h)),
                False,
                ALIGN_L,
            )
            for seg in segments:
                end = t if seg.end is None else min(seg.end, t)
                if end < seg.start:
                    continue
                bar = QRectF(xt(seg.start), y + 2, max(1.5, xt(end) - xt(seg.start)), row_h - 4)
                if seg.state == RUNNING:
                    p.fillRect(bar, color)
                elif seg.state == READY:
                    p.setPen(QPen(color, 1.2))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(bar.adjusted(0, 2, 0, -2))
                else:
                    pen = QPen(color, 1.2)
                    pen.setStyle(Qt.PenStyle.DashLine)
                    p.setPen(pen)
                    mid = bar.center().y()
                    p.drawLine(QPointF(bar.left(), mid), QPointF(bar.right(), mid))
        self._lag_lane(p, rect, state.lags, t, top, row_h, xt, theme)
        # axis and playhead
        axis_y = top + len(rows) * row_h + 4
        self.time_axis(p, x0, x1, axis_y, span, theme)
        p.setPen(QPen(theme.accent, 2))
        p.drawLine(QPointF(xt(t), top - 4), QPointF(xt(t), axis_y))

    def _lag_lane(
        self,
        p: QPainter,
        rect: QRectF,
        lags: list[tuple[float, float]],
        t: float,
        top: float,
        row_h: float,
        xt: Callable[[float], float],
        theme: Theme,
    ) -> None:
        """The measured lags (the app's own drawing not counted): red where the loop was
        blocked for at least BLOCKED_S, a thin grey mark for shorter delays, and the key."""
        small = mix(theme.muted, theme.panel, 0.4)
        for measured, lag in lags:
            start = measured - lag
            if lag < 0.005 or start > t:
                continue
            blocked = lag >= BLOCKED_S
            height = row_h - 4 if blocked else max(2.0, (row_h - 4) / 3)
            bar = QRectF(
                xt(start),
                top + row_h / 2 - height / 2,
                max(1.5, xt(min(measured, t)) - xt(start)),
                height,
            )
            p.fillRect(bar, theme.danger if blocked else small)
        key = tr_msg(LAG_KEY(s=seconds(BLOCKED_S)))
        width = self.text_width(key, 11) + 8
        swatch = QRectF(rect.right() - 16 - width - 18, rect.y() + 9, 12, 10)
        p.fillRect(swatch, theme.danger)
        self.text(p, QRectF(swatch.right() + 6, rect.y() + 4, width, 20), key, theme.muted, 11)
