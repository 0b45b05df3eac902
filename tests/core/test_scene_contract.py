"""The scene contract: scenes made by factories (built in, or from a learner's file), and live
settings that reach the running code at the moment they change, without polling."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from visualizer.core.contract import Run, SettingError
from visualizer.core.recorder import Recorder
from visualizer.core.task_state import DONE
from visualizer.scenes.queue import SCENE as QUEUE
from visualizer.scenes.queue.simulation import SPECS, Simulation
from visualizer.scenes.registry import load_scene, scene_from_file, scene_names
from visualizer.session import SceneSession

SCRIPT = """\
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    await asyncio.gather(job("a", 0.05), job("b", 0.1))
"""


def test_every_built_in_scene_is_made_by_its_factory_and_names_its_view_module() -> None:
    for name in scene_names():
        scene = load_scene(name)
        assert scene.name == name
        assert scene.view_module.endswith(".view") and scene.view_module.startswith(
            "visualizer.scenes."
        )
    with pytest.raises(KeyError, match="unknown scene"):
        load_scene("nope")


def test_a_scene_made_from_a_file_shows_the_file_and_runs_its_main_traced(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(SCRIPT, encoding="utf-8")
    scene = scene_from_file(path)
    assert scene is not scene_from_file(path)  # a new instance per file
    listing = scene.preset(None).source()
    assert listing.text == SCRIPT.rstrip("\n")
    filename = str(path.resolve())
    sleep_line = SCRIPT.splitlines().index("    await asyncio.sleep(delay)") + 1
    assert listing.row_of(filename, sleep_line) == sleep_line - 1

    session: SceneSession[Any] = SceneSession(scene)
    seen: list[tuple[str, int]] = []

    async def main() -> None:
        session.restart()
        while session.running:  # the script runs in a child Python: sample until it ends
            await asyncio.sleep(0.02)
            frame = session.frame(session.recorder.now())
            seen.extend((h.filename, h.line) for h in scene.highlights(frame.state, frame.t))
        await session.wait()

    asyncio.run(main())
    state = session.timeline.state_at(session.timeline.end_time())
    labels = {task.label for task in state.tasks.values()}
    assert len(state.tasks) == 3 and "main #1" in labels, labels
    assert all(task.state == DONE for task in state.tasks.values())
    assert (filename, sleep_line) in seen  # both jobs wait on the sleep line of the file
    elapsed = state.elapsed()
    assert elapsed is not None and 0.09 <= elapsed < 1.0


def test_a_file_without_tasks_or_unreadable_is_one_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SettingError, match="cannot read"):
        scene_from_file(tmp_path / "missing.py")
    path = tmp_path / "plain.py"
    path.write_text("x = 1\n", encoding="utf-8")
    scene = scene_from_file(path)
    session: SceneSession[Any] = SceneSession(scene)

    async def main() -> None:
        session.restart()
        await session.wait()

    asyncio.run(main())
    state = session.timeline.state_at(session.timeline.end_time())
    assert session.error is None and not state.tasks
    assert scene.caption(state, 0.0).source.startswith("The script ended without running")


def test_a_live_setting_reaches_the_running_queue_at_the_moment_it_changes() -> None:
    recorder = Recorder()
    run = Run(recorder, QUEUE.values({"consumers": 1, "rate": 5.0}), "email", {})
    changed: list[float] = []
    started_by_next_pass: set[str] = set()

    def starts() -> set[str]:
        return {
            e.data["worker"]
            for e in recorder.events
            if e.kind == "worker_start" and e.t >= changed[0]
        }

    async def main() -> None:
        sim = Simulation(run, SPECS["email"])
        task = asyncio.create_task(sim.main())
        await asyncio.sleep(0.2)
        changed.append(recorder.now())
        run.change("consumers", 3)
        changed.append(recorder.now())
        # One loop pass, whatever the clock says: the new workers were scheduled by the change
        # itself, ahead of this task, so they have run their first step when it resumes.
        await asyncio.sleep(0)
        started_by_next_pass.update(starts())
        await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(main())
    setting = [e for e in recorder.events if e.kind == "setting"]
    assert [(e.data["key"], e.data["value"]) for e in setting] == [("consumers", 3)]
    # Recorded during the change, not at a watcher's next look (which took up to 50 ms).
    assert changed[0] <= setting[0].t <= changed[1]
    assert started_by_next_pass == {"w2", "w3"}
    assert starts() == {"w2", "w3"}


def test_a_setting_out_of_range_is_refused_and_nothing_is_recorded() -> None:
    recorder = Recorder()
    run = Run(recorder, QUEUE.values(), "email", {})
    with pytest.raises(SettingError):
        run.change("consumers", 999)
    assert not any(e.kind == "setting" for e in recorder.events)
    assert run.values["consumers"] == QUEUE.values()["consumers"]


def test_the_session_records_only_live_changes_of_a_running_scene() -> None:
    scene = load_scene("event-loop")
    session: SceneSession[Any] = SceneSession(scene, "gather")
    session.change("tasks", 2)  # not running: only stored
    assert session.values["tasks"] == 2
    assert not any(e.kind == "setting" for e in session.recorder.events)


def test_the_registry_knows_every_scene_title_without_loading_the_scene() -> None:
    from visualizer.scenes.registry import scene_title

    for name in scene_names():
        assert scene_title(name) == load_scene(name).title, name
