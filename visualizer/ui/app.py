"""Starting the window on a qasync loop and shutting it down without leftovers."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from visualizer import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from visualizer.ui.main_window import MainWindow
    from visualizer.ui.settings_store import SettingsStore

_PROCESS_START = time.time()
EXIT_GRACE = 0.3  # seconds the app waits at exit for worker threads still running code


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
    from PySide6.QtWidgets import QApplication

    from visualizer.draw.fonts import install_app_font
    from visualizer.draw.qtloop import app_loop
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

    loop = app_loop(app)
    asyncio.set_event_loop(loop)
    # Plain Python threads (visible to ``threading``) for asyncio.to_thread, not qasync's own.
    executor = ThreadPoolExecutor(thread_name_prefix="asyncio-worker")
    loop.set_default_executor(executor)
    try:
        loop.run_until_complete(main())
        executor.shutdown(wait=False, cancel_futures=True)
        if not loop.run_until_complete(_threads_done(EXIT_GRACE)):
            leave_sleeping_threads()  # before close(), which would join them
    finally:
        loop.close()
    return 0


async def _threads_done(grace: float) -> bool:
    """Let worker threads finish for up to ``grace`` s; True if every one did.

    A scene's ``asyncio.to_thread`` may be inside a 5 s ``time.sleep``: nothing can interrupt
    it, and the user's window has already gone, so the process does not wait for it.
    """
    deadline = time.monotonic() + grace
    while _busy_threads():
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.01)
    return True


def _busy_threads() -> list[threading.Thread]:
    main = threading.main_thread()
    return [t for t in threading.enumerate() if t is not main and not t.daemon and t.is_alive()]


def leave_sleeping_threads() -> None:
    """Exit now although worker threads still sleep: every file and task is closed already."""
    import logging

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
