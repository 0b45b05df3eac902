"""The "Your code" picture over real runs: many tasks fold into few lanes; a cut is marked."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor

from visualizer.draw.theme import LIGHT
from visualizer.export.render import paint_frame
from visualizer.scenes.registry import scene_from_file, view_class_for
from visualizer.scenes.script import view as script_view
from visualizer.scenes.script.scene import ScriptScene
from visualizer.session import SceneSession

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def recorded(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, path: Path, **values: Any
) -> SceneSession[Any]:
    scene = scene_from_file(path)
    assert isinstance(scene, ScriptScene)
    session: SceneSession[Any] = SceneSession(scene, values=scene.values(values))

    async def run() -> None:
        session.restart()
        await session.wait()

    done = qt_loop.create_task(run())
    qtbot.waitUntil(done.done, timeout=30_000)
    done.result()
    return session


def near(color: QColor, want: QColor, tolerance: int = 40) -> bool:
    return all(
        abs(a - b) <= tolerance for a, b in zip(color.getRgb()[:3], want.getRgb()[:3], strict=True)
    )


def test_a_cut_recording_is_marked_on_the_timeline_where_it_was_cut(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "flood.py"
    path.write_text(
        "import asyncio\n\n"
        "async def tiny():\n    await asyncio.sleep(0.2)\n\n"
        "async def main():\n    await asyncio.gather(*(tiny() for _ in range(5_000)))\n\n"
        "asyncio.run(main())\n",
        encoding="utf-8",
    )
    session = recorded(qt_loop, qtbot, path, max_events=1_000)
    view = view_class_for(session.scene)(session.scene)
    frame = session.frame(session.timeline.end_time())
    places = view.layout(frame)
    assert places.cut_t is not None
    assert frame.state.marks and 0 < places.cut_t < frame.end
    assert session.scene.caption(frame.state, frame.t).source.startswith("Recording stopped")
    # the dashed marker in the danger colour, in the lanes panel at the cut's x
    image = paint_frame(view, frame, (1280, 720), LIGHT)
    lanes = places.lanes
    x0, x1 = lanes.x() + 12 + 175.0, lanes.right() - 16
    x = round(x0 + (x1 - x0) * places.cut_t / max(frame.end, 0.5))
    column = [image.pixelColor(dx, y) for dx in (x - 1, x, x + 1) for y in range(520, 600)]
    assert sum(near(c, LIGHT.danger) for c in column) >= 10
    elsewhere = [image.pixelColor(x - 30, y) for y in range(520, 600)]
    assert not any(near(c, LIGHT.danger) for c in elsewhere)  # the marker, not a red panel
    # an uncut run has no marker
    path.write_text("import asyncio\nasyncio.run(asyncio.sleep(0.05))\n", encoding="utf-8")
    session.scene.set_source(path.read_text(encoding="utf-8"))
    calm = recorded(qt_loop, qtbot, path)
    assert view.layout(calm.frame(calm.timeline.end_time())).cut_t is None


def test_two_hundred_tasks_fold_into_a_few_lanes_with_counts(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    session = recorded(qt_loop, qtbot, EXAMPLES / "many_tasks_200.py")
    end = session.timeline.end_time()
    assert len(session.timeline.state_at(end).tasks) == 201  # main, 150 downloads, 50 workers
    view = view_class_for(session.scene)(session.scene)
    first = session.recorder.events[0].t
    frame = session.frame(first + (end - first) * 0.4)
    places = view.layout(frame)
    labels = [row.label for row in places.rows]
    assert labels == ["main #1", "worker ×50", "download ×150"]
    assert places.hidden_rows == 0
    assert len(places.rows) <= script_view.MAX_ROWS
    waiting = sum(1 for t in frame.state.tasks.values() if t.state == "waiting")
    assert waiting > script_view.MAX_ROWS  # more waiting than could ever be drawn one by one
