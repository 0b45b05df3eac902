"""The command line: help, scene selection, and one-line errors with status 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from visualizer.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "visualizer", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_help_lists_the_options() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "--scene" in result.stdout and "event-loop" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--scene", "nope"], "unknown scene 'nope'"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--preset", "nope"], "unknown preset 'nope'"),
        (["--set", "tasks=99"], "tasks must be an integer from 1 to 12"),
        (["--set", "nonsense"], "--set takes KEY=VALUE"),
        (["--set", "colour=red"], "unknown setting 'colour'"),
        (["--lang", "fr"], "invalid choice: 'fr'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("visualizer: error: ") and fragment in err


def test_console_script_and_module_share_the_entry_point() -> None:
    from importlib.metadata import entry_points

    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "visualizer"]
    assert script.value == "visualizer.cli:main"
    result = run_cli("--scene", "nope")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0


def test_version_prints_the_package_version() -> None:
    from visualizer import __version__

    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"visualizer {__version__}"


def test_without_a_display_the_app_says_so_in_one_line_instead_of_aborting() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-m", "visualizer", "--scene", "queue"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "visualizer export" in lines[0]


def test_setup_help_exits_0_and_an_unknown_command_2() -> None:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    setup = os.path.join(root, "setup.sh")
    shown = subprocess.run(["bash", setup, "--help"], capture_output=True, text=True, check=False)
    assert shown.returncode == 0 and "setup.sh test" in shown.stdout
    wrong = subprocess.run(["bash", setup, "nope"], capture_output=True, text=True, check=False)
    assert wrong.returncode == 2 and "unknown command: nope" in wrong.stderr
