"""Callbacks that come late: a choice made in a dialog after its window has closed.

A dialog is opened with ``open()``, never run modally, so its answer arrives through a signal
at any later moment, also when the window behind it has closed and shut down in between.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from visualizer.scenes.script.scene import ScriptScene
from visualizer.ui.main_window import MainWindow

SCRIPT = (
    "import asyncio\n\nasync def main():\n    await asyncio.sleep(0.05)\n\nasyncio.run(main())\n"
)


def test_the_open_script_chooser_opens_without_blocking_and_opens_the_file_chosen(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    script = tmp_path / "mine.py"
    script.write_text(SCRIPT)
    window = MainWindow("event-loop")
    qtbot.addWidget(window)
    window.show()
    window.start()
    chooser = window.script_actions.choose_file()  # returns at once: the loop keeps running
    assert chooser.isVisible()
    chooser.fileSelected.emit(str(script))
    assert window.session is not None and isinstance(window.session.scene, ScriptScene)
    chooser.close()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def test_a_script_chosen_after_the_window_has_shut_down_starts_no_run(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    script = tmp_path / "mine.py"
    script.write_text(SCRIPT)
    window = MainWindow("event-loop")
    qtbot.addWidget(window)
    window.show()
    window.start()
    chooser = window.script_actions.choose_file()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
    before = {t for t in asyncio.all_tasks(qt_loop) if not t.done()}
    chooser.fileSelected.emit(str(script))  # the user picks a file in the still-open chooser
    started = [t.get_name() for t in asyncio.all_tasks(qt_loop) if not t.done() and t not in before]
    assert started == []
    assert window.session is None
    chooser.close()
