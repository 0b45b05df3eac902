"""Inputs that used to raise tracebacks or pass silently: each is one line and status 2 now.

All of these are refused before Qt starts, in the process itself (``main``), so a test also
proves that nothing loaded Qt on the way to the error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from visualizer.cli import main

HUGE = "z" * 100_000


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err
    return captured.err


def export_args(tmp_path: Path, *more: str, scene: str = "event-loop") -> list[str]:
    return ["export", "--scene", scene, "--format", "gif", *more]


@pytest.mark.parametrize(
    ("more", "fragment"),
    [
        (["--size", "9" * 5000 + "x720", "-o", "{tmp}/a.gif"], "pixels a side"),
        (["--size", "720x" + "9" * 5000, "-o", "{tmp}/a.gif"], "pixels a side"),
        (["-o", "{tmp}/" + "n" * 300 + ".gif"], "File name too long"),
        (["-o", "{tmp}/" + "d/" * 2100 + "a.gif"], "File name too long"),
        (["-o", "{tmp}/" + "n" * 252 + ".gif"], "File name too long"),  # 256 bytes
        (["--preset", "", "-o", "{tmp}/a.gif"], "unknown preset ''"),
    ],
)
def test_export_inputs_that_raised_are_one_line(
    more: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in more]
    err = one_line_error(capsys, *export_args(tmp_path), *args)
    assert fragment in err and len(err) < 400, err
    assert list(tmp_path.iterdir()) == []


def test_an_empty_scene_or_preset_is_an_error_not_the_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "unknown scene ''" in one_line_error(capsys, "--scene", "")
    assert "unknown preset ''" in one_line_error(capsys, "--preset", "")
    assert "unknown preset ''" in one_line_error(capsys, "--scene", "queue", "--preset", "")
    empty_scene = export_args(Path(), "-o", "a.gif", scene="")
    assert "unknown scene ''" in one_line_error(capsys, *empty_scene)


@pytest.mark.parametrize(
    "argv",
    [
        ["--scene", HUGE],
        ["--preset", HUGE],
        ["--set", HUGE],
        ["--set", f"tasks={HUGE}"],
        ["--set", f"{HUGE}=1"],
        ["export", "--scene", HUGE, "--format", "gif", "-o", "a.gif"],
        ["export", "--scene", "event-loop", "--format", HUGE, "-o", "a.gif"],
        ["export", "--scene", "event-loop", "--format", "gif", "--size", HUGE, "-o", "a.gif"],
        ["export", "--scene", "event-loop", "--format", "gif", "-o", HUGE],
    ],
)
def test_an_error_shortens_a_huge_argument(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    err = one_line_error(capsys, *argv)
    assert len(err) < 800, f"{len(err)} characters: {err[:200]}"
    assert "characters)" in err, err  # says how long the argument was


@pytest.mark.parametrize("fps", ["0", "61", "2.5", "nan"])
def test_list_with_an_impossible_fps_is_refused(
    fps: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "fps must be a whole number" in one_line_error(capsys, "export", "--list", "--fps", fps)


def test_list_with_good_options_still_lists(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--list", "--fps", "30", "--size", "640x360"]) == 0
    assert "event-loop" in capsys.readouterr().out
