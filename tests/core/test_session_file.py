"""The session file format: a round trip gives the same events, damage is named in one line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from visualizer.cli import main
from visualizer.core.recorder import Event
from visualizer.core.task_state import LoopReducer
from visualizer.core.timeline import Timeline
from visualizer.scenes.script import session_file

EVENTS = [
    Event(0.0, "created", "t1", {"coro": "main", "parent": None, "name": "Task-1", "arg": None}),
    Event(0.001, "started", "t1", {"name": "Task-1"}),
    Event(
        0.002,
        "suspended",
        "t1",
        {"stack": (("main", "/x/a.py", 7),), "wait": {"kind": "sleep", "deadline": 0.3}},
    ),
    Event(0.3, "resumed", "t1", {}),
    Event(0.301, "finished", "t1", {}),
]


def document(**changes: Any) -> dict[str, Any]:
    doc = session_file.encode(
        file="/x/a.py",
        source="import asyncio\n",
        ran_as="/x/a.py",
        settings={"timeout": 30.0},
        console="hello\n",
        dropped=0,
        end=0.31,
        events=EVENTS,
    )
    doc.update(changes)
    return doc


def test_a_session_round_trip_folds_into_the_same_states(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    session_file.write(path, document())
    saved = session_file.read(path)
    assert saved.events == EVENTS  # stacks come back as tuples, as the reducer made them
    assert saved.source == "import asyncio\n" and saved.console == "hello\n"
    recorder = saved.recorder()
    assert recorder.finished and recorder.newest_time() == pytest.approx(0.31)
    again, first = Timeline(recorder, LoopReducer()), Timeline(EVENTS, LoopReducer())
    for t in (0.0, 0.1, 0.3, 0.31):
        assert again.state_at(t) == first.state_at(t)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError):  # NaN is not JSON: refused half way through
        session_file.write(path, document(trace={"end": float("nan"), "events": []}))
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["s.json"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{", "damaged session file"),
        ('{"format": "visualizer-session", "version": 2}', "version 2"),
        ('{"format": "other"}', "not a session file"),
        ("\udcff", "not a session file"),
    ],
)
def test_a_damaged_session_on_the_command_line_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, says: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    with pytest.raises(SystemExit) as exit_info:
        main([str(path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err, err


def test_every_wrong_field_is_named(tmp_path: Path) -> None:
    doc = document()
    doc["trace"]["events"][2]["data"]["stack"] = [["main", "/x/a.py"]]
    with pytest.raises(session_file.SessionFileError, match=r"events\[2\]\.data\.stack"):
        session_file.parse(json.loads(json.dumps(doc)))
    doc = document()
    doc["trace"]["events"][1]["t"] = -1
    with pytest.raises(session_file.SessionFileError, match=r"events\[1\]\.t out of order"):
        session_file.parse(json.loads(json.dumps(doc)))
    with pytest.raises(session_file.SessionFileError, match="source missing"):
        session_file.parse(document(source=None))
