"""``visualizer export``: parse and check everything, then hand a plan to the headless runner.

Every check that can fail on the user's input runs here, before a scene is recorded or a file is
created, and fails with one line and exit status 2. Failures while writing (a full disk, a
crashed encoder) exit with status 1 and leave no file. This module stays Qt-free so that
``--list`` and every input error answer without starting Qt.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from typing import Any

from visualizer.commands.common import OneLineParser, parse_assignments
from visualizer.core.contract import Scene, SettingError
from visualizer.export.encoders import check_encoder
from visualizer.export.options import (
    DEFAULT_FPS,
    DEFAULT_SIZE,
    FORMATS,
    MAX_DURATION,
    MAX_FPS,
    MAX_GIF_FPS,
    MIN_DURATION,
    ExportError,
    ExportPlan,
    check_at,
    check_duration,
    check_fps,
    check_output,
    check_size,
    frame_count,
    parse_format,
    parse_size,
)
from visualizer.scenes.registry import load_scene, scene_names

EXPORT_FAILED = 1
INTERRUPTED = 130  # the shell's convention for Ctrl+C
SIGNALLED = 128  # plus the signal's number: 143 after SIGTERM


def export_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="visualizer export",
        description=(
            "Run a scene's real code offscreen, record it, and render the recording to a PNG "
            "still or a GIF/APNG/MP4 animation. Frame k shows the run at exactly k/fps."
        ),
        epilog=(
            f"Limits: fps 1-{MAX_FPS} ({MAX_GIF_FPS} for GIF); duration {MIN_DURATION:g}-"
            f"{MAX_DURATION:g} s; size 16-3840 a side (even for MP4). If the scene's code ends "
            "before the duration, the animation holds its final state. MP4 needs the 'mp4' "
            "extra: pip install 'concurrency-visualizer[mp4]'."
        ),
    )
    parser.add_argument("--list", action="store_true", help="list scenes, presets and settings")
    parser.add_argument("--scene", metavar="NAME", help="scene to export (see --list)")
    parser.add_argument("--preset", metavar="NAME", help="preset of the scene (default: first)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a setting (repeatable), e.g. --set tasks=5",
    )
    parser.add_argument("--format", metavar="FMT", help=f"one of {', '.join(FORMATS)}")
    parser.add_argument(
        "--duration",
        type=float,
        metavar="S",
        help="seconds to record and animate (default: the scene's own)",
    )
    parser.add_argument(
        "--fps", type=float, default=DEFAULT_FPS, metavar="N", help=f"default {DEFAULT_FPS}"
    )
    parser.add_argument(
        "--size",
        default="{}x{}".format(*DEFAULT_SIZE),
        metavar="WxH",
        help="pixel size (default 1280x720; the picture keeps 16:9 and is letterboxed)",
    )
    parser.add_argument(
        "--at",
        type=float,
        metavar="T",
        help="PNG only: the time of the still (default: the end of the duration)",
    )
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument(
        "--no-caption",
        dest="caption",
        action="store_false",
        help="leave out the band with the scene's caption under the picture (drawn by default)",
    )
    parser.add_argument(
        "--lang", choices=("en", "ko"), help="language of the picture's text (default: system's)"
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="file to write")
    return parser


def describe_scenes() -> str:
    """Every registered scene with its presets and settings, ranges and defaults."""
    lines: list[str] = []
    for name in scene_names():
        scene = load_scene(name)
        lines.append(f"{name}: {scene.title.render()} (default duration {_dur(scene)} s)")
        lines.append("  presets:")
        for index, preset in enumerate(scene.presets):
            first = " (default)" if index == 0 else ""
            lines.append(f"    {preset.key}{first}: {preset.title.render()}")
        lines.append("  settings:")
        width = max((len(s.key) for s in scene.settings), default=0)
        for setting in scene.settings:
            live = ", live" if setting.live else ""
            lines.append(
                f"    {setting.key:<{width}}  {setting.describe_range()}"
                f" (default {_value(setting.default)}{live}): {setting.label.render()}"
            )
    return "\n".join(lines)


def _dur(scene: Scene[Any]) -> str:
    return f"{scene.default_duration:g}"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def plan_export(parser: OneLineParser, argv: Sequence[str]) -> ExportPlan | None:
    """The checked plan, or None for ``--list``; exits 2 with one line on bad input."""
    opts = parser.parse_args(argv)
    if opts.list:
        check_listing_options(parser, opts)
        return None
    for flag, value in (("--scene", opts.scene), ("--format", opts.format), ("-o", opts.output)):
        if value is None:
            parser.error(f"{flag} is required (or use --list)")
    if opts.scene not in scene_names():
        parser.error(f"unknown scene {opts.scene!r} (choose from {', '.join(scene_names())})")
    try:
        scene = load_scene(opts.scene)
        preset = scene.preset(opts.preset)
        values = scene.values(parse_assignments(opts.set))
        fmt = parse_format(opts.format)
        size = check_size(*parse_size(opts.size), fmt=fmt)
        fps = check_fps(opts.fps, fmt) if fmt != "png" else DEFAULT_FPS
        duration = check_duration(
            opts.duration if opts.duration is not None else scene.default_duration
        )
        if opts.at is not None and fmt != "png":
            parser.error("--at is only for --format png (an animation covers the duration)")
        at = check_at(opts.at if opts.at is not None else duration, duration)
        path = check_output(opts.output, fmt)
        check_encoder(fmt, size, frame_count(duration, fps))
    except (SettingError, ExportError) as exc:
        parser.error(str(exc))
    return ExportPlan(
        opts.scene,
        preset.key,
        values,
        fmt,
        path,
        size,
        fps,
        duration,
        at,
        opts.lang,
        opts.theme,
        opts.caption,
    )


def check_listing_options(parser: OneLineParser, opts: Any) -> None:
    """``--list`` with options that could never work is still a mistake worth one line."""
    try:
        fmt = parse_format(opts.format) if opts.format is not None else None
        parse_size(opts.size)
        check_fps(opts.fps, fmt or "apng")
        if opts.duration is not None:
            check_duration(opts.duration)
    except ExportError as exc:
        parser.error(str(exc))


def export_main(argv: Sequence[str]) -> int:
    parser = export_parser()
    plan = plan_export(parser, argv)
    if plan is None:
        print(describe_scenes())
        return 0
    from visualizer.export.headless import run_export

    terminated: list[int] = []

    def on_term(signum: int, _frame: object) -> None:
        # SIGTERM takes SIGINT's path: asyncio cancels the export, which deletes its file.
        terminated.append(signum)
        signal.raise_signal(signal.SIGINT)

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        return run_export(plan)
    except ExportError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXPORT_FAILED
    except KeyboardInterrupt:  # the partial file is already gone; say so, without a traceback
        print(f"{parser.prog}: interrupted; no file was written", file=sys.stderr)
        return SIGNALLED + terminated[0] if terminated else INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
