"""Random use of the real window, and the checks that must hold throughout.

A seeded random sequence of what people do to a window left in front of a class: drag sliders
to any value (extremes included), switch scenes and presets, play, pause, step, restart, scrub,
change speed, language and theme, resize, take screenshots, start and cancel exports, open and
close dialogs. Every action goes through the same widgets and slots the user's clicks reach.

What is watched: exceptions reaching ``sys.excepthook`` or the loop's exception handler, Qt
warnings, asyncio's error log, the loop's lag (outside the presets that block it on purpose),
tasks of stopped runs left behind, and resident memory. The tests, ``visualizer bench`` and a
replay from a printed seed all run this one driver.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import os
import random
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QDialog, QMessageBox

from visualizer.core.loop_monitor import LagMonitor
from visualizer.ui import jobs
from visualizer.ui.controls import SettingSlider
from visualizer.ui.main_window import MainWindow
from visualizer.ui.playback_bar import SPEEDS

# Presets that block the app's loop on purpose: their lag is the lesson, not a fault.
BLOCKING_PRESETS = {("event-loop", "time-sleep"), ("blocking", "async-blocking")}
# A deliberate stall is reported when the loop wakes, which may be after the next action has
# switched to another preset: a lag that began this soon after a blocking preset was on is its own.
BLOCKING_GRACE = 0.5
# Settings that need a service the random run does not start (a Redis server).
SKIPPED_SETTINGS = {"broker", "redis_url"}
# Longest a stopped run may take to unwind (a blocking preset finishes its time.sleep first).
UNWIND_S = 6.0
QT_NOISE = ("propagateSizeHints",)  # the offscreen platform's note; harmless
D = TypeVar("D", bound=QDialog)


def rss_mb() -> float:
    """Resident memory after the allocator returns freed heap: what is held, not what was."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class Findings:
    """What went wrong during a random run, and its figures."""

    seed: int
    actions: int = 0
    exceptions: list[str] = field(default_factory=list)
    loop_errors: list[str] = field(default_factory=list)
    qt_warnings: list[str] = field(default_factory=list)
    asyncio_errors: list[str] = field(default_factory=list)
    leftover_tasks: list[str] = field(default_factory=list)
    max_lag_ms: float = 0.0
    max_lag_during: str = ""  # the action and scene/preset the worst lag came after
    rss_after_500_mb: float = 0.0
    rss_end_mb: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_end_mb - self.rss_after_500_mb

    def problems(self) -> list[str]:
        found = [*self.exceptions, *self.loop_errors, *self.qt_warnings, *self.asyncio_errors]
        return found + self.leftover_tasks


