"""The base of every scene's view: a fixed 1280x720 drawing space scaled to any target.

Views draw in logical coordinates of :data:`DESIGN` so that the window, a 2x screenshot and an
exported animation show exactly the same picture at any size. A view is stateless apart from
caches: everything it draws comes from the :class:`~visualizer.session.Frame` it is given.

A frame is drawn in two passes. :meth:`SceneView.layout` computes where everything goes (the
places: rectangles, text boxes, token positions) from the frame alone; the paint pass only paints
those places. The part of the picture that does not change from frame to frame (panels, static
titles, axes: whatever :meth:`SceneView.draw_static` paints) is painted once per theme, language,
size and :meth:`SceneView.static_key` into an image and copied into every later frame, pixel for
pixel the same as painting it again, so a frame costs only what moves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QTransform

from visualizer.core.contract import Frame, Scene
from visualizer.core.text import Msg, seconds
from visualizer.draw.colors import ink_on, readable_outline
from visualizer.draw.i18n import current_language, tr_msg
from visualizer.draw.theme import Theme

S = TypeVar("S")
LAYERS_KEPT = 4  # static layers cached per view: both themes, a resize or two
ELIDED_KEPT = 4096  # elided label texts cached per view before the cache starts over
SPRITES_KEPT = 2048  # small token images cached per view before the cache starts over
DESIGN = QSizeF(1280, 720)
# The text floor enlarges a label at most this much, and holds only down to this scale of the
# design: past them the layout's boxes, designed for the label's own size, no longer hold it
# (a picture that small needs the side panels folded or presentation mode).
FLOOR_GROWTH_MAX = 2.0
FLOOR_SCALE_MIN = 0.7
ALIGN_L = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_C = Qt.AlignmentFlag.AlignCenter
ALIGN_R = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


class SceneView(Generic[S]):
    """Draws one scene's state.

    A view implements either :meth:`draw` (one pass) or the two passes: :meth:`layout` returning
    its places, :meth:`draw_places` painting them, and optionally :meth:`static_key` with
    :meth:`draw_static` for the part of the picture that a cached layer can hold.
    """

    def __init__(self, scene: Scene[S]) -> None:
        self.scene = scene
        self._fonts: dict[tuple[int, bool], QFont] = {}
        self._metrics: dict[tuple[int, bool], QFontMetricsF] = {}
        self._elided: dict[Hashable, str] = {}
        self._fitting: dict[tuple[int, int, bool, float], int] = {}
        self._layers: dict[Hashable, QImage] = {}
        self._sprites: dict[Hashable, QImage] = {}
        self.family = ""
        # Text sizing for the window: ``text_zoom`` scales every label (View → Zoom), and
        # ``min_text_px`` is the smallest text in target pixels (a projector at 1280x720 shrinks
        # the design space, and 10 px labels would come out at 6). Exports keep both neutral, so
        # an exported frame is the designed picture.
        self.text_zoom = 1.0
        self.min_text_px = 0.0
        self._floor = 0.0  # min_text_px in design pixels for the paint under way

    def paint(self, p: QPainter, rect: QRectF, frame: Frame[S], theme: Theme) -> None:
        """Fill ``rect`` and draw the frame letterboxed into it at the largest scale that fits."""
        scale = min(rect.width() / DESIGN.width(), rect.height() / DESIGN.height())
        scale *= math.hypot(p.worldTransform().m11(), p.worldTransform().m12()) or 1.0
        self._floor = self.min_text_px / max(scale, FLOOR_SCALE_MIN)
        places = self.layout(frame)
        key = self.static_key(places)
        # A recording painter (a subclass: the tests') sees the static part drawn too.
        cached = key is not None and type(p) is QPainter
        layer = self._static_layer(p, rect, theme, key, places) if cached else None
        p.save()
        if layer is not None:
            p.drawImage(rect.topLeft(), layer)
        else:
            p.fillRect(rect, theme.background)
        if self._enter(p, rect):
            if layer is None and key is not None:
                self.draw_static(p, places, theme)
            self.draw_places(p, frame, places, theme)
        p.restore()

    @staticmethod
    def _enter(p: QPainter, rect: QRectF) -> bool:
        """Map :data:`DESIGN` onto ``rect`` (centred, aspect kept); False when nothing shows."""
        scale = min(rect.width() / DESIGN.width(), rect.height() / DESIGN.height())
        if scale <= 0:
            return False
        ox = rect.x() + (rect.width() - DESIGN.width() * scale) / 2
        oy = rect.y() + (rect.height() - DESIGN.height() * scale) / 2
        p.translate(ox, oy)
        p.scale(scale, scale)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setClipRect(QRectF(0, 0, DESIGN.width(), DESIGN.height()))
        return True

    def _static_layer(
        self, p: QPainter, rect: QRectF, theme: Theme, key: Hashable, places: Any
    ) -> QImage | None:
        """The cached image of the static part, or None where a copy would not match pixel for
        pixel (a rotated or scaled painter, a target not on whole device pixels), or where the
        painter is a subclass that sees each call (one that records what a view draws)."""
        if type(p) is not QPainter:
            return None
        world = p.worldTransform()
        if world.type().value > QTransform.TransformationType.TxTranslate.value:
            return None
        device = p.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        corners = (world.dx() + rect.x(), world.dy() + rect.y(), rect.width(), rect.height())
        if any(abs(v * dpr - round(v * dpr)) > 1e-6 for v in corners) or rect.isEmpty():
            return None
        fmt = QImage.Format.Format_ARGB32_Premultiplied
        if isinstance(device, QImage) and device.format() == QImage.Format.Format_RGB32:
            fmt = QImage.Format.Format_RGB32
        text = (self.text_zoom, self._floor)
        full = (
            key,
            theme.name,
            current_language(),
            self.family,
            rect.size().toTuple(),
            dpr,
            fmt,
            text,
        )
        image = self._layers.get(full)
        if image is not None:
            return image
        image = QImage(round(rect.width() * dpr), round(rect.height() * dpr), fmt)
        image.setDevicePixelRatio(dpr)
        local = QRectF(0, 0, rect.width(), rect.height())
        q = QPainter(image)
        try:
            q.fillRect(local, theme.background)
            if self._enter(q, local):
                self.draw_static(q, places, theme)
        finally:
            q.end()
        if len(self._layers) >= LAYERS_KEPT:
            del self._layers[next(iter(self._layers))]
        self._layers[full] = image
        return image

    def layout(self, frame: Frame[S]) -> Any:
        """Where everything of ``frame`` goes; read by the paint pass and by hit-testing."""
        return None

    def static_key(self, places: Any) -> Hashable | None:
        """What the static layer depends on besides theme, language and size; None: no layer."""
        return None

    def draw_static(self, p: QPainter, places: Any, theme: Theme) -> None:
        """Paint the part of the picture that :meth:`static_key` identifies."""

    def draw_places(self, p: QPainter, frame: Frame[S], places: Any, theme: Theme) -> None:
        """Paint the frame at the places :meth:`layout` gave (one-pass views: :meth:`draw`)."""
        self.draw(p, frame, theme)

    def draw(self, p: QPainter, frame: Frame[S], theme: Theme) -> None:
        """Both passes, uncached (two-pass views); one-pass views override this instead."""
        places = self.layout(frame)
        if self.static_key(places) is not None:
            self.draw_static(p, places, theme)
        self.draw_places(p, frame, places, theme)

    # -- helpers shared by views ---------------------------------------------------------
    def text_px(self, size: int) -> int:
        """The pixel size a label designed at ``size`` is drawn at: zoomed, and never under
        the floor (boxes keep their size: a longer label is elided, not spilled)."""
        if self.text_zoom == 1.0 and self._floor <= size:
            return size
        floor = min(math.ceil(self._floor - 1e-6), round(size * FLOOR_GROWTH_MAX))
        return max(round(size * self.text_zoom), floor)

    def font(self, size: int, bold: bool = False) -> QFont:
        return self._font_at(self.text_px(size), bold)

    def _font_at(self, size: int, bold: bool) -> QFont:
        key = (size, bold)
        font = self._fonts.get(key)
        if font is None:
            font = QFont(self.family) if self.family else QFont()
            font.setPixelSize(size)
            font.setBold(bold)
            self._fonts[key] = font
            self._metrics[key] = QFontMetricsF(font)
        return font

    def text_width(self, text: str, size: int, bold: bool = False) -> float:
        """The width at the designed size: layouts keep their places under zoom and the text
        floor, and a label grown past its box is elided there instead of pushing others away."""
        return self._metrics_at(size, bold).horizontalAdvance(text)

    def _metrics_at(self, px: int, bold: bool) -> QFontMetricsF:
        self._font_at(px, bold)
        return self._metrics[(px, bold)]

    def drawn_width(self, text: str, size: int, bold: bool = False) -> float:
        """The width a label designed at ``size`` takes as drawn (zoom and floor included):
        for the few places that make room for a label instead of eliding it (axis values)."""
        return self._metrics_at(self.text_px(size), bold).horizontalAdvance(text)

    def _fitting_px(self, size: int, bold: bool, height: float, align: Qt.AlignmentFlag) -> int:
        """The pixel size to draw a one-line label designed at ``size`` in a box ``height``
        high: enlarged by zoom and floor only as far as its line still fits the box (a box is
        never made higher by its label, so rows laid out apart stay apart), and never under
        the designed size. Word-wrapped text keeps the enlarged size (it has its own box)."""
        px = self.text_px(size)
        if px <= size or int(align) & int(Qt.TextFlag.TextWordWrap):
            return px
        key = (size, px, bold, round(height, 1))
        fitted = self._fitting.get(key)
        if fitted is None:
            if len(self._fitting) >= ELIDED_KEPT:
                self._fitting.clear()
            fitted = px
            while fitted > size and self._metrics_at(fitted, bold).height() > height + 2:
                fitted -= 1
            self._fitting[key] = fitted
        return fitted

    def line_height(self, size: int, bold: bool = False) -> float:
        """The height a line of a label designed at ``size`` takes as drawn (zoom and floor
        included): what a row must give a label so that it does not run into the next row."""
        return self._metrics_at(self.text_px(size), bold).height()

    def text(
        self,
        p: QPainter,
        rect: QRectF,
        text: str | Msg,
        color: QColor,
        size: int = 14,
        bold: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        elide: bool = True,
        taken: list[QRectF] | None = None,
    ) -> bool:
        """Draw a label in ``rect``; False where nothing was drawn.

        A label elided down to its ellipsis says nothing and is left out. With ``taken`` (the
        ink boxes of the labels already placed in one group, such as an axis and its title)
        a label that would run into one of them is left out and the others keep their place;
        one that is drawn adds its box to the list.
        """
        string = tr_msg(text) if isinstance(text, Msg) else text
        size = self._fitting_px(size, bold, rect.height(), align)
        p.setFont(self._font_at(size, bold))
        p.setPen(color)
        if elide:
            key = (string, size, bold, rect.width())
            elided = self._elided.get(key)
            if elided is None:
                if len(self._elided) >= ELIDED_KEPT:
                    self._elided.clear()
                elided = self._metrics[(size, bold)].elidedText(
                    string, Qt.TextElideMode.ElideRight, rect.width()
                )
                self._elided[key] = elided
            if elided == "…" and string != "…":
                return False
            string = elided
        if taken is not None:
            ink = self._metrics[(size, bold)].boundingRect(rect, int(align), string)
            if any(_meet(ink, other) for other in taken):
                return False
            taken.append(ink)
        p.drawText(rect, int(align), string)
        return True

    def wrapped(
        self, p: QPainter, rect: QRectF, text: str | Msg, color: QColor, size: int = 11
    ) -> None:
        """Text that may take several lines inside ``rect`` (top-left aligned, word-wrapped).
        Lines that do not fit (the window's text floor makes them larger) are cut at the last
        whole word that fits, with an ellipsis, instead of running into what lies below."""
        string = tr_msg(text) if isinstance(text, Msg) else text
        px = self.text_px(size)
        key = ("wrap", string, px, rect.width(), rect.height())
        fitted = self._elided.get(key)
        if fitted is None:
            metrics = self._metrics_at(px, False)

            def fits(candidate: str) -> bool:
                box = metrics.boundingRect(rect, int(WRAP), candidate)
                return box.height() <= rect.height() + 1

            fitted = string
            if not fits(string):
                words = string.split(" ")
                low, high = 0, len(words) - 1  # the most words that fit with the ellipsis
                while low < high:
                    mid = (low + high + 1) // 2
                    if fits(" ".join(words[:mid]) + "…"):
                        low = mid
                    else:
                        high = mid - 1
                fitted = " ".join(words[:low]) + "…" if low else ""
            if len(self._elided) >= ELIDED_KEPT:
                self._elided.clear()
            self._elided[key] = fitted
        if fitted:
            self.text(p, rect, fitted, color, size, False, WRAP, elide=False)

    def box(
        self,
        p: QPainter,
        rect: QRectF,
        fill: QColor | None,
        border: QColor,
        radius: float = 6.0,
        dashed: bool = False,
        width: float = 1.5,
        pattern: tuple[float, ...] = (),
        cache: bool = True,
    ) -> None:
        """A rounded box; ``dashed`` draws Qt's dash line, ``pattern`` a dash pattern of its own.

        ``cache=False`` for a box that moves or fades: each frame would need a new image.
        """
        if not cache:
            _box(p, rect, fill, border, radius, dashed, width, pattern)
            return
        rgba = fill.rgba() if fill is not None else None
        key = ("box", rgba, border.rgba(), radius, dashed, width, pattern)
        if not self.sprite(
            p,
            rect,
            width,
            key,
            lambda q, r: _box(q, r, fill, border, radius, dashed, width, pattern),
        ):
            _box(p, rect, fill, border, radius, dashed, width, pattern)

    def sprite(
        self,
        p: QPainter,
        rect: QRectF,
        margin: float,
        key: Hashable,
        paint: Callable[[QPainter, QRectF], None],
    ) -> bool:
        """Copy a cached image of ``paint(painter, rect)`` into ``p``; False when it cannot.

        An antialiased rounded shape costs a path fill on every frame (eight times more when its
        fill is translucent); a token looks the same from frame to frame, so its image is painted
        once per size, colour and sub-pixel position and copied after, giving the same pixels.
        Only a plain painter that scales and translates gets a copy: a recording painter (the
        tests' one) sees every call as before.
        """
        if type(p) is not QPainter:
            return False
        t = p.deviceTransform()
        if t.type().value > QTransform.TransformationType.TxScale.value:
            return False
        sx, sy = t.m11(), t.m22()
        # Painted at the same fractional logical position as in place (text is laid out on
        # whole logical pixels) and the same fractional device position (antialiased edges).
        bx, by = math.floor(rect.x() - margin), math.floor(rect.y() - margin)
        local = rect.translated(-bx, -by)
        ox, oy = t.dx() + sx * bx, t.dy() + sy * by
        ix, iy = math.floor(ox), math.floor(oy)
        fx, fy = round(ox - ix, 3), round(oy - iy, 3)
        w, h = round(rect.width(), 3), round(rect.height(), 3)
        lx, ly = round(local.x(), 3), round(local.y(), 3)
        full = (key, w, h, lx, ly, sx, sy, fx, fy, p.renderHints())
        image = self._sprites.get(full)
        if image is None:
            cols = math.ceil(fx + (local.right() + margin) * sx) + 1
            rows = math.ceil(fy + (local.bottom() + margin) * sy) + 1
            if cols * rows > 160_000:
                return False
            image = QImage(cols, rows, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
            q = QPainter(image)
            try:
                q.setRenderHints(p.renderHints())
                q.setTransform(QTransform(sx, 0, 0, sy, fx, fy))
                paint(q, local)
            finally:
                q.end()
            if len(self._sprites) >= SPRITES_KEPT:
                self._sprites.clear()
            self._sprites[full] = image
        p.save()
        p.resetTransform()
        # What is left is the system's part: the device pixel ratio and, when a widget is
        # painted into its window (the backing store, a grab), the widget's offset there.
        # (ix, iy) is in device pixels, so it is mapped back through both, not only the ratio.
        base = p.deviceTransform()
        dpr = base.m11() or 1.0
        image.setDevicePixelRatio(dpr)
        p.drawImage(QPointF((ix - base.dx()) / dpr, (iy - base.dy()) / dpr), image)
        p.restore()
        return True

    def section(
        self,
        p: QPainter,
        rect: QRectF,
        title: str | Msg,
        theme: Theme,
        size: int = 13,
        pad: float = 12,
    ) -> None:
        """A titled panel: the box every part of a scene's picture sits in."""
        self.panel(p, rect, theme)
        self.section_title(p, rect, title, theme, size, pad)

    def panel(self, p: QPainter, rect: QRectF, theme: Theme) -> None:
        """A section's box without its title (a static layer paints it once)."""
        self.box(p, rect, theme.panel, theme.border, 8)

    def section_title(
        self,
        p: QPainter,
        rect: QRectF,
        title: str | Msg,
        theme: Theme,
        size: int = 13,
        pad: float = 12,
    ) -> None:
        title_rect = QRectF(rect.x() + pad, rect.y() + 4, rect.width() - 2 * pad, 22)
        self.text(p, title_rect, title, theme.muted, size, True)

    def chip(
        self,
        p: QPainter,
        rect: QRectF,
        label: str,
        color: QColor,
        theme: Theme,
        style: str = "filled",
        size: int = 13,
    ) -> None:
        """A labelled token; ``style`` is filled (running), outlined (ready) or dashed (waiting).

        Body and label are one cached image: a token costs one copy per frame.
        """
        key = ("chip", label, color.rgba(), style, self.text_px(size), theme.name, self.family)
        if not self.sprite(
            p, rect, 2.0, key, lambda q, r: self._chip(q, r, label, color, theme, style, size)
        ):
            self._chip(p, rect, label, color, theme, style, size)

    def _chip(
        self,
        p: QPainter,
        rect: QRectF,
        label: str,
        color: QColor,
        theme: Theme,
        style: str,
        size: int,
    ) -> None:
        if style == "filled":
            _box(p, rect, color, color.darker(130), rect.height() / 2, False, 1.5)
            text_color = ink_on(color)
        else:
            tint = QColor(color)
            tint.setAlpha(40)
            outline = readable_outline(color, theme.background)
            _box(p, rect, tint, outline, rect.height() / 2, style == "dashed", 2.0)
            text_color = theme.text
        self.text(
            p,
            rect.adjusted(5, 0, -5, 0),
            label,
            text_color,
            size,
            True,
            Qt.AlignmentFlag.AlignCenter,
        )

    def time_axis(
        self,
        p: QPainter,
        x0: float,
        x1: float,
        y: float,
        span: float,
        theme: Theme,
        taken: list[QRectF] | None = None,
    ) -> None:
        """A seconds axis from 0 to ``span`` along ``y``, with round-number ticks; where enlarged
        labels would run into each other (or into ``taken``) a tick keeps its mark only."""
        p.setPen(QPen(theme.border, 1))
        p.drawLine(QPointF(x0, y), QPointF(x1, y))
        step = nice_step(span)
        placed = [] if taken is None else taken
        high = max(14.0, self.line_height(10))
        tick = 0.0
        while tick <= span + 1e-9:
            x = x0 + (x1 - x0) * tick / span
            p.drawLine(QPointF(x, y), QPointF(x, y + 4))
            label = QRectF(x - 30, y + 4, 60, high)
            self.text(
                p,
                label,
                seconds(round(tick, 6), None),
                theme.muted,
                10,
                False,
                ALIGN_C,
                taken=placed,
            )
            tick += step

    def plot_room(
        self, rect: QRectF, plot: QRectF, values: list[str], title_size: int = 13
    ) -> QRectF:
        """A chart's plot as laid out, moved right and down where the window's text floor
        enlarges its value labels: they keep their whole number left of the plot, and the top
        one stays under the chart's title."""
        widest = max(self.drawn_width(v, 10) for v in values)
        left = max(plot.x(), rect.x() + 2 + widest + 6)
        title_bottom = rect.y() + 4 + (22 + self.line_height(title_size, True)) / 2
        top = max(plot.y(), title_bottom + self.line_height(10) / 2 + 1)
        return QRectF(left, top, plot.right() - left, plot.bottom() - top)

    def value_grid(
        self,
        p: QPainter,
        rect: QRectF,
        plot: QRectF,
        values: list[str],
        theme: Theme,
        taken: list[QRectF],
        gap: float = 2.0,
    ) -> None:
        """Level lines from the plot's bottom to its top, evenly spaced, each with its value
        right-aligned ``gap`` left of the plot; the lowest sits above its line, clear of the
        time axis below. The labels' boxes join ``taken``."""
        high = self.line_height(10)
        last = max(1, len(values) - 1)
        width = plot.x() - rect.x() - 2 - gap
        p.setPen(QPen(theme.border, 1))
        for k, value in enumerate(values):
            y = plot.bottom() - plot.height() * k / last
            p.drawLine(QPointF(plot.x(), y), QPointF(plot.right(), y))
            label = QRectF(rect.x() + 2, y - 14 if k == 0 else y - 8, width, 14 if k == 0 else 16)
            if high > 16:
                label = QRectF(label.x(), y - high if k == 0 else y - high / 2, width, high)
            self.text(p, label, value, theme.muted, 10, False, ALIGN_R, taken=taken)

    def arrow(self, p: QPainter, a: QPointF, b: QPointF, color: QColor, width: float = 2.0) -> None:
        p.setPen(QPen(color, width))
        p.drawLine(a, b)
        direction = b - a
        length = max(1e-6, (direction.x() ** 2 + direction.y() ** 2) ** 0.5)
        ux, uy = direction.x() / length, direction.y() / length
        head = 9.0
        left = QPointF(b.x() - head * ux + head * 0.5 * uy, b.y() - head * uy - head * 0.5 * ux)
        right = QPointF(b.x() - head * ux - head * 0.5 * uy, b.y() - head * uy + head * 0.5 * ux)
        p.setBrush(color)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon([b, left, right])


def _meet(a: QRectF, b: QRectF, slack: float = 1.0) -> bool:
    """Whether two ink boxes overlap by more than ``slack`` each way (a shared edge is fine)."""
    inter = a.intersected(b)
    return inter.width() > slack and inter.height() > slack


def _box(
    p: QPainter,
    rect: QRectF,
    fill: QColor | None,
    border: QColor,
    radius: float,
    dashed: bool,
    width: float,
    pattern: tuple[float, ...] = (),
) -> None:
    pen = QPen(border, width)
    if pattern:
        pen.setDashPattern(list(pattern))
    elif dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.setBrush(QBrush(fill) if fill is not None else Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(rect, radius, radius)


def any_view(view: Any) -> SceneView[Any]:
    """Narrow an object loaded by name to a view, for the type checker."""
    assert isinstance(view, SceneView)
    return view


def nice_step(span: float) -> float:
    """A tick spacing that puts at most ten round-numbered ticks on ``span`` seconds."""
    for step in (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0):
        if span / step <= 10:
            return step
    return span / 10
