"""The Qt-free half of the suite: the core, the session and the scenes' logic.

It runs in a pytest of its own without pytest-qt (``bash setup.sh test`` passes
``-p no:pytest-qt``), and every test here checks afterwards that nothing loaded Qt, so the layer
contract is proved by the code that runs, not only by reading imports.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

QT_MODULES = ("PySide6", "shiboken6", "qasync")


def pytest_report_header() -> str:
    """Which interpreters the tracer's checks run on, in CI's output."""
    from tests.support.interpreters import interpreters

    found = interpreters()
    return "tracer checked on Python " + ", ".join(f"{v} ({p})" for v, p in sorted(found.items()))


@pytest.fixture(autouse=True)
def _no_qt_loaded() -> Iterator[None]:
    yield
    loaded = sorted(name for name in sys.modules if name.split(".", 1)[0] in QT_MODULES)
    assert not loaded, f"a Qt-free test loaded Qt: {', '.join(loaded[:5])}"
