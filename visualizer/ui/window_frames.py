"""The window's per-frame plumbing: the frame at the playback time, the tick, what it updates.

A mixin of :class:`~visualizer.ui.main_window.MainWindow`, kept apart because it is the hot path:
everything here runs once per display refresh, so it compares before it sets.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QLabel, QMainWindow

from visualizer.core.contract import Frame
from visualizer.core.text import Msg, seconds
from visualizer.draw.i18n import tr_msg
from visualizer.draw.theme import Theme
from visualizer.session import SceneSession
from visualizer.ui.canvas import SceneCanvas
from visualizer.ui.editor_panel import EditorPanel
from visualizer.ui.playback_bar import PlaybackBar
from visualizer.ui.script_actions import ScriptActions

TICK_MS = 16
TICK_MS_MIN = 4  # a 240 Hz screen; faster ones still get 240 frames a second at most


# A repaint is held back for a timer due at most this soon (a frame's worth on a slow machine).
MAX_HOLD_S = 0.03


def paint_would_delay(due_in: float, paint_cost: float) -> bool:
    """Whether a paint as long as the last one (with a margin) would still be running when a
    timer due in ``due_in`` seconds should fire; one already due is not waited for (holding
    back for those as well, frame after frame, measured worse)."""
    return 0.0 <= due_in <= min(MAX_HOLD_S, 1.5 * paint_cost + 0.002)


class WindowFrames(QMainWindow):
    """Frame caching and the tick; the window builds the widgets it names."""

    first_painted = Signal()  # the first frame is on screen (start-up is measured to here)
    session: SceneSession[Any] | None
    theme: Theme
    canvas: SceneCanvas
    playback_bar: PlaybackBar
    caption: QLabel
    metrics_label: QLabel
    lag_label: QLabel
    code_panel: EditorPanel
    script_actions: ScriptActions
    _frame: Frame[Any] | None
    _frame_key: tuple[object, ...]
    _painted_key: tuple[object, ...] | None
    _held_back = False  # the last tick held its repaint back for a timer of the code
    _last_tick: float
    _first_paint_sent: bool
    _loop_lag: tuple[float, float]

    def current_frame(self) -> Frame[Any] | None:
        """The frame at the playback time, computed once per change, not once per consumer.

        The tick (caption, code panel, metrics) and the canvas's paint both need it within the
        same 16 ms; the timeline's state copy is the most expensive part of a frame.
        """
        session = self.session
        if session is None:
            return None
        key = (id(session), id(session.recorder), session.playback.t, len(session.timeline))
        if self._frame_key != key or self._frame is None:
            self._frame, self._frame_key = session.frame(), key
        end, finished = session.timeline.end_time(), session.recorder.finished
        if (self._frame.end, self._frame.finished) != (end, finished):  # the run's clock moved on
            self._frame = dataclasses.replace(self._frame, end=end, finished=finished)
        return self._frame

    def _tick(self) -> None:
        now = time.perf_counter()
        dt, self._last_tick = now - self._last_tick, now
        session = self.session
        if session is None:
            return
        session.tick(dt)
        frame = self.current_frame()
        assert frame is not None
        playback = session.playback
        # Repaint only when the picture changes: a paused or finished run costs no frames (its
        # picture stays as it is while paused, even if the code still runs), a live one at most
        # one per tick, and the tick follows the display's refresh.
        # Paused at t, events still arriving come after t: the state at t stays as it was.
        if playback.playing:
            picture: tuple[object, ...] = (self._frame_key, frame.end, frame.finished)
        else:
            picture = (self._frame_key[:3],)
        if picture != self._painted_key and not self._paint_would_delay_the_code():
            self._painted_key = picture
            self.canvas.update()
        self.playback_bar.show_position(
            frame.t, frame.end, playback.playing, playback.live, session.kept_from
        )
        scene = session.scene
        self._set_text(self.caption, scene.caption(frame.state, frame.t))
        self.code_panel.highlight(scene.highlights(frame.state, frame.t), self.theme)
        self.script_actions.tick()
        metrics = "   ".join(  # lines break between metrics, never inside one
            f"{tr_msg(m.label)}: {m.value_text(QCoreApplication.translate)}".replace(" ", "\u00a0")
            for m in scene.metrics(frame.state, frame.t)
        )
        if self.metrics_label.text() != metrics:
            self.metrics_label.setText(metrics)
        latest, worst = self._loop_lag
        lag = self.tr("Loop blocked by the code: longest {worst} (now {now})").format(
            now=tr_msg(seconds(latest, 2)), worst=tr_msg(seconds(worst, 2))
        )
        if self.lag_label.text() != lag:
            self.lag_label.setText(lag)

    def _paint_would_delay_the_code(self) -> bool:
        """Whether one of the code's timers falls due within the time a paint takes: the
        repaint then waits one tick, so that the timer fires on time (the code and the picture
        share one thread; a 'gather' total would otherwise grow by the paint in its way). It
        waits at most one tick in a row, so a busy run still gets its frames."""
        if self._held_back:
            self._held_back = False
            return False
        try:  # never get_event_loop(): outside a running loop it would make a new one
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        next_due = getattr(loop, "next_due", None)
        due = next_due() if next_due is not None else None
        if due is None:
            return False
        self._held_back = paint_would_delay(due - loop.time(), self.canvas.paint_cost)
        return self._held_back

    @staticmethod
    def _set_text(label: QLabel, msg: Msg) -> None:
        text = tr_msg(msg)
        if label.text() != text:
            label.setText(text)

    def _on_painted(self) -> None:
        if not self._first_paint_sent:
            self._first_paint_sent = True
            self.first_painted.emit()

    def set_loop_lag(self, latest: float, worst: float) -> None:
        self._loop_lag = (latest, worst)


def tick_ms(screen: QScreen | None) -> int:
    """Milliseconds between ticks: one display refresh (60 Hz when the screen does not say)."""
    rate = screen.refreshRate() if screen is not None else 0.0
    return max(TICK_MS_MIN, round(1000 / rate)) if rate > 0 else TICK_MS
