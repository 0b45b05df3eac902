"""Starting the window on a qasync loop and shutting it down without leftovers."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from visualizer import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from visualizer.ui.main_window import MainWindow
    from visualizer.ui.settings_store import SettingsStore

_PROCESS_START = time.time()


def process_start_time() -> float:
    """When this process started (epoch seconds), from /proc where it exists."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/stat", encoding="ascii") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith("btime"))
        return boot + start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return _PROCESS_START


def prepare_window(
    app: QApplication,
    store: SettingsStore,
    scene: str | None,
    preset: str | None,
    overrides: Mapping[str, object],
    lang: str | None,
) -> MainWindow:
    """The window as the user left it: language, theme, speed, size, scene and its settings.

    ``lang`` (from ``--lang``) wins over the stored language for this run only; it is not saved.
    ``scene`` None means the scene open at the last exit.
    """
    from visualizer.draw.i18n import set_language
    from visualizer.draw.theme import apply_theme
    from visualizer.ui.main_window import MainWindow

    set_language(lang or store.language())
    theme = apply_theme(app, store.theme())
    return MainWindow(scene, preset, overrides, theme=theme, store=store)


def run_app(
    scene: str | None,
    preset: str | None,
    overrides: Mapping[str, object],
    lang: str | None,
    script: str | None = None,
) -> int:
    """Show the main window until it is closed; returns the exit status.

    ``script``: a Python file to open as the "Your code" scene at once.
    """
    os.environ.setdefault("QT_API", "pyside6")  # qasync must bind to PySide6
    import qasync
    from PySide6.QtWidgets import QApplication

    from visualizer.draw.fonts import install_app_font
    from visualizer.ui.settings_store import SettingsStore

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("concurrency-visualizer")
    app.setQuitOnLastWindowClosed(False)
    install_app_font(app)
    window = prepare_window(app, SettingsStore.for_user(), scene, preset, overrides, lang)
    report_paint = os.environ.get("VISUALIZER_REPORT_PAINT") == "1"

    def on_first_paint() -> None:
        if report_paint:
            ms = (time.time() - process_start_time()) * 1000
            print(f"visualizer: first-paint-ms={ms:.1f}", flush=True)

    window.first_painted.connect(on_first_paint)

    async def main() -> None:
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(window.close))
        window.show()
        window.start()
        if script is not None:
            from pathlib import Path

            window.script_actions.open_file(Path(script))
        try:
            await closed.wait()
        finally:
            await window.shutdown()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    return 0
