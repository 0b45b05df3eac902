"""Draws the server under load: client, where requests wait, the server's workers, answers, charts.

A layout pass (:func:`layout`) decides every place first (panels, worker rows, waiting squares,
chart plots); painting only fills those places. Requests are tokens: a square while waiting
(outlined, darker the longer it waits against the client timeout), a chip with its number and
call stack while a worker or the loop has it, and a line in the answers column (✓, ✗ or ⏱), so
no state is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from visualizer.core.contract import Frame, Scene
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, seconds
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_C, ALIGN_R, SceneView, nice_step
from visualizer.draw.theme import Theme
from visualizer.scenes.queue.captions import duration
from visualizer.scenes.server.captions import CTX, rate
from visualizer.scenes.server.state import (
    OK,
    SLOW,
    TIMEOUT,
    WAITING,
    Point,
    Req,
    ServerState,
)

CHART_SPAN = 30.0
SQUARE, GAP = 9.0, 3.0
ROW_H = 30.0
MAX_ROWS = 8
MAX_CHIPS = 24

CLIENT = QRectF(16, 52, 196, 300)
WAIT = QRectF(224, 52, 300, 300)
SERVER = QRectF(536, 52, 500, 300)
ANSWERS = QRectF(1048, 52, 216, 300)
CHARTS = (QRectF(16, 364, 408, 348), QRectF(436, 364, 408, 348), QRectF(856, 364, 408, 348))

WAIT_TITLE: dict[str, Msg] = {
    "single": QT_TRANSLATE_NOOP(CTX, "WAITING: accept backlog (kernel)"),
    "pool": QT_TRANSLATE_NOOP(CTX, "WAITING: queue of the thread pool"),
    "async": QT_TRANSLATE_NOOP(CTX, "WAITING: not yet on the loop"),
    "blocking-async": QT_TRANSLATE_NOOP(CTX, "WAITING: behind the stuck loop"),
    "handoff": QT_TRANSLATE_NOOP(CTX, "WAITING: not yet on the loop"),
}
# Durations: one unit per view and per language. The picture mixed "106 ms" with "2.00 s" (and
# "초" in Korean). Every duration the view draws goes through the queue captions' ``duration``,
# as this scene's captions do.


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


OP_TEXT = {"create": "POST", "read": "GET", "update": "PUT", "delete": "DEL"}


@dataclass
class Places:
    """Everything the paint pass draws, decided beforehand."""

    squares: list[tuple[QRectF, Req]] = field(default_factory=list)
    hidden_waiting: int = 0
    rows: list[tuple[QRectF, str, Req | None]] = field(default_factory=list)
    chips: list[tuple[QRectF, Req]] = field(default_factory=list)
    hidden_chips: int = 0
    job_rows: list[tuple[QRectF, str, int | None]] = field(default_factory=list)
    answers: list[QRectF] = field(default_factory=list)
    plots: tuple[QRectF, ...] = ()


def layout(state: ServerState) -> Places:
    places = Places()
    waiting = state.waiting()
    inner = WAIT.adjusted(12, 34, -12, -30)
    per_row = int((inner.width() + GAP) // (SQUARE + GAP))
    rows = int((inner.height() + GAP) // (SQUARE + GAP))
    shown = waiting[: per_row * rows]
    for i, req in enumerate(shown):
        x = inner.x() + (i % per_row) * (SQUARE + GAP)
        y = inner.y() + (i // per_row) * (SQUARE + GAP)
        places.squares.append((QRectF(x, y, SQUARE, SQUARE), req))
    places.hidden_waiting = len(waiting) - len(shown)
    top = SERVER.y() + 34
    if state.mode in ("single", "pool"):
        names = [f"worker-{k}" for k in range(1, state.workers + 1)]
        visible = names[:MAX_ROWS]
        height = min(ROW_H, (SERVER.height() - 70) / max(1, len(visible)))
        for k, name in enumerate(visible):
            rect = QRectF(SERVER.x() + 12, top + k * height, SERVER.width() - 24, height - 4)
            places.rows.append((rect, name, state.busy.get(name)))
    else:
        on_loop = [r for r in state.inflight.values() if r.phase not in (WAITING,)]
        loop_row = QRectF(SERVER.x() + 12, top, SERVER.width() - 24, 24)
        places.rows.append((loop_row, "loop", None))
        tall = 64 if state.mode == "handoff" else 200
        area = QRectF(SERVER.x() + 12, top + 30, SERVER.width() - 24, tall)
        chip_w, chip_h = 58.0, 20.0
        per = int(area.width() // (chip_w + 4))
        fit = per * int(area.height() // (chip_h + 4))
        for i, req in enumerate(on_loop[: min(fit, MAX_CHIPS * 2)]):
            x = area.x() + (i % per) * (chip_w + 4)
            y = area.y() + (i // per) * (chip_h + 4)
            places.chips.append((QRectF(x, y, chip_w, chip_h), req))
        places.hidden_chips = len(on_loop) - len(places.chips)
        if state.mode == "handoff":
            jobs_top = area.bottom() + 48
            for k, name in enumerate(state.job_workers[:12]):
                x = SERVER.x() + 12 + (k % 3) * 160
                rect = QRectF(x, jobs_top + (k // 3) * 24, 152, 20)
                places.job_rows.append((rect, name, state.job_busy.get(name)))
    for k in range(min(len(state.done), 12)):
        places.answers.append(QRectF(ANSWERS.x() + 10, ANSWERS.y() + 34 + k * 21, 196, 19))
    places.plots = tuple(r.adjusted(48, 34, -14, -56) for r in CHARTS)
    return places


def _share(widths: list[float], room: float) -> list[float]:
    """Widths that fit ``room`` together: where they do not, the widest are cut to one common
    width and the narrow ones keep theirs (legends keep as many whole words as they can)."""
    if sum(widths) <= room:
        return widths
    left, cap = room, 0.0
    for k, width in enumerate(sorted(widths)):
        cap = left / (len(widths) - k)
        if width > cap:
            break
        left -= width
    return [min(w, cap) for w in widths]


def _nice(value: float) -> float:
    for top in (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if value <= top:
            return float(top)
    return float(value * 1.2)


@dataclass(frozen=True)
class Series:
    label: Msg
    values: Sequence[tuple[float, float | None]]
    color: QColor
    style: Qt.PenStyle = Qt.PenStyle.SolidLine


class View(SceneView[ServerState]):
    def __init__(self, scene: Scene[ServerState]) -> None:
        super().__init__(scene)

    def draw(self, p: QPainter, frame: Frame[ServerState], theme: Theme) -> None:
        state, t = frame.state, frame.t
        places = layout(state)
        self._header(p, state, t, theme)
        self._client(p, state, theme)
        self._waiting(p, state, t, theme, places)
        self._server(p, state, t, theme, places)
        self._answers(p, state, theme, places)
        self._charts(p, state, t, theme, places)

    def _header(self, p: QPainter, state: ServerState, t: float, theme: Theme) -> None:
        title: Msg = self.scene.title
        preset = next((x for x in self.scene.presets if x.key == state.mode), None)
        if preset is not None:
            title = QT_TRANSLATE_NOOP(CTX, "{scene} · {preset}")(
                scene=self.scene.title, preset=preset.title
            )
        self.text(p, QRectF(16, 8, 860, 36), title, theme.text, 22, True)
        clock = QT_TRANSLATE_NOOP(CTX, "t = {t:.2f} s · 127.0.0.1:{port}")(t=t, port=state.port)
        self.text(p, QRectF(880, 8, 384, 36), clock, theme.muted, 15, False, ALIGN_R)

    def _section(self, p: QPainter, rect: QRectF, title: str | Msg, theme: Theme) -> None:
        self.section(p, rect, title, theme, size=12, pad=10)

    def _line(
        self,
        p: QPainter,
        y: float,
        x: float,
        w: float,
        text: str | Msg,
        theme: Theme,
        size: int = 12,
        color: QColor | None = None,
        bold: bool = False,
    ) -> None:
        self.text(p, QRectF(x, y, w, 18), text, color or theme.text, size, bold)

    # -- panels --------------------------------------------------------------------------------
    def _client(self, p: QPainter, state: ServerState, theme: Theme) -> None:
        r = CLIENT
        self._section(p, r, QT_TRANSLATE_NOOP(CTX, "CLIENT (httpx, open loop)"), theme)
        x, w = r.x() + 10, r.width() - 20
        arrivals = state.settings.get("arrivals", "steady")
        how = (
            QT_TRANSLATE_NOOP(CTX, "Poisson bursts")
            if arrivals == "poisson"
            else QT_TRANSLATE_NOOP(CTX, "constant rate")
        )
        offered = float(state.settings.get("rate", 0))
        self._line(p, r.y() + 34, x, w, rate(offered), theme, 26, theme.accent, True)
        self._line(p, r.y() + 66, x, w, how, theme, 12, theme.muted)
        rows: list[Msg] = [
            QT_TRANSLATE_NOOP(CTX, "sent: {n}")(n=state.sent),
            QT_TRANSLATE_NOOP(CTX, "in flight: {n}")(n=len(state.inflight)),
            QT_TRANSLATE_NOOP(CTX, "answered: {n}")(n=state.answered),
            QT_TRANSLATE_NOOP(CTX, "timed out: {n}")(n=state.timeouts),
            QT_TRANSLATE_NOOP(CTX, "wrong or failed: {n}")(n=state.wrong + state.errors),
            QT_TRANSLATE_NOOP(CTX, "timeout: {s}")(s=secs(state.settings.get("timeout"))),
            QT_TRANSLATE_NOOP(CTX, "reads: {n}%")(n=state.settings.get("reads", 0)),
        ]
        for k, row in enumerate(rows):
            self._line(p, r.y() + 96 + k * 24, x, w, row, theme)
        self.arrow(
            p, QPointF(r.right() - 2, r.y() + 50), QPointF(WAIT.x() - 2, r.y() + 50), theme.muted
        )

    def _wait_color(self, age: float, timeout: float, theme: Theme) -> QColor:
        f = max(0.0, min(1.0, age / max(0.05, timeout)))
        a, b = theme.actor(1), theme.danger
        return QColor.fromRgbF(
            a.redF() + (b.redF() - a.redF()) * f,
            a.greenF() + (b.greenF() - a.greenF()) * f,
            a.blueF() + (b.blueF() - a.blueF()) * f,
        )

    def _waiting(
        self, p: QPainter, state: ServerState, t: float, theme: Theme, places: Places
    ) -> None:
        title = WAIT_TITLE.get(state.mode, WAIT_TITLE["async"])
        self._section(p, WAIT, title, theme)
        timeout = float(state.settings.get("timeout", 1.0))
        for rect, req in places.squares:
            color = self._wait_color(t - req.due, timeout, theme)
            self.box(p, rect, color, color.darker(140), 2.0, width=1.0, cache=False)
        count = len(places.squares) + places.hidden_waiting
        label = QT_TRANSLATE_NOOP(CTX, "{n} requests wait (redder: closer to the timeout)")(n=count)
        if places.hidden_waiting:
            label = QT_TRANSLATE_NOOP(CTX, "{n} requests wait, {hidden} not drawn")(
                n=count, hidden=places.hidden_waiting
            )
        self._line(
            p, WAIT.bottom() - 24, WAIT.x() + 10, WAIT.width() - 20, label, theme, 11, theme.muted
        )

    def _server(
        self, p: QPainter, state: ServerState, t: float, theme: Theme, places: Places
    ) -> None:
        titles = {
            "single": QT_TRANSLATE_NOOP(CTX, "SERVER: wsgiref, one blocking worker"),
            "pool": QT_TRANSLATE_NOOP(CTX, "SERVER: wsgiref + {n} worker threads"),
            "async": QT_TRANSLATE_NOOP(CTX, "SERVER: uvicorn + Starlette, one event loop"),
            "blocking-async": QT_TRANSLATE_NOOP(CTX, "SERVER: uvicorn, blocking call in async def"),
            "handoff": QT_TRANSLATE_NOOP(CTX, "SERVER: uvicorn → message queue → workers"),
        }
        title = titles.get(state.mode, titles["async"])(n=state.workers)
        self._section(p, SERVER, title, theme)
        for rect, name, req in places.rows:
            if name == "loop":
                self._loop_row(p, rect, state, t, theme)
            else:
                self._worker_row(p, rect, name, req, t, theme)
        for rect, req in places.chips:
            style = "filled" if req.phase == SLOW else "outlined"
            label = f"#{req.n}"
            if state.stalled_by == req.n:
                style, label = "filled", f"#{req.n} ⛔"
            color = theme.danger if state.stalled_by == req.n else theme.actor(2)
            self.chip(p, rect, label, color, theme, style, 11)
        if places.hidden_chips:
            last = places.chips[-1][0] if places.chips else SERVER
            text = QT_TRANSLATE_NOOP(CTX, "+{n} more on the loop")(n=places.hidden_chips)
            self._line(p, last.bottom() + 2, SERVER.x() + 12, 300, text, theme, 11, theme.muted)
        if places.chips and state.mode != "blocking-async":
            chip = places.chips[0][1]
            stack = " → ".join(chip.stack[-4:]) if chip.stack else ""
            y = (
                places.chips[-1][0].bottom() + 4
                if state.mode == "handoff"
                else SERVER.bottom() - 46
            )
            self._line(p, y, SERVER.x() + 12, SERVER.width() - 24, stack, theme, 10, theme.muted)
        if state.mode == "handoff":
            y = SERVER.y() + 34 + 30 + 64 + 24
            text = QT_TRANSLATE_NOOP(CTX, "message queue: {n} jobs waiting, {done} done later")(
                n=state.jobs_queued, done=state.jobs_done
            )
            self._line(p, y, SERVER.x() + 12, SERVER.width() - 24, text, theme, 12, None, True)
        for rect, name, msg in places.job_rows:
            label = tr_msg(
                QT_TRANSLATE_NOOP(CTX, "{worker}: job #{msg}")(worker=name, msg=msg)
                if msg is not None
                else QT_TRANSLATE_NOOP(CTX, "{worker}: idle")(worker=name)
            )
            color = theme.actor(5)
            self.chip(
                p,
                rect,
                label,
                color,
                theme,
                "filled" if msg is not None else "dashed",
                11,
            )
        cap = state.capacity
        note = QT_TRANSLATE_NOOP(CTX, "theory: at most {cap} (slow step {slow})")(
            cap=rate(cap), slow=secs(state.slow)
        )
        if state.mode == "handoff":
            note = QT_TRANSLATE_NOOP(CTX, "theory: the workers do at most {cap} jobs")(
                cap=rate(cap)
            )
        self._line(
            p,
            SERVER.bottom() - 24,
            SERVER.x() + 12,
            SERVER.width() - 24,
            note,
            theme,
            11,
            theme.muted,
        )

    def _worker_row(
        self, p: QPainter, rect: QRectF, name: str, req: Req | None, t: float, theme: Theme
    ) -> None:
        number = name.rsplit("-", 1)[-1]
        title = QT_TRANSLATE_NOOP(CTX, "worker {n}")(n=number)
        self.text(p, QRectF(rect.x(), rect.y(), 78, rect.height()), title, theme.text, 11, True)
        body = QRectF(rect.x() + 80, rect.y() + 2, rect.width() - 80, rect.height() - 4)
        if req is None:
            self.box(p, body, None, theme.border, 4, dashed=True, width=1.0)
            self.text(p, body.adjusted(6, 0, 0, 0), QT_TRANSLATE_NOOP(CTX, "idle"), theme.muted, 11)
            return
        self.box(p, body, theme.panel, theme.actor(3), 4, width=1.5)
        if req.phase == SLOW and req.planned > 0:
            f = max(0.0, min(1.0, (t - req.since) / req.planned))
            fill = QColor(theme.actor(3))
            fill.setAlpha(70)
            p.fillRect(QRectF(body.x(), body.y(), body.width() * f, body.height()), fill)
        if req.op:
            label = f"#{req.n} {OP_TEXT.get(req.op, req.op)} · {' → '.join(req.stack[-3:])}"
            self.text(p, body.adjusted(6, 0, -4, 0), label, theme.text, 10)
        else:
            gone = QT_TRANSLATE_NOOP(CTX, "#{n} · its client gave up (timed out)")(n=req.n)
            self.text(p, body.adjusted(6, 0, -4, 0), gone, theme.danger, 10)

    def _loop_row(
        self, p: QPainter, rect: QRectF, state: ServerState, t: float, theme: Theme
    ) -> None:
        stuck = state.stalled_by != 0
        color = theme.danger if stuck else theme.ok
        self.box(p, rect, None, color, 4, width=2.0)
        if stuck:
            text: Msg = QT_TRANSLATE_NOOP(CTX, "event loop BLOCKED by #{n} (lag {lag})")(
                n=state.stalled_by, lag=secs(state.lag)
            )
        else:
            text = QT_TRANSLATE_NOOP(CTX, "event loop: {n} requests at once (lag {lag})")(
                n=len(state.inflight) - len(state.waiting()), lag=secs(state.lag)
            )
        self.text(p, rect.adjusted(8, 0, -8, 0), text, color if stuck else theme.text, 12, True)

    def _answers(self, p: QPainter, state: ServerState, theme: Theme, places: Places) -> None:
        self._section(p, ANSWERS, QT_TRANSLATE_NOOP(CTX, "ANSWERS (newest first)"), theme)
        done = list(state.done)[::-1]
        for rect, d in zip(places.answers, done, strict=False):
            if d.outcome == OK:
                mark, color = "✓", theme.ok
                text = f"{mark} #{d.n} {OP_TEXT.get(d.op, d.op)} {d.status} · {secs(d.latency)}"
            elif d.outcome == TIMEOUT:
                mark, color = "✗", theme.danger
                text = tr_msg(
                    QT_TRANSLATE_NOOP(CTX, "{mark} #{n} {op} timed out after {s}")(
                        mark=mark, n=d.n, op=OP_TEXT.get(d.op, d.op), s=secs(d.latency)
                    )
                )
            else:
                mark, color = "✗", theme.danger
                text = tr_msg(
                    QT_TRANSLATE_NOOP(CTX, "{mark} #{n} {op} failed or wrong {status}")(
                        mark=mark, n=d.n, op=OP_TEXT.get(d.op, d.op), status=d.status or ""
                    )
                )
            self.text(p, rect, text, color if d.outcome != OK else theme.text, 11)

    # -- charts --------------------------------------------------------------------------------
    def _charts(
        self, p: QPainter, state: ServerState, t: float, theme: Theme, places: Places
    ) -> None:
        span = min(CHART_SPAN, max(10.0, t))
        t0 = max(0.0, t - span)
        pts = [pt for pt in state.points if pt.t >= t0 and pt.t <= t + 1e-9]

        def col(get: Callable[[Point], float | None]) -> list[tuple[float, float | None]]:
            return [(pt.t, get(pt)) for pt in pts]

        dash, dot = Qt.PenStyle.DashLine, Qt.PenStyle.DotLine
        latency = [
            Series(QT_TRANSLATE_NOOP(CTX, "p50"), col(lambda q: q.p50), theme.actor(2)),
            Series(QT_TRANSLATE_NOOP(CTX, "p95"), col(lambda q: q.p95), theme.actor(0), dash),
            Series(QT_TRANSLATE_NOOP(CTX, "p99"), col(lambda q: q.p99), theme.actor(4), dot),
        ]
        timeout = float(state.settings.get("timeout", 1.0))
        self._chart(
            p,
            CHARTS[0],
            places.plots[0],
            QT_TRANSLATE_NOOP(CTX, "LATENCY p50 / p95 / p99 (histogram, per 0.5 s)"),
            latency,
            t0,
            span,
            theme,
            secs,
            floor=timeout,
        )
        throughput = [
            Series(QT_TRANSLATE_NOOP(CTX, "answered"), col(lambda q: q.answered), theme.accent),
            Series(QT_TRANSLATE_NOOP(CTX, "offered"), col(lambda q: q.offered), theme.muted, dash),
            Series(QT_TRANSLATE_NOOP(CTX, "theory"), col(lambda q: q.capacity), theme.danger, dot),
        ]
        if state.mode == "handoff":
            throughput.append(
                Series(
                    QT_TRANSLATE_NOOP(CTX, "jobs done"), col(lambda q: q.jobs_done), theme.actor(5)
                )
            )
        self._chart(
            p,
            CHARTS[1],
            places.plots[1],
            QT_TRANSLATE_NOOP(CTX, "THROUGHPUT, requests/s, and the theory line"),
            throughput,
            t0,
            span,
            theme,
            lambda v: f"{v:g}",
        )
        load = [
            Series(QT_TRANSLATE_NOOP(CTX, "in flight"), col(lambda q: q.in_flight), theme.text),
            Series(
                QT_TRANSLATE_NOOP(CTX, "timeouts"), col(lambda q: q.timeouts), theme.danger, dash
            ),
            Series(QT_TRANSLATE_NOOP(CTX, "errors"), col(lambda q: q.errors), theme.actor(5), dot),
        ]
        self._chart(
            p,
            CHARTS[2],
            places.plots[2],
            QT_TRANSLATE_NOOP(CTX, "IN FLIGHT, TIMEOUTS and ERRORS per 0.5 s"),
            load,
            t0,
            span,
            theme,
            lambda v: f"{v:g}",
            least=4,
        )

    def _chart(
        self,
        p: QPainter,
        rect: QRectF,
        plot: QRectF,
        title: Msg,
        series: list[Series],
        t0: float,
        span: float,
        theme: Theme,
        fmt: Callable[[float], str],
        floor: float = 0.0,
        least: float = 1e-3,
    ) -> None:
        self._section(p, rect, title, theme)
        peak = max([least, *(v for s in series for _, v in s.values if v is not None)])
        top = _nice(max(peak, 1e-3) if floor == 0 else min(max(peak, 0.05), floor * 1.05))
        values = [fmt(top * k / 2) for k in range(3)]
        plot = self.plot_room(rect, plot, values)
        taken: list[QRectF] = []
        self.value_grid(p, rect, plot, values, theme, taken)
        step = nice_step(span)
        tick = (int(t0 / step) + 1) * step if t0 > 0 else 0.0
        while tick <= t0 + span + 1e-9:
            x = plot.x() + plot.width() * (tick - t0) / span
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
        p.save()
        p.setClipRect(plot.adjusted(-2, -2, 2, 2))
        for s in series:
            pen = QPen(s.color, 2.0)
            pen.setStyle(s.style)
            p.setPen(pen)
            line = QPolygonF()
            for when, value in s.values:
                if value is None:
                    if line.size() > 1:
                        p.drawPolyline(line)
                    line = QPolygonF()
                    continue
                x = plot.x() + plot.width() * (when - t0) / span
                y = plot.bottom() - plot.height() * min(value, top * 1.02) / top
                line.append(QPointF(x, y))
            if line.size() > 1:
                p.drawPolyline(line)
            elif line.size() == 1:
                p.drawEllipse(line.at(0), 2, 2)
        p.restore()
        x = plot.x()
        legends = [
            f"{tr_msg(s.label)} {fmt(last) if last is not None else '–'}"
            for s in series
            for last in [next((v for _, v in reversed(s.values) if v is not None), None)]
        ]
        widths = [self.drawn_width(legend, 11) + 8 for legend in legends]
        room = rect.right() - 8 - x
        widths = _share(widths, room - 30 * len(widths))
        y = rect.bottom() - 16
        high = max(16.0, self.line_height(11))
        for s, legend, width in zip(series, legends, widths, strict=True):
            pen = QPen(s.color, 2.0)
            pen.setStyle(s.style)
            p.setPen(pen)
            p.drawLine(QPointF(x, y), QPointF(x + 18, y))
            self.text(p, QRectF(x + 22, y - high / 2, width, high), legend, theme.text, 11)
            x += 22 + width + 8
