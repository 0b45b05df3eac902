"""Session files in the window: save a run, reopen it, see the same frames, nothing runs."""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from visualizer.draw.theme import LIGHT
from visualizer.export.render import paint_frame
from visualizer.scenes.script import child
from visualizer.scenes.script.scene import ScriptScene
from visualizer.ui.main_window import MainWindow

SCRIPT = """\
import asyncio


async def job(delay):
    await asyncio.sleep(delay)
    print("job", delay)


async def main():
    await asyncio.gather(job(0.1), job(0.2), job(0.3))


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


def pictures(window: MainWindow, times: list[float]) -> list[str]:
    session, view = window.session, window.view
    assert session is not None and view is not None
    images = [paint_frame(view, session.frame(t), (640, 360), LIGHT) for t in times]
    return [hashlib.sha256(bytes(image.constBits())).hexdigest() for image in images]


def close(window: MainWindow, qt_loop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def test_saved_session_reopens_with_the_same_frames_and_runs_nothing_until_run(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path, monkeypatch: Any
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
    assert session is not None
    end = session.timeline.end_time()
    times = [end * k / 6 for k in range(7)]
    before = pictures(window, times)
    states = [session.timeline.state_at(t) for t in times]
    lines = [session.scene.highlights(s, t) for s, t in zip(states, times, strict=True)]
    assert any(lines)  # the tasks' lines are marked during the run
    saved = tmp_path / "run.json"
    assert window.script_actions.sessions.save(saved)
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert doc["version"] == 1 and doc["source"].rstrip() == SCRIPT.rstrip()
    assert not list(tmp_path.glob("*.tmp"))

    started: list[object] = []
    real = child.asyncio.create_subprocess_exec

    async def spy(*args: Any, **kwargs: Any) -> Any:
        started.append(args)
        return await real(*args, **kwargs)

    monkeypatch.setattr(child.asyncio, "create_subprocess_exec", spy)
    path.write_text("raise SystemExit('must not run')\n", encoding="utf-8")  # the file changed
    window.open_scene("event-loop")
    assert window.script_actions.open_file(saved)
    reopened = window.session
    assert reopened is not None and reopened is not session
    assert isinstance(reopened.scene, ScriptScene)
    assert window.code_panel.toPlainText().rstrip() == SCRIPT.rstrip()
    assert not reopened.running and reopened.run is None
    qtbot.wait(300)
    assert not started  # opening ran nothing
    assert reopened.timeline.end_time() == pytest.approx(end)
    assert pictures(window, times) == before
    again = [reopened.timeline.state_at(t) for t in times]
    assert [reopened.scene.highlights(s, t) for s, t in zip(again, times, strict=True)] == lines
    assert "job 0.3" in reopened.scene.console.text
    # scrub and step work on the recording
    window.scrub(0.5)
    reopened.step(True)
    assert 0 < reopened.playback.t < end
    # Run runs the saved code (not the changed file) in a child
    window.restart()
    finished(window, qtbot)
    assert len(started) == 1
    assert reopened.scene.outcome.status == 0
    assert "job 0.3" in reopened.scene.console.text
    close(window, qt_loop, qtbot)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"format": "visualizer-session", "version": 1, "trace": ', "damaged"),
        ('{"format": "visualizer-session", "version": 7}', "version 7"),
        ("[1, 2]", "not a session file"),
        (
            '{"format": "visualizer-session", "version": 1, "file": "a.py", "source": "",'
            ' "settings": {}, "console": {"text": "", "dropped": 0},'
            ' "trace": {"end": 1, "events": [{"t": "soon"}]}}',
            "trace.events[0].t",
        ),
    ],
)
def test_a_damaged_session_file_is_refused_with_a_message_and_the_scene_stays(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path, content: str, says: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    window = MainWindow("event-loop", "gather")
    qtbot.addWidget(window)
    window.show()
    window.start()
    before = window.session
    assert not window.script_actions.open_file(bad)
    assert window.session is before
    message = window.statusBar().currentMessage()
    assert message.startswith("Cannot open the session") and says in message
    close(window, qt_loop, qtbot)


def test_your_code_is_in_the_scene_list_and_opens_a_script(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("event-loop", "gather")
    qtbot.addWidget(window)
    window.show()
    window.start()
    names = [window.scene_list.item(row).data(0x0100) for row in range(window.scene_list.count())]
    assert names[-1] == "your-code"
    assert window.scene_list.item(len(names) - 1).text() == "Your code"
    window.scene_list.setCurrentRow(len(names) - 1)
    session = window.session
    assert session is not None and isinstance(session.scene, ScriptScene)
    finished(window, qtbot)
    window.scene_list.setCurrentRow(0)
    assert window.session is not None and window.session.scene.name == "event-loop"
    close(window, qt_loop, qtbot)
