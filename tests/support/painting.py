"""What a view paints, as data: a QPainter that records every drawing call and still draws.

Views call methods on the painter they are given, so a Python subclass sees every call a view
(or a drawing helper of :class:`~visualizer.draw.scene_view.SceneView`) makes. Each call becomes a
:class:`DrawOp` in device space (after the letterbox scale), so a test can ask "is the READY
QUEUE title drawn", "how many lane bars", "which colour is the background", "do two texts
overlap" or "is any text smaller than 12 px" without comparing images pixel by pixel.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLineF, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPolygonF,
    QStaticText,
)

Rect = tuple[float, float, float, float]  # x, y, width, height in device pixels


@dataclass(frozen=True)
class DrawOp:
    """One drawing call: what, where (device pixels), in which colours and at which text size.

    ``pen`` and ``brush`` are ``#rrggbb`` names (``None`` when that part draws nothing); ``alpha``
    is the alpha of the colour that fills (``brush``) or, for lines and text, of the pen.
    """

    op: str  # text, fill, rect, rounded_rect, ellipse, line, polygon, polyline, path, pixmap
    rect: Rect
    text: str = ""
    pen: str | None = None
    brush: str | None = None
    alpha: int = 255
    dashed: bool = False
    font_px: float = 0.0

    @property
    def colour(self) -> str | None:
        """The colour a viewer sees: the fill of shapes, the pen of lines and text."""
        if self.op in ("text", "line", "polyline"):
            return self.pen
        return self.brush if self.brush is not None else self.pen

    def inside(self, area: Rect, slack: float = 1.0) -> bool:
        x, y, w, h = self.rect
        ax, ay, aw, ah = area
        return (
            x >= ax - slack
            and y >= ay - slack
            and x + w <= ax + aw + slack
            and y + h <= ay + ah + slack
        )


def _name(color: QColor) -> str:
    return color.name(QColor.NameFormat.HexRgb)


def _as_rectf(value: Any) -> QRectF:
    if isinstance(value, QRectF):
        return value
    if isinstance(value, QRect):
        return QRectF(value)
    raise TypeError(f"not a rectangle: {value!r}")


def _bounds_of_points(points: Iterable[QPointF | QPoint]) -> QRectF:
    xs, ys = [], []
    for point in points:
        xs.append(float(point.x()))
        ys.append(float(point.y()))
    if not xs:
        return QRectF()
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _points(args: Sequence[Any]) -> list[QPointF]:
    first = args[0]
    if isinstance(first, QPolygonF):
        return [first.at(i) for i in range(first.size())]
    if isinstance(first, list | tuple):
        return [QPointF(p) for p in first]
    return [QPointF(p) for p in args if isinstance(p, QPointF | QPoint)]


class RecordingPainter(QPainter):
    """A QPainter that appends a :class:`DrawOp` for every drawing call, then draws it."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.ops: list[DrawOp] = []

    # -- what the current state means ---------------------------------------------------------
    def _scale(self) -> float:
        t = self.transform()
        return float(abs(t.determinant()) ** 0.5)

    def _pen(self) -> tuple[str | None, int, bool]:
        pen = self.pen()
        if pen.style() == Qt.PenStyle.NoPen:
            return None, 0, False
        color = pen.color()
        return _name(color), color.alpha(), pen.style() != Qt.PenStyle.SolidLine

    def _brush_of(self, brush: QBrush) -> tuple[str | None, int]:
        if brush.style() == Qt.BrushStyle.NoBrush:
            return None, 0
        return _name(brush.color()), brush.color().alpha()

    def _device(self, rect: QRectF) -> Rect:
        mapped = self.transform().mapRect(rect)
        return (mapped.x(), mapped.y(), mapped.width(), mapped.height())

    def _shape(self, op: str, rect: QRectF) -> None:
        pen, pen_alpha, dashed = self._pen()
        brush, brush_alpha = self._brush_of(self.brush())
        if pen is None and brush is None:
            return  # draws nothing
        alpha = brush_alpha if brush is not None else pen_alpha
        self.ops.append(DrawOp(op, self._device(rect), "", pen, brush, alpha, dashed))

    def _stroke(self, op: str, rect: QRectF) -> None:
        pen, alpha, dashed = self._pen()
        if pen is not None:
            self.ops.append(DrawOp(op, self._device(rect), "", pen, None, alpha, dashed))

    # -- text ---------------------------------------------------------------------------------
    def _text(self, text: str, rect: QRectF, flags: int) -> None:
        if not text:
            return
        metrics = QFontMetricsF(self.font())
        if rect.isNull():
            bounds = metrics.boundingRect(text)
            bounds.translate(rect.topLeft())
        else:
            bounds = metrics.boundingRect(rect, flags, text)
        pen, alpha, _ = self._pen()
        font = self.font()
        size = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72
        px = size * self._scale()
        self.ops.append(DrawOp("text", self._device(bounds), text, pen, None, alpha, False, px))

    def drawText(self, *args: Any) -> Any:
        is_rect = isinstance(args[0], QRectF | QRect)
        if len(args) == 2 and isinstance(args[0], QPointF | QPoint):
            point = QPointF(args[0])
            self._text(str(args[1]), QRectF(point, point), 0)
        elif len(args) == 3 and is_rect and not isinstance(args[1], str):
            flags = args[1] if isinstance(args[1], int) else args[1].value
            self._text(str(args[2]), _as_rectf(args[0]), int(flags))
        elif len(args) >= 2 and is_rect and isinstance(args[1], str):
            self._text(args[1], _as_rectf(args[0]), int(Qt.AlignmentFlag.AlignLeft))
        elif len(args) == 3:
            point = QPointF(float(args[0]), float(args[1]))
            self._text(str(args[2]), QRectF(point, point), 0)
        elif len(args) == 6:
            rect = QRectF(*(float(a) for a in args[:4]))
            self._text(str(args[5]), rect, int(args[4]))
        else:  # an overload this recorder does not know: fail loudly, never miss a text
            raise TypeError(f"RecordingPainter.drawText: unknown overload {args!r}")
        return super().drawText(*args)

    def drawStaticText(self, *args: Any) -> None:
        point = QPointF(args[0]) if len(args) == 2 else QPointF(args[0], args[1])
        static: QStaticText = args[-1]
        size = static.size()
        self._text(static.text(), QRectF(point.x(), point.y(), size.width(), size.height()), 0)
        super().drawStaticText(*args)

    # -- shapes -------------------------------------------------------------------------------
    def fillRect(self, *args: Any) -> None:
        if len(args) == 2:
            rect, fill = _as_rectf(args[0]), args[1]
        else:
            rect, fill = QRectF(*(float(a) for a in args[:4])), args[4]
        brush = fill if isinstance(fill, QBrush) else QBrush(QColor(fill))
        color, alpha = self._brush_of(brush)
        if color is not None:
            self.ops.append(DrawOp("fill", self._device(rect), "", None, color, alpha))
        super().fillRect(*args)

    def drawRect(self, *args: Any) -> None:
        rect = _as_rectf(args[0]) if len(args) == 1 else QRectF(*(float(a) for a in args))
        self._shape("rect", rect)
        super().drawRect(*args)

    def drawRects(self, *args: Any) -> None:
        rects = args[0] if len(args) == 1 and isinstance(args[0], list | tuple) else args
        for rect in rects:
            self._shape("rect", _as_rectf(rect))
        super().drawRects(*args)

    def drawRoundedRect(self, *args: Any) -> None:
        rect = _as_rectf(args[0]) if isinstance(args[0], QRectF | QRect) else QRectF(*args[:4])
        self._shape("rounded_rect", rect)
        super().drawRoundedRect(*args)

    def drawEllipse(self, *args: Any) -> None:
        if len(args) == 1:
            rect = _as_rectf(args[0])
        elif len(args) == 3:
            c = QPointF(args[0])
            rect = QRectF(c.x() - args[1], c.y() - args[2], 2 * args[1], 2 * args[2])
        else:
            rect = QRectF(*(float(a) for a in args))
        self._shape("ellipse", rect)
        super().drawEllipse(*args)

    def drawLine(self, *args: Any) -> None:
        if len(args) == 1:
            line = QLineF(args[0])
            rect = _bounds_of_points([line.p1(), line.p2()])
        elif len(args) == 2:
            rect = _bounds_of_points([QPointF(args[0]), QPointF(args[1])])
        else:
            x1, y1, x2, y2 = (float(a) for a in args)
            rect = _bounds_of_points([QPointF(x1, y1), QPointF(x2, y2)])
        self._stroke("line", rect)
        super().drawLine(*args)

    def drawLines(self, *args: Any) -> None:
        items = args[0] if len(args) == 1 else args
        for item in items:
            line = QLineF(item)
            self._stroke("line", _bounds_of_points([line.p1(), line.p2()]))
        super().drawLines(*args)

    def drawPolygon(self, *args: Any) -> None:
        self._shape("polygon", _bounds_of_points(_points(args)))
        super().drawPolygon(*args)

    def drawConvexPolygon(self, *args: Any) -> None:
        self._shape("polygon", _bounds_of_points(_points(args)))
        super().drawConvexPolygon(*args)

    def drawPolyline(self, *args: Any) -> None:
        self._stroke("polyline", _bounds_of_points(_points(args)))
        super().drawPolyline(*args)

    def drawPath(self, path: QPainterPath) -> None:
        self._shape("path", path.boundingRect())
        super().drawPath(path)

    def fillPath(self, path: QPainterPath, brush: Any) -> None:
        fill = brush if isinstance(brush, QBrush) else QBrush(QColor(brush))
        color, alpha = self._brush_of(fill)
        if color is not None:
            bounds = self._device(path.boundingRect())
            self.ops.append(DrawOp("path", bounds, "", None, color, alpha))
        super().fillPath(path, brush)

    def drawPixmap(self, *args: Any) -> None:
        target = args[0]
        if isinstance(target, QRectF | QRect):
            rect = _as_rectf(target)
        else:
            point = QPointF(target)
            size = args[1].size()
            rect = QRectF(point.x(), point.y(), size.width(), size.height())
        self.ops.append(DrawOp("pixmap", self._device(rect)))
        super().drawPixmap(*args)

    def drawImage(self, *args: Any) -> None:
        target = args[0]
        if isinstance(target, QRectF | QRect):
            rect = _as_rectf(target)
        else:
            point = QPointF(target)
            size = args[1].size()
            rect = QRectF(point.x(), point.y(), size.width(), size.height())
        self.ops.append(DrawOp("pixmap", self._device(rect)))
        super().drawImage(*args)


