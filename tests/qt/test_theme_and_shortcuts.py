"""Light and dark themes (following the system by default) and the keyboard.

Themes: the system's colour scheme picks the theme unless the user chose one, the whole window
(not only the picture) takes its colours, text stays readable on every background, and the actor
colours are the colour-blind-safe Okabe-Ito palette. Keyboard: every shortcut the issue names
does what it says when pressed, sits in a menu, and is listed in the F1 dialog.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from visualizer.draw.theme import (
    DARK,
    LIGHT,
    OKABE_ITO,
    Theme,
    apply_theme,
    palette_for,
    resolve_theme,
    theme_for_scheme,
)
from visualizer.ui.help_dialog import menu_shortcuts
from visualizer.ui.main_window import MainWindow

# The keys: play/pause, step, step back, restart, screenshot, export, help.
REQUIRED_KEYS = ("Space", "Right", "Left", "R", "Ctrl+S", "Ctrl+E", "F1")


def open_window(qtbot: Any, theme: Theme = LIGHT) -> MainWindow:
    window = MainWindow("event-loop", "gather", theme=theme)
    qtbot.addWidget(window)
    window.show()
    window.start()
    # Window shortcuts fire only in the active window, as for a user.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window


def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# -- themes ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (Qt.ColorScheme.Dark, DARK),
        (Qt.ColorScheme.Light, LIGHT),
        (Qt.ColorScheme.Unknown, LIGHT),
    ],
)
def test_the_system_scheme_picks_the_theme(scheme: Qt.ColorScheme, expected: Theme) -> None:
    assert theme_for_scheme(scheme) is expected


def test_a_manual_choice_wins_and_an_unknown_one_follows_the_system(qapp: QApplication) -> None:
    assert resolve_theme("dark") is DARK
    assert resolve_theme("light") is LIGHT
    system = theme_for_scheme(QGuiApplication.styleHints().colorScheme())
    assert resolve_theme("system") is system
    assert resolve_theme("purple") is system


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_text_is_readable_on_every_background(theme: Theme) -> None:
    """WCAG AA for normal text (4.5:1) for every text colour on both backgrounds."""
    for background in (theme.background, theme.panel):
        for name in ("text", "muted", "accent", "danger"):
            colour: QColor = getattr(theme, name)
            ratio = contrast(colour, background)
            assert ratio >= 4.5, f"{theme.name}: {name} on {background.name()} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_actors_use_the_colour_blind_safe_palette(theme: Theme) -> None:
    okabe_ito = [QColor(c) for c in OKABE_ITO]
    # Yellow is too pale on a light background; the light theme swaps in a dark gold for it.
    assert list(theme.actors[:6]) == okabe_ito[:6]
    assert len({c.name() for c in theme.actors}) == len(theme.actors)
    assert theme.actor(len(theme.actors)) == theme.actor(0)


def test_the_palette_colours_the_widgets(qapp: QApplication, ui_state: None) -> None:
    applied = apply_theme(qapp, "dark")
    assert applied is DARK
    palette = qapp.palette()
    assert palette.color(QPalette.ColorRole.Window) == DARK.panel
    assert palette.color(QPalette.ColorRole.Base) == DARK.background
    assert palette.color(QPalette.ColorRole.Text) == DARK.text
    assert palette_for(LIGHT).color(QPalette.ColorRole.WindowText) == LIGHT.text


def test_the_window_follows_the_system_unless_told_otherwise(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, qapp: QApplication, ui_state: None
) -> None:
    window = open_window(qtbot)
    hints = QGuiApplication.styleHints()

    window.choose_theme("system")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.theme is DARK and window.canvas.theme is DARK
    assert qapp.palette().color(QPalette.ColorRole.Window) == DARK.panel
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window.theme is LIGHT

    window.theme_actions["dark"].trigger()
    assert window.theme_choice == "dark" and window.theme_actions["dark"].isChecked()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window.theme is DARK, "a manual choice must not follow the system"
    close(window, qtbot, qt_loop)


def test_the_dark_picture_is_drawn_dark(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    window = open_window(qtbot)
    window.theme_actions["dark"].trigger()
    qtbot.wait(100)
    image = window.canvas.grab().toImage()
    for x, y in ((2, 2), (image.width() - 3, 2), (2, image.height() - 3)):
        pixel = image.pixelColor(x, y)
        assert abs(pixel.lightness() - DARK.background.lightness()) <= 3, (x, y, pixel.name())
    close(window, qtbot, qt_loop)


# -- keyboard -------------------------------------------------------------------------------
def test_every_required_shortcut_is_in_a_menu_and_in_the_help_dialog(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_window(qtbot)
    in_menus = {keys for _, keys in menu_shortcuts(window)}
    native = {
        k: QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in REQUIRED_KEYS
    }
    missing = [k for k, shown in native.items() if shown not in in_menus]
    assert not missing, f"no menu action for {missing}"

    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert dialog is not None and dialog.isVisible()
    listed = {
        dialog.table.item(row, 1).text(): dialog.table.item(row, 0).text()
        for row in range(dialog.table.rowCount())
    }
    for key, shown in native.items():
        assert listed.get(shown), f"{key} is not listed in the help dialog"
    assert listed[native["Space"]] == window.actions_by_name["play"].text()
    dialog.close()
    close(window, qtbot, qt_loop)


def test_the_help_dialog_speaks_the_current_language(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    window = open_window(qtbot)
    window.show_help()
    dialog = window.help_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Keyboard shortcuts"
    window.choose_language("ko")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "단축키", timeout=5000)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "재생/일시정지" in names
    dialog.close()
    close(window, qtbot, qt_loop)


def test_the_keys_do_what_they_say(qt_loop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
    window = open_window(qtbot)
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: session.recorder.finished, timeout=10_000)
    playback = session.playback

    playing = playback.playing
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert playback.playing is not playing
    if playback.playing:
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not playback.playing

    session.seek(0.0)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    after_step = playback.t
    assert after_step > 0.0
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert playback.t > after_step
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert playback.t == pytest.approx(after_step)

    recorder = session.recorder
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert session.recorder is not recorder, "R restarts the run: a new recording"
    close(window, qtbot, qt_loop)
