"""Fixtures of the Qt half of the suite: one qasync loop over the test QApplication, hygiene.

Every test here fails on a Qt warning (pytest-qt's ``qt_log_level_fail``), set as a marker on
each test rather than in pyproject.toml, so the Qt-free half can run without pytest-qt at all.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")  # qasync must bind to PySide6

import pytest
import qasync
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from visualizer.draw import i18n
from visualizer.draw.qtloop import app_loop

# The offscreen platform (used by tests) cannot resize native windows; harmless there.
QT_LOG_IGNORE = ("This plugin does not support propagateSizeHints",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
        # pytest-qt reads the closest marker only: keep the test's own patterns too.
        own = [pattern for mark in item.iter_markers("qt_log_ignore") for pattern in mark.args]
        item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, *own), append=False)


@pytest.fixture(scope="session")
def aloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """The app's kind of loop: asyncio driven by Qt's event loop (qtbot.wait/waitUntil run it)."""
    qapp.setQuitOnLastWindowClosed(False)
    loop = app_loop(qapp, already_running=True)
    executor = qasync.QThreadExecutor()
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    # qasync marks the loop as running for the whole process; plain-asyncio tests between Qt
    # tests need no running loop, so each Qt test sets it (qt_loop) and clears it afterwards.
    asyncio.events._set_running_loop(None)
    yield loop
    executor.shutdown(wait=True)  # join worker QThreads before Qt tears down


@pytest.fixture
def qt_loop(aloop: asyncio.AbstractEventLoop, qtbot: object) -> Iterator[asyncio.AbstractEventLoop]:
    """The qasync loop for one test; tasks the test leaves behind are cancelled afterwards."""
    asyncio.events._set_running_loop(aloop)
    before = set(asyncio.all_tasks(aloop))
    try:
        yield aloop
        leftovers = [t for t in asyncio.all_tasks(aloop) if t not in before and not t.done()]
        for task in leftovers:
            task.cancel()
        if leftovers:
            qtbot.waitUntil(lambda: all(t.done() for t in leftovers), timeout=10_000)  # type: ignore[attr-defined]
    finally:
        asyncio.events._set_running_loop(None)


@pytest.fixture
def ui_state(qapp: QApplication) -> Iterator[None]:
    """Leave language and colours as other tests expect them: English, Qt's own palette."""
    palette = QPalette(qapp.palette())
    yield
    i18n.set_language("en")
    QGuiApplication.styleHints().unsetColorScheme()
    qapp.setPalette(palette)
