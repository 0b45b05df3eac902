"""The window starts without importing the scenes it does not show (issue: start-up time)."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from visualizer.ui.main_window import MainWindow
window = MainWindow("event-loop")
names = ("httpx", "starlette", "uvicorn", "redis", "visualizer.scenes.server.scene",
         "visualizer.scenes.queue.scene", "visualizer.ui.export_dialog")
heavy = sorted(m for m in names if m in sys.modules)
print(",".join(heavy))
"""


def test_a_new_window_imports_no_other_scene_nor_the_export_dialog() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"imported at start: {out.stdout.strip()}"


PRELOAD = """
import sys, threading, time
from PySide6.QtWidgets import QApplication
import asyncio
from visualizer.draw.qtloop import app_loop
app = QApplication([])
app.setQuitOnLastWindowClosed(False)
from visualizer.ui.main_window import MainWindow
loop = app_loop(app)
asyncio.set_event_loop(loop)
window = MainWindow("event-loop")
window.show()

async def main():
    window.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        threads = [t for t in threading.enumerate() if t.name == "scene-preload"]
        if window._first_paint_sent and not threads:
            break
    print("visualizer.scenes.server.scene" in sys.modules, "uvicorn" in sys.modules)
    window.close()
    await window.shutdown()

loop.run_until_complete(main())
"""


def test_once_the_first_frame_is_up_the_other_scenes_load_in_the_background() -> None:
    """The first switch to the server scene would otherwise stall the loop for its imports."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", PRELOAD], capture_output=True, text=True, env=env, timeout=90
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"], out.stdout + out.stderr
