"""Check that a change to the drawing code leaves every picture as it was.

Three steps, so the same recorded events can be drawn by two versions of the code:

    python tools/compare_pictures.py record DIR        # run every scene x preset, pickle events
    python tools/compare_pictures.py render DIR OUT    # draw each at a few times: en/ko, light/dark
    python tools/compare_pictures.py compare OUT_A OUT_B [--diffs DIFFDIR]

``record`` runs the real code once (recordings differ run to run, so both versions must draw the
same pickled events); ``render`` uses one view per scene for every picture, so a cache that keys
on too little (theme, language) shows up as a difference; ``compare`` prints the largest channel
difference per image and the number of pixels that differ, and writes amplified difference images
when asked. Exit status 1 when any image differs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRACTIONS = (0.12, 0.4, 0.7, 1.0)
SIZE = (1280, 720)
SECONDS = 4.0


def _jobs() -> list[tuple[str, str, str | None, dict[str, Any], float]]:
    """Every preset of every scene with default settings, and every bench load."""
    from visualizer.scenes.registry import load_scene, scene_names

    jobs: list[tuple[str, str, str | None, dict[str, Any], float]] = []
    for name in scene_names():
        scene = load_scene(name)
        for preset in scene.presets:
            jobs.append((name, preset.key, preset.key, {}, SECONDS))
        for load_name, load in scene.bench_loads.items():
            jobs.append(
                (name, f"bench-{load_name}", load.preset, dict(load.overrides), load.seconds)
            )
    return jobs


def _record(folder: Path) -> None:
    """Each run in a process of its own: a fresh loop per run, as the window has."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(len(_jobs())):
        subprocess.run(
            [sys.executable, __file__, "record-one", str(folder), str(index)], check=True
        )


def _record_one(folder: Path, index: int) -> None:
    from visualizer.draw.qtapp import gui_app
    from visualizer.draw.qtloop import app_loop
    from visualizer.export.recording import record
    from visualizer.scenes.registry import load_scene

    app = gui_app()
    name, label, preset, overrides, seconds = _jobs()[index]
    scene = load_scene(name)
    loop = app_loop(app)
    asyncio.set_event_loop(loop)
    try:
        rec = loop.run_until_complete(record(scene, preset, scene.values(overrides), seconds))
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    data = {
        "scene": name,
        "preset": rec.preset,
        "values": dict(rec.values),
        # Payloads may be read-only mapping proxies, which do not pickle: store plain dicts.
        "events": [(e.t, e.kind, e.actor, dict(e.data)) for e in rec.events],
        "end": rec.end,
        "ended": rec.ended,
    }
    (folder / f"{name}--{label}.pickle").write_bytes(pickle.dumps(data))
    print(f"recorded {name} {label}: {len(rec.events)} events, {rec.end:.2f} s", flush=True)
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown: the run's worker threads may still hold timers


def _render(folder: Path, out: Path) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from visualizer.core.recorder import Event
    from visualizer.draw.i18n import set_language
    from visualizer.draw.qtapp import gui_app
    from visualizer.draw.theme import DARK, LIGHT
    from visualizer.export.recording import Recording
    from visualizer.scenes.registry import load_scene, load_view_class

    gui_app()
    out.mkdir(parents=True, exist_ok=True)
    recordings: list[tuple[str, Recording]] = []
    for path in sorted(folder.glob("*.pickle")):
        data = pickle.loads(path.read_bytes())
        scene = load_scene(data["scene"])
        events = tuple(Event(*e) for e in data["events"])
        rec = Recording(scene, data["preset"], data["values"], events, data["end"], data["ended"])
        recordings.append((path.stem, rec))
    views: dict[str, Any] = {}
    for lang in ("en", "ko"):
        set_language(lang)
        for theme_name, theme in (("light", LIGHT), ("dark", DARK)):
            for stem, rec in recordings:
                scene_name = stem.split("--", 1)[0]
                view = views.get(scene_name)
                if view is None:
                    view = views[scene_name] = load_view_class(scene_name)(rec.scene)
                for fraction in FRACTIONS:
                    image = QImage(*SIZE, QImage.Format.Format_RGB32)
                    image.fill(theme.background)
                    painter = QPainter(image)
                    view.paint(painter, QRectF(0, 0, *SIZE), rec.frame(rec.end * fraction), theme)
                    painter.end()
                    name = f"{stem}--{lang}-{theme_name}-{round(fraction * 100):03d}.png"
                    image.save(str(out / name))
    print(f"rendered {len(list(out.glob('*.png')))} pictures into {out}")


def _compare(a: Path, b: Path, diffs: Path | None) -> int:
    from PIL import Image, ImageChops

    names = sorted({p.name for p in a.glob("*.png")} | {p.name for p in b.glob("*.png")})
    worst = 0
    changed = 0
    if diffs is not None:
        diffs.mkdir(parents=True, exist_ok=True)
    for name in names:
        if not (a / name).exists() or not (b / name).exists():
            print(f"{name}: only in one folder")
            changed += 1
            continue
        one = Image.open(a / name).convert("RGB")
        two = Image.open(b / name).convert("RGB")
        if one.size != two.size:
            print(f"{name}: sizes differ {one.size} {two.size}")
            changed += 1
            continue
        diff = ImageChops.difference(one, two)
        high = max(int(band.getextrema()[1]) for band in diff.split())
        if high:
            mask = diff.convert("L").point(lambda v: 255 if v else 0)
            pixels = int(mask.histogram()[255])
            print(f"{name}: max difference {high}, {pixels} pixels differ")
            changed += 1
            if diffs is not None:
                diff.point(lambda v: min(255, v * 8)).save(diffs / name)
        worst = max(worst, high)
    print(f"{len(names)} pictures compared, {changed} differ, max channel difference {worst}")
    return 1 if changed else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("folder", type=Path)
    one = sub.add_parser("record-one")
    one.add_argument("folder", type=Path)
    one.add_argument("index", type=int)
    ren = sub.add_parser("render")
    ren.add_argument("folder", type=Path)
    ren.add_argument("out", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("a", type=Path)
    cmp.add_argument("b", type=Path)
    cmp.add_argument("--diffs", type=Path)
    args = parser.parse_args(argv)
    if args.command == "record":
        _record(args.folder)
        return 0
    if args.command == "record-one":
        _record_one(args.folder, args.index)
        return 0
    if args.command == "render":
        _render(args.folder, args.out)
        return 0
    return _compare(args.a, args.b, args.diffs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
