"""``visualizer [--scene NAME] ...``: check the arguments, then open the window."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from visualizer import __version__
from visualizer.commands.common import OneLineParser, parse_assignments
from visualizer.core.contract import SettingError
from visualizer.scenes.registry import load_scene, scene_names
from visualizer.scenes.script import session_file


def app_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="visualizer",
        description="Runs real concurrent Python code and animates what actually happens.",
        epilog="Other commands: 'visualizer trace --help', 'visualizer export --help', "
        "'visualizer bench --help'.",
    )
    parser.add_argument(
        "--scene",
        metavar="NAME",
        help=f"scene to open: {', '.join(scene_names())} "
        "(default: the one open at the last exit; event-loop with --preset or --set)",
    )
    parser.add_argument("--version", action="version", version=f"visualizer {__version__}")
    parser.add_argument(
        "script",
        nargs="?",
        help="a Python script to open as 'Your code', or a saved session (.json) to replay",
    )
    parser.add_argument("--preset", metavar="NAME", help="preset of the scene to open")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="start with a setting changed (repeatable), e.g. --set tasks=5",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "ko"),
        help="language for this run (default: the one chosen in the app, else the system's)",
    )
    return parser


def app_main(argv: Sequence[str]) -> int:
    parser = app_parser()
    opts = parser.parse_args(argv)
    # --preset and --set name a scene's presets and settings, so they mean the default scene
    # when none is given; with neither, the app reopens the scene open at the last exit.
    # An empty name is a mistake (a shell variable that was not set), never "the default".
    asked = opts.preset is not None or bool(opts.set)
    name = opts.scene if opts.scene is not None else ("event-loop" if asked else None)
    if name is not None and name not in scene_names():
        parser.error(f"unknown scene {name!r} (choose from {', '.join(scene_names())})")
    if opts.script is not None and not Path(opts.script).is_file():
        parser.error(f"no such script: {opts.script}")
    if opts.script is not None and session_file.looks_like_session(opts.script):
        try:
            session_file.read(opts.script)
        except session_file.SessionFileError as exc:
            parser.error(str(exc))
    overrides: dict[str, str] = {}
    try:
        overrides = parse_assignments(opts.set)
        if name is not None:
            scene = load_scene(name)
            scene.preset(opts.preset)
            scene.values(overrides)
    except SettingError as exc:
        parser.error(str(exc))
    problem = no_display(os.environ, sys.platform)
    if problem:
        parser.error(problem)
    from visualizer.ui.app import run_app

    return run_app(name, opts.preset, overrides, opts.lang, opts.script)


def no_display(env: Mapping[str, str], platform: str) -> str | None:
    """Why a window cannot open here, in one line, or None.

    Without this, Qt aborts (status 134) with a message about a missing xcb plugin library, which
    sends people looking for a package they already have.
    """
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset): run it in a "
        "graphical session, or make pictures without one with 'visualizer export --help'"
    )