@dataclass(frozen=True)
class Picture:
    """The recorded calls of one frame and the image they produced."""

    ops: tuple[DrawOp, ...]
    image: QImage

    def texts(self) -> list[str]:
        return [op.text for op in self.ops if op.op == "text"]

    def joined(self) -> str:
        """Every drawn text in one string, for "is this phrase anywhere" checks."""
        return "\n".join(self.texts())

    def has_text(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts())

    def text_op(self, fragment: str) -> DrawOp:
        """The first text containing ``fragment``; fails with the texts drawn when there is none."""
        for op in self.ops:
            if op.op == "text" and fragment in op.text:
                return op
        raise AssertionError(f"{fragment!r} not drawn; texts: {self.texts()}")

    def within(self, area: Rect, *kinds: str) -> list[DrawOp]:
        """The calls that land inside ``area`` (of the given kinds, or any)."""
        return [op for op in self.ops if op.inside(area) and (not kinds or op.op in kinds)]

    def of(self, *kinds: str) -> list[DrawOp]:
        return [op for op in self.ops if op.op in kinds]


def record_view(view: Any, frame: Any, theme: Any, size: tuple[int, int] = (1280, 720)) -> Picture:
    """Paint ``frame`` with ``view`` into a ``size`` image, as the window and exporter do."""
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(theme.background)
    painter = RecordingPainter(image)
    try:
        view.paint(painter, QRectF(0, 0, width, height), frame, theme)
    finally:
        painter.end()
    return Picture(tuple(painter.ops), image)
