"""Colour arithmetic shared by every view, so "a tint of the panel colour" means one thing."""

from __future__ import annotations

from PySide6.QtGui import QColor


def mix(color: QColor, base: QColor, amount: float) -> QColor:
    """``color`` laid over ``base`` at ``amount`` opacity, as one opaque colour (cheap to fill)."""
    k = min(1.0, max(0.0, amount))
    return QColor.fromRgbF(
        color.redF() * k + base.redF() * (1 - k),
        color.greenF() * k + base.greenF() * (1 - k),
        color.blueF() * k + base.blueF() * (1 - k),
    )
