"""The widget the scene is drawn on; it only asks the session for a frame and paints it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF, QSize, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from visualizer.core.contract import Frame
from visualizer.core.loop_accounting import HOST_WORK
from visualizer.draw.scene_view import SceneView
from visualizer.draw.theme import LIGHT, Theme

MIN_TEXT_PX = 12  # the smallest text on screen: readable from the back of a classroom


class SceneCanvas(QWidget):
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: SceneView[Any] | None = None
        self.frame_source: Callable[[], Frame[Any] | None] = lambda: None
        self.theme: Theme = LIGHT
        self.zoom = 1.0  # View → Zoom: the picture's text, not its boxes
        self.paint_cost = 0.0  # seconds the last paint took (the window times its repaints by it)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(480, 270)
        self.setObjectName("sceneCanvas")

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Never grow taller than the 16:9 picture needs: spare height is better spent below
        it (caption, description) than as empty bands above and below the picture."""
        super().resizeEvent(event)
        limit = max(self.minimumHeight(), round(event.size().width() * 9 / 16))
        if self.maximumHeight() != limit:
            self.setMaximumHeight(limit)

    def paintEvent(self, event: QPaintEvent) -> None:
        start = time.monotonic()
        with HOST_WORK.measure():  # the app's own cost: the lag monitors do not count it
            self._paint()
        self.paint_cost = time.monotonic() - start
        self.painted.emit()

    def _paint(self) -> None:
        painter = QPainter(self)
        try:
            self.paint_into(painter)
        finally:
            painter.end()

    def paint_into(self, painter: QPainter) -> None:
        """Paint the current frame as the screen shows it (tests pass a recording painter)."""
        rect = QRectF(self.rect())
        frame = self.frame_source()
        if self.view is None or frame is None:
            painter.fillRect(rect, self.theme.background)
            return
        self.view.text_zoom = self.zoom
        self.view.min_text_px = MIN_TEXT_PX
        self.view.paint(painter, rect, frame, self.theme)
