"""Draws the message queue: handlers, the queue and its backlog, workers, outcomes, a depth chart.

Messages are tokens carrying their id. A token's colour is its age (time since the user's
request), its outline says whether this is a first try (solid) or a redelivery (dashed, with
"↻n"), and dead letters are crossed squares, so no state depends on colour alone. Tokens slide
from place to place for a moment after each recorded move; everything else is the state at t.
"""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from visualizer.core.contract import Frame
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_C, ALIGN_R
from visualizer.draw.theme import Theme
from visualizer.scenes.queue import CTX
from visualizer.scenes.queue.state import (
    ARRIVED,
    BLOCKED,
    BUSY,
    CRASHED,
    FRIENDS,
    PUBLISH,
    SAVE,
    TOKEN,
    WORK,
    QueueState,
    ReqRec,
    WorkerRec,
)
from visualizer.scenes.queue.view_chart import secs
from visualizer.scenes.queue.view_layout import (
    HANDLERS,
    PILE,
    PILE_MAX,
    PIPE,
    QUEUE,
    RESPONSES_H,
    SLOTS,
    TOKEN_H,
    TOKEN_W,
    TRAVEL,
    WORKERS,
    QueuePlaces,
    layout,
    pile_square,
)
from visualizer.scenes.queue.view_panels import Panels
from visualizer.scenes.queue.worker import DEFAULT_RECLAIM

AGE_STEPS = 32

STAGE_TEXT: dict[str, Msg] = {
    ARRIVED: QT_TRANSLATE_NOOP(CTX, "request arrived"),
    TOKEN: QT_TRANSLATE_NOOP(CTX, "database: reset token"),
    SAVE: QT_TRANSLATE_NOOP(CTX, "database: save post"),
    FRIENDS: QT_TRANSLATE_NOOP(CTX, "database: find friends"),
}


