"""A script is drawn with the event-loop picture, made to hold what people write: 2 or 2,000 tasks.

The built-in picture gives each of at most 12 tasks its lane and its stack column. A script's
tasks are grouped instead: the children one task started with the same coroutine (a ``gather``,
a ``TaskGroup``, a loop of ``create_task``) fold into one lane that shows, per pixel column, how
many of them ran, were ready or waited; the stacks show the tasks that matter now (running,
then ready, then waiting) and say how many more there are; the ready queue ends in "+N". The
drawing is bounded by the size of the picture, not by the number of tasks. Where the recording
was cut (too many events) the timeline carries a marker and a caption line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from visualizer.core.contract import Frame
from visualizer.core.task_state import CANCELLED, DONE, FAILED, READY, RUNNING, WAITING, TaskInfo
from visualizer.core.text import QT_TRANSLATE_NOOP
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_L
from visualizer.draw.theme import Theme
from visualizer.scenes.event_loop import view as loop_view
from visualizer.scenes.script.captions import CTX, cut_at
from visualizer.scenes.script.state import LoopState

FOLD_AT = 3  # this many siblings of one coroutine fold into one lane
MAX_ROWS = 9  # lanes below the loop-lag lane; the rest are counted
BINS = 160  # pixel columns of a folded lane
_ORDER = {RUNNING: 0, READY: 1, WAITING: 2}


@dataclass
class Row:
    """One lane: a task of its own, or a group of siblings folded together."""

    label: str
    color_index: int
    tasks: list[TaskInfo]


@dataclass
class ScriptPlaces(loop_view.LoopPlaces):
    rows: list[Row] = field(default_factory=list)
    hidden_rows: int = 0  # lanes that did not fit, counted in the last line
    cut_t: float | None = None  # where the recording was cut, on the run's axis


def group_rows(tasks: Sequence[TaskInfo]) -> list[Row]:
    """Tasks in creation order; siblings with one coroutine fold into the first one's place."""
    groups: dict[tuple[str | None, str], list[TaskInfo]] = {}
    for task in tasks:
        groups.setdefault((task.parent, task.coro), []).append(task)
    rows: list[Row] = []
    done: set[tuple[str | None, str]] = set()
    for task in tasks:
        key = (task.parent, task.coro)
        members = groups[key]
        if len(members) < FOLD_AT:
            rows.append(Row(task.label, task.index, [task]))
        elif key not in done:
            done.add(key)
            name = task.coro.rsplit(".", 1)[-1]
            rows.append(Row(f"{name} ×{len(members)}", task.index, members))
    return rows


