"""The strip under each blocking panel: who held control over time, from the recorded moves.

Rows per holder (caller and ``recv()``; with an event loop also other_work and the loop),
recorded polls as ticks, the loop stuck inside ``recv()`` and the lag its monitor measured,
the peer's reply and the playhead.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from visualizer.core.contract import Frame
from visualizer.core.loop_monitor import BLOCKED_S
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, seconds
from visualizer.draw.colors import mix
from visualizer.draw.scene_view import ALIGN_R, SceneView
from visualizer.draw.theme import Theme
from visualizer.scenes.blocking import (
    BIN,
    CALLEE,
    CALLER,
    CTX,
    LOOP,
    OTHER,
    BlockingState,
    LaneState,
)
from visualizer.scenes.blocking.harness import ASYNC_BLOCKING, SYNC_MODES

ROLE_COLOUR = {CALLER: 0, CALLEE: 1, OTHER: 2, LOOP: 3}
T_SENT_MARK = QT_TRANSLATE_NOOP(CTX, "sent")
ROW_TEXT: dict[str, Msg] = {
    OTHER: QT_TRANSLATE_NOOP(CTX, "other_work"),
    LOOP: QT_TRANSLATE_NOOP(CTX, "loop"),
    CALLER: QT_TRANSLATE_NOOP(CTX, "caller"),
    CALLEE: QT_TRANSLATE_NOOP(CTX, "recv()"),
}


def _tint(color: QColor, alpha: int) -> QColor:
    out = QColor(color)
    out.setAlpha(alpha)
    return out


def strip_rows(mode: str) -> list[str]:
    """The strip's rows for a reader: with an event loop also other_work and the loop."""
    return [CALLER, CALLEE] if mode in SYNC_MODES else [OTHER, LOOP, CALLER, CALLEE]


class StripView(SceneView[BlockingState]):
    # -- the parts of a strip that never change: drawn once into the static layer ---------------
    def _strip_metrics(self, rect: QRectF, rows: int, compact: bool) -> tuple[float, float, float]:
        label_w = 66.0 if compact else 96.0
        axis_h = max(12.0 if compact else 18.0, self._strip_line(compact))
        return label_w, axis_h, (rect.height() - axis_h) / rows

    def _strip_line(self, compact: bool) -> float:
        """The height a line of the strip's row names takes as drawn: the rows and the axis
        under them make room for it where the window's text floor enlarges the names."""
        return self.line_height(10 if compact else 13)

    def _strip_static(
        self, p: QPainter, rect: QRectF, mode: str, theme: Theme, compact: bool
    ) -> None:
        """The strip's frame, its row names and the axis's start (theme, language and size)."""
        rows = strip_rows(mode)
        label_w, axis_h, row_h = self._strip_metrics(rect, len(rows), compact)
        size = 10 if compact else 13
        top = rect.y()
        x0, x1 = rect.x() + label_w, rect.right() - 4
        self.box(p, QRectF(x0, top, x1 - x0, row_h * len(rows)), theme.background, theme.border, 3)
        for i, role in enumerate(rows):
            self.text(
                p,
                QRectF(rect.x(), top + i * row_h, label_w - 6, row_h),
                ROW_TEXT[role],
                theme.muted,
                size,
                False,
                ALIGN_R,
            )
        bottom = top + row_h * len(rows)
        self.text(p, QRectF(x0, bottom, 60, axis_h), seconds(0, 0), theme.muted, size)

    # -- who held control over time ------------------------------------------------------------
    def _strip(
        self,
        p: QPainter,
        rect: QRectF,
        lane: LaneState,
        frame: Frame[BlockingState],
        theme: Theme,
        compact: bool,
    ) -> None:
        state, t = frame.state, frame.t
        rows = strip_rows(lane.mode)
        label_w, axis_h, row_h = self._strip_metrics(rect, len(rows), compact)
        size = 10 if compact else 13
        top = rect.y()
        x0, x1 = rect.x() + label_w, rect.right() - 4
        due = (state.peer_started or 0.0) + state.peer_delay
        span = max(frame.end, due + 0.15, 0.5)

        def xt(when: float) -> float:
            return x0 + (x1 - x0) * min(max(when, 0.0), span) / span

        y_of = {role: top + i * row_h for i, role in enumerate(rows)}
        # held segments, from the recorded moves
        moves = lane.moves
        for i, move in enumerate(moves):
            if move.t > t or move.dst not in y_of:
                continue
            end = moves[i + 1].t if i + 1 < len(moves) else t
            end = min(end, t)
            bar = QRectF(xt(move.t), y_of[move.dst] + 2, max(1.5, xt(end) - xt(move.t)), row_h - 4)
            p.fillRect(bar, theme.actor(ROLE_COLOUR[move.dst]))
        # every recorded poll, binned: a tick in the recv() row
        if lane.poll_bins and CALLEE in y_of:
            pen = QPen(theme.actor(ROLE_COLOUR[CALLEE]), 1.5)
            p.setPen(pen)
            y = y_of[CALLEE]
            limit = int(t / BIN)
            ticks = [
                QLineF(x, y + 2, x, y + row_h - 2)
                for x in (
                    xt((index + 0.5) * BIN)
                    for index, count in enumerate(lane.poll_bins[: limit + 1])
                    if count
                )
            ]
            p.drawLines(ticks)  # one call for every tick: hundreds when polling flat out
        # the loop stuck inside recv (async + blocking), then the lag its monitor measured
        if LOOP in y_of and lane.mode == ASYNC_BLOCKING and lane.call_at is not None:
            end = t if lane.in_recv else min(t, lane.got_at or lane.done_at or t)
            if end > lane.call_at:
                bar = QRectF(
                    xt(lane.call_at), y_of[LOOP] + 2, xt(end) - xt(lane.call_at), row_h - 4
                )
                p.fillRect(bar, mix(theme.danger, theme.background, 0.35))
        if LOOP in y_of:
            for measured, lag in lane.lags:
                if measured - lag > t or lag < BLOCKED_S:  # red only for a real block
                    continue
                bar = QRectF(
                    xt(measured - lag),
                    y_of[LOOP] + row_h * 0.3,
                    max(1.5, xt(min(measured, t)) - xt(measured - lag)),
                    row_h * 0.4,
                )
                p.fillRect(bar, _tint(theme.danger, 160))
        # the peer's reply and the playhead
        bottom = top + row_h * len(rows)
        if lane.sent_at is not None and lane.sent_at <= t:
            pen = QPen(theme.text, 1.2)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            x = xt(lane.sent_at)
            p.drawLine(QPointF(x, top), QPointF(x, bottom))
            label = QRectF(x + 3, bottom, 60, axis_h)
            if label.right() > x1 - 70:
                label = QRectF(x - 63, bottom, 60, axis_h)
                self.text(p, label, T_SENT_MARK, theme.text, size, False, ALIGN_R)
            else:
                self.text(p, label, T_SENT_MARK, theme.text, size)
        self.text(
            p,
            QRectF(x1 - 80, bottom, 80, axis_h),
            seconds(span, 1),
            theme.muted,
            size,
            False,
            ALIGN_R,
        )
        p.setPen(QPen(theme.accent, 2))
        p.drawLine(QPointF(xt(t), top - 2), QPointF(xt(t), bottom + 2))
