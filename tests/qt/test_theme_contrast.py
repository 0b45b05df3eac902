"""Every widget of the window is readable in both themes: its text against its background, and the
playback buttons' icons against the bar (on the dark theme they were nearly invisible)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QToolButton, QWidget

from visualizer.draw.colors import contrast
from visualizer.ui.main_window import MainWindow

TEXT_CONTRAST = 4.5  # WCAG AA for text
ICON_CONTRAST = 3.0  # WCAG for shapes


def _icon_colour(button: QToolButton) -> QColor:
    """The average colour of the icon's solid pixels."""
    image = button.icon().pixmap(button.iconSize()).toImage()
    reds = greens = blues = count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > 200:
                reds, greens, blues = (
                    reds + pixel.red(),
                    greens + pixel.green(),
                    blues + pixel.blue(),
                )
                count += 1
    assert count, f"{button.objectName()} has an empty icon"
    return QColor(reds // count, greens // count, blues // count)


def _text_widgets(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, QLabel | QAbstractButton)
        and w.isVisible()
        and w.isEnabled()
        and ((isinstance(w, QLabel) and w.text()) or (isinstance(w, QAbstractButton) and w.text()))
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_widget_text_and_playback_icon_stands_out_from_its_background(
    theme: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    window = MainWindow("event-loop", "gather", {"tasks": 2})
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    window.choose_theme(theme)
    QApplication.processEvents()
    assert window.theme.name == theme
    widgets = _text_widgets(window)
    assert len(widgets) > 10
    poor = []
    for w in widgets:
        palette = w.palette()
        fg = palette.color(w.foregroundRole())
        bg = palette.color(w.backgroundRole())
        if isinstance(w, QAbstractButton):
            fg, bg = (
                palette.color(QPalette.ColorRole.ButtonText),
                palette.color(QPalette.ColorRole.Button),
            )
        ratio = contrast(fg, bg)
        if ratio < TEXT_CONTRAST:
            poor.append(f"{type(w).__name__} {w.objectName() or w.text()[:30]!r}: {ratio:.1f}")
    bar = window.playback_bar
    background = bar.palette().color(QPalette.ColorRole.Window)
    for button in (bar.restart_button, bar.back_button, bar.play_button, bar.step_button):
        ratio = contrast(_icon_colour(button), background)
        if ratio < ICON_CONTRAST:
            poor.append(f"icon of {button.objectName()}: {ratio:.1f}")
    assert not poor, f"{theme}: low contrast: {poor}"
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
    QGuiApplication.processEvents()
