"""Where the blocking scene's panels and their parts go, computed before anything is painted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRectF

from visualizer.scenes.blocking.harness import SYNC_MODES


def panel_rects(count: int) -> list[QRectF]:
    """Where the panels go in the 1280x720 design space: one big panel, or the 2x2 grid."""
    if count <= 1:
        return [QRectF(20, 60, 1240, 648)]
    w, h = 614.0, 322.0
    return [QRectF(20 + (i % 2) * (w + 12), 52 + (i // 2) * (h + 10), w, h) for i in range(4)]


@dataclass(frozen=True)
class Pane:
    """The places of one reader's panel: its title bar, body, stack, side and strip."""

    mode: str
    rect: QRectF
    compact: bool
    top: QRectF
    title_w: float
    strip: QRectF
    move_rect: QRectF
    stack: QRectF
    side: QRectF


def layout_panes(
    modes: list[str],
    title_w: Callable[[str, bool], float],
    strip_line: Callable[[bool], float],
) -> list[Pane]:
    """Where each reader's panel and its parts go (``title_w``: the title's width in px;
    ``strip_line``: a line of the strip's row names as drawn, compact or not)."""
    compact = len(modes) > 1
    panes = []
    for rect, mode in zip(panel_rects(len(modes)), modes, strict=False):
        pad = 10.0 if compact else 16.0
        title_h = 24.0 if compact else 30.0
        top = QRectF(rect.x() + pad, rect.y() + 6, rect.width() - 2 * pad, title_h)
        line = strip_line(compact)
        rows = 2 if mode in SYNC_MODES else 4
        # As designed, unless the row names (enlarged by the window's text floor) need more.
        strip_h = max(78.0 if compact else 150.0, rows * (line - 1) + max(12.0, line))
        body_top = top.bottom() + (8 if compact else 14)
        strip = QRectF(
            rect.x() + pad, rect.bottom() - pad - strip_h, rect.width() - 2 * pad, strip_h
        )
        move_h = 18.0 if compact else 26.0
        move_rect = QRectF(strip.x(), strip.y() - move_h - 4, strip.width(), move_h)
        body = QRectF(
            rect.x() + pad, body_top, rect.width() - 2 * pad, move_rect.y() - body_top - 4
        )
        stack_w = body.width() * (0.68 if compact else 0.64)
        stack = QRectF(body.x(), body.y(), stack_w, body.height())
        side = QRectF(
            body.x() + stack_w + pad, body.y(), body.width() - stack_w - pad, body.height()
        )
        width = title_w(mode, compact)
        panes.append(Pane(mode, rect, compact, top, width, strip, move_rect, stack, side))
    return panes