class View(Panels):
    # -- frame ---------------------------------------------------------------------------
    def layout(self, frame: Frame[QueueState]) -> QueuePlaces:
        return layout(frame.state, frame.t)

    def static_key(self, places: QueuePlaces) -> Hashable:
        # Panels and fixed words differ with and without a queue, by job, and by the age scale.
        return (places.queued, places.kind, places.age_full)

    def draw_static(self, p: QPainter, places: QueuePlaces, theme: Theme) -> None:
        for rect in places.panels():
            self.panel(p, rect, theme)
        if places.queued:
            self._queue_static(p, theme)
        self._static_words(p, places, theme)

    def draw_places(
        self, p: QPainter, frame: Frame[QueueState], places: QueuePlaces, theme: Theme
    ) -> None:
        state, t = frame.state, frame.t
        self._header(p, state, t, theme)
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

    # -- handlers ------------------------------------------------------------------------
    def _handlers(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: QueuePlaces
    ) -> None:
        rect = HANDLERS
        active = len(state.requests)
        self._section(
            p,
            rect,
            QT_TRANSLATE_NOOP(CTX, "HANDLERS (producers) · {n} busy")(n=active),
            theme,
        )
        bottom = rect.bottom() - RESPONSES_H
        full = self._age_full(state)
        for request, row in places.handler_rows:
            self._handler_row(p, row, request, state, t, theme, full)
        if places.handlers_more is not None:
            row, n = places.handlers_more
            more = QT_TRANSLATE_NOOP(CTX, "+{n} more handlers busy")(n=n)
            self.text(p, row, more, theme.muted, 12)
        if active == 0:
            self.text(
                p,
                QRectF(rect.x() + 10, places.handlers_end, rect.width() - 20, 30.0),
                QT_TRANSLATE_NOOP(CTX, "no request in progress"),
                theme.muted,
                12,
            )
        self._responses(p, QRectF(rect.x(), bottom, rect.width(), RESPONSES_H), state, theme)

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
                label=request.label, s=secs(waited)
            )
            self.text(p, info.adjusted(0, -4, 0, -6), what, theme.danger, 11)
            return
        if request.stage == BLOCKED:
            what = QT_TRANSLATE_NOOP(CTX, "blocked {s}, holds {label}")(
                label=request.label, s=secs(t - request.since)
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
        y = rect.y() + 26  # the line and title above are in the static layer
        for n, status, latency, _t in list(state.responses)[-4:][::-1]:
            color = theme.ok if status < 400 else theme.danger
            line = QT_TRANSLATE_NOOP(CTX, "request {n} → {status} after {s}")(
                n=n, status=status, s=secs(latency)
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
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: QueuePlaces
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
        for rec, pos in places.pipe_tokens:
            color = self._age_color(t - rec.req_t, full, theme)
            self._token(p, pos, rec.label, color, theme, rec.attempt + 1)
        self._squares(
            p,
            [
                (pos, self._age_color(t - rec.req_t, full, theme), rec.attempt > 0)
                for rec, pos in places.pile_squares
            ],
            theme,
        )
        slots, pile, drawn = SLOTS, PILE, places.queue_drawn
        if mode != "unbounded" and capacity > slots:
            # Empty places up to the capacity, so "full" is something one can see.
            free = min(capacity - slots, PILE_MAX)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(theme.border, 1))
            p.drawRects([pile_square(k) for k in range(max(0, waiting - slots), free)])
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
        self._pressure(
            p, QRectF(rect.x() + 14, rect.bottom() - 34, rect.width() - 28, 26), state, theme
        )

    def _queue_static(self, p: QPainter, theme: Theme) -> None:
        """The pipe, its arrows and its labels: the same in every frame with a queue."""
        pipe = PIPE
        self.box(p, pipe, theme.background, theme.border, 6)
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
        # Each label gets a box of its own (the head's at its designed width, the tail the rest),
        # so when the on-screen text floor enlarges them each is elided in its box instead of
        # the two running into each other.
        head = tr_msg(QT_TRANSLATE_NOOP(CTX, "head: next to be delivered →"))
        head_w = min(self.text_width(head, 11) + 1, pipe.width() / 2)
        y = pipe.bottom() + 2
        high = max(16.0, self.line_height(11))
        tail_box = QRectF(pipe.x(), y, pipe.width() - head_w - 8, high)
        head_box = QRectF(pipe.right() - head_w, y, head_w, high)
        self.text(
            p, tail_box, QT_TRANSLATE_NOOP(CTX, "← tail: new messages join here"), theme.muted, 11
        )
        self.text(p, head_box, head, theme.muted, 11, False, ALIGN_R)

    # -- workers -------------------------------------------------------------------------
    def _workers(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: QueuePlaces
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
        full = self._age_full(state)
        for worker, row in places.worker_rows:
            self._worker_row(p, row, worker, state, t, theme, full, places)
        if not places.worker_rows:
            self.text(
                p,
                QRectF(rect.x() + 10, rect.y() + 30, rect.width() - 20, 24),
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
        places: QueuePlaces,
    ) -> None:
        color = theme.actor(worker.number)
        h = min(row.height(), 26.0)
        # The message it holds sits first, where messages come in from the queue's side.
        chip = QRectF(row.x() + TOKEN_W + 6, row.center().y() - h / 2, 52, h)
        size = 11 if h >= 20 else 10
        info_x = chip.right() + 8
        info = QRectF(info_x, row.y(), row.right() - info_x, row.height())
        if worker.status == CRASHED:  # it holds nothing: its words get the whole row
            chip.moveLeft(row.x())
            info.setLeft(chip.right() + 8)
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
        pos = QRectF(row.x(), chip.y() + (h - min(h, TOKEN_H)) / 2, TOKEN_W, min(h, TOKEN_H))
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
        bar_x = info.x()
        bar = QRectF(bar_x, row.center().y() - 2, row.right() - bar_x, 4)
        if held.planned > 0:
            done = min(1.0, (t - held.work_t) / held.planned)
            p.fillRect(bar, theme.border)
            p.fillRect(QRectF(bar.x(), bar.y(), bar.width() * done, bar.height()), color)
        if row.height() >= 30:
            text = (
                QT_TRANSLATE_NOOP(CTX, "leaving after this one")
                if worker.leaving
                else QT_TRANSLATE_NOOP(CTX, "working {s}")(s=secs(max(0.0, t - held.work_t)))
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

    # -- moves ---------------------------------------------------------------------------
    def _travelling(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: QueuePlaces
    ) -> None:
        """Messages on their way, as unlabelled squares in the channels the layout gave."""
        full = self._age_full(state)
        squares = []
        for rect, rec, kind in places.dots:
            if rec is not None:
                color = self._age_color(t - rec.req_t, full, theme)
                squares.append((rect, color, kind == "retry"))
            else:
                squares.append((rect, theme.ok if kind == "ok" else theme.danger, False))
        self._squares(p, squares, theme)


def _crash_text(worker: WorkerRec) -> Msg:
    """In-process a crashed worker restarts; on Redis its entries age until reclaimed."""
    if worker.idle >= 0:
        return QT_TRANSLATE_NOOP(CTX, "no heartbeat · {n} pending, idle {s} · reclaimed at {r}")(
            n=worker.pending, s=secs(worker.idle), r=secs(DEFAULT_RECLAIM)
        )
    if worker.error == "SIGKILL":
        return QT_TRANSLATE_NOOP(CTX, "killed (SIGKILL) · its messages stay pending")
    return QT_TRANSLATE_NOOP(CTX, "crashed · restarting")
