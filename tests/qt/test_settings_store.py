"""The app remembers how it was left, and a bad settings file never stops it.

Every test keeps its settings in an INI file under ``tmp_path``; the user's real configuration is
never read or written. Windows are started the way the app starts them (``prepare_window``).
"""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QSplitter

from visualizer import cli
from visualizer.core.contract import Setting
from visualizer.draw import i18n
from visualizer.draw.theme import DARK, LIGHT
from visualizer.scenes.registry import load_scene, scene_names
from visualizer.ui.app import prepare_window
from visualizer.ui.controls import SettingSlider
from visualizer.ui.main_window import MainWindow
from visualizer.ui.settings_store import SETTINGS_ENV, SettingsStore

LOGGER = "visualizer.ui.settings_store"


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def store_at(path: Path) -> SettingsStore:
    return SettingsStore(QSettings(str(path), QSettings.Format.IniFormat))


def start(qapp: QApplication, qtbot: Any, path: Path, scene: str | None = None) -> MainWindow:
    window = prepare_window(qapp, store_at(path), scene, None, {}, None)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def slider_setting(scene_name: str) -> Setting:
    """A setting of the scene shown as a slider, that is visible with the default values."""
    scene = load_scene(scene_name)
    values = scene.values()
    for setting in scene.settings:
        visible = setting.visible_when is None or setting.visible_when(values)
        if setting.kind in ("int", "float") and visible and not setting.live:
            return setting
    raise AssertionError(f"{scene_name} has no slider to test with")


def move_slider(window: MainWindow, setting: Setting) -> object:
    """Move the setting's slider one step from its default, as a user would; returns the value."""
    widget = window.controls.widget(setting.key)
    assert isinstance(widget, SettingSlider)
    slider = widget.slider
    position = slider.value() + 1 if slider.value() < slider.maximum() else slider.value() - 1
    slider.setValue(position)
    assert window.session is not None
    return window.session.values[setting.key]


def defaults_shown(window: MainWindow, scene_name: str) -> None:
    scene = load_scene(scene_name)
    assert window.session is not None
    assert window.session.scene.name == scene_name
    assert window.session.preset.key == scene.presets[0].key
    assert dict(window.session.values) == dict(scene.values())
    assert window.playback_bar_speed() == 1.0
    assert i18n.current_language() == "en"  # the test machine's locale is not Korean
    assert window.theme is LIGHT  # the offscreen platform reports no dark scheme


# -- round trip -----------------------------------------------------------------------------
def test_settings_survive_closing_and_reopening_the_window(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, qapp: QApplication, ini: Path, ui_state: None
) -> None:
    first, last = scene_names()[0], scene_names()[-1]
    window = start(qapp, qtbot, ini)
    defaults_shown(window, first)

    first_setting = slider_setting(first)
    first_value = move_slider(window, first_setting)
    window.scene_list.setCurrentRow(scene_names().index(last))
    assert window.session is not None and window.session.scene.name == last
    preset_row = min(1, window.preset_list.count() - 1)
    window.preset_list.setCurrentRow(preset_row)
    preset_key = load_scene(last).presets[preset_row].key
    last_setting = slider_setting(last)
    last_value = move_slider(window, last_setting)
    window.language_actions["ko"].trigger()
    window.theme_actions["dark"].trigger()
    window.playback_bar.speed_box.setCurrentIndex(window.playback_bar.speed_box.findData(2.0))
    window.resize(777, 555)  # within the offscreen screen (800x800)
    splitter = window.centralWidget()
    assert isinstance(splitter, QSplitter)
    splitter.setSizes([250, 700, 400])
    sizes = splitter.sizes()
    close(window, qtbot, qt_loop)

    i18n.set_language("en")  # as in a new process
    QGuiApplication.styleHints().unsetColorScheme()
    again = start(qapp, qtbot, ini)
    session = again.session
    assert session is not None
    assert session.scene.name == last
    assert session.preset.key == preset_key
    assert again.preset_list.currentItem().text() == i18n.tr_msg(
        load_scene(last).presets[preset_row].title
    )
    assert session.values[last_setting.key] == last_value
    assert i18n.current_language() == "ko" and again.language_actions["ko"].isChecked()
    assert again.scenes_label.text() == "장면"
    assert again.theme is DARK and again.theme_actions["dark"].isChecked()
    assert qapp.palette().color(QPalette.ColorRole.Window) == DARK.panel
    assert again.playback_bar_speed() == 2.0 and session.playback.speed == 2.0
    assert (again.width(), again.height()) == (777, 555)
    central = again.centralWidget()
    assert isinstance(central, QSplitter) and central.sizes() == sizes

    # Values are remembered per scene: the first scene's change is still there.
    again.scene_list.setCurrentRow(scene_names().index(first))
    assert again.session is not None
    assert again.session.values[first_setting.key] == first_value
    close(again, qtbot, qt_loop)


def test_an_explicit_scene_keeps_its_remembered_preset_and_values(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, qapp: QApplication, ini: Path
) -> None:
    name = scene_names()[0]
    store = store_at(ini)
    preset = load_scene(name).presets[-1].key
    store.set_preset(name, preset)
    window = prepare_window(qapp, store, name, None, {}, None)
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.session is not None and window.session.preset.key == preset
    close(window, qtbot, qt_loop)