class _Watch(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


class RandomUse:
    """Drives ``window`` with ``count`` seeded random actions on the running qasync loop."""

    def __init__(self, window: MainWindow, seed: int, folder: Path | None = None) -> None:
        self.window = window
        self.rng = random.Random(seed)
        self.findings = Findings(seed)
        self.folder = folder or Path(tempfile.mkdtemp(prefix="visualizer-random-"))
        self._dialog: QDialog | None = None
        self._blocking_seen = -1e9  # loop time a blocking preset was last seen running
        self._last = ""
        self.actions: dict[str, Callable[[], None]] = {
            "slider": self.slider,
            "scene": self.scene,
            "preset": self.preset,
            "play": window.toggle_play,
            "step": lambda: window.step(True),
            "step_back": lambda: window.step(False),
            "restart": window.restart,
            "live": window.go_live,
            "scrub": lambda: window.playback_bar.scrubbed.emit(self.rng.random()),
            "speed": self.speed,
            "language": lambda: window.choose_language(self.rng.choice(["ko", "en", "system"])),
            "theme": lambda: window.choose_theme(self.rng.choice(["light", "dark", "system"])),
            "resize": lambda: window.resize(
                self.rng.randint(640, 1920), self.rng.randint(480, 1200)
            ),
            "screenshot": self.screenshot,
            "export": self.export,
            "dialog": self.dialog,
        }
        # Sliders, playback and switches are what people do most; dialogs now and then.
        self.weights = [30, 6, 8, 8, 8, 6, 6, 4, 8, 4, 2, 2, 3, 2, 2, 2]

    # -- the actions -------------------------------------------------------------------------
    def slider(self) -> None:
        session = self.window.session
        if session is None:
            return
        settings = [s for s in session.scene.settings if s.key not in SKIPPED_SETTINGS]
        setting = self.rng.choice(settings)
        widget = self.window.controls.widget(setting.key)
        if isinstance(widget, SettingSlider):
            slider = widget.slider
            low, high = slider.minimum(), slider.maximum()
            slider.setValue(self.rng.choice([low, high, self.rng.randint(low, high)]))
        elif setting.kind == "choice" and setting.choices:
            self.window.controls.changed.emit(setting.key, self.rng.choice(setting.choices))

    def scene(self) -> None:
        self.window.scene_list.setCurrentRow(self.rng.randrange(self.window.scene_list.count()))

    def preset(self) -> None:
        self.window.preset_list.setCurrentRow(self.rng.randrange(self.window.preset_list.count()))

    def speed(self) -> None:
        self.window.playback_bar.speed_box.setCurrentIndex(self.rng.randrange(len(SPEEDS)))

    def _close_dialog(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            from shiboken6 import isValid

            if isValid(dialog):
                dialog.reject()

    def screenshot(self) -> None:
        self._close_dialog()
        self.window.actions_by_name["screenshot"].trigger()
        from visualizer.ui.export_dialog import ScreenshotDialog

        dialog = self._opened(ScreenshotDialog)
        if dialog is None:
            return
        if self.rng.random() < 0.5:
            dialog.path_row.edit.setText(str(self.folder / "shot.png"))
            dialog.save()
        else:
            dialog.reject()

    def export(self) -> None:
        self._close_dialog()
        self.window.actions_by_name["export"].trigger()
        from visualizer.ui.export_dialog import ExportDialog

        dialog = self._opened(ExportDialog)
        if dialog is None:
            return
        dialog.size_box.setCurrentText("320x180")
        dialog.fps_box.setValue(5)
        dialog.end_box.setValue(min(dialog.end_box.maximum(), 1.0))  # short: started, cancelled
        dialog.path_row.edit.setText(str(self.folder / "anim.gif"))
        dialog.start_export()
        self._dialog = dialog  # cancelled by the next dialog action, or at the end

    def _opened(self, kind: type[D]) -> D | None:
        """The dialog of ``kind`` just opened (closed ones may wait for deletion a moment)."""
        return next((d for d in self.window.findChildren(kind) if d.isVisible()), None)

    def dialog(self) -> None:
        self._close_dialog()
        name = self.rng.choice(["about", "shortcuts", "reset_defaults"])
        self.window.actions_by_name[name].trigger()
        for box in self.window.findChildren(QMessageBox):
            if box.isVisible():
                box.reject()  # never Reset: the run keeps what it set up
        if self.window.help_dialog is not None:
            self.window.help_dialog.close()

    # -- watching ----------------------------------------------------------------------------
    def _blocking(self) -> bool:
        session = self.window.session
        return session is not None and (session.scene.name, session.preset.key) in BLOCKING_PRESETS

    def _on_lag(self, lag: float) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._blocking():
            self._blocking_seen = now
        elif (
            now - lag > self._blocking_seen + BLOCKING_GRACE
            and lag * 1000 > self.findings.max_lag_ms
        ):
            self.findings.max_lag_ms = lag * 1000
            session = self.window.session
            where = f"{session.scene.name}/{session.preset.key}" if session else "-"
            self.findings.max_lag_during = f"{self._last} in {where}"

    async def _settled(self) -> None:
        """Wait for stopped runs to unwind; anything still running afterwards is left over."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + UNWIND_S
        while self.window._closing or self._stopping():
            if loop.time() > deadline:
                names = [t.get_name() for t in (*self.window._closing, *self._stopping())]
                self.findings.leftover_tasks.append(f"still unwinding: {names}")
                return
            await asyncio.sleep(0.02)

    def _stopping(self) -> list[asyncio.Task[Any]]:
        session = self.window.session
        return [t for t in session._stopping if not t.done()] if session is not None else []

    async def run(self, count: int, report: Callable[[int], None] | None = None) -> Findings:
        loop = asyncio.get_running_loop()
        found = self.findings
        hook = sys.excepthook
        handler = loop.get_exception_handler()
        watch = _Watch(found.asyncio_errors)

        def excepthook(
            kind: type[BaseException], exc: BaseException, tb: TracebackType | None
        ) -> None:
            found.exceptions.append(f"{kind.__name__}: {exc}")

        def on_loop_error(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
            found.loop_errors.append(str(context.get("exception") or context.get("message")))

        def on_qt(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
            quiet = kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
            if not quiet and not any(noise in message for noise in QT_NOISE):
                found.qt_warnings.append(message)
            if previous_qt is not None:  # pytest-qt's, so a test also fails on it
                previous_qt(kind, context, message)

        sys.excepthook = excepthook
        loop.set_exception_handler(on_loop_error)
        previous_qt = qInstallMessageHandler(on_qt)
        logging.getLogger("asyncio").addHandler(watch)
        monitor = LagMonitor(self._on_lag, 0.05)
        watcher = loop.create_task(monitor.run(), name="random-use-lag")
        names = list(self.actions)
        try:
            for k in range(1, count + 1):
                name = self.rng.choices(names, self.weights)[0]
                found.counts[name] = found.counts.get(name, 0) + 1
                self._last = name
                if self._blocking():  # its stall may be reported after the next action
                    self._blocking_seen = loop.time()
                try:
                    self.actions[name]()
                except Exception as exc:  # a slot raising here is the bug being looked for
                    found.exceptions.append(f"{name}: {type(exc).__name__}: {exc}")
                found.actions = k
                await asyncio.sleep(self.rng.choice((0.0, 0.0, 0.0, 0.005)))
                if k % 250 == 0:
                    await self._settled()
                    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
                if k == min(500, count):
                    found.rss_after_500_mb = rss_mb()
                if report is not None and k % 1000 == 0:
                    report(k)
            self._close_dialog()
            await jobs.cancel_all()
            await self._settled()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            found.rss_end_mb = rss_mb()
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            logging.getLogger("asyncio").removeHandler(watch)
            qInstallMessageHandler(previous_qt)
            loop.set_exception_handler(handler)
            sys.excepthook = hook
        return found
