"""Damaged or unusable settings: a hidden picture, unknown Qt types, files that cannot be saved.

Read-only is a real read-only tmpfs; the refused paths are a folder, a FIFO and a symlink to
/dev/null, each refused before QSettings opens it (QSettings is never pointed at a device).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from tests.support.mounts import remount_read_only, tmpfs
from visualizer.ui.app import prepare_window
from visualizer.ui.main_window import PANEL_SIZES, MainWindow
from visualizer.ui.settings_store import SETTINGS_ENV, SettingsStore

LOGGER = "visualizer.ui.settings_store"


def store_at(path: Path) -> SettingsStore:
    return SettingsStore(QSettings(str(path), QSettings.Format.IniFormat))


def start(qapp: QApplication, qtbot: Any, store: SettingsStore) -> MainWindow:
    window = prepare_window(qapp, store, "event-loop", None, {}, None)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def collapsed_state() -> bytes:
    """What a splitter saves with everything but the first panel at width 0."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for _ in PANEL_SIZES:
        splitter.addWidget(QWidget())
    splitter.resize(1440, 900)
    splitter.setSizes([1440, 0, 0])
    data = bytes(splitter.saveState().data())
    splitter.deleteLater()
    return data


def sizes(window: MainWindow) -> list[int]:
    central = window.centralWidget()
    assert isinstance(central, QSplitter)
    return central.sizes()


def test_a_layout_hiding_the_picture_is_reset_with_a_warning_and_not_saved_again(
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    qapp: QApplication,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ini = tmp_path / "settings.ini"
    store = store_at(ini)
    store.set_window_state(QByteArray(collapsed_state()))
    store.sync()
    with caplog.at_level(logging.WARNING, LOGGER):
        window = start(qapp, qtbot, store_at(ini))
    assert any("window/state" in r.getMessage() for r in caplog.records), caplog.text
    qtbot.waitUntil(lambda: sizes(window)[1] > 0)
    assert all(width > 0 for width in sizes(window))
    close(window, qtbot, qt_loop)
    caplog.clear()
    with caplog.at_level(logging.WARNING, LOGGER):  # saved at close: the good layout now
        again = start(qapp, qtbot, store_at(ini))
    assert not any("window/state" in r.getMessage() for r in caplog.records), caplog.text
    assert sizes(again)[1] > 0
    close(again, qtbot, qt_loop)


def test_reset_to_defaults_also_resets_the_panels(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, qapp: QApplication, tmp_path: Path
) -> None:
    ini = tmp_path / "settings.ini"
    window = start(qapp, qtbot, store_at(ini))
    central = window.centralWidget()
    assert isinstance(central, QSplitter)
    central.setSizes([900, 0, 540])  # the user dragged the picture away
    window.reset_to_defaults()
    close(window, qtbot, qt_loop)
    saved = store_at(ini).window_state()
    assert saved is not None
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for _ in PANEL_SIZES:
        splitter.addWidget(QWidget())
    assert splitter.restoreState(saved)
    assert splitter.sizes()[1] > 0
    splitter.deleteLater()


UNKNOWN_VARIANTS = (
    "[window]\n"
    "geometry=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x0bUnknownType\\0\\0\\0\\0\\x1)\n"
    "state=@Variant(garbage)\n"
    "[General]\n"
    "theme=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x05Nope!\\0)\n"
)


def test_unknown_variant_types_give_one_warning_each_and_no_qt_warning(
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    qapp: QApplication,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ini = tmp_path / "settings.ini"
    ini.write_text(UNKNOWN_VARIANTS, encoding="latin-1")
    with caplog.at_level(logging.WARNING, LOGGER):
        window = start(qapp, qtbot, store_at(ini))  # a Qt warning here fails the test
    logged = caplog.text
    assert "window/geometry" in logged and "theme" in logged, logged
    close(window, qtbot, qt_loop)
    assert "UnknownType" not in ini.read_text(encoding="latin-1")  # dropped, not kept


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "ro", "64k") as folder:
        (folder / "settings.ini").write_text("[General]\ntheme=dark\n", encoding="utf-8")
        remount_read_only(folder)
        yield folder


def test_a_settings_file_on_a_read_only_file_system_is_reported(
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    qapp: QApplication,
    read_only_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    ui_state: None,
) -> None:
    monkeypatch.setenv(SETTINGS_ENV, str(read_only_folder / "settings.ini"))
    with caplog.at_level(logging.WARNING, LOGGER):
        store = SettingsStore.for_user()
        window = start(qapp, qtbot, store)
    assert store.theme() == "dark"  # still read
    assert "cannot be written" in caplog.text and "Read-only file system" in caplog.text
    assert "cannot be written" in window.statusBar().currentMessage()
    close(window, qtbot, qt_loop)


def refused_paths(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.ini"
    os.mkfifo(fifo)
    link = tmp_path / "null.ini"
    link.symlink_to("/dev/null")  # only ever stat()ed: QSettings must never open it
    folder = tmp_path / "folder.ini"
    folder.mkdir()
    return {"fifo": fifo, "devnull": link, "folder": folder}


@pytest.mark.parametrize("kind", ["fifo", "devnull", "folder"])
def test_a_settings_path_that_is_not_a_regular_file_is_refused(
    kind: str,
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    ui_state: None,
) -> None:
    path = refused_paths(tmp_path)[kind]
    monkeypatch.setenv(SETTINGS_ENV, str(path))
    with caplog.at_level(logging.WARNING, LOGGER):
        store = SettingsStore.for_user()
    assert Path(store.qsettings.fileName()) != path
    assert "cannot be used" in caplog.text
    store.set_theme("dark")
    store.sync()
    assert store.theme() == "dark"  # kept for this run
    window = start(qapp, qtbot, store)
    assert "cannot be used" in window.statusBar().currentMessage()
    close(window, qtbot, qt_loop)
    assert Path("/dev/null").is_char_device()
    if kind == "devnull":
        assert path.is_symlink() and path.resolve() == Path("/dev/null")
    elif kind == "fifo":
        assert path.is_fifo()
    else:
        assert path.is_dir() and list(path.iterdir()) == []
