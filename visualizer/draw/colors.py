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


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


_OUTLINES: dict[tuple[int, int, float], QColor] = {}
_INKS: dict[int, QColor] = {}
_INK_DARK, _INK_LIGHT = QColor("#111111"), QColor("#FFFFFF")


def readable_outline(color: QColor, background: QColor, minimum: float = 3.0) -> QColor:
    """``color`` darkened (on light backgrounds) or lightened (on dark ones) until an outline
    drawn in it stands out at ``minimum`` contrast, the WCAG level for shapes.

    Okabe-Ito orange and sky blue are pale on a light background: as a thin outline alone
    (ready and waiting tokens) they nearly vanish.
    """
    key = (color.rgba(), background.rgba(), minimum)
    cached = _OUTLINES.get(key)
    if cached is not None:  # a theme has a handful of colours: each is worked out once
        return QColor(cached)
    out = QColor(color)
    darken = _luminance(background) > 0.5
    for _ in range(12):
        if contrast(out, background) >= minimum:
            break
        out = out.darker(115) if darken else out.lighter(115)
    if len(_OUTLINES) < 4096:
        _OUTLINES[key] = QColor(out)
    return out


def ink_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on ``color``."""
    key = color.rgba()
    ink = _INKS.get(key)
    if ink is None:
        luminance = 0.299 * color.redF() + 0.587 * color.greenF() + 0.114 * color.blueF()
        ink = _INK_DARK if luminance > 0.55 else _INK_LIGHT
        if len(_INKS) < 4096:
            _INKS[key] = ink
    return QColor(ink)
