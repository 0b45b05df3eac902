"""The caption band: the scene's words at that moment, under the picture of an exported frame.

A slide wants the sentence that explains the picture as much as the picture itself, so exports
draw the caption the window shows below the canvas into the file too. The band sits inside the
requested size (a 1280x720 export stays 1280x720): it takes the height the wrapped caption needs,
and the 16:9 picture is letterboxed, centred, into what is left above it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen

from visualizer.core.contract import Frame, Scene
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import SceneView
from visualizer.draw.theme import Theme

# Text height as a share of the picture's height: 1/36 is 20 px at 720 and 30 px at 1080,
# the size a caption needs to be read from the back of a room.
FONT_SHARE = 1 / 36
MAX_LINES = 3  # a caption is one or two sentences; beyond three lines the picture would shrink
# The band always has room for two lines, so the picture does not jump up and down between the
# frames of an animation as the caption changes from one line to two (and the view's cached
# static layer, made for one size, stays valid).
MIN_LINES = 2
FLAGS = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)


def caption_text(scene: Scene[Any], frame: Frame[Any]) -> str:
    """The caption of ``frame`` in the current language, as the window shows it."""
    return tr_msg(scene.caption(frame.state, frame.t)).strip()


def _font(view: SceneView[Any], px: int) -> QFont:
    font = QFont(view.family) if view.family else QFont()
    font.setPixelSize(px)
    return font


def band_layout(
    view: SceneView[Any], text: str, width: float, height: float
) -> tuple[QFont, float, float]:
    """The font, band height and padding for ``text`` under a ``width`` x ``height`` picture.

    A caption longer than :data:`MAX_LINES` at the usual size gets a smaller font (down to
    two thirds of it) rather than being cut off or eating the picture.
    """
    base = max(10, round(height * FONT_SHARE))
    font = _font(view, base)
    if not text:
        return font, 0.0, 0.0
    for px in range(base, max(9, round(base * 2 / 3)) - 1, -1):
        font = _font(view, px)
        metrics = QFontMetricsF(font)
        pad = metrics.height() * 0.6
        inner = QRectF(0, 0, max(1.0, width - 4 * pad), 10 * height)
        needed = metrics.boundingRect(inner, FLAGS, text).height()
        if needed <= metrics.lineSpacing() * MAX_LINES + 1:
            break
    needed = max(needed, metrics.boundingRect(inner, FLAGS, "\n".join(["Ag"] * MIN_LINES)).height())
    return font, needed + 2 * pad, pad


def paint_with_caption(
    p: QPainter,
    view: SceneView[Any],
    rect: QRectF,
    frame: Frame[Any],
    theme: Theme,
    text: str,
) -> None:
    """The view's picture of ``frame`` in ``rect`` with ``text`` in a band along its bottom."""
    font, band, pad = band_layout(view, text, rect.width(), rect.height())
    picture = QRectF(rect.x(), rect.y(), rect.width(), rect.height() - band)
    view.paint(p, picture, frame, theme)
    if band <= 0:
        return
    area = QRectF(rect.x(), picture.bottom(), rect.width(), band)
    p.save()
    p.fillRect(area, theme.panel)
    p.setPen(QPen(theme.border, 1))
    p.drawLine(area.topLeft(), area.topRight())
    p.setFont(font)
    p.setPen(theme.text)
    p.drawText(area.adjusted(2 * pad, pad, -2 * pad, -pad), FLAGS, text)
    p.restore()
