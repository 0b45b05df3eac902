"""The "Your code" scene: a learner's script in a child Python, and every way it can go wrong.

Each bad case runs for real (a killed child, a segfault, megabytes of output, a million
tasks) and is followed by a good run in the same scene, which must work as if nothing happened.
"""

from __future__ import annotations

import asyncio
import os
import textwrap
from pathlib import Path
from typing import Any

from visualizer.core.task_state import DONE, LoopState
from visualizer.scenes.registry import scene_from_file
from visualizer.scenes.script.scene import ScriptScene
from visualizer.session import SceneSession

GOOD = """
import asyncio

async def job(delay):
    await asyncio.sleep(delay)
    print("done", delay)

async def main():
    await asyncio.gather(job(0.1), job(0.2))

asyncio.run(main())
"""


def make(tmp_path: Path, source: str, **values: Any) -> tuple[ScriptScene, SceneSession[Any]]:
    path = tmp_path / "mine.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    scene = scene_from_file(path)
    assert isinstance(scene, ScriptScene)
    return scene, SceneSession(scene, values=scene.values(values))


def run(session: SceneSession[Any], stop_after: float | None = None) -> LoopState:
    async def main() -> None:
        session.restart()
        if stop_after is None:
            await session.wait()
        else:
            await asyncio.sleep(stop_after)
            await session.aclose()

    asyncio.run(main())
    state: LoopState = session.timeline.state_at(session.timeline.end_time())
    return state


def then_a_good_run_works(scene: ScriptScene, session: SceneSession[Any]) -> None:
    scene.set_source(textwrap.dedent(GOOD))
    state = run(session)
    assert scene.outcome.status == 0, scene.console.text
    assert scene.console.text == "done 0.1\ndone 0.2\n"
    assert [t.state for t in state.tasks.values()] == [DONE, DONE, DONE]
    assert session.error is None and not state.errors


def test_a_script_runs_in_a_child_with_its_own_times_and_lines(tmp_path: Path) -> None:
    scene, session = make(tmp_path, GOOD)
    seen: list[int] = []

    async def main() -> None:
        session.restart()
        while session.running:
            await asyncio.sleep(0.02)
            frame = session.frame(session.recorder.now())
            seen.extend(h.line for h in scene.highlights(frame.state, frame.t))
        await session.wait()

    asyncio.run(main())
    state = session.timeline.state_at(session.timeline.end_time())
    assert scene.outcome.status == 0
    main_task = next(t for t in state.tasks.values() if t.coro == "main")
    assert main_task.ended is not None
    assert 0.19 <= main_task.ended - main_task.created < 0.6  # the child's own clock
    assert main_task.created > 0  # after the recorder began: the child's start is on the axis
    assert 5 in seen  # the line of asyncio.sleep in job()
    assert scene.console.text == "done 0.1\ndone 0.2\n"


def test_syntax_error_says_line_and_message(tmp_path: Path) -> None:
    scene, session = make(tmp_path, "import asyncio\n\ndef broken(:\n    pass\n")
    state = run(session)
    assert scene.outcome.syntax_error is not None
    assert scene.outcome.syntax_error["line"] == 3
    assert state.errors and "SyntaxError" in state.errors[-1] and "line 3" in state.errors[-1]
    then_a_good_run_works(scene, session)


def test_exception_traceback_has_the_users_lines_only(tmp_path: Path) -> None:
    scene, session = make(
        tmp_path,
        "import asyncio\nasync def main():\n    1 / 0\nasyncio.run(main())\n",
    )
    state = run(session)
    assert scene.outcome.status == 1 and scene.outcome.exception is not None
    text = scene.console.text
    assert "ZeroDivisionError" in text and "line 3, in main" in text
    assert "script_runner" not in text and "runpy" not in text
    assert scene.outcome.exception["line"] == 3
    assert state.errors[-1].startswith("ZeroDivisionError")
    then_a_good_run_works(scene, session)


def test_endless_loop_is_killed_by_stop_and_by_the_timeout(tmp_path: Path) -> None:
    scene, session = make(tmp_path, "import asyncio, time\nwhile True:\n    time.sleep(0.01)\n")
    run(session, stop_after=0.5)
    assert scene.outcome.stopped and scene.outcome.status is not None
    assert scene.outcome.signal == "SIGKILL"
    spin = "import asyncio\nasync def spin():\n    while True:\n        await asyncio.sleep(0)\n"
    scene2, session2 = make(tmp_path, spin + "asyncio.run(spin())\n", timeout=1.0, max_events=5_000)
    state = run(session2)
    assert scene2.outcome.timed_out and scene2.outcome.signal == "SIGKILL"
    assert state.tasks  # what it did until then is kept
    then_a_good_run_works(scene, session)


def test_sys_exit_os_exit_and_a_segfault_leave_the_app_running(tmp_path: Path) -> None:
    for source, status, signal in [
        ("import sys\nsys.exit(4)\n", 4, None),
        ("import os\nprint('bye', flush=True)\nos._exit(7)\n", 7, None),
        ("import ctypes\nctypes.string_at(0)\n", -11, "SIGSEGV"),
    ]:
        scene, session = make(tmp_path, source)
        run(session)
        assert scene.outcome.status == status and scene.outcome.signal == signal
        then_a_good_run_works(scene, session)


def test_megabytes_of_output_keep_the_tail(tmp_path: Path) -> None:
    scene, session = make(
        tmp_path, "for i in range(200_000):\n    print('line', i, 'x' * 40)\nprint('last')\n"
    )
    run(session)
    console = scene.console
    assert console.dropped > 5_000_000 and len(console.text) <= console.limit
    assert console.text.endswith("last\n")
    then_a_good_run_works(scene, session)


def test_a_million_tasks_are_cut_and_the_state_says_where(tmp_path: Path) -> None:
    scene, session = make(
        tmp_path,
        """
        import asyncio

        async def tiny():
            await asyncio.sleep(0)

        async def main():
            await asyncio.gather(*(tiny() for _ in range(1_000_000)))

        asyncio.run(main())
        """,
        max_events=2_000,
        timeout=60.0,
    )
    state = run(session)
    assert scene.outcome.cut is not None and scene.outcome.cut["after"] == 2_000
    assert scene.outcome.dropped > 1_000_000
    assert len(session.recorder.events) < 2_100
    cut = [m for m in state.marks if m[2] == "cut"]
    assert cut and scene.caption(state, cut[0][0]).source.startswith("Recording stopped at")
    then_a_good_run_works(scene, session)


def test_an_edited_text_runs_without_writing_the_file(tmp_path: Path) -> None:
    scene, session = make(tmp_path, "print('on disk')\n")
    scene.set_source("print('edited', __file__.endswith('mine.py'))\n")
    run(session)
    assert scene.console.text == "edited True\n"
    assert (tmp_path / "mine.py").read_text() == "print('on disk')\n"
    assert os.listdir(tmp_path) == ["mine.py"]
