"""The queue view's depth chart: waiting (area) and at workers (line) over the last seconds.

Worker-count changes are marked where they happened, so cause and effect line up; the capacity
is a dashed line when the chart's scale reaches it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF

from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, seconds
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_C, ALIGN_R, SceneView
from visualizer.draw.theme import Theme
from visualizer.scenes.queue import CTX
from visualizer.scenes.queue.captions import duration
from visualizer.scenes.queue.state import QueueState, chart_window
from visualizer.scenes.queue.view_layout import CHART

CHART_SPAN = 30.0  # seconds of queue depth the chart shows


# Durations: one unit per view and per language. The picture mixed "953 ms" with "1.50 s" (and
# "초" in Korean), so a learner comparing two numbers had to convert first. Every duration the
# view draws goes through the captions' ``duration``, so picture and caption write it alike.
def secs(value: float | None) -> str:
    """``value`` seconds as the picture shows every duration; a dash when there is none."""
    if value is None:
        return "–"
    if value == 0:
        return tick_label(0)
    return tr_msg(duration(value))


def tick_label(value: float) -> str:
    """A round number of seconds under a time axis."""
    return tr_msg(seconds(value, None))


class ChartView(SceneView[QueueState]):
    def _section(self, p: QPainter, rect: QRectF, title: str | Msg, theme: Theme) -> None:
        """A section's title on its panel (the static layer paints the panel)."""
        self.section_title(p, rect, title, theme, size=12, pad=10)  # denser than other scenes

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

        values = [f"{top * k / 2:g}" for k in range(3)]
        plot = self.plot_room(rect, plot, values, title_size=12)
        taken: list[QRectF] = []
        self.value_grid(p, rect, plot, values, theme, taken, gap=4)
        # x axis: seconds
        step = 5.0 if span > 12 else 2.0
        tick = (int(t0 / step) + 1) * step if t0 > 0 else 0.0
        while tick <= t + 1e-9:
            x = xt(tick)
            self.text(
                p,
                QRectF(x - 20, plot.bottom() + 2, 40, max(14.0, self.line_height(10))),
                tick_label(tick),
                theme.muted,
                10,
                False,
                ALIGN_C,
                taken=taken,
            )
            tick += step
        # Knob turns, so cause and effect line up. Their labels take the first of three rows
        # where they clear every label already placed (newest first); one that fits nowhere is
        # left out, its dotted line still drawn.
        placed: list[QRectF] = list(taken)
        high = max(14.0, self.line_height(10))
        if state.queued and mode != "unbounded" and capacity <= top:
            cap_w = self.drawn_width(tr_msg(QT_TRANSLATE_NOOP(CTX, "capacity {n}")(n=capacity)), 10)
            placed.append(QRectF(plot.right() - cap_w, yv(capacity) - 1 - high, cap_w, high))
        pen = QPen(theme.accent, 1.5)
        pen.setStyle(Qt.PenStyle.DotLine)
        for when, key, value in reversed(state.marks):
            if key != "consumers" or when < t0:
                continue
            x = xt(when)
            p.setPen(pen)
            p.drawLine(QPointF(x, plot.y()), QPointF(x, plot.bottom()))
            text = QT_TRANSLATE_NOOP(CTX, "{n} workers")(n=value)
            w = self.drawn_width(tr_msg(text), 10) + 4
            left = x + 3 if x + 3 + w <= plot.right() else x - 3 - w
            for row in range(3):
                box = QRectF(left, plot.y() + row * (high + 1), w, high)
                if not any(box.intersects(other) for other in placed):
                    placed.append(box)
                    self.text(p, box, text, theme.accent, 10, elide=False)
                    break
        if not points:
            return
        waiting_poly = QPolygonF()
        flight_poly = QPolygonF()
        waiting_poly.append(QPointF(xt(points[0][0]), yv(0)))
        prev_w = prev_f = None
        for x, waiting, flight in _columns([(xt(w), a, b) for w, a, b, _ in points]):
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
            # A step area has only level and upright edges: without antialiasing it looks the
            # same, and filling thousands of steps of a busy run costs a tenth as much.
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            p.drawPolygon(waiting_poly)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
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
                QRectF(plot.right() - 140, y - 1 - high, 140, high),
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
        line = max(16.0, self.line_height(11))
        self.text(p, QRectF(plot.x() + 18, legend_y - line / 2, 200, line), label, theme.text, 11)
        if state.queued:
            p.setPen(QPen(theme.text, 2))
            p.drawLine(QPointF(plot.x() + 230, legend_y), QPointF(plot.x() + 246, legend_y))
            self.text(
                p,
                QRectF(plot.x() + 250, legend_y - line / 2, 200, line),
                QT_TRANSLATE_NOOP(CTX, "held by workers: {n}")(n=state.inflight),
                theme.text,
                11,
            )


def _columns(points: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """Steps closer than half a pixel merged into one that keeps the highest of each value.

    A busy run records thousands of depth changes in the chart's span; drawing each step costs
    more than the rest of the frame and shows nothing more than one step per column, while a
    spike kept at its height still shows.
    """
    out: list[tuple[float, int, int]] = []
    for x, waiting, flight in points:
        if out and x - out[-1][0] < 0.5:
            last = out[-1]
            out[-1] = (last[0], max(last[1], waiting), max(last[2], flight))
        else:
            out.append((x, waiting, flight))
    return out


def _nice(value: float) -> float:
    """A round axis maximum at or above ``value`` whose half is round too."""
    for top in (2, 4, 6, 10, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000, 6000, 10000):
        if value <= top:
            return float(top)
    return float(int(value * 1.2))
