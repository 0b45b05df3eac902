"""Colours of the picture, light and dark, with a colour-blind-safe palette for actors.

Actor colours are the Okabe-Ito palette, which stays distinguishable with the common colour
vision deficiencies. States never rely on colour alone: views also use shape (filled, outlined,
dashed) and a text label.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")


@dataclass(frozen=True)
class Theme:
    name: str
    background: QColor
    panel: QColor
    border: QColor
    text: QColor
    muted: QColor
    accent: QColor
    danger: QColor
    ok: QColor
    actors: tuple[QColor, ...]

    def actor(self, index: int) -> QColor:
        return self.actors[index % len(self.actors)]


def _palette(*names: str) -> tuple[QColor, ...]:
    return tuple(QColor(n) for n in names)


LIGHT = Theme(
    name="light",
    background=QColor("#FAFAF7"),
    panel=QColor("#EFEFEA"),
    border=QColor("#B8B8B0"),
    text=QColor("#1D1D1B"),
    muted=QColor("#6B6B66"),
    accent=QColor("#0072B2"),
    danger=QColor("#C0392B"),
    ok=QColor("#009E73"),
    actors=_palette(*OKABE_ITO[:6], "#8C6D00"),
)

DARK = Theme(
    name="dark",
    background=QColor("#1B1D21"),
    panel=QColor("#26292F"),
    border=QColor("#4A4F58"),
    text=QColor("#ECECE8"),
    muted=QColor("#A0A3A8"),
    accent=QColor("#56B4E9"),
    danger=QColor("#FF6B5B"),
    ok=QColor("#3FD0A0"),
    actors=_palette(*OKABE_ITO),
)

THEMES = {"light": LIGHT, "dark": DARK}
