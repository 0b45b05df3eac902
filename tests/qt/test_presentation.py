"""A window for a classroom: text readable at 1280x720, zoom, presentation mode, folding panels,
and a note saying what is remembered, with the reset one click away."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tests.support.painting import RecordingPainter
from visualizer.draw.i18n import set_language
from visualizer.draw.theme import LIGHT
from visualizer.export.recording import Recording, record
from visualizer.scenes.registry import load_scene, load_view_class, scene_names
from visualizer.ui.app import prepare_window
from visualizer.ui.main_window import MainWindow
from visualizer.ui.settings_store import SettingsStore

SMALLEST_PX = 12


def _close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def _active(window: MainWindow, qtbot: Any) -> None:
    """Shown and active: window shortcuts reach only the active window."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def _record(qt_loop: asyncio.AbstractEventLoop, qtbot: Any, name: str) -> Recording:
    scene = load_scene(name)
    task = qt_loop.create_task(record(scene, None, scene.values(), 1.0))
    qtbot.waitUntil(task.done, timeout=60_000)
    return task.result()


def _smallest_text(window: MainWindow, rec: Recording) -> tuple[float, str]:
    """The smallest font the canvas draws (device pixels) for the frame at the recording's end,
    painted as the canvas paints itself."""
    canvas = window.canvas
    canvas.view = load_view_class(rec.scene.name)(rec.scene)
    canvas.frame_source = lambda: rec.frame(rec.end)
    image = QImage(canvas.width(), canvas.height(), QImage.Format.Format_RGB32)
    painter = RecordingPainter(image)
    try:
        canvas.paint_into(painter)
    finally:
        painter.end()
    texts = [op for op in painter.ops if op.op == "text" and op.text.strip()]
    assert texts, "the picture drew no text"
    smallest = min(texts, key=lambda op: op.font_px)
    return smallest.font_px, smallest.text


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("name", scene_names())
def test_smallest_text_of_every_scene_is_12px_on_a_1280x720_window(
    name: str, language: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    set_language(language)
    rec = _record(qt_loop, qtbot, name)
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # With both side panels open a 1280-pixel window leaves the picture 700 pixels: that is
    # what folding the panels and presentation mode are for.
    modes = {
        "panels folded": lambda: (
            window.show_panel("left", False),
            window.show_panel("right", False),
        ),
        # The offscreen screen is 800 pixels wide: a normal window of the projector's size
        # stands in for the full screen presentation mode asks for.
        "presentation": lambda: (window.enter_presentation(), window.showNormal()),
    }
    for mode, enter in modes.items():
        enter()
        window.resize(1280, 720)
        qtbot.waitUntil(lambda: window.width() == 1280 and window.height() == 720)
        qtbot.wait(100)  # the layout follows the new size
        px, text = _smallest_text(window, rec)
        canvas = window.canvas.size().toTuple()
        assert px >= SMALLEST_PX, f"{mode}: {text!r} drawn at {px:.1f} px on a {canvas} canvas"
    window.close()


def test_zoom_keys_scale_the_pictures_text_and_ctrl_0_resets(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    rec = _record(qt_loop, qtbot, "event-loop")
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    _active(window, qtbot)

    def sizes() -> list[float]:
        canvas = window.canvas
        canvas.view = load_view_class(rec.scene.name)(rec.scene)
        canvas.frame_source = lambda: rec.frame(rec.end)
        image = QImage(canvas.width(), canvas.height(), QImage.Format.Format_RGB32)
        painter = RecordingPainter(image)
        try:
            canvas.paint_into(painter)
        finally:
            painter.end()
        return sorted(op.font_px for op in painter.ops if op.op == "text")

    before = sizes()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    zoomed = sizes()
    assert window.canvas.zoom == 1.25
    assert zoomed[len(zoomed) // 2] > before[len(before) // 2] * 1.1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.zoom == 1.1
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.zoom == 1.0
    assert sizes() == before
    window.close()


def test_presentation_mode_shows_only_picture_caption_and_playback_and_esc_leaves(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    window = MainWindow("event-loop", "gather", {"tasks": 2})
    qtbot.addWidget(window)
    _active(window, qtbot)
    window.start()
    shown = (window.canvas, window.caption, window.playback_bar)
    hidden = (window.left_panel, window.right_panel, window.menuBar(), window.statusBar())
    for key in (Qt.Key.Key_F5, Qt.Key.Key_F11):
        qtbot.keyClick(window, key)
        qtbot.waitUntil(lambda: window.isFullScreen())
        assert window.presenting
        assert all(w.isVisible() for w in shown)
        assert not any(w.isVisible() for w in hidden)
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.isFullScreen())
        assert not window.presenting
        assert all(w.isVisible() for w in (*shown, *hidden))
    _close(window, qtbot, qt_loop)


def test_side_panels_fold_with_ctrl_1_and_ctrl_2_and_stay_folded_next_time(
    tmp_path: Path, qapp: QApplication, qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    ini = tmp_path / "settings.ini"

    def start() -> MainWindow:
        store = SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat))
        window = prepare_window(qapp, store, "event-loop", None, {}, None)
        qtbot.addWidget(window)
        _active(window, qtbot)
        window.start()
        return window

    window = start()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert not window.left_panel.isVisible() and window.right_panel.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert not window.right_panel.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.left_panel.isVisible()
    _close(window, qtbot, qt_loop)

    again = start()
    assert again.left_panel.isVisible() and not again.right_panel.isVisible()
    _close(again, qtbot, qt_loop)


def test_remembered_settings_are_named_in_the_status_bar_and_reset_in_one_click(
    tmp_path: Path, qapp: QApplication, qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    ini = tmp_path / "settings.ini"
    first = SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat))
    first.set_theme("dark")
    first.set_value("event-loop", "tasks", 12)
    first.sync()
    store = SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat))
    window = prepare_window(qapp, store, "event-loop", None, {}, None)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    hint = window.remembered_label
    assert hint.isVisible()
    assert "dark theme" in hint.text() and "12" in hint.text(), hint.text()
    assert window.reset_button.isVisible()

    qtbot.mouseClick(window.reset_button, Qt.MouseButton.LeftButton)
    assert window.session is not None
    assert window.session.values["tasks"] == load_scene("event-loop").values()["tasks"]
    assert window.theme_choice == "system"
    assert not hint.isVisible() and not window.reset_button.isVisible()
    _close(window, qtbot, qt_loop)


def test_a_window_that_keeps_nothing_shows_no_remembered_note(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("event-loop", None, {"tasks": 12}, LIGHT)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    assert window.remembered_items() == []
    assert not window.remembered_label.isVisible()
    _close(window, qtbot, qt_loop)