# -- bad files --------------------------------------------------------------------------------
def test_a_file_of_garbage_bytes_starts_with_defaults(
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    qapp: QApplication,
    ini: Path,
    caplog: pytest.LogCaptureFixture,
    ui_state: None,
) -> None:
    ini.write_bytes(random.Random(6).randbytes(4096))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        window = start(qapp, qtbot, ini)
    defaults_shown(window, scene_names()[0])
    assert "could not be read" in caplog.text
    close(window, qtbot, qt_loop)


@pytest.mark.qt_log_ignore("QVariant::load")
def test_wrong_types_and_out_of_range_values_fall_back_with_a_warning(
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    qapp: QApplication,
    ini: Path,
    caplog: pytest.LogCaptureFixture,
    ui_state: None,
) -> None:
    name = scene_names()[0]
    setting = slider_setting(name)
    ini.write_text(
        "[General]\n"
        "language=klingon\n"
        "theme=42\n"
        "[playback]\n"
        "speed=99\n"
        "[scene]\n"
        "last=no-such-scene\n"
        "[scenes]\n"
        f"{name}\\preset=no-such-preset\n"
        f"{name}\\values\\{setting.key}={setting.maximum * 1000 + 7}\n"
        f"{name}\\values\\no_such_setting=3\n"
        "[window]\n"
        "geometry=@ByteArray(not a geometry)\n"
        "state=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x18QTextFormat)\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        window = start(qapp, qtbot, ini)
    defaults_shown(window, name)
    assert window.width() > 600  # the default size, not a broken geometry
    for key in ("language", "theme", "playback/speed", "scene/last", f"scenes/{name}/preset"):
        assert f"stored {key}=" in caplog.text, key
    assert f"stored scenes/{name}/values/{setting.key}=" in caplog.text
    assert "window/geometry" in caplog.text
    close(window, qtbot, qt_loop)

    # Each bad value is reported once: the next start reads the file without a warning.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        again = start(qapp, qtbot, ini)
    defaults_shown(again, name)
    assert caplog.text == ""
    close(again, qtbot, qt_loop)


def test_values_are_checked_one_by_one(ini: Path, caplog: pytest.LogCaptureFixture) -> None:
    scene = load_scene(scene_names()[0])
    good, bad = [s for s in scene.settings if s.kind in ("int", "float")][:2]
    store = store_at(ini)
    store.set_value(scene.name, good.key, good.maximum)
    store.set_value(scene.name, bad.key, "banana")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        values = store.values(scene)
    assert values == {good.key: good.maximum}
    assert f"{bad.key}='banana'" in caplog.text


@pytest.mark.parametrize(
    ("raw", "expected"), [("2", 2.0), (0.5, 0.5), ("3", 1.0), ("fast", 1.0), (True, 1.0)]
)
def test_speed_must_be_one_the_playback_bar_offers(ini: Path, raw: object, expected: float) -> None:
    store = store_at(ini)
    store.qsettings.setValue("playback/speed", raw)
    assert store.speed() == expected


def test_the_settings_file_can_be_chosen_by_environment(
    monkeypatch: pytest.MonkeyPatch, ini: Path
) -> None:
    monkeypatch.setenv(SETTINGS_ENV, str(ini))
    store = SettingsStore.for_user()
    store.set_theme("dark")
    store.sync()
    assert ini.read_text(encoding="utf-8").count("theme=dark") == 1


# -- reset ------------------------------------------------------------------------------------
def test_reset_to_defaults_forgets_everything(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, qapp: QApplication, ini: Path, ui_state: None
) -> None:
    name = scene_names()[0]
    window = start(qapp, qtbot, ini)
    move_slider(window, slider_setting(name))
    window.preset_list.setCurrentRow(window.preset_list.count() - 1)
    window.choose_language("ko")
    window.choose_theme("dark")
    window.playback_bar.speed_box.setCurrentIndex(0)

    window.actions_by_name["reset_defaults"].trigger()
    boxes = [b for b in window.findChildren(QMessageBox) if b.objectName() == "resetConfirm"]
    assert len(boxes) == 1 and boxes[0].isVisible()
    boxes[0].button(QMessageBox.StandardButton.Reset).click()

    qtbot.waitUntil(lambda: i18n.current_language() == "en", timeout=5000)
    defaults_shown(window, name)
    assert window.theme_choice == "system" and window.language_actions["system"].isChecked()
    store = store_at(ini)
    assert store.preset(load_scene(name)) is None and store.values(load_scene(name)) == {}
    close(window, qtbot, qt_loop)


def test_cancelling_the_reset_keeps_everything(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, qapp: QApplication, ini: Path, ui_state: None
) -> None:
    window = start(qapp, qtbot, ini)
    window.choose_theme("dark")
    window.actions_by_name["reset_defaults"].trigger()
    box = next(b for b in window.findChildren(QMessageBox) if b.objectName() == "resetConfirm")
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.theme is DARK and store_at(ini).theme() == "dark"
    close(window, qtbot, qt_loop)


# -- the command line ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "scene"),
    [
        ([], None),  # the scene open at the last exit
        (["--scene", "event-loop"], "event-loop"),
        (["--preset", "gather"], "event-loop"),  # a preset names the default scene's
    ],
)
def test_the_command_line_reopens_the_last_scene_unless_told(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], scene: str | None
) -> None:
    seen: list[tuple[Any, ...]] = []

    def fake_run_app(*args: Any) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr("visualizer.ui.app.run_app", fake_run_app)
    assert cli.main(argv) == 0
    assert seen[0][0] == scene
