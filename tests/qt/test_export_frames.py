"""Exported files hold the renderer's own frames: decoded frame k is the picture at t = k / fps.

Every animated format is decoded independently (Pillow for GIF and APNG, the ffmpeg binary for
MP4) and compared with the view's image at k / fps: the whole frame within a tolerance that
allows for GIF's palette and H.264's compression, and the colour of tokens and bars the recording
painter found, so a black frame, a frame from another time or red and blue swapped all fail. The
background is checked against the theme's colours written out here, and a Korean export is
checked for Hangul drawn with the Hangul font, not missing-glyph boxes.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import pytest
from PIL import Image, ImageChops, ImageSequence, ImageStat
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication

from tests.support.painting import DrawOp, record_view
from tests.support.runs import recorded, view_of
from visualizer.draw import i18n
from visualizer.draw.fonts import install_app_font
from visualizer.draw.theme import DARK, LIGHT, Theme
from visualizer.export.options import animation_options
from visualizer.export.recording import Recording
from visualizer.export.render import FrameRenderer, export_animation, qimage_to_pil

SIZE = (640, 360)
FPS = 10
SECONDS = 1.0
BACKGROUND = {"light": (0xFA, 0xFA, 0xF7), "dark": (0x1B, 0x1D, 0x21)}
# Mean absolute difference per channel (0-255) a decoded frame may have from the renderer's.
TOLERANCE = {"gif": 6.0, "apng": 0.5, "mp4": 6.0}
COLOUR_TOLERANCE = {"gif": 40, "apng": 2, "mp4": 40}


def decode(path: Path, fmt: str) -> list[Image.Image]:
    if fmt == "mp4":
        width, height = SIZE
        command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path)]
        raw = subprocess.run(
            [*command, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        step = width * height * 3
        return [Image.frombytes("RGB", SIZE, raw[i : i + step]) for i in range(0, len(raw), step)]
    with Image.open(path) as image:
        return [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return max(ImageStat.Stat(ImageChops.difference(a, b)).mean)


def recording_for_export() -> Recording:
    return recorded("event-loop", "gather", 3.0, delay1=1.3, delay2=0.6, delay3=0.3)


def export(recording: Recording, fmt: str, folder: Path, theme: Theme) -> Path:
    path = folder / f"out.{fmt}"
    # Without the caption band: these frames are compared with the view's own picture.
    options = animation_options(fmt, path, SIZE, FPS, 0.0, SECONDS, recording.end, caption=False)  # type: ignore[arg-type]
    asyncio.run(export_animation(recording, options, theme))
    return path


def coloured_marks(recording: Recording, t: float, theme: Theme) -> list[DrawOp]:
    """Filled shapes in an actor colour at least 4x4 px: timer bars, tokens, running bars."""
    picture = record_view(view_of("event-loop"), recording.frame(t), theme, SIZE)
    actors = {colour.name() for colour in theme.actors}
    return [
        op
        for op in picture.ops
        if op.op in ("fill", "rounded_rect")
        and op.brush in actors
        and op.alpha == 255
        and op.rect[2] >= 4
        and op.rect[3] >= 4
    ]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> dict[str, Any]:
    recording = recording_for_export()
    assert recording.ended and recording.end > SECONDS
    out: dict[str, Any] = {"recording": recording}
    for theme in (LIGHT, DARK):
        for fmt in ("gif", "apng", "mp4"):
            folder = tmp_path_factory.mktemp(f"{fmt}-{theme.name}")
            out[fmt, theme.name] = decode(export(recording, fmt, folder, theme), fmt)
    return out


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("fmt", ["gif", "apng", "mp4"])
def test_decoded_frame_k_is_the_renderers_image_at_k_over_fps(
    exports: dict[str, Any], fmt: str, theme: Theme
) -> None:
    recording = exports["recording"]
    frames = exports[fmt, theme.name]
    assert len(frames) == round(SECONDS * FPS)
    renderer = FrameRenderer(recording, SIZE, theme, caption=False)
    checked = 0
    for k in (0, 3, len(frames) - 1):
        expected = renderer.image(k / FPS)
        here = mean_difference(frames[k], expected)
        assert here <= TOLERANCE[fmt], f"frame {k}: differs by {here:.2f} from t = {k / FPS}"
        # and it is this moment's picture, not another one's
        other = renderer.image(((k + 5) % len(frames)) / FPS)
        assert mean_difference(frames[k], other) > here
        # tokens and bars keep their colour (a red-blue swap or a dark frame moves them far)
        marks = coloured_marks(recording, k / FPS, theme)
        checked += len(marks)
        for mark in marks:
            x, y, w, h = mark.rect
            pixel = frames[k].getpixel((int(x + w / 2), int(y + h / 2)))
            want = QColor(mark.brush)
            channels = (want.red(), want.green(), want.blue())
            distance = max(abs(got - w) for got, w in zip(pixel, channels, strict=True))
            assert distance <= COLOUR_TOLERANCE[fmt], f"{mark}: got {pixel}"
        # the background is the theme's, written out here
        corner = frames[k].getpixel((2, 2))
        assert all(abs(c - w) <= 4 for c, w in zip(corner, BACKGROUND[theme.name], strict=True))
    assert checked >= 3, "too few coloured tokens or bars to check the colours"


# -- Korean -------------------------------------------------------------------------------------
def _render_title(text: str, font: QFont, theme: Theme) -> Image.Image:
    """``text`` as the view draws its title (24 px bold at 20,8), at export size 1280x720."""
    image = QImage(1280, 720, QImage.Format.Format_RGB32)
    image.fill(theme.background)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setFont(font)
        painter.setPen(theme.text)
        view = view_of("event-loop")
        view.text(painter, QRectF(20, 8, 700, 36), text, theme.text, 24, True)
    finally:
        painter.end()
    return qimage_to_pil(image).crop((0, 0, 400, 48))


def test_korean_export_draws_hangul_glyphs_not_boxes(
    tmp_path: Path, qapp: QApplication, ui_state: None
) -> None:
    out = tmp_path / "ko.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "visualizer", "export", "--scene", "event-loop"]
    command += ["--format", "png", "--duration", "0.2", "--lang", "ko", "--size", "1280x720"]
    command += ["--no-caption"]  # the title sits where the view alone puts it
    result = subprocess.run(
        [*command, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        exported = image.convert("RGB").crop((0, 0, 400, 48))

    app_font = QFont(qapp.font())
    try:
        family = install_app_font(QGuiApplication.instance())  # type: ignore[arg-type]
        assert family is not None, "no Hangul font installed (setup.sh installs fonts-nanum)"
        hangul = QFontMetricsF(QFont(family))
        i18n.set_language("ko")
        title = "이벤트 루프"
        assert i18n.tr_msg(view_of("event-loop").scene.title) == title
        assert all(hangul.inFontUcs4(ord(ch)) for ch in title if ch != " ")
        with_glyphs = _render_title(title, QFont(), LIGHT)
        # U+E000 is a private-use character no font has: Qt draws the missing-glyph box
        tofu = "".join("\ue000" if ch != " " else ch for ch in title)
        boxes = _render_title(tofu, QFont(), LIGHT)
    finally:
        qapp.setFont(app_font)
    near = mean_difference(exported, with_glyphs)
    far = mean_difference(exported, boxes)
    assert near < 1.0, f"the exported title differs from Hangul in {family} by {near:.2f}"
    assert far > 4 * max(near, 0.25), f"the exported title looks like boxes ({far:.2f})"
