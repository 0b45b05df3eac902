"""Drawing frames of a recording with the scene's own view, and the export pipeline.

A frame is the view painting ``recording.frame(t)`` into a QImage: the same call the window's
canvas makes, at an exact time instead of the playback clock, and never a screen grab. The
pipeline draws frame k while a worker thread encodes frame k-1 and yields to the event loop
after every frame, so the app stays responsive and a Cancel lands within one frame.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from visualizer.core.contract import Frame
from visualizer.draw.scene_view import SceneView, any_view
from visualizer.draw.theme import LIGHT, Theme
from visualizer.export.caption_band import caption_text, paint_with_caption
from visualizer.export.encoders import (
    Encoder,
    PartialFile,
    PngEncoder,
    check_encoder,
    make_encoder,
    write_error,
)
from visualizer.export.options import AnimationOptions, Format, check_output, check_size
from visualizer.export.recording import Recording
from visualizer.scenes.registry import view_class_for

Progress = Callable[[int, int], None]
EncoderFactory = Callable[[Format, Path, tuple[int, int], int, int], Encoder]
_RAW_RGB32 = "BGRX" if sys.byteorder == "little" else "XRGB"


def qimage_to_pil(image: QImage) -> Image.Image:
    """An RGB Pillow image with the QImage's pixels (copied, so the QImage may go)."""
    if image.format() != QImage.Format.Format_RGB32:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    size = (image.width(), image.height())
    return Image.frombuffer(
        "RGB", size, bytes(image.constBits()), "raw", _RAW_RGB32, image.bytesPerLine(), 1
    )


def paint_frame(
    view: SceneView[Any],
    frame: Frame[Any],
    size: tuple[int, int],
    theme: Theme,
    scale: float = 1,
    caption: str = "",
) -> QImage:
    """The view's picture of ``frame`` at ``size`` logical pixels times ``scale``.

    A non-empty ``caption`` is drawn in a band along the bottom, inside ``size``.
    """
    width, height = size
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)
    image.fill(theme.background)
    painter = QPainter(image)
    try:
        paint_with_caption(painter, view, QRectF(0, 0, width, height), frame, theme, caption)
    finally:
        painter.end()
    return image


def render_widget(widget: QWidget, scale: float = 1) -> QImage:
    """The widget and its children painted into an image (QWidget.render, not a screen grab)."""
    image = QImage(
        round(widget.width() * scale), round(widget.height() * scale), QImage.Format.Format_RGB32
    )
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return image


class FrameRenderer:
    """Frames of one recording at one size: a pure function of the recording and ``t``."""

    def __init__(
        self,
        recording: Recording,
        size: tuple[int, int],
        theme: Theme = LIGHT,
        view: SceneView[Any] | None = None,
        caption: bool = True,
    ) -> None:
        self.recording = recording
        self.size = size
        self.theme = theme
        self.caption = caption
        scene = recording.scene
        self.view = view if view is not None else any_view(view_class_for(scene)(scene))

    def qimage(self, t: float) -> QImage:
        frame = self.recording.frame(t)
        text = caption_text(self.recording.scene, frame) if self.caption else ""
        return paint_frame(self.view, frame, self.size, self.theme, caption=text)

    def image(self, t: float) -> Image.Image:
        return qimage_to_pil(self.qimage(t))


def sample_indices(count: int, wanted: int) -> list[int]:
    """``wanted`` frame indices spread evenly from the first frame to the last."""
    if wanted <= 0:
        return []
    if count <= wanted:
        return list(range(count))
    return sorted({round(i * (count - 1) / (wanted - 1)) for i in range(wanted)})


async def _wait(future: Future[Any]) -> Any:
    return await asyncio.wrap_future(future)


async def _settle(pool: ThreadPoolExecutor) -> None:
    """Wait until the worker has let go of the encoder (its current call has returned)."""
    marker = pool.submit(lambda: None)
    while not marker.done():
        await asyncio.sleep(0.005)


async def encode_frames(
    renderer: FrameRenderer,
    times: Sequence[float],
    fmt: Format,
    path: Path,
    fps: int,
    progress: Progress | None = None,
    encoder_factory: EncoderFactory = make_encoder,
) -> Path:
    """Render ``times`` and encode them into ``path``; the file appears only when complete.

    On failure or cancel the partial file is deleted and the exception propagates (OSError is
    turned into a one-line ExportError naming the file).
    """
    count = len(times)
    check_encoder(fmt, renderer.size, count)
    partial = PartialFile(path)
    pool = ThreadPoolExecutor(1, thread_name_prefix="export-encoder")
    encoder: Encoder | None = None
    try:
        encoder = encoder_factory(fmt, partial.path, renderer.size, fps, count)
        if encoder.samples:
            samples = []
            for index in sample_indices(count, encoder.samples):
                samples.append(renderer.image(times[index]))
                await asyncio.sleep(0)
            await _wait(pool.submit(encoder.prepare, samples))
        pending: Future[None] | None = None
        for k, t in enumerate(times):
            frame = renderer.image(t)
            if pending is not None:
                await _wait(pending)
            pending = pool.submit(encoder.add, frame)
            if progress is not None:
                progress(k + 1, count)
            await asyncio.sleep(0)
        if pending is not None:
            await _wait(pending)
        await _wait(pool.submit(encoder.finish))
        await _wait(pool.submit(encoder.close))
        partial.commit()
    except BaseException as exc:
        try:
            if encoder is not None:
                encoder.abort()
                await _settle(pool)
                encoder.close()
        finally:
            partial.discard()
        if isinstance(exc, OSError):
            raise write_error(path, exc) from exc
        raise
    finally:
        # The worker is idle by now (every call was awaited or settled): joining is quick,
        # and a closing app must not leave the encoder thread behind.
        pool.shutdown(wait=True)
    return path


async def export_animation(
    recording: Recording,
    options: AnimationOptions,
    theme: Theme = LIGHT,
    progress: Progress | None = None,
    encoder_factory: EncoderFactory = make_encoder,
) -> Path:
    """An animation of ``options`` from ``recording``, written atomically to ``options.path``."""
    renderer = FrameRenderer(recording, options.size, theme, caption=options.caption)
    return await encode_frames(
        renderer, options.times, options.fmt, options.path, options.fps, progress, encoder_factory
    )


def save_png(image: QImage | Image.Image, path: str | Path) -> Path:
    """Write one picture as PNG atomically (checked path, temporary file, rename)."""
    out = check_output(path, "png")
    picture = image if isinstance(image, Image.Image) else qimage_to_pil(image)
    partial = PartialFile(out)
    encoder = PngEncoder(partial.path, picture.size)
    try:
        encoder.add(picture)
        encoder.finish()
        partial.commit()
    except BaseException as exc:
        partial.discard()
        if isinstance(exc, OSError):
            raise write_error(out, exc) from exc
        raise
    return out


def save_frame_png(
    recording: Recording,
    t: float,
    size: tuple[int, int],
    path: str | Path,
    theme: Theme = LIGHT,
    caption: bool = True,
) -> Path:
    """The still of ``recording`` at ``t`` as a PNG of ``size`` (with the caption band)."""
    check_size(*size, fmt="png")
    return save_png(FrameRenderer(recording, size, theme, caption=caption).image(t), path)
