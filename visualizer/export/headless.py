"""The headless half of ``visualizer export``: record the scene offscreen, then render frames.

The scene's real code runs on a plain asyncio loop (it is Qt-free), for the requested duration or
until it ends; Qt is only needed afterwards, to draw the recorded frames into images with the
offscreen platform plugin, so no display is ever required.
"""

from __future__ import annotations

import asyncio
import sys

from visualizer.draw.i18n import set_language
from visualizer.draw.qtapp import gui_app
from visualizer.draw.theme import THEMES
from visualizer.export.options import AnimationOptions, ExportPlan
from visualizer.export.recording import record
from visualizer.export.render import export_animation, save_frame_png
from visualizer.scenes.registry import load_scene

# The least a run is recorded for: a still at t = 0 still shows the scene's starting state.
MIN_RECORDING = 0.05


def recording_seconds(plan: ExportPlan) -> float:
    """How long to run the scene: the whole duration for an animation, up to ``at`` for a still."""
    if plan.fmt == "png":
        return max(MIN_RECORDING, min(plan.at, plan.duration))
    return plan.duration


def run_export(plan: ExportPlan) -> int:
    """Record ``plan.scene`` headless and write the file; returns the exit status."""
    gui_app()
    # The app's own switcher, so export and window agree; English when the translation is
    # missing, never an error, because a picture in English is still a useful export.
    if set_language(plan.lang) != plan.lang and plan.lang is not None:
        print(
            f"visualizer export: note: no {plan.lang} translation is installed "
            "(assets/i18n); the picture's text stays in English",
            file=sys.stderr,
        )
    scene = load_scene(plan.scene)
    # A still needs the run only up to its moment: recording the whole duration would make the
    # user wait for seconds nobody sees.
    seconds = recording_seconds(plan)
    recording = asyncio.run(record(scene, plan.preset, plan.values, seconds))
    if recording.error:
        print(
            f"visualizer export: note: the scene's code failed: {recording.error}", file=sys.stderr
        )
    theme = THEMES[plan.theme]
    if plan.fmt == "png":
        save_frame_png(recording, plan.at, plan.size, plan.path, theme, plan.caption)
        what = f"the still at t = {plan.at:g} s"
    else:
        options = AnimationOptions(
            plan.fmt, plan.path, plan.size, plan.fps, 0.0, plan.duration, plan.caption
        )
        asyncio.run(export_animation(recording, options, theme))
        what = f"{len(options.times)} frames at {plan.fps} fps"
    if plan.fmt != "png" and recording.ended and recording.end < plan.duration:
        what += f"; the code ended at {recording.end:.2f} s, later frames hold its final state"
    width, height = plan.size
    print(f"wrote {plan.path}: {width}x{height}, {what}")
    return 0
