"""The queue view's painting helpers and its panels without moving tokens.

Colours by age, tokens and backlog squares, the outcome boxes, the no-queue picture, the depth
chart and the measured numbers: everything :class:`~visualizer.scenes.queue.view.View` paints at
places it was given or at fixed places of the layout.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from visualizer.core.contract import Scene
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.draw.colors import ink_on, mix
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_C
from visualizer.draw.theme import Theme
from visualizer.scenes.queue import CTX, measure
from visualizer.scenes.queue.state import ACKED, FAILED, QueueState
from visualizer.scenes.queue.view_chart import ChartView, secs
from visualizer.scenes.queue.view_layout import (
    ACKED_BOX,
    DEAD_BOX,
    HANDLERS,
    NO_QUEUE_USERS,
    NUMBERS,
    PILE,
    QUEUE,
    REJECTED_BOX,
    RESPONSES_H,
    SERVICE,
    SINKS,
    TOKEN_H,
    TOKEN_W,
    TRAVEL,
    QueuePlaces,
)

AGE_STEPS = 32


class Panels(ChartView):
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
        scale = self._ages.get(theme.name) or self._age_scale(theme)
        k = int(age / full * (AGE_STEPS - 1))
        return scale[AGE_STEPS - 1 if k >= AGE_STEPS else 0 if k < 0 else k]

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
        key = ("token", label, color.rgba(), attempt > 1, dead, size, theme.name, self.family)
        if not self.sprite(
            p,
            rect,
            2.0,
            key,
            lambda q, r: self._token_body(q, r, label, color, theme, attempt, dead, size),
        ):
            self._token_body(p, rect, label, color, theme, attempt, dead, size)

    def _token_body(
        self,
        p: QPainter,
        rect: QRectF,
        label: str,
        color: QColor,
        theme: Theme,
        attempt: int,
        dead: bool,
        size: int,
    ) -> None:
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

    def _legend(
        self, p: QPainter, rect: QRectF, full: float, theme: Theme, shapes: bool = True
    ) -> None:
        label_w = 150.0
        self.text(
            p,
            QRectF(rect.x(), rect.y(), label_w, rect.height()),
            QT_TRANSLATE_NOOP(CTX, "colour = age: 0 → {s}")(s=secs(full)),
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

    # -- numbers -------------------------------------------------------------------------
    def _numbers(self, p: QPainter, state: QueueState, t: float, theme: Theme) -> None:
        rect = NUMBERS
        m = measure(state, t)  # title, row labels and the note are in the static layer
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
        for _label, p50, p95 in bars:
            values = QT_TRANSLATE_NOOP(CTX, "p50 {a} · p95 {b}")(a=secs(p50), b=secs(p95))
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
                        w=secs(m.little_w),
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
        for _label, value in rows:
            self.text(p, QRectF(x0 + label_w, y, w - label_w, 20), value, theme.text, 12, True)
            y += 22
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

    # -- words that do not change during a run (painted once into the static layer) -------
    def _static_words(self, p: QPainter, places: QueuePlaces, theme: Theme) -> None:
        rect = NUMBERS
        self._section(p, rect, QT_TRANSLATE_NOOP(CTX, "MEASURED FROM THIS RUN"), theme)
        x0, w, label_w = rect.x() + 12, rect.width() - 24, 200.0
        y = rect.y() + 30
        for label in (
            QT_TRANSLATE_NOOP(CTX, "User waits for the page"),
            QT_TRANSLATE_NOOP(CTX, "Job done after the request"),
        ):
            self.text(p, QRectF(x0, y, label_w, 20), label, theme.text, 12)
            y += 24
        for label in (
            QT_TRANSLATE_NOOP(CTX, "Throughput"),
            QT_TRANSLATE_NOOP(CTX, "Redelivered · dead · rejected"),
            QT_TRANSLATE_NOOP(CTX, "Little's law: L = λ·W"),
        ):
            self.text(p, QRectF(x0, y, label_w, 20), label, theme.text, 12)
            y += 22
        note = QT_TRANSLATE_NOOP(
            CTX,
            "L: average number in the system over time; λ: arrivals per second; W: average "
            "time in the system of messages that left. They agree when the backlog is steady.",
        )
        self.wrapped(p, QRectF(x0, y + 2, w, 30), note, theme.muted, 11)
        responses = QRectF(HANDLERS.x(), HANDLERS.bottom() - RESPONSES_H, HANDLERS.width(), 20)
        p.setPen(QPen(theme.border, 1))
        p.drawLine(
            QPointF(responses.x() + 8, responses.y()), QPointF(responses.right() - 8, responses.y())
        )
        self.text(
            p,
            QRectF(responses.x() + 10, responses.y() + 4, responses.width() - 20, 20),
            QT_TRANSLATE_NOOP(CTX, "RESPONSES (what users got)"),
            theme.muted,
            12,
            True,
        )
        x, sw = SINKS.x(), SINKS.width()
        self.wrapped(
            p,
            QRectF(x + 10, ACKED_BOX.y() + 26, sw - 20, 40),
            QT_TRANSLATE_NOOP(CTX, "the worker said done: the queue forgets it")
            if places.queued
            else QT_TRANSLATE_NOOP(CTX, "sent while the user waited"),
            theme.muted,
            11,
        )
        self.wrapped(
            p,
            QRectF(x + 10, DEAD_BOX.y() + 26, sw - 20, 34),
            QT_TRANSLATE_NOOP(CTX, "failed every attempt; kept for a person to check")
            if places.queued
            else QT_TRANSLATE_NOOP(CTX, "the handler crashed; nobody retries"),
            theme.muted,
            11,
        )
        self.wrapped(
            p,
            QRectF(x + 10, REJECTED_BOX.y() + 26, sw - 20, REJECTED_BOX.height() - 30),
            QT_TRANSLATE_NOOP(CTX, "queue full: never entered; the user got 503")
            if places.queued
            else QT_TRANSLATE_NOOP(CTX, "nothing to reject without a queue"),
            theme.muted,
            11,
        )
        if places.queued:
            below = PILE.bottom() + 22
            legend = QRectF(QUEUE.x() + 14, below + 4, QUEUE.width() - 28, 20)
            self._legend(p, legend, places.age_full, theme)
            return
        users = NO_QUEUE_USERS
        note_rect = QRectF(users.x() + 14, users.y() + 30, users.width() - 28, 62)
        text = (
            QT_TRANSLATE_NOOP(
                CTX,
                "Each handler notifies every friend itself before it answers. Each square is "
                "one user still waiting; the colour is how long.",
            )
            if places.kind == "post"
            else QT_TRANSLATE_NOOP(
                CTX,
                "Each handler sends the email itself before it answers. Each square is one "
                "user still waiting; the colour is how long.",
            )
        )
        self.wrapped(p, note_rect, text, theme.text, 13)
        self._legend(
            p,
            QRectF(users.x() + 14, users.bottom() - 28, users.width() - 28, 20),
            places.age_full,
            theme,
            shapes=False,
        )

    # -- no queue ------------------------------------------------------------------------
    def _no_queue(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: QueuePlaces
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
        note = QRectF(rect.x() + 14, rect.y() + 30, rect.width() - 28, 62)  # words: static
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
        self._service(p, state, t, theme, places)

    def _service(
        self, p: QPainter, state: QueueState, t: float, theme: Theme, places: QueuePlaces
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
            # The job first, where it comes in from the handlers' side; then whose it is.
            pos = QRectF(row.x(), row.y(), TOKEN_W, row.height())
            if t - held.since >= TRAVEL:
                color = self._age_color(t - held.req_t, full, theme)
                self._token(p, pos, held.label, color, theme)
            who = QT_TRANSLATE_NOOP(CTX, "for request {n}")(n=held.req)
            who_rect = QRectF(pos.right() + 6, row.y(), 104, row.height())
            self.text(p, who_rect, who, theme.text, 11)
            bar_x = who_rect.right() + 4
            bar = QRectF(bar_x, row.center().y() - 2, row.right() - bar_x, 4)
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
    def _sinks(self, p: QPainter, state: QueueState, theme: Theme, places: QueuePlaces) -> None:
        x = SINKS.x()
        acked = ACKED_BOX
        title = (
            QT_TRANSLATE_NOOP(CTX, "ACKNOWLEDGED ✓ {n}")
            if state.queued
            else QT_TRANSLATE_NOOP(CTX, "DONE ✓ {n}")
        )
        self._section(p, acked, title(n=state.acked), theme)
        recent = [d for d in state.finished if d.outcome == ACKED][-3:]
        for i, done in enumerate(recent):
            pos = QRectF(x + 10 + i * (TOKEN_W + 6), acked.bottom() - 38, TOKEN_W, TOKEN_H)
            c = QColor(theme.ok)
            c.setAlpha(70 + 60 * i)
            self._token(p, pos, done.label, c, theme)
        dead = DEAD_BOX
        if state.queued:
            self._section(
                p, dead, QT_TRANSLATE_NOOP(CTX, "DEAD LETTERS ✕ {n}")(n=state.dead), theme
            )
            shown = list(state.dead_recent)[-6:]
        else:
            self._section(
                p, dead, QT_TRANSLATE_NOOP(CTX, "FAILED: ERROR PAGE {n}")(n=state.failed), theme
            )
            shown = [d for d in state.finished if d.outcome == FAILED][-6:]
        for i, done in enumerate(shown):
            pos = QRectF(
                x + 10 + (i % 3) * (TOKEN_W + 6), dead.y() + 66 + (i // 3) * 32, TOKEN_W, TOKEN_H
            )
            self._token(p, pos, done.label, theme.danger, theme, dead=True)
        rejected = REJECTED_BOX
        self._section(p, rejected, QT_TRANSLATE_NOOP(CTX, "REJECTED {n}")(n=state.rejected), theme)
