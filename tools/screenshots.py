"""Screenshots of the whole window: every scene at 1280x720 and 1920x1080, English and Korean,
light and dark, normal and presentation mode, offscreen.

    python tools/screenshots.py OUT_DIR [--scenes event-loop,queue] [--seconds 2.5]
        [--preset time-sleep] [--set tasks=3 ...] [--at 0.6] [--only 1920x1080-ko-dark-normal]

Each scene runs once for real (its default preset or ``--preset``, for ``--seconds`` or until it
finishes), is paused (at ``--at`` seconds of the run, when given), and the same moment is then
grabbed in every combination (or the ``--only`` ones), so the pictures differ only by size,
language, theme and mode. Files are named ``SCENE-WxH-LANG-THEME-MODE.png``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = ((1280, 720), (1920, 1080))
LANGUAGES = ("en", "ko")
THEMES = ("light", "dark")
MODES = ("normal", "presentation")


async def _settle(app: object, seconds: float = 0.15) -> None:
    """Let layouts, the tick and a paint happen."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        await asyncio.sleep(0.02)


async def shoot(
    out: Path,
    scenes: list[str],
    seconds: float,
    preset: str | None = None,
    overrides: dict[str, str] | None = None,
    at: float | None = None,
    only: set[str] | None = None,
) -> int:
    from PySide6.QtWidgets import QApplication

    from visualizer.core.loop_accounting import HOST_WORK
    from visualizer.draw.i18n import set_language
    from visualizer.ui.main_window import MainWindow

    app = QApplication.instance()
    count = 0
    for name in scenes:
        set_language("en")
        window = MainWindow(name, preset, overrides)
        window.resize(*SIZES[-1])
        window.show()
        window.start()
        session = window.session
        assert session is not None
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not session.recorder.finished:
            await asyncio.sleep(0.05)
        await _settle(app, 0.3)
        if session.playback.playing:
            window.toggle_play()
        if at is not None:
            session.seek(at)
            await _settle(app)
        # What the tool does to the window stands in for what a user does through Qt (its own
        # work, not the code's): measured as the app's work, as the window measures its own.
        for theme in THEMES:
            window.choose_theme(theme)
            for language in LANGUAGES:
                window.choose_language(language)
                for mode in MODES:
                    with HOST_WORK.measure():
                        if mode == "presentation":
                            window.enter_presentation()
                            # The offscreen screen is 800x800: a normal window of the size
                            # asked for stands in for a full screen of that size.
                            window.showNormal()
                        else:
                            window.leave_presentation()
                    for width, height in SIZES:
                        with HOST_WORK.measure():  # offscreen: a full screen of this size
                            window.resize(width, height)
                        await _settle(app)
                        combo = f"{width}x{height}-{language}-{theme}-{mode}"
                        if only and combo not in only:
                            continue
                        path = out / f"{name}-{combo}.png"
                        with HOST_WORK.measure():  # taking the picture is not the code's stall
                            saved = window.grab().save(str(path))
                        if not saved:
                            print(f"could not write {path}", file=sys.stderr)
                            return 1
                        count += 1
        window.leave_presentation()
        window.close()
        await window.shutdown()
    print(f"{count} screenshots in {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scenes", default="", help="comma-separated scene names (default: all)")
    parser.add_argument("--seconds", type=float, default=2.5)
    parser.add_argument("--preset", default=None)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--at", type=float, default=None, help="seconds into the run to show")
    parser.add_argument("--only", default="", help="comma-separated WxH-LANG-THEME-MODE")
    args = parser.parse_args()
    overrides = dict(item.split("=", 1) for item in args.set if "=" in item)
    from PySide6.QtWidgets import QApplication

    from visualizer.draw.fonts import install_app_font
    from visualizer.draw.qtloop import app_loop
    from visualizer.scenes.registry import scene_names

    scenes = [s for s in args.scenes.split(",") if s] or list(scene_names())
    unknown = sorted(set(scenes) - set(scene_names()))
    if unknown:
        print(f"error: unknown scene(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)  # one window per scene, one after the other
    install_app_font(app)
    loop = app_loop(app)
    asyncio.set_event_loop(loop)
    try:
        only = {c for c in args.only.split(",") if c}
        return loop.run_until_complete(
            shoot(args.out, scenes, args.seconds, args.preset, overrides, args.at, only)
        )
    finally:
        loop.close()


if __name__ == "__main__":
    sys.exit(main())
