"""Drawing helpers shared by every scene's view."""

from __future__ import annotations

from PySide6.QtGui import QColor

from visualizer.draw.colors import contrast, readable_outline
from visualizer.draw.theme import DARK, LIGHT


def test_outlines_are_made_readable_on_both_themes() -> None:
    for theme in (LIGHT, DARK):
        for colour in theme.actors:
            assert contrast(readable_outline(colour, theme.background), theme.background) >= 3.0
    pale = QColor("#56B4E9")  # Okabe-Ito sky blue: too pale as an outline on light paper
    assert contrast(pale, LIGHT.background) < 3.0
    assert readable_outline(pale, LIGHT.background).lightness() < pale.lightness()
