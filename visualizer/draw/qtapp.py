"""One way to start Qt, for the window, the exporter and the bench alike.

All three need the same things before the first frame: PySide6 picked for qasync, the Hangul
font behind the platform's Latin one, and (without a window) the offscreen platform. Doing it in
one place means an export and a window draw the same glyphs.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from visualizer.draw.fonts import install_app_font


def _argv() -> list[str]:
    return [sys.argv[0] if sys.argv and sys.argv[0] else "visualizer"]


def gui_app(offscreen: bool = True) -> QGuiApplication:
    """The running Qt application, or a new one that can paint images but shows no window.

    ``offscreen`` forces the offscreen platform for a new application, so exporting and
    benchmarking never need a display.
    """
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QGuiApplication(_argv())
    install_app_font(app)
    return app


def widget_app(offscreen: bool = False) -> QApplication:
    """The running widget application, or a new one (windows need ``QApplication``)."""
    os.environ.setdefault("QT_API", "pyside6")  # qasync must bind to PySide6
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(_argv())
    install_app_font(app)
    return app
