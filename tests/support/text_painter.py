"""A painter that still paints and also records where each text went, in device pixels.

Views call methods on the painter they are given, so a Python subclass of QPainter sees every
``drawText`` a view (or a :class:`~visualizer.draw.scene_view.SceneView` helper) makes; the
views' cached token images are only used on a plain QPainter, so nothing is hidden from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QStaticText


@dataclass(frozen=True)
class TextBox:
    """The ink box of one text as drawn (device pixels) and its font's pixel size there."""

    text: str
    rect: QRectF
    font_px: float


class TextPainter(QPainter):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.texts: list[TextBox] = []

    def _record(self, text: str, local: QRectF) -> None:
        if not text.strip() or self.pen().style() == Qt.PenStyle.NoPen:
            return
        transform = self.deviceTransform()
        rect = transform.mapRect(local)
        clip = self.clipBoundingRect() if self.hasClipping() else None
        if clip is not None:
            rect = rect.intersected(transform.mapRect(clip))
        if rect.isEmpty():
            return
        px = self.font().pixelSize()
        if px <= 0:
            px = round(self.font().pointSizeF() * 96 / 72)
        self.texts.append(TextBox(text, rect, px * abs(transform.m22())))

    def drawText(self, *args: Any) -> None:
        super().drawText(*args)
        metrics = QFontMetricsF(self.font())
        first = args[0]
        if isinstance(first, (QRectF,)) and len(args) >= 3:
            flags, text = int(args[1]), str(args[2])
            # The painter's own layout: it includes the fallback font that draws Hangul, whose
            # line is taller than the primary (Latin) font's metrics say.
            self._record(text, self.boundingRect(first, flags, text))
        elif isinstance(first, QPointF) and len(args) >= 2:
            text = str(args[1])
            box = metrics.tightBoundingRect(text).translated(first)
            self._record(text, box)

    def drawStaticText(self, *args: Any) -> None:
        super().drawStaticText(*args)
        point, static = args[0], args[-1]
        if isinstance(static, QStaticText) and isinstance(point, QPointF):
            size = static.size()
            self._record(static.text(), QRectF(point.x(), point.y(), size.width(), size.height()))


def overlaps(texts: list[TextBox], slack: float = 1.0) -> list[tuple[TextBox, TextBox]]:
    """Pairs of texts whose ink boxes overlap by more than ``slack`` pixels each way."""
    out = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            inter = a.rect.intersected(b.rect)
            if inter.width() > slack and inter.height() > slack:
                out.append((a, b))
    return out
