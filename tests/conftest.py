"""Shared fixtures: one qasync loop over the test QApplication, and hygiene checks."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")  # qasync must bind to PySide6
# Anything that starts the app (in or out of process) keeps its settings here, not in the
# user's own configuration.
os.environ["VISUALIZER_SETTINGS"] = os.path.join(
    tempfile.mkdtemp(prefix="visualizer-test-settings-"), "settings.ini"
)

import pytest
import qasync
from hypothesis import settings
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from visualizer.ui import i18n

# In CI the examples are the same on every run, so a failure there reproduces; locally they vary
# and a failure prints the blob that replays it (@reproduce_failure).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")


@pytest.fixture(scope="session")
def aloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """The app's kind of loop: asyncio driven by Qt's event loop (qtbot.wait/waitUntil run it)."""
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp, already_running=True)
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
