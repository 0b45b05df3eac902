"""Korean mode after a screenshot and an export: the status bar's messages, the remembered-settings
note, the dialogs and every widget of the window say nothing in English (code and names aside)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from tests.qt.test_i18n import code_names_of_scenes, english_words, widget_texts
from visualizer.draw import i18n
from visualizer.ui.app import prepare_window
from visualizer.ui.export_dialog import ExportDialog, ScreenshotDialog
from visualizer.ui.settings_store import SettingsStore


def test_status_messages_and_dialogs_after_a_screenshot_and_an_export_are_korean(
    tmp_path: Path,
    qapp: QApplication,
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    ui_state: None,
) -> None:
    ini = tmp_path / "settings.ini"
    first = SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat))
    first.set_theme("dark")
    first.set_value("event-loop", "tasks", 2)
    first.sync()
    store = SettingsStore(QSettings(str(ini), QSettings.Format.IniFormat))
    window = prepare_window(qapp, store, "event-loop", "gather", {"delay1": 0.2}, "ko")
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert i18n.current_language() == "ko"
    qtbot.waitUntil(
        lambda: bool(window.session and window.session.recorder.finished), timeout=10_000
    )
    shown: list[tuple[str, str]] = []

    window.actions_by_name["screenshot"].trigger()
    shot = window.findChild(ScreenshotDialog)
    assert isinstance(shot, ScreenshotDialog)
    shown.extend(("screenshot dialog " + w, t) for w, t in widget_texts(shot))
    shot.path_row.edit.setText(str(tmp_path / "shot.png"))
    assert shot.save(), shot.status.text()
    shown.append(("status after a screenshot", window.statusBar().currentMessage()))
    shown.append(("screenshot dialog status", shot.status.text()))
    shot.close()

    window.actions_by_name["export"].trigger()
    export = window.findChild(ExportDialog)
    assert isinstance(export, ExportDialog)
    shown.extend(("export dialog " + w, t) for w, t in widget_texts(export))
    export.set_format("apng")
    export.fps_box.setValue(5)
    export.size_box.setCurrentText("320x180")
    export.path_row.edit.setText(str(tmp_path / "run.apng"))
    assert export.start_export()
    qtbot.waitUntil(lambda: not export.running, timeout=30_000)
    assert export.outcome == "saved", export.status.text()
    shown.append(("status after an export", window.statusBar().currentMessage()))
    shown.append(("export dialog status", export.status.text()))
    export.close()

    assert window.remembered_label.isVisible()
    shown.extend(widget_texts(window))
    code_names = code_names_of_scenes()
    # Paths are names, not English to translate: the ones typed here, and the folder a dialog
    # remembered from an earlier save (another test's, in the same test process).
    paths = re.compile(r"(?:/[^\s/:]+)+/?")
    problems = sorted(
        f"{where}: {text!r} keeps English {words}"
        for where, text in shown
        if text and (words := english_words(paths.sub("", text), code_names))
    )
    assert any("after an export" in where and "apng" in text for where, text in shown)
    assert not problems, "\n".join(problems)
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
