"""The headless half of ``visualizer export``: record the scene offscreen, then render frames.

The scene's real code runs on a plain asyncio loop (it is Qt-free), for the requested duration or
until it ends; Qt is only needed afterwards, to draw the recorded frames into images with the
offscreen platform plugin, so no display is ever required.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication

import visualizer
from visualizer.export.command import ExportPlan
from visualizer.export.options import AnimationOptions
from visualizer.export.recording import record
from visualizer.export.render import export_animation, save_frame_png
from visualizer.scenes.registry import load_scene
from visualizer.ui.fonts import install_app_font
from visualizer.ui.theme import THEMES

# Kept alive for the process: Qt does not own an installed translator.
_TRANSLATORS: list[QTranslator] = []


def gui_app() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (export never shows a window)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QGuiApplication([sys.argv[0] if sys.argv else "visualizer"])
    install_app_font(app)
    return app


def translation_file(lang: str) -> Path | None:
    """``assets/i18n/visualizer_<lang>.qm``, if it has been built."""
    package = Path(visualizer.__file__).resolve().parent
    candidate = package.parent / "assets" / "i18n" / f"visualizer_{lang}.qm"
    return candidate if candidate.is_file() else None


def install_language(app: QCoreApplication, lang: str | None) -> str:
    """Install the translator for ``lang`` (None: the system's, as in the app).

    Returns the language in effect: English when the translation is missing, never an error,
    because a picture in English is still a useful export.
    """
    from visualizer.ui import i18n

    setter = getattr(i18n, "set_language", None)
    if callable(setter):  # the app's own switcher, so export and window agree
        return str(setter(lang))
    if lang is None or lang == "en":
        return "en"
    path = translation_file(lang)
    translator = QTranslator(app)
    if path is None or not translator.load(str(path)):
        return "en"
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(lang))
    _TRANSLATORS.append(translator)
    return lang


def run_export(plan: ExportPlan) -> int:
    """Record ``plan.scene`` headless and write the file; returns the exit status."""
    app = gui_app()
    if plan.lang is not None and install_language(app, plan.lang) != plan.lang:
        print(
            f"visualizer export: note: no {plan.lang} translation is installed "
            "(assets/i18n); the picture's text stays in English",
            file=sys.stderr,
        )
    elif plan.lang is None:
        install_language(app, None)
    scene = load_scene(plan.scene)
    recording = asyncio.run(record(scene, plan.preset, plan.values, plan.duration))
    if recording.error:
        print(
            f"visualizer export: note: the scene's code failed: {recording.error}", file=sys.stderr
        )
    theme = THEMES[plan.theme]
    if plan.fmt == "png":
        save_frame_png(recording, plan.at, plan.size, plan.path, theme)
        what = f"the still at t = {plan.at:g} s"
    else:
        options = AnimationOptions(plan.fmt, plan.path, plan.size, plan.fps, 0.0, plan.duration)
        asyncio.run(export_animation(recording, options, theme))
        what = f"{len(options.times)} frames at {plan.fps} fps"
    if plan.fmt != "png" and recording.ended and recording.end < plan.duration:
        what += f"; the code ended at {recording.end:.2f} s, later frames hold its final state"
    width, height = plan.size
    print(f"wrote {plan.path}: {width}x{height}, {what}")
    return 0
