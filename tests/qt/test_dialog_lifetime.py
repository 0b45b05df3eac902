"""Dialogs go when they close: Ctrl+S pictures, an export's recording, About.

Each screenshot dialog paints the canvas and the window at 1x and 2x when it opens (about 33 MB
at a large window); a dialog that stays a child of the window after Cancel keeps all of it.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import os
import weakref
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog, QMessageBox

from visualizer.ui.export_dialog import ExportDialog, ScreenshotDialog
from visualizer.ui.main_window import MainWindow


def rss_mb() -> float:
    """Resident memory, after glibc hands freed heap back (what is held, not what was once)."""
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def open_window(qtbot: Any) -> MainWindow:
    window = MainWindow("event-loop", "gather", {"tasks": 3})
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.session is not None and window.session.recorder.now() > 0.3)
    return window


def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def test_twenty_screenshots_cancelled_keep_no_memory(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_window(qtbot)
    action = window.actions_by_name["screenshot"]
    for _ in range(3):  # the first ones warm caches and the allocator's heap, which stay
        action.trigger()
        window.findChild(ScreenshotDialog).reject()
        flush_deletes()
    before = rss_mb()
    for _ in range(20):
        action.trigger()
        dialog = window.findChild(ScreenshotDialog)
        assert dialog is not None and dialog.isVisible()
        dialog.buttons.rejected.emit()  # the Cancel button
        flush_deletes()
        assert not shiboken6.isValid(dialog)
        del dialog  # the test's own reference to the wrapper would keep its pictures
    grown = rss_mb() - before
    assert window.findChildren(QDialog) == []
    # A kept dialog holds its four pictures, about 40 MB at this window size (800 MB for 20).
    assert grown < 20, f"RSS grew {grown:.0f} MB over 20 screenshots"
    close(window, qtbot, qt_loop)


def test_a_closed_export_dialog_frees_its_recording(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_window(qtbot)
    window.actions_by_name["export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    recording = weakref.ref(dialog.recording)
    dialog.cancel_button.click()  # "Close" when nothing runs
    flush_deletes()
    assert not shiboken6.isValid(dialog)
    del dialog
    gc.collect()
    assert recording() is None
    close(window, qtbot, qt_loop)


def test_about_and_the_reset_question_go_when_closed(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_window(qtbot)
    window.actions_by_name["about"].trigger()
    window.actions_by_name["reset_defaults"].trigger()
    boxes = window.findChildren(QMessageBox)
    assert len(boxes) == 2
    for box in boxes:
        box.reject()
    flush_deletes()
    assert window.findChildren(QMessageBox) == []
    close(window, qtbot, qt_loop)


def test_an_export_closed_between_its_end_and_its_callback_unwinds_quietly(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    """The random-use run found this: the task was done, its done callback not yet run, and the
    dialog closed and deleted in between; the callback then touched a deleted combo box."""
    window = open_window(qtbot)
    window.actions_by_name["export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    errors: list[object] = []
    seen: list[bool] = []
    on_done = dialog._on_done

    def closed_first(task: asyncio.Task[Any]) -> None:
        # The task is done and the dialog's own callback has not run: the user closes it now.
        seen.append(dialog.running)
        dialog.reject()
        flush_deletes()
        seen.append(shiboken6.isValid(dialog))
        on_done(task)

    dialog._on_done = closed_first  # type: ignore[method-assign]
    qt_loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        dialog.size_box.setCurrentText("320x180")
        dialog.fps_box.setValue(5)
        dialog.end_box.setValue(min(dialog.end_box.maximum(), 0.4))
        dialog.path_row.edit.setText(str(tmp_path / "short.gif"))
        assert dialog.start_export()
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=30_000)
        assert seen == [True, True]  # still running, so kept for its callback
        assert dialog.outcome == "saved"
        assert (tmp_path / "short.gif").stat().st_size > 0
        flush_deletes()
        assert not shiboken6.isValid(dialog)  # deleted once the callback has run
    finally:
        qt_loop.set_exception_handler(None)
    assert errors == []
    close(window, qtbot, qt_loop)
