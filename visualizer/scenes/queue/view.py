"""Draws the message queue: handlers, the queue and its backlog, workers, outcomes, a depth chart.

Messages are tokens carrying their id. A token's colour is its age (time since the user's
request), its outline says whether this is a first try (solid) or a redelivery (dashed, with
"↻n"), and dead letters are crossed squares, so no state depends on colour alone. Tokens slide
from place to place for a moment after each recorded move; everything else is the state at t.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF

from visualizer.core.contract import Frame, Scene
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.draw.colors import mix
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_C, ALIGN_R, SceneView, ink_on
from visualizer.draw.theme import Theme
from visualizer.scenes.queue import CTX, measure, seconds
from visualizer.scenes.queue.state import (
    ACKED,
    ARRIVED,
    BLOCKED,
    BUSY,
    CRASHED,
    DEAD,
    FAILED,
    FRIENDS,
    PUBLISH,
    REJECTED,
    REQUEUED,
    SAVE,
    TOKEN,
    WORK,
    MsgRec,
    QueueState,
    ReqRec,
    WorkerRec,
    chart_window,
)
from visualizer.scenes.queue.worker import DEFAULT_RECLAIM

WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap

TRAVEL = 0.3  # seconds a token takes to slide to its new place after a move
MAX_MOVING = 24  # sliding tokens drawn at most per kind of move, so bursts stay cheap
CHART_SPAN = 30.0  # seconds of queue depth the chart shows
AGE_STEPS = 32

# The picture's regions (logical 1280x720).
HANDLERS = QRectF(16, 52, 284, 396)
QUEUE = QRectF(312, 52, 500, 396)
WORKERS = QRectF(824, 52, 240, 396)
SINKS = QRectF(1076, 52, 188, 396)
NO_QUEUE_USERS = QRectF(312, 52, 380, 396)
SERVICE = QRectF(704, 52, 360, 396)
CHART = QRectF(16, 460, 612, 252)
NUMBERS = QRectF(640, 460, 624, 252)

TOKEN_W, TOKEN_H = 50.0, 24.0
SQUARE, SQUARE_GAP = 10.0, 3.0

STAGE_TEXT: dict[str, Msg] = {
    ARRIVED: QT_TRANSLATE_NOOP(CTX, "request arrived"),
    TOKEN: QT_TRANSLATE_NOOP(CTX, "database: reset token"),
    SAVE: QT_TRANSLATE_NOOP(CTX, "database: save post"),
    FRIENDS: QT_TRANSLATE_NOOP(CTX, "database: find friends"),
}


def _lerp(a: QPointF, b: QPointF, f: float) -> QPointF:
    f = f * f * (3 - 2 * f)  # ease in and out
    return QPointF(a.x() + (b.x() - a.x()) * f, a.y() + (b.y() - a.y()) * f)


class View(SceneView[QueueState]):
    def __init__(self, scene: Scene[QueueState]) -> None:
        super().__init__(scene)
        self._ages: dict[str, list[QColor]] = {}

    # -- colours -------------------------------------------------------------------------
    def _age_scale(self, theme: Theme) -> list[QColor]:
        """Young to old: sky blue, yellow, orange, vermillion (the theme's own colours)."""
        scale = self._ages.get(theme.name)
        if scale is None:
            stops = [theme.actor(1), theme.actor(6), theme.actor(0), theme.actor(4)]
            scale = []
            for i in range(AGE_STEPS):
                x = i / (AGE_STEPS - 1) * (len(stops) - 1)
                k = min(len(stops) - 2, int(x))
                scale.append(mix(stops[k + 1], stops[k], x - k))
            self._ages[theme.name] = scale
        return scale

    @staticmethod
    def _age_full(state: QueueState) -> float:
        """Age at which a token is fully "old": a few processing times, at least a second."""
        return max(1.0, 4.0 * float(state.settings.get("delay", 0.5)))

    def _age_color(self, age: float, full: float, theme: Theme) -> QColor:
        scale = self._age_scale(theme)
        return scale[min(AGE_STEPS - 1, max(0, int(age / full * (AGE_STEPS - 1))))]

    # -- frame ---------------------------------------------------------------------------
    def draw(self, p: QPainter, frame: Frame[QueueState], theme: Theme) -> None:
        state, t = frame.state, frame.t
        self._header(p, state, t, theme)
        places = _Places()
        self._handlers(p, state, t, theme, places)
        if state.queued:
            self._queue(p, state, t, theme, places)
            self._workers(p, state, t, theme, places)
        else:
            self._no_queue(p, state, t, theme, places)
        self._sinks(p, state, theme, places)
        self._travelling(p, state, t, theme, places)
        self._chart(p, state, t, theme)
        self._numbers(p, state, t, theme)

    def _header(self, p: QPainter, state: QueueState, t: float, theme: Theme) -> None:
        title = self.scene.title
        preset = next((x for x in self.scene.presets if x.key == state.preset), None)
        if preset is not None:
            title = QT_TRANSLATE_NOOP(CTX, "{scene} · {preset}")(
                scene=self.scene.title, preset=preset.title
            )
        self.text(p, QRectF(16, 8, 820, 36), title, theme.text, 22, True)
        clock = QT_TRANSLATE_NOOP(CTX, "t = {t:.2f} s · {n} requests so far")(
            t=t, n=state.requests_seen
        )
        self.text(p, QRectF(840, 8, 424, 36), clock, theme.muted, 15, False, ALIGN_R)

    def wrapped(self, p: QPainter, rect: QRectF, text: Msg, color: QColor, size: int = 11) -> None:
        """Text that may take several lines inside ``rect`` (top-left aligned, word-wrapped)."""
        self.text(p, rect, text, color, size, False, WRAP, elide=False)

    def _section(self, p: QPainter, rect: QRectF, title: str | Msg, theme: Theme) -> None:
        self.section(p, rect, title, theme, size=12, pad=10)  # denser panels than other scenes

    # -- tokens --------------------------------------------------------------------------
    def _token(
        self,
        p: QPainter,
        rect: QRectF,
        label: str,
        color: QColor,
        theme: Theme,
        attempt: int = 1,
        dead: bool = False,
        size: int = 11,
    ) -> None:
        """One message: solid on a first try, dashed with ↻n when redelivered, crossed if dead."""
        if dead:
            label = f"✕ {label}"
        elif attempt > 1:
            label = f"{label} ↻{attempt}"
        rect, size = self._fit(rect, label, size)
        if dead:
            # Square corners and a cross: a dead letter reads as such without colour.
            p.setPen(QPen(theme.danger, 2))
            p.setBrush(QBrush(theme.background))
            p.drawRect(rect)
            self.text(p, rect, label, theme.danger, size, True, ALIGN_C, elide=False)
            return
        pen = QPen(color.darker(150), 1.2)
        if attempt > 1:
            pen = QPen(theme.text, 2.0)
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(QBrush(color))
        p.drawRoundedRect(rect, 6, 6)
        self.text(p, rect, label, ink_on(color), size, True, ALIGN_C, elide=False)

    def _fit(self, rect: QRectF, label: str, size: int) -> tuple[QRectF, int]:
        """A font size (down to 9 px) at which ``label`` fits, widening the token if it must."""
        room = rect.width() - 6
        for candidate in range(size, 8, -1):
            if self.text_width(label, candidate, True) <= room:
                return rect, candidate
        extra = self.text_width(label, 9, True) - room
        return rect.adjusted(-extra / 2, 0, extra / 2, 0), 9

    def _squares(
        self, p: QPainter, squares: Iterable[tuple[QRectF, QColor, bool]], theme: Theme
    ) -> None:
        """Small unlabelled tokens, batched by colour; redelivered ones are hollow."""
        groups: dict[int, tuple[QColor, list[QRectF]]] = {}
        hollow: list[QRectF] = []
        for rect, color, redelivered in squares:
            if redelivered:
                hollow.append(rect)
                continue
            key = color.rgba()
            group = groups.get(key)
            if group is None:
                groups[key] = (color, [rect])
            else:
                group[1].append(rect)
        p.setPen(Qt.PenStyle.NoPen)
        for color, rects in groups.values():
            p.setBrush(QBrush(color))
            p.drawRects(rects)
        if hollow:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(theme.text, 1.5))
            p.drawRects(hollow)

    # -- handlers ------------------------------------------------------------------------
    def _handlers(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: _Places
    ) -> None:
        rect = HANDLERS
        active = len(state.requests)
        self._section(
            p,
            rect,
            QT_TRANSLATE_NOOP(CTX, "HANDLERS (producers) · {n} busy")(n=active),
            theme,
        )
        responses_h = 128.0
        top = rect.y() + 30
        bottom = rect.bottom() - responses_h
        row_h = 30.0
        max_rows = int((bottom - top) // row_h)
        full = self._age_full(state)
        places.handler_exit = QPointF(rect.right(), top + 40)
        for shown, request in enumerate(state.requests.values()):
            if shown == max_rows - 1 and active > max_rows:
                more = QT_TRANSLATE_NOOP(CTX, "+{n} more handlers busy")(n=active - shown)
                self.text(
                    p, QRectF(rect.x() + 10, top, rect.width() - 20, row_h), more, theme.muted, 12
                )
                break
            row = QRectF(rect.x() + 8, top, rect.width() - 16, row_h - 4)
            self._handler_row(p, row, request, state, t, theme, full)
            places.handlers[request.n] = QPointF(row.right(), row.center().y())
            top += row_h
        if active == 0:
            self.text(
                p,
                QRectF(rect.x() + 10, top, rect.width() - 20, row_h),
                QT_TRANSLATE_NOOP(CTX, "no request in progress"),
                theme.muted,
                12,
            )
        self._responses(p, QRectF(rect.x(), bottom, rect.width(), responses_h), state, theme)

    def _handler_row(
        self,
        p: QPainter,
        row: QRectF,
        request: ReqRec,
        state: QueueState,
        t: float,
        theme: Theme,
        full: float,
    ) -> None:
        waited = t - request.t
        user = self._age_color(waited, full, theme)
        chip = QRectF(row.x(), row.y(), 90, row.height())
        style = "dashed" if request.stage == BLOCKED else "filled"
        name = tr_msg(QT_TRANSLATE_NOOP(CTX, "request {n}")(n=request.n))
        size = next((s for s in (11, 10, 9) if self.text_width(name, s, True) <= 74), 9)
        self.chip(p, chip, name, user, theme, style, size)
        info = QRectF(chip.right() + 8, row.y(), row.right() - chip.right() - 8, row.height())
        if request.stage == WORK and request.planned > 0:
            done = min(1.0, (t - request.since) / request.planned)
            bar = QRectF(info.x(), info.bottom() - 6, info.width(), 4)
            p.fillRect(bar, theme.border)
            p.fillRect(QRectF(bar.x(), bar.y(), bar.width() * done, bar.height()), theme.danger)
            what = QT_TRANSLATE_NOOP(CTX, "does {label} · user waits {s}")(
                label=request.label, s=seconds(waited)
            )
            self.text(p, info.adjusted(0, -4, 0, -6), what, theme.danger, 11)
            return
        if request.stage == BLOCKED:
            what = QT_TRANSLATE_NOOP(CTX, "blocked {s}, holds {label}")(
                label=request.label, s=seconds(t - request.since)
            )
            self.text(p, info, what, theme.danger, 11)
            return
        if request.stage == PUBLISH:
            what = QT_TRANSLATE_NOOP(CTX, "published {done} of {total}")(
                done=request.done, total=max(request.total, request.done)
            )
        else:
            what = STAGE_TEXT.get(request.stage, STAGE_TEXT[ARRIVED])
        self.text(p, info, what, theme.text, 11)

    def _responses(self, p: QPainter, rect: QRectF, state: QueueState, theme: Theme) -> None:
        p.setPen(QPen(theme.border, 1))
        p.drawLine(QPointF(rect.x() + 8, rect.y()), QPointF(rect.right() - 8, rect.y()))
        self.text(
            p,
            QRectF(rect.x() + 10, rect.y() + 4, rect.width() - 20, 20),
            QT_TRANSLATE_NOOP(CTX, "RESPONSES (what users got)"),
            theme.muted,
            12,
            True,
        )
        y = rect.y() + 26
        for n, status, latency, _t in list(state.responses)[-4:][::-1]:
            color = theme.ok if status < 400 else theme.danger
            line = QT_TRANSLATE_NOOP(CTX, "request {n} → {status} after {s}")(
                n=n, status=status, s=seconds(latency)
            )
            mark = "✓" if status < 400 else "✕"
            self.text(p, QRectF(rect.x() + 10, y, 16, 22), mark, color, 13, True)
            self.text(p, QRectF(rect.x() + 28, y, rect.width() - 38, 22), line, theme.text, 12)
            y += 24
        if not state.responses:
            self.text(
                p,
                QRectF(rect.x() + 10, y, rect.width() - 20, 22),
                QT_TRANSLATE_NOOP(CTX, "none yet"),
                theme.muted,
                12,
            )

    # -- the queue -----------------------------------------------------------------------
    def _queue(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: _Places
    ) -> None:
        rect = QUEUE
        mode = str(state.settings.get("capacity_mode", "unbounded"))
        capacity = int(state.settings.get("capacity", 0))
        waiting = state.waiting
        if mode == "unbounded":
            title = QT_TRANSLATE_NOOP(CTX, "QUEUE · {n} waiting · unbounded")(n=waiting)
        elif mode == "block":
            title = QT_TRANSLATE_NOOP(CTX, "QUEUE · {n} of {cap} · full: producers wait")(
                n=waiting, cap=capacity
            )
        else:
            title = QT_TRANSLATE_NOOP(CTX, "QUEUE · {n} of {cap} · full: rejects")(
                n=waiting, cap=capacity
            )
        self._section(p, rect, title, theme)
        full = self._age_full(state)
        # The pipe: the first messages in line, head on the right next to the workers.
        pipe = QRectF(rect.x() + 14, rect.y() + 40, rect.width() - 28, TOKEN_H + 12)
        self.box(p, pipe, theme.background, theme.border, 6)
        slot_w = TOKEN_W + 4
        slots = int((pipe.width() - 8) // slot_w)
        head_x = pipe.right() - 4 - TOKEN_W
        places.queue_tail = QPointF(pipe.x(), pipe.center().y())
        places.queue_head = QPointF(head_x + TOKEN_W / 2, pipe.center().y())
        self.arrow(
            p,
            QPointF(HANDLERS.right() + 2, pipe.center().y()),
            QPointF(pipe.x() - 2, pipe.center().y()),
            theme.muted,
            1.5,
        )
        self.arrow(
            p,
            QPointF(pipe.right() + 2, pipe.center().y()),
            QPointF(WORKERS.x() - 2, pipe.center().y()),
            theme.muted,
            1.5,
        )
        labels = QRectF(pipe.x(), pipe.bottom() + 2, pipe.width(), 16)
        self.text(
            p, labels, QT_TRANSLATE_NOOP(CTX, "← tail: new messages join here"), theme.muted, 11
        )
        self.text(
            p,
            labels,
            QT_TRANSLATE_NOOP(CTX, "head: next to be delivered →"),
            theme.muted,
            11,
            False,
            ALIGN_R,
        )
        # The pile: everything behind the pipe, as small squares in queue order.
        pile = QRectF(rect.x() + 14, pipe.bottom() + 26, rect.width() - 28, 206)
        step = SQUARE + SQUARE_GAP
        per_row = int((pile.width() + SQUARE_GAP) // step)
        pile_rows = int((pile.height() + SQUARE_GAP) // step)
        pile_max = per_row * pile_rows
        squares: list[tuple[QRectF, QColor, bool]] = []
        drawn = 0
        for i, rec in enumerate(state.queue):
            if i < slots:
                pos = QRectF(head_x - i * slot_w, pipe.y() + 6, TOKEN_W, TOKEN_H)
                places.slots[rec.id] = pos
                if t - rec.since >= TRAVEL:
                    color = self._age_color(t - rec.req_t, full, theme)
                    self._token(p, pos, rec.label, color, theme, rec.attempt + 1)
                else:
                    places.arriving.append(rec)
            else:
                k = i - slots
                if k >= pile_max:
                    break
                pos = QRectF(
                    pile.x() + (per_row - 1 - k % per_row) * step,
                    pile.y() + (k // per_row) * step,
                    SQUARE,
                    SQUARE,
                )
                places.slots[rec.id] = pos
                if t - rec.since < TRAVEL and len(places.arriving) < MAX_MOVING:
                    places.arriving.append(rec)
                else:  # a burst lands at once: sliding hundreds of tokens would only blur
                    color = self._age_color(t - rec.req_t, full, theme)
                    squares.append((pos, color, rec.attempt > 0))
            drawn = i + 1
        self._squares(p, squares, theme)
        if mode != "unbounded" and capacity > slots:
            # Empty places up to the capacity, so "full" is something one can see.
            free = min(capacity - slots, pile_max)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(theme.border, 1))
            p.drawRects(
                [
                    QRectF(
                        pile.x() + (per_row - 1 - k % per_row) * step,
                        pile.y() + (k // per_row) * step,
                        SQUARE,
                        SQUARE,
                    )
                    for k in range(max(0, waiting - slots), free)
                ]
            )
        below = QRectF(pile.x(), pile.bottom() + 4, pile.width(), 18)
        if waiting > drawn:
            self.text(
                p,
                below,
                QT_TRANSLATE_NOOP(CTX, "+{n} more waiting (not drawn)")(n=waiting - drawn),
                theme.text,
                12,
                True,
            )
        elif waiting == 0:
            self.text(
                p,
                QRectF(pile.x(), pile.y(), pile.width(), 24),
                QT_TRANSLATE_NOOP(CTX, "empty: every message has been taken by a worker"),
                theme.muted,
                12,
            )
        self._legend(
            p, QRectF(rect.x() + 14, below.bottom() + 4, rect.width() - 28, 20), state, theme
        )
        self._pressure(
            p, QRectF(rect.x() + 14, rect.bottom() - 34, rect.width() - 28, 26), state, theme
        )

    def _legend(
        self, p: QPainter, rect: QRectF, state: QueueState, theme: Theme, shapes: bool = True
    ) -> None:
        full = self._age_full(state)
        label_w = 150.0
        self.text(
            p,
            QRectF(rect.x(), rect.y(), label_w, rect.height()),
            QT_TRANSLATE_NOOP(CTX, "colour = age: 0 → {s}")(s=seconds(full)),
            theme.muted,
            11,
        )
        scale = self._age_scale(theme)
        bar = QRectF(rect.x() + label_w + 4, rect.y() + 5, 90, rect.height() - 10)
        w = bar.width() / len(scale)
        for i, color in enumerate(scale):
            p.fillRect(QRectF(bar.x() + i * w, bar.y(), w + 0.5, bar.height()), color)
        if not shapes:
            return
        self.text(
            p,
            QRectF(bar.right() + 12, rect.y(), rect.right() - bar.right() - 12, rect.height()),
            QT_TRANSLATE_NOOP(CTX, "dashed ↻n = retry · ✕ = dead letter"),
            theme.muted,
            11,
        )

    def _pressure(self, p: QPainter, rect: QRectF, state: QueueState, theme: Theme) -> None:
        """Producers held back by a full queue, and messages it turned away."""
        if state.blocked:
            text = QT_TRANSLATE_NOOP(CTX, "{n} producers wait for room (their users wait too)")(
                n=state.blocked
            )
            self.box(p, rect, None, theme.danger, 6, dashed=True, width=2)
            self.text(p, rect.adjusted(8, 0, -8, 0), text, theme.danger, 12, True)
        elif state.rejected:
            text = QT_TRANSLATE_NOOP(CTX, "{n} messages rejected: those users got 503")(
                n=state.rejected
            )
            self.text(p, rect.adjusted(8, 0, -8, 0), text, theme.muted, 12)
        else:
            text = QT_TRANSLATE_NOOP(CTX, "no producer is held back")
            self.text(p, rect.adjusted(8, 0, -8, 0), text, theme.muted, 12)

    # -- workers -------------------------------------------------------------------------
    def _workers(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: _Places
    ) -> None:
        rect = WORKERS
        target = int(state.settings.get("consumers", 0))
        self._section(
            p,
            rect,
            QT_TRANSLATE_NOOP(CTX, "WORKERS (consumers) · {n}/{target}")(
                n=state.alive_workers(), target=target
            ),
            theme,
        )
        workers = list(state.workers.values())
        top = rect.y() + 30
        row_h = min(44.0, (rect.height() - 36) / max(1, len(workers), 8))
        full = self._age_full(state)
        for worker in workers:
            row = QRectF(rect.x() + 8, top, rect.width() - 16, row_h - 3)
            places.workers[worker.name] = QPointF(row.x() + 60 + TOKEN_W / 2, row.center().y())
            self._worker_row(p, row, worker, state, t, theme, full, places)
            top += row_h
        if not workers:
            self.text(
                p,
                QRectF(rect.x() + 10, top, rect.width() - 20, 24),
                QT_TRANSLATE_NOOP(CTX, "starting workers…"),
                theme.muted,
                12,
            )

    def _worker_row(
        self,
        p: QPainter,
        row: QRectF,
        worker: WorkerRec,
        state: QueueState,
        t: float,
        theme: Theme,
        full: float,
        places: _Places,
    ) -> None:
        color = theme.actor(worker.number)
        h = min(row.height(), 26.0)
        chip = QRectF(row.x(), row.center().y() - h / 2, 52, h)
        size = 11 if h >= 20 else 10
        info_x = chip.right() + 8
        info = QRectF(info_x, row.y(), row.right() - info_x, row.height())
        if worker.status == CRASHED:
            self.box(p, chip, None, theme.danger, h / 2, width=2)
            self.text(p, chip, f"✕ {worker.name}", theme.danger, size, True, ALIGN_C)
            self.text(p, info, _crash_text(worker), theme.danger, size, True)
            return
        busy = worker.status == BUSY
        self.chip(p, chip, worker.name, color, theme, "filled" if busy else "dashed", size)
        held = state.holding.get(worker.msg) if busy else None
        if held is None:
            text = (
                QT_TRANSLATE_NOOP(CTX, "idle · leaving")
                if worker.leaving
                else QT_TRANSLATE_NOOP(CTX, "idle: waits for a message")
            )
            self.text(p, info, text, theme.muted, size)
            return
        pos = QRectF(info.x(), chip.y() + (h - min(h, TOKEN_H)) / 2, TOKEN_W, min(h, TOKEN_H))
        if t - held.since >= TRAVEL:
            self._token(
                p,
                pos,
                held.label,
                self._age_color(t - held.req_t, full, theme),
                theme,
                held.attempt,
                size=size,
            )
        bar_x = pos.right() + 6
        bar = QRectF(bar_x, row.center().y() - 2, row.right() - bar_x, 4)
        if held.planned > 0:
            done = min(1.0, (t - held.work_t) / held.planned)
            p.fillRect(bar, theme.border)
            p.fillRect(QRectF(bar.x(), bar.y(), bar.width() * done, bar.height()), color)
        if row.height() >= 30:
            text = (
                QT_TRANSLATE_NOOP(CTX, "leaving after this one")
                if worker.leaving
                else QT_TRANSLATE_NOOP(CTX, "working {s}")(s=seconds(max(0.0, t - held.work_t)))
            )
            self.text(
                p, QRectF(bar_x, row.y(), bar.width(), row.height() / 2 - 2), text, theme.muted, 10
            )
        elif worker.leaving:
            self.text(
                p,
                QRectF(bar_x, row.y(), bar.width(), row.height() / 2 - 1),
                QT_TRANSLATE_NOOP(CTX, "leaving"),
                theme.muted,
                9,
            )

    # -- no queue ------------------------------------------------------------------------
    def _no_queue(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: _Places
    ) -> None:
        rect = NO_QUEUE_USERS
        self._section(
            p,
            rect,
            QT_TRANSLATE_NOOP(CTX, "NO QUEUE · {n} users waiting for a page")(
                n=len(state.requests)
            ),
            theme,
        )
        note = QRectF(rect.x() + 14, rect.y() + 30, rect.width() - 28, 62)
        text = (
            QT_TRANSLATE_NOOP(
                CTX,
                "Each handler notifies every friend itself before it answers. Each square is "
                "one user still waiting; the colour is how long.",
            )
            if state.kind == "post"
            else QT_TRANSLATE_NOOP(
                CTX,
                "Each handler sends the email itself before it answers. Each square is one "
                "user still waiting; the colour is how long.",
            )
        )
        self.wrapped(p, note, text, theme.text, 13)
        grid = QRectF(rect.x() + 14, note.bottom() + 6, rect.width() - 28, 238)
        size, gap = 14.0, 4.0
        step = size + gap
        per_row = int((grid.width() + gap) // step)
        rows = int((grid.height() + gap) // step)
        full = self._age_full(state)
        squares = []
        for count, request in enumerate(state.requests.values()):
            if count >= per_row * rows:
                break
            x = grid.x() + (count % per_row) * step
            y = grid.y() + (count // per_row) * step
            squares.append(
                (QRectF(x, y, size, size), self._age_color(t - request.t, full, theme), False)
            )
        self._squares(p, squares, theme)
        if len(state.requests) > len(squares):
            self.text(
                p,
                QRectF(grid.x(), grid.bottom() + 2, grid.width(), 18),
                QT_TRANSLATE_NOOP(CTX, "+{n} more waiting (not drawn)")(
                    n=len(state.requests) - len(squares)
                ),
                theme.text,
                12,
                True,
            )
        self._legend(
            p,
            QRectF(rect.x() + 14, rect.bottom() - 28, rect.width() - 28, 20),
            state,
            theme,
            shapes=False,
        )
        self._service(p, state, t, theme, places)

    def _service(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: _Places
    ) -> None:
        """The slow service the handlers call directly, with the jobs it is doing for them."""
        rect = SERVICE
        title = (
            QT_TRANSLATE_NOOP(CTX, "PUSH SERVICE (slow) · {n} jobs")
            if state.kind == "post"
            else QT_TRANSLATE_NOOP(CTX, "MAIL SERVER (slow) · {n} jobs")
        )
        self._section(p, rect, title(n=state.inflight), theme)
        self.arrow(
            p,
            QPointF(NO_QUEUE_USERS.right() + 1, rect.y() + 60),
            QPointF(rect.x() - 1, rect.y() + 60),
            theme.muted,
            1.5,
        )
        row_h = 28.0
        top = rect.y() + 32
        max_rows = int((rect.bottom() - 8 - top) // row_h)
        full = self._age_full(state)
        for i, held in enumerate(state.holding.values()):
            if i == max_rows - 1 and state.inflight > max_rows:
                more = QT_TRANSLATE_NOOP(CTX, "+{n} more jobs")(n=state.inflight - i)
                self.text(
                    p, QRectF(rect.x() + 10, top, rect.width() - 20, row_h), more, theme.muted, 12
                )
                break
            row = QRectF(rect.x() + 10, top, rect.width() - 20, row_h - 4)
            who = QT_TRANSLATE_NOOP(CTX, "for request {n}")(n=held.req)
            self.text(p, QRectF(row.x(), row.y(), 104, row.height()), who, theme.text, 11)
            pos = QRectF(row.x() + 108, row.y(), TOKEN_W, row.height())
            places.workers[held.holder] = pos.center()
            if t - held.since >= TRAVEL:
                color = self._age_color(t - held.req_t, full, theme)
                self._token(p, pos, held.label, color, theme)
            bar = QRectF(pos.right() + 8, row.center().y() - 2, row.right() - pos.right() - 8, 4)
            if held.planned > 0:
                done = min(1.0, (t - held.work_t) / held.planned)
                p.fillRect(bar, theme.border)
                p.fillRect(QRectF(bar.x(), bar.y(), bar.width() * done, bar.height()), theme.danger)
            top += row_h
        if state.inflight == 0:
            self.text(
                p,
                QRectF(rect.x() + 10, top, rect.width() - 20, row_h),
                QT_TRANSLATE_NOOP(CTX, "no job in progress"),
                theme.muted,
                12,
            )

    # -- where messages end up -----------------------------------------------------------
    def _sinks(self, p: QPainter, state: QueueState, theme: Theme, places: _Places) -> None:
        x, w = SINKS.x(), SINKS.width()
        acked = QRectF(x, SINKS.y(), w, 120)
        title = (
            QT_TRANSLATE_NOOP(CTX, "ACKNOWLEDGED ✓ {n}")
            if state.queued
            else QT_TRANSLATE_NOOP(CTX, "DONE ✓ {n}")
        )
        self._section(p, acked, title(n=state.acked), theme)
        self.wrapped(
            p,
            QRectF(x + 10, acked.y() + 26, w - 20, 40),
            QT_TRANSLATE_NOOP(CTX, "the worker said done: the queue forgets it")
            if state.queued
            else QT_TRANSLATE_NOOP(CTX, "sent while the user waited"),
            theme.muted,
            11,
        )
        places.acked = QPointF(x + w / 2, acked.bottom() - 26)
        recent = [d for d in state.finished if d.outcome == ACKED][-3:]
        for i, done in enumerate(recent):
            pos = QRectF(x + 10 + i * (TOKEN_W + 6), acked.bottom() - 38, TOKEN_W, TOKEN_H)
            c = QColor(theme.ok)
            c.setAlpha(70 + 60 * i)
            self._token(p, pos, done.label, c, theme)
        dead = QRectF(x, acked.bottom() + 10, w, 146)
        if state.queued:
            self._section(
                p, dead, QT_TRANSLATE_NOOP(CTX, "DEAD LETTERS ✕ {n}")(n=state.dead), theme
            )
            caption = QT_TRANSLATE_NOOP(CTX, "failed every attempt; kept for a person to check")
            shown = list(state.dead_recent)[-6:]
        else:
            self._section(
                p, dead, QT_TRANSLATE_NOOP(CTX, "FAILED: ERROR PAGE {n}")(n=state.failed), theme
            )
            caption = QT_TRANSLATE_NOOP(CTX, "the handler crashed; nobody retries")
            shown = [d for d in state.finished if d.outcome == FAILED][-6:]
        self.wrapped(
            p,
            QRectF(x + 10, dead.y() + 26, w - 20, 34),
            caption,
            theme.muted,
            11,
        )
        places.dead = QPointF(x + w / 2, dead.bottom() - 30)
        for i, done in enumerate(shown):
            pos = QRectF(
                x + 10 + (i % 3) * (TOKEN_W + 6), dead.y() + 66 + (i // 3) * 32, TOKEN_W, TOKEN_H
            )
            self._token(p, pos, done.label, theme.danger, theme, dead=True)
        rejected = QRectF(x, dead.bottom() + 10, w, SINKS.bottom() - dead.bottom() - 10)
        self._section(p, rejected, QT_TRANSLATE_NOOP(CTX, "REJECTED {n}")(n=state.rejected), theme)
        self.wrapped(
            p,
            QRectF(x + 10, rejected.y() + 26, w - 20, rejected.height() - 30),
            QT_TRANSLATE_NOOP(CTX, "queue full: never entered; the user got 503")
            if state.queued
            else QT_TRANSLATE_NOOP(CTX, "nothing to reject without a queue"),
            theme.muted,
            11,
        )
        places.rejected = QPointF(x + w / 2, rejected.center().y())

    # -- moves ---------------------------------------------------------------------------
    def _travelling(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: _Places
    ) -> None:
        """Tokens that moved less than TRAVEL ago, drawn sliding from where they were."""
        full = self._age_full(state)
        for rec in places.arriving:  # joined the queue (new, or given back by a worker)
            f = (t - rec.since) / TRAVEL
            target = places.slots[rec.id]
            if rec.holder:
                start = places.workers.get(rec.holder, places.queue_head)
            else:
                start = places.handlers.get(rec.req, places.handler_exit)
            if target.width() < TOKEN_W:  # bound for the backlog: it travels as what it becomes
                pos = _lerp(start, target.center(), max(0.0, min(1.0, f)))
                square = QRectF(pos.x() - SQUARE / 2, pos.y() - SQUARE / 2, SQUARE, SQUARE)
                color = self._age_color(t - rec.req_t, full, theme)
                self._squares(p, [(square, color, rec.attempt > 0)], theme)
                continue
            self._moving(p, start, target.center(), f, rec, t, theme, full, rec.attempt + 1)
        moving = 0
        for rec in state.holding.values():
            if moving >= MAX_MOVING // 2:
                break
            if t - rec.since < TRAVEL:  # delivered to a worker (or a handler began it) just now
                moving += 1
                end = places.workers.get(rec.holder)
                if end is not None:
                    f = (t - rec.since) / TRAVEL
                    start = (
                        places.queue_head
                        if state.queued
                        else places.handlers.get(rec.req, places.handler_exit)
                    )
                    self._moving(p, start, end, f, rec, t, theme, full, rec.attempt)
        leaving = 0
        for done in reversed(state.finished):
            f = (t - done.t) / TRAVEL
            if f >= 1 or leaving >= MAX_MOVING // 2:
                break  # newest first: the rest arrived long ago, or would only add clutter
            if f < 0 or done.outcome == REQUEUED:
                continue  # a requeued message is drawn above, sliding back into the queue
            leaving += 1
            if done.outcome == REJECTED:
                start, end = places.queue_tail, places.rejected
            elif state.queued:
                start = places.workers.get(done.holder, places.queue_head)
                end = {ACKED: places.acked, DEAD: places.dead}.get(done.outcome, places.queue_head)
            else:
                start = places.workers.get(done.holder, places.handler_exit)
                end = places.acked if done.outcome == ACKED else places.dead
            pos = _lerp(start, end, f)
            w, h = TOKEN_W * (1 - 0.2 * f), TOKEN_H * (1 - 0.2 * f)  # shrinks as it goes
            rect = QRectF(pos.x() - w / 2, pos.y() - h / 2, w, h)
            color = QColor(theme.ok if done.outcome == ACKED else theme.danger)
            color.setAlphaF(1 - 0.5 * f)
            self._token(
                p,
                rect,
                done.label,
                color,
                theme,
                done.attempt,
                dead=done.outcome in (DEAD, FAILED, REJECTED),
            )

    def _moving(
        self,
        p: QPainter,
        start: QPointF,
        end: QPointF,
        f: float,
        rec: MsgRec,
        t: float,
        theme: Theme,
        full: float,
        attempt: int,
    ) -> None:
        pos = _lerp(start, end, max(0.0, min(1.0, f)))
        rect = QRectF(pos.x() - TOKEN_W / 2, pos.y() - TOKEN_H / 2, TOKEN_W, TOKEN_H)
        self._token(p, rect, rec.label, self._age_color(t - rec.req_t, full, theme), theme, attempt)

    # -- chart ---------------------------------------------------------------------------
    def _chart(self, p: QPainter, state: QueueState, t: float, theme: Theme) -> None:
        rect = CHART
        title = (
            QT_TRANSLATE_NOOP(CTX, "QUEUE DEPTH: waiting (area), at workers (line)")
            if state.queued
            else QT_TRANSLATE_NOOP(CTX, "USERS WAITING FOR A PAGE (jobs in progress)")
        )
        self._section(p, rect, title, theme)
        plot = QRectF(rect.x() + 44, rect.y() + 34, rect.width() - 60, rect.height() - 76)
        span = min(CHART_SPAN, max(10.0, t))
        t0 = max(0.0, t - span)
        points = chart_window(state.chart, t, span)
        peak = max([1, *(p_[1] + p_[2] for p_ in points)])
        mode = state.settings.get("capacity_mode", "unbounded")
        capacity = int(state.settings.get("capacity", 0))
        if state.queued and mode != "unbounded" and capacity <= peak * 1.5:
            peak = max(peak, capacity)
        top = _nice(peak)

        def xt(when: float) -> float:
            return plot.x() + plot.width() * (max(when, t0) - t0) / span

        def yv(value: float) -> float:
            return plot.bottom() - plot.height() * value / top

        p.setPen(QPen(theme.border, 1))
        for k in range(3):
            value = top * k / 2
            y = yv(value)
            p.drawLine(QPointF(plot.x(), y), QPointF(plot.right(), y))
            self.text(
                p,
                QRectF(rect.x() + 4, y - 8, 36, 16),
                f"{value:g}",
                theme.muted,
                10,
                False,
                ALIGN_R,
            )
        # x axis: seconds
        step = 5.0 if span > 12 else 2.0
        tick = (int(t0 / step) + 1) * step if t0 > 0 else 0.0
        while tick <= t + 1e-9:
            x = xt(tick)
            self.text(
                p,
                QRectF(x - 20, plot.bottom() + 2, 40, 14),
                f"{tick:g}s",
                theme.muted,
                10,
                False,
                ALIGN_C,
            )
            tick += step
        for when, key, value in state.marks:  # knob turns, so cause and effect line up
            if key != "consumers" or when < t0:
                continue
            x = xt(when)
            pen = QPen(theme.accent, 1.5)
            pen.setStyle(Qt.PenStyle.DotLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, plot.y()), QPointF(x, plot.bottom()))
            self.text(
                p,
                QRectF(x + 3, plot.y(), 110, 14),
                QT_TRANSLATE_NOOP(CTX, "{n} workers")(n=value),
                theme.accent,
                10,
            )
        if not points:
            return
        waiting_poly = QPolygonF()
        flight_poly = QPolygonF()
        waiting_poly.append(QPointF(xt(points[0][0]), yv(0)))
        prev_w = prev_f = None
        for when, waiting, flight, _workers in points:
            x = xt(when)
            if prev_w is not None and prev_f is not None:
                waiting_poly.append(QPointF(x, yv(prev_w)))
                flight_poly.append(QPointF(x, yv(prev_f)))
            waiting_poly.append(QPointF(x, yv(waiting)))
            flight_poly.append(QPointF(x, yv(flight)))
            prev_w, prev_f = waiting, flight
        x_end = xt(t)
        if prev_w is not None and prev_f is not None:
            waiting_poly.append(QPointF(x_end, yv(prev_w)))
            flight_poly.append(QPointF(x_end, yv(prev_f)))
        waiting_poly.append(QPointF(x_end, yv(0)))
        fill = QColor(theme.accent)
        fill.setAlpha(90)
        p.setPen(QPen(theme.accent, 1.5))
        p.setBrush(QBrush(fill))
        if state.queued:
            p.drawPolygon(waiting_poly)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(theme.text, 2))
        p.drawPolyline(flight_poly)
        if state.queued and mode != "unbounded" and capacity <= top:
            pen = QPen(theme.danger, 1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            y = yv(capacity)
            p.drawLine(QPointF(plot.x(), y), QPointF(plot.right(), y))
            self.text(
                p,
                QRectF(plot.right() - 140, y - 15, 140, 14),
                QT_TRANSLATE_NOOP(CTX, "capacity {n}")(n=capacity),
                theme.danger,
                10,
                False,
                ALIGN_R,
            )
        legend_y = rect.bottom() - 14
        if state.queued:
            p.fillRect(QRectF(plot.x(), legend_y - 4, 14, 8), fill)
        else:
            p.setPen(QPen(theme.text, 2))
            p.drawLine(QPointF(plot.x(), legend_y), QPointF(plot.x() + 14, legend_y))
        label = (
            QT_TRANSLATE_NOOP(CTX, "waiting in the queue: {n}")(n=state.waiting)
            if state.queued
            else QT_TRANSLATE_NOOP(CTX, "users waiting: {n}")(n=state.inflight)
        )
        self.text(p, QRectF(plot.x() + 18, legend_y - 8, 200, 16), label, theme.text, 11)
        if state.queued:
            p.setPen(QPen(theme.text, 2))
            p.drawLine(QPointF(plot.x() + 230, legend_y), QPointF(plot.x() + 246, legend_y))
            self.text(
                p,
                QRectF(plot.x() + 250, legend_y - 8, 200, 16),
                QT_TRANSLATE_NOOP(CTX, "held by workers: {n}")(n=state.inflight),
                theme.text,
                11,
            )

    # -- numbers -------------------------------------------------------------------------
    def _numbers(self, p: QPainter, state: QueueState, t: float, theme: Theme) -> None:
        rect = NUMBERS
        self._section(p, rect, QT_TRANSLATE_NOOP(CTX, "MEASURED FROM THIS RUN"), theme)
        m = measure(state, t)
        x0, w = rect.x() + 12, rect.width() - 24
        label_w = 200.0
        value_w = 196.0
        y = rect.y() + 30
        # Response vs delivery, as bars on one scale: the point of the queue, in one picture.
        bars = [
            (QT_TRANSLATE_NOOP(CTX, "User waits for the page"), m.resp_p50, m.resp_p95),
            (QT_TRANSLATE_NOOP(CTX, "Job done after the request"), m.deliv_p50, m.deliv_p95),
        ]
        scale = max([1.0, *(v for _, _, v in bars if v is not None)])
        for label, p50, p95 in bars:
            self.text(p, QRectF(x0, y, label_w, 20), label, theme.text, 12)
            values = QT_TRANSLATE_NOOP(CTX, "p50 {a} · p95 {b}")(a=seconds(p50), b=seconds(p95))
            bar = QRectF(x0 + label_w, y + 4, w - label_w - value_w - 8, 12)
            p.fillRect(bar, theme.background)
            if p95 is not None:
                p.fillRect(
                    QRectF(bar.x(), bar.y(), bar.width() * p95 / scale, bar.height()), theme.border
                )
            if p50 is not None:
                p.fillRect(
                    QRectF(bar.x(), bar.y(), bar.width() * p50 / scale, bar.height()), theme.accent
                )
            self.text(p, QRectF(bar.right() + 8, y, value_w, 20), values, theme.text, 12, True)
            y += 24
        rows: list[tuple[Msg, Msg]] = [
            (
                QT_TRANSLATE_NOOP(CTX, "Throughput"),
                QT_TRANSLATE_NOOP(CTX, "{out:.1f}/s done · {inn:.1f}/s arriving")(
                    out=m.finishing, inn=m.arriving
                ),
            ),
            (
                QT_TRANSLATE_NOOP(CTX, "Redelivered · dead · rejected"),
                QT_TRANSLATE_NOOP(CTX, "{r} · {d} · {j}")(
                    r=state.redelivered, d=state.dead, j=state.rejected
                ),
            ),
        ]
        if m.little_l is not None and m.little_lambda is not None and m.little_w is not None:
            rows.append(
                (
                    QT_TRANSLATE_NOOP(CTX, "Little's law: L = λ·W"),
                    QT_TRANSLATE_NOOP(CTX, "L {l:.2f} vs λ·W = {lam:.2f}/s × {w} = {rhs:.2f}")(
                        l=m.little_l,
                        lam=m.little_lambda,
                        w=seconds(m.little_w),
                        rhs=m.little_lambda * m.little_w,
                    ),
                )
            )
        elif m.little_l is not None and m.little_lambda is not None:
            rows.append(
                (
                    QT_TRANSLATE_NOOP(CTX, "Little's law: L = λ·W"),
                    QT_TRANSLATE_NOOP(CTX, "L {l:.2f} · λ {lam:.2f}/s · W: none has left yet")(
                        l=m.little_l, lam=m.little_lambda
                    ),
                )
            )
        else:
            rows.append(
                (
                    QT_TRANSLATE_NOOP(CTX, "Little's law: L = λ·W"),
                    QT_TRANSLATE_NOOP(CTX, "measuring…"),
                )
            )
        for label, value in rows:
            self.text(p, QRectF(x0, y, label_w, 20), label, theme.text, 12)
            self.text(p, QRectF(x0 + label_w, y, w - label_w, 20), value, theme.text, 12, True)
            y += 22
        note = QT_TRANSLATE_NOOP(
            CTX,
            "L: average number in the system over time; λ: arrivals per second; W: average "
            "time in the system of messages that left. They agree when the backlog is steady.",
        )
        self.wrapped(p, QRectF(x0, y + 2, w, 30), note, theme.muted, 11)
        y += 34
        # The books: every message produced is in exactly one place.
        if state.queued:
            books = QT_TRANSLATE_NOOP(
                CTX,
                "produced {p} = acked {a} + waiting {w} + at workers {f} + dead {d}",
            )(p=state.produced, a=state.acked, w=state.waiting, f=state.inflight, d=state.dead)
        else:
            books = QT_TRANSLATE_NOOP(
                CTX, "produced {p} = done {a} + in progress {f} + failed {x}"
            )(p=state.produced, a=state.acked, f=state.inflight, x=state.failed)
        balanced = state.produced == (
            state.acked + state.waiting + state.inflight + state.dead + state.failed
        )
        box = QRectF(x0, rect.bottom() - 34, w, 26)
        self.box(p, box, theme.background, theme.ok if balanced else theme.danger, 6, width=2.5)
        mark = "✓" if balanced else "✕"
        self.text(p, box.adjusted(8, 0, -8, 0), f"{mark}  {tr_msg(books)}", theme.text, 12, True)


def _crash_text(worker: WorkerRec) -> Msg:
    """In-process a crashed worker restarts; on Redis its entries age until reclaimed."""
    if worker.idle >= 0:
        return QT_TRANSLATE_NOOP(CTX, "no heartbeat · {n} pending, idle {s} · reclaimed at {r}")(
            n=worker.pending, s=seconds(worker.idle), r=seconds(DEFAULT_RECLAIM)
        )
    if worker.error == "SIGKILL":
        return QT_TRANSLATE_NOOP(CTX, "killed (SIGKILL) · its messages stay pending")
    return QT_TRANSLATE_NOOP(CTX, "crashed · restarting")


class _Places:
    """Where things were drawn this frame, so moving tokens know where to slide from and to."""

    def __init__(self) -> None:
        self.handlers: dict[int, QPointF] = {}
        self.workers: dict[str, QPointF] = {}
        self.slots: dict[int, QRectF] = {}
        self.arriving: list[MsgRec] = []
        self.handler_exit = QPointF(HANDLERS.right(), HANDLERS.y() + 60)
        self.queue_tail = QPointF(QUEUE.x(), QUEUE.y() + 60)
        self.queue_head = QPointF(QUEUE.right(), QUEUE.y() + 60)
        self.acked = QPointF(SINKS.center().x(), SINKS.y() + 80)
        self.dead = QPointF(SINKS.center().x(), SINKS.y() + 200)
        self.rejected = QPointF(SINKS.center().x(), SINKS.bottom() - 40)


def _nice(value: float) -> float:
    """A round axis maximum at or above ``value`` whose half is round too."""
    for top in (2, 4, 6, 10, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000, 6000, 10000):
        if value <= top:
            return float(top)
    return float(int(value * 1.2))