class View(loop_view.View):
    def layout(self, frame: Frame[LoopState]) -> ScriptPlaces:
        base = super().layout(frame)
        places = ScriptPlaces(**{k: getattr(base, k) for k in base.__dataclass_fields__})
        if places.ready_more is not None:  # room for "+998 more" after the last chip
            room = places.ready.right() - 8
            while places.ready_chips and room - places.ready_chips[-1][1].right() < 96:
                places.ready_chips.pop()
            more = places.ready_more
            x = places.ready_chips[-1][1].right() + 8 if places.ready_chips else more.x()
            places.ready_more = QRectF(x, more.y(), room - x, more.height())
        rows = group_rows(list(frame.state.tasks.values()))
        places.rows = rows[:MAX_ROWS]
        places.hidden_rows = len(rows) - len(places.rows)
        # The timeline's rows are these (folded groups), not one per task: fit them instead.
        fresh = loop_view.LoopPlaces()
        places.lanes, places.waiting, places.stacks = fresh.lanes, fresh.waiting, fresh.stacks
        lanes = len(places.rows) + 1 + len(frame.state.threads) + (1 if places.hidden_rows else 0)
        self._fit_lanes(places, lanes)
        cut = cut_at(frame.state)
        places.cut_t = cut[0] if cut is not None else None
        return places

    def __init__(self, scene: Any) -> None:
        super().__init__(scene)
        self._fold_cache: dict[tuple[Any, ...], tuple[float, list[int], list[int]]] = {}

    def draw_places(self, p: QPainter, frame: Frame[LoopState], places: Any, theme: Theme) -> None:
        self._places = places
        super().draw_places(p, frame, places, theme)

    # -- the ready queue ends in a count ------------------------------------------------------
    def _ready_queue(
        self, p: QPainter, places: loop_view.LoopPlaces, state: LoopState, theme: Theme
    ) -> None:
        more = places.ready_more
        places.ready_more = None
        super()._ready_queue(p, places, state, theme)
        places.ready_more = more
        if more is not None:
            rest = len(state.ready) - len(places.ready_chips)
            text = tr_msg(QT_TRANSLATE_NOOP(CTX, "+{n} more")(n=rest))
            self.text(p, more, text, theme.muted, 13, True)

    # -- stacks of the tasks that matter now --------------------------------------------------
    def _stacks(self, p: QPainter, rect: QRectF, state: LoopState, theme: Theme) -> None:
        tasks = list(state.tasks.values())
        if len(tasks) <= loop_view.MAX_SHOWN:
            super()._stacks(p, rect, state, theme)
            return
        live = sorted(
            (t for t in tasks if t.state in _ORDER), key=lambda t: (_ORDER[t.state], t.index)
        )
        shown = live[: loop_view.MAX_SHOWN - 1]
        if len(shown) < loop_view.MAX_SHOWN - 1:
            ended = [t for t in tasks if t.state not in _ORDER]
            shown += ended[-(loop_view.MAX_SHOWN - 1 - len(shown)) :]
        shown.sort(key=lambda t: t.index)
        super()._stacks(p, rect, replace(state, tasks={t.actor: t for t in shown}), theme)
        counts = {s: 0 for s in (RUNNING, READY, WAITING, DONE, CANCELLED, FAILED)}
        for task in tasks:
            counts[task.state] = counts.get(task.state, 0) + 1
        text = tr_msg(
            QT_TRANSLATE_NOOP(
                CTX, "{shown} of {n} tasks · {ready} ready · {waiting} waiting · {ended} ended"
            )(
                shown=len(shown),
                n=len(tasks),
                ready=counts[READY],
                waiting=counts[WAITING],
                ended=counts[DONE] + counts[CANCELLED] + counts[FAILED],
            )
        )
        self.text(
            p, QRectF(rect.x() + 12, rect.y() + 26, rect.width() - 24, 18), text, theme.muted, 12
        )

    # -- lanes: one per task or per folded group ----------------------------------------------
    def _lanes(
        self, p: QPainter, rect: QRectF, row_h: float, frame: Frame[LoopState], theme: Theme
    ) -> None:
        places = self._places
        state, t = frame.state, frame.t
        label_w = 175.0
        x0, x1 = rect.x() + 12 + label_w, rect.right() - 16
        span = max(frame.end, 0.5)
        top = rect.y() + 28
        font = min(11, int(row_h))

        def xt(when: float) -> float:
            return x0 + (x1 - x0) * min(max(when, 0.0), span) / span

        def label(y: float, text: str, color: QColor) -> None:
            box = QRectF(rect.x() + 12, y, label_w - 6, row_h)
            self.text(p, box, text, color, font, False, ALIGN_L)

        label(top, tr_msg(QT_TRANSLATE_NOOP(CTX, "loop lag")), theme.text)
        for measured, lag in state.lags:
            start = measured - lag
            if lag >= 0.005 and start <= t:
                width = max(1.5, xt(min(measured, t)) - xt(start))
                p.fillRect(QRectF(xt(start), top + 2, width, row_h - 4), theme.danger)
        y = top + row_h
        for row in places.rows:
            color = theme.actor(row.color_index)
            text = row.label
            if len(row.tasks) > 1:
                live = sum(1 for task in row.tasks if task.state in _ORDER)
                text = tr_msg(QT_TRANSLATE_NOOP(CTX, "{group}: {n} live")(group=row.label, n=live))
            label(y, text, theme.text)
            if len(row.tasks) == 1:
                self._segments(p, row.tasks[0].segments, y, row_h, t, xt, color)
            else:
                self._folded(p, row.tasks, y, row_h, t, x0, x1, span, color)
            y += row_h
        for thread in state.threads.values():
            name = QT_TRANSLATE_NOOP(CTX, "worker thread {n}")(n=thread.index + 1)
            label(y, tr_msg(name), theme.muted)
            self._segments(p, thread.segments, y, row_h, t, xt, theme.muted)
            y += row_h
        if places.hidden_rows:
            more = QT_TRANSLATE_NOOP(CTX, "+{n} more lanes")(n=places.hidden_rows)
            label(y, tr_msg(more), theme.muted)
            y += row_h
        axis_y = y + 4
        self.time_axis(p, x0, x1, axis_y, span, theme)
        if places.cut_t is not None:
            cx = xt(places.cut_t)
            pen = QPen(theme.danger, 2)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(cx, top - 6), QPointF(cx, axis_y))
            cut = tr_msg(QT_TRANSLATE_NOOP(CTX, "recording cut here (too many events)"))
            box = QRectF(min(cx + 4, x1 - 260), rect.y() + 6, 260, 18)
            self.text(p, box, cut, theme.danger, 11, True)
        p.setPen(QPen(theme.accent, 2))
        p.drawLine(QPointF(xt(t), top - 4), QPointF(xt(t), axis_y))

    @staticmethod
    def _segments(
        p: QPainter,
        segments: Sequence[Any],
        y: float,
        row_h: float,
        t: float,
        xt: Any,
        color: QColor,
    ) -> None:
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

    def _counts(
        self, tasks: Sequence[TaskInfo], t: float, span: float
    ) -> tuple[list[int], list[int]]:
        """How many of ``tasks`` ran and waited or were ready, per column, up to ``t``.

        Cached per group and recording length, computed at the latest time asked: a column
        before ``t`` counts the same segments in the state at ``t`` as in any later state (only
        segments still open at ``t`` grow, and they are cut at ``t`` when drawn), so scrubbing
        and export redraw a folded lane without walking its tasks' segments again.
        """
        first = tasks[0]
        key = (first.parent, first.coro, len(tasks), span)
        cached = self._fold_cache.get(key)
        if cached is not None and cached[0] >= t:
            return cached[1], cached[2]
        busy = [0] * (BINS + 1)
        alive = [0] * (BINS + 1)
        width = span / BINS
        for task in tasks:
            for seg in task.segments:
                end = t if seg.end is None else min(seg.end, t)
                if end <= seg.start:
                    continue
                target = busy if seg.state == RUNNING else alive
                target[min(BINS - 1, int(seg.start / width))] += 1
                target[min(BINS, int(end / width) + 1)] -= 1
        for counts in (busy, alive):
            running = 0
            for b in range(BINS):
                running += counts[b]
                counts[b] = running
        if len(self._fold_cache) > 64:
            self._fold_cache.clear()
        self._fold_cache[key] = (t, busy, alive)
        return busy, alive

    def _folded(
        self,
        p: QPainter,
        tasks: Sequence[TaskInfo],
        y: float,
        row_h: float,
        t: float,
        x0: float,
        x1: float,
        span: float,
        color: QColor,
    ) -> None:
        """How many of the group ran or waited, per column: one strip, not a bar per task.

        Neighbouring columns of the same shade are one rectangle, so a lane costs at most a
        few hundred fills whatever the number of tasks.
        """
        busy, alive = self._counts(tasks, t, span)
        n = max(1, len(tasks))
        col = (x1 - x0) / BINS
        last = min(BINS, int(t / (span / BINS)) + 1)  # nothing after the playhead
        shade = QColor(color)
        runs: list[tuple[int, int, int]] = []  # (first column, past the last, level)
        for counts, levels in ((alive, 8), (busy, 6)):
            runs.clear()
            for b in range(last):
                level = (
                    0
                    if counts[b] <= 0
                    else 1
                    + min(levels - 1, counts[b] * levels * (1 if counts is alive else 4) // n)
                )
                if runs and runs[-1][2] == level and runs[-1][1] == b:
                    runs[-1] = (runs[-1][0], b + 1, level)
                else:
                    runs.append((b, b + 1, level))
            for start, stop, level in runs:
                if level == 0:
                    continue
                x, w = x0 + start * col, (stop - start) * col + 0.5
                if counts is alive:
                    shade.setAlphaF(0.15 + 0.6 * level / levels)
                    p.fillRect(QRectF(x, y + 5, w, row_h - 10), shade)
                else:
                    h = max(2.0, (row_h - 4) * level / levels)
                    p.fillRect(QRectF(x, y + row_h - 2 - h, w, h), color)
