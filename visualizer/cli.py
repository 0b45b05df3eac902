"""Command line: open the app on a scene, or run ``bench``.

Every mistake on the command line ends with one line on stderr and exit status 2, never a
traceback: a learner typing a scene name wrong should learn the right names, not read a stack.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from visualizer.scenes.base import SettingError
from visualizer.scenes.registry import load_scene, scene_names

USAGE_ERROR = 2


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, not the usage block plus a line."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SettingError(f"--set takes KEY=VALUE (got {item!r})")
        out[key.strip()] = value.strip()
    return out


def _app_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="visualizer",
        description="Runs real concurrent Python code and animates what actually happens.",
        epilog="Other commands: 'visualizer export --help', 'visualizer bench --help'.",
    )
    parser.add_argument(
        "--scene",
        metavar="NAME",
        help=f"scene to open: {', '.join(scene_names())} "
        "(default: the one open at the last exit; event-loop with --preset or --set)",
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


def _bench_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="visualizer bench",
        description="Measure tracer overhead, frame times and start-up; print JSON.",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the JSON to PATH")
    parser.add_argument(
        "--quick", action="store_true", help="fewer samples, for a smoke run (numbers are rougher)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "bench":
        bench_args = _bench_parser().parse_args(args[1:])
        from visualizer.bench import run_bench

        return run_bench(bench_args.json, quick=bench_args.quick)
    if args and args[0] == "worker":
        from visualizer.commands.worker import main as worker_main

        return worker_main(args[1:])
    if args and args[0] == "export":
        from visualizer.export.command import export_main

        return export_main(args[1:])
    parser = _app_parser()
    opts = parser.parse_args(args)
    # --preset and --set name a scene's presets and settings, so they mean the default scene
    # when none is given; with neither, the app reopens the scene open at the last exit.
    name = opts.scene or ("event-loop" if opts.preset or opts.set else None)
    if name is not None and name not in scene_names():
        parser.error(f"unknown scene {name!r} (choose from {', '.join(scene_names())})")
    overrides: dict[str, str] = {}
    try:
        overrides = parse_assignments(opts.set)
        if name is not None:
            scene = load_scene(name)
            scene.preset(opts.preset)
            scene.values(overrides)
    except SettingError as exc:
        parser.error(str(exc))
    from visualizer.app import run_app

    return run_app(name, opts.preset, overrides, opts.lang)
