"""The core never imports Qt, and the Qt binding in use survives many void calls."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import visualizer


def qt_free_modules() -> list[str]:
    """Every module except the Qt layer: ui, scene views, the app, bench and export rendering."""
    names = []
    for info in pkgutil.walk_packages(visualizer.__path__, "visualizer."):
        name = info.name
        leaf = name.rsplit(".", 1)[-1]
        if name.startswith(
            ("visualizer.ui", "visualizer.export.render", "visualizer.export.headless")
        ):
            continue
        if leaf in ("view", "app", "bench", "__main__") or leaf.startswith("view_"):
            continue
        names.append(name)
    return names


def test_core_and_scene_logic_never_import_qt() -> None:
    modules = qt_free_modules()
    assert "visualizer.core.tracer" in modules and "visualizer.scenes.event_loop" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'qasync')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt imported by the core: {result.stdout}"


def test_many_void_method_calls_do_not_crash_the_binding() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and aborts
    after a few thousand; this catches such a release before users do."""
    code = (
        "import os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QGraphicsRectItem\n"
        "from PySide6.QtGui import QImage, QColor\n"
        "app = QApplication([])\n"
        "item = QGraphicsRectItem(0, 0, 10, 10)\n"
        "image = QImage(4, 4, QImage.Format.Format_ARGB32)\n"
        "for i in range(200_000):\n"
        "    item.setPos(i % 100, i % 50)\n"
        "    if i % 4 == 0:\n"
        "        image.fill(QColor(i % 255, 0, 0))\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]
