"""The "Your code" scene in the window: open a script, run it, scrub back, see its lines."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from visualizer.scenes.script.scene import ScriptScene
from visualizer.ui.main_window import MainWindow
from visualizer.ui.script_actions import example_files

SCRIPT = """\
import asyncio


async def job(delay):
    await asyncio.sleep(delay)


async def main():
    await asyncio.gather(job(0.3), job(0.5))
    print("finished")


asyncio.run(main())
"""


def finished(window: MainWindow, qtbot: Any) -> None:
    qtbot.waitUntil(
        lambda: (
            window.session is not None
            and window.session.recorder.finished
            and not window.session.running
        ),
        timeout=20_000,
    )


def marked_rows(window: MainWindow) -> set[int]:
    return {s.cursor.blockNumber() for s in window.code_panel.extraSelections()}


def test_open_run_scrub_back_marks_the_line_the_task_was_on(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "mine.py"
    path.write_text(SCRIPT, encoding="utf-8")
    window = MainWindow("event-loop", "gather")
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.script_actions.open_file(path)
    finished(window, qtbot)
    session = window.session
    assert session is not None and isinstance(session.scene, ScriptScene)
    assert not window.code_panel.isReadOnly()
    qtbot.waitUntil(lambda: "finished" in window.script_actions.console.text.toPlainText())
    state = session.timeline.state_at(session.timeline.end_time())
    jobs = [t for t in state.tasks.values() if t.coro == "job"]
    assert len(jobs) == 2
    middle = jobs[0].created + 0.2  # both jobs sleep on line 5 then
    window.scrub(middle / session.timeline.end_time())
    qtbot.waitUntil(lambda: 4 in marked_rows(window), timeout=5_000)
    window.scrub(1.0)  # at the end nobody waits: no line is marked
    qtbot.waitUntil(lambda: not marked_rows(window), timeout=5_000)
    # an edit runs next time, and a syntax error is marked in the gutter
    window.code_panel.setPlainText("def broken(:\n")
    window.restart()
    qtbot.waitUntil(lambda: window.code_panel.error_line == 1, timeout=20_000)
    # a bundled example opens and runs
    seed = next(p for p in example_files() if p.name == "seed003_do_async_py36.py")
    assert window.script_actions.open_file(seed)
    finished(window, qtbot)
    qtbot.waitUntil(lambda: "do_async done" in window.script_actions.console.text.toPlainText())
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
