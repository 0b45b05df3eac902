"""Writing frames to PNG, GIF, APNG and MP4 with well-kept encoders, never a half-written file.

Pillow compresses PNG, APNG and GIF; the ffmpeg that ships inside the ``imageio-ffmpeg`` wheel
encodes MP4 (H.264 when it has libx264, MPEG-4 part 2 otherwise). Every encoder writes to a
temporary file beside the target (:class:`PartialFile`), which is renamed over the target only
once the encoder has finished, and deleted on any failure or cancel: a full disk, a crashed
ffmpeg or the Cancel button never leave a truncated animation where the user expects one.

``add`` and ``finish`` may block for a while (compression, a pipe to ffmpeg), so the exporter
calls them on a worker thread; ``abort`` may be called from another thread at any time and makes
the next write fail with :class:`ExportCancelled`.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import importlib
import io
import os
import secrets
import subprocess
import tempfile
import threading
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from PIL import GifImagePlugin, Image, ImageChops
from PIL.PngImagePlugin import Blend, Disposal

from visualizer.core.text import QT_TRANSLATE_NOOP
from visualizer.export.options import CTX, NAME_MAX, ExportError, Format, gif_delays_ms

# Pillow holds every APNG frame uncompressed while it writes them; beyond this the user is asked
# for fewer or smaller frames (or GIF/MP4, which stream).
APNG_MEMORY_LIMIT = 3 * 1024**3
MP4_PACKAGE_HINT = "pip install 'concurrency-visualizer[mp4]'"


class ExportCancelled(Exception):
    """The user cancelled; raised inside the encoder to unwind it."""


class PartialFile:
    """A new file beside ``final`` that becomes ``final`` only on :meth:`commit`."""

    def __init__(self, final: Path) -> None:
        self.final = final
        stem = _fit_name(final.name)
        while True:
            name = final.parent / f".{stem}.{secrets.token_hex(4)}.part"
            try:
                # 0o666 through the umask, like any file the user's programs create.
                fd = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise write_error(final, exc) from None
            os.close(fd)
            self.path = name
            return

    def commit(self) -> None:
        try:
            os.replace(self.path, self.final)
        except OSError as exc:
            self.discard()
            raise write_error(self.final, exc) from None

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


# The temporary name adds a dot, 8 hex digits and ".part" to the final one.
_PART_EXTRA = len(".") + len(".12345678.part")


def _fit_name(name: str) -> str:
    """``name`` cut (at a character, not inside one) so the temporary name stays legal."""
    room = NAME_MAX - _PART_EXTRA
    data = name.encode("utf-8", "surrogateescape")
    if len(data) <= room:
        return name
    return data[:room].decode("utf-8", "ignore")


def write_error(path: Path, exc: OSError) -> ExportError:
    reason = (exc.strerror or os.strerror(exc.errno)) if exc.errno else str(exc)
    return ExportError(
        QT_TRANSLATE_NOOP(CTX, "could not write {path}: {reason}")(path=str(path), reason=reason)
    )


class GuardedFile(io.BufferedWriter):
    """The file an encoder writes into; a write after ``stop`` is set raises ExportCancelled.

    ``fileno`` is hidden on purpose: Pillow writes straight to a file descriptor when it can,
    which would bypass the check and let a cancelled export keep writing.
    """

    def __init__(self, path: Path, stop: threading.Event) -> None:
        super().__init__(io.FileIO(path, "wb"))
        self._stop = stop

    def write(self, data: Any) -> int:
        if self._stop.is_set():
            raise ExportCancelled
        return super().write(data)

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")

    def abandon(self) -> None:
        """Close without writing what is still buffered: the file is about to be deleted.

        A plain ``close`` flushes first, which on a full disk fails again, in the clean-up.
        """
        self.raw.close()  # once the raw file is closed, ``close`` has nothing left to flush
        self.close()


class Encoder(ABC):
    """Turns a known number of equally spaced RGB frames into one file at ``path``."""

    # How many frames spread over the animation :meth:`prepare` wants to see first.
    samples = 0

    def __init__(self, path: Path, size: tuple[int, int], fps: int, count: int) -> None:
        self.path = path
        self.size = size
        self.fps = fps
        self.count = count
        self.stop = threading.Event()

    def prepare(self, samples: Sequence[Image.Image]) -> None:  # noqa: B027 - optional hook
        """Look at sample frames before the first ``add`` (the GIF palette comes from them)."""

    @abstractmethod
    def add(self, frame: Image.Image) -> None:
        """Encode the next frame (RGB, ``size``)."""

    @abstractmethod
    def finish(self) -> None:
        """Complete and close the file."""

    def abort(self) -> None:
        """Stop as soon as possible (from any thread); the file will be deleted."""
        self.stop.set()

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files and processes once no ``add``/``finish`` runs any more."""


class PngEncoder(Encoder):
    """One still frame."""

    def __init__(self, path: Path, size: tuple[int, int], fps: int = 1, count: int = 1) -> None:
        super().__init__(path, size, fps, count)
        self._frame: Image.Image | None = None

    def add(self, frame: Image.Image) -> None:
        self._frame = frame

    def finish(self) -> None:
        if self._frame is None:
            raise ExportCancelled
        with GuardedFile(self.path, self.stop) as out:
            self._frame.save(out, "PNG", compress_level=6)


def build_palette(samples: Sequence[Image.Image]) -> Image.Image:
    """One 256-colour palette for the whole GIF, from frames spread over it.

    One shared palette keeps unchanged pixels identical from frame to frame (no shimmer, small
    deltas); sampling the whole animation catches colours that appear only later (a failed
    task's red). No dithering later: flat diagrams stay crisp and noise-free.
    """
    width = max(s.width for s in samples)
    montage = Image.new("RGB", (width, sum(s.height for s in samples)))
    y = 0
    for sample in samples:
        montage.paste(sample, (0, y))
        y += sample.height
    return montage.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


class GifEncoder(Encoder):
    """Animated GIF written frame by frame with Pillow's GIF writer.

    Pillow's ``save_all`` keeps every frame and merges identical neighbours into one longer
    frame; streaming through Pillow's public ``getheader``/``getdata`` keeps memory flat and
    writes exactly one GIF frame per requested frame, so frame k is still at k / fps.
    """

    samples = 6

    def __init__(self, path: Path, size: tuple[int, int], fps: int, count: int) -> None:
        super().__init__(path, size, fps, count)
        self._palette: Image.Image | None = None
        self._previous: Image.Image | None = None
        self._delays = gif_delays_ms(count, fps)
        self._index = 0
        self._finished = False
        self._out = GuardedFile(path, self.stop)

    def prepare(self, samples: Sequence[Image.Image]) -> None:
        if samples:
            self._palette = build_palette(samples)

    def add(self, frame: Image.Image) -> None:
        if self._palette is None:
            self._palette = build_palette([frame])
        indexed = frame.quantize(palette=self._palette, dither=Image.Dither.NONE)
        delay = self._delays[min(self._index, len(self._delays) - 1)]
        extra: dict[str, int] = {}
        if self._previous is None:
            header, _ = GifImagePlugin.getheader(indexed, None, {"loop": 0, "duration": delay})
            for chunk in header:
                self._out.write(chunk)
            part, offset = indexed, (0, 0)
        else:
            before, now = _indices(self._previous), _indices(indexed)
            # An unchanged frame is still written (one pixel) so the frame count stays exact.
            box = ImageChops.difference(before, now).getbbox() or (0, 0, 1, 1)
            part, offset = indexed.crop(box), (box[0], box[1])
            free = next((i for i, n in enumerate(part.histogram()) if n == 0), None)
            if free is not None:
                # Pixels that did not change become a colour this patch does not use, marked
                # transparent: the previous frame shows through and long runs compress well.
                same = ImageChops.difference(before.crop(box), now.crop(box)).point(_ZERO_TO_MASK)
                part.paste(free, mask=same)
                extra["transparency"] = free
        # disposal 1: leave this frame in place; the next one only paints what changed.
        for chunk in GifImagePlugin.getdata(part, offset, duration=delay, disposal=1, **extra):
            self._out.write(chunk)
        self._previous = indexed
        self._index += 1

    def finish(self) -> None:
        self._out.write(b";")
        self._out.close()
        self._finished = True

    def close(self) -> None:
        if not self._finished:
            self._out.abandon()


_ZERO_TO_MASK = [255] + [0] * 255


def _indices(image: Image.Image) -> Image.Image:
    """Palette indices as a grey image, so a difference compares indices, not colours."""
    return Image.frombytes("L", image.size, image.tobytes())


class _FrameStore:
    """Frames kept zlib-compressed until Pillow asks for them (it iterates them twice).

    Pillow's APNG writer needs every frame before it writes the first; flat diagrams compress
    tens of times, so only Pillow's own working copies cost full size. Iterating checks ``stop``
    between frames, so Cancel also interrupts the final write.
    """

    def __init__(self, size: tuple[int, int], stop: threading.Event) -> None:
        self._size = size
        self._stop = stop
        self._frames: list[bytes] = []

    def append(self, frame: Image.Image) -> None:
        self._frames.append(zlib.compress(frame.tobytes(), 1))

    def __len__(self) -> int:
        return len(self._frames)

    def __iter__(self) -> Iterator[Image.Image]:
        for data in self._frames:
            if self._stop.is_set():
                raise ExportCancelled
            yield Image.frombytes("RGB", self._size, zlib.decompress(data))


class ApngEncoder(Encoder):
    """Animated PNG in full colour, written by Pillow's APNG writer."""

    def __init__(self, path: Path, size: tuple[int, int], fps: int, count: int) -> None:
        super().__init__(path, size, fps, count)
        self._first: Image.Image | None = None
        self._rest = _FrameStore(size, self.stop)

    def add(self, frame: Image.Image) -> None:
        if self.stop.is_set():
            raise ExportCancelled
        if self._first is None:
            self._first = frame
        else:
            self._rest.append(frame)

    def finish(self) -> None:
        if self._first is None:
            raise ExportCancelled
        frames = 1 + len(self._rest)
        with GuardedFile(self.path, self.stop) as out:
            self._first.save(
                out,
                "PNG",
                save_all=True,
                append_images=self._rest,
                duration=1000 / self.fps,
                loop=0,
                disposal=Disposal.OP_NONE,
                # Pillow merges identical neighbouring frames unless their blend differs;
                # the frames are opaque, so SOURCE and OVER draw the same pixels, and
                # alternating them keeps one APNG frame per requested frame.
                blend=[Blend.OP_OVER if k % 2 else Blend.OP_SOURCE for k in range(frames)],
                compress_level=6,
            )


@functools.cache
def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped inside the ``imageio-ffmpeg`` wheel (the ``mp4`` extra)."""
    try:
        module = importlib.import_module("imageio_ffmpeg")
        exe: str = module.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        raise ExportError(
            QT_TRANSLATE_NOOP(CTX, "MP4 needs the ffmpeg package; install it with: {hint}")(
                hint=MP4_PACKAGE_HINT
            )
        ) from None
    return exe


def mp4_available() -> bool:
    try:
        ffmpeg_exe()
    except ExportError:
        return False
    return True


@functools.cache
def _has_libx264(exe: str) -> bool:
    try:
        listing = subprocess.run(
            [exe, "-hide_banner", "-encoders"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.split()[1:2] == ["libx264"] for line in listing.splitlines())


class Mp4Encoder(Encoder):
    """MP4 through ffmpeg: raw RGB frames on its stdin, H.264 (yuv420p) out."""

    def __init__(self, path: Path, size: tuple[int, int], fps: int, count: int) -> None:
        super().__init__(path, size, fps, count)
        exe = ffmpeg_exe()
        width, height = size
        if _has_libx264(exe):
            codec = ["-c:v", "libx264", "-preset", "fast", "-crf", "20", "-tune", "animation"]
        else:
            codec = ["-c:v", "mpeg4", "-q:v", "3"]
        command = [
            exe, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
            "-r", str(fps), "-i", "pipe:0",
            "-an", *codec, "-pix_fmt", "yuv420p", "-r", str(fps),
            "-movflags", "+faststart", "-f", "mp4", str(path),
        ]  # fmt: skip
        # stderr to a file, not a pipe: a chatty ffmpeg must never block on a full pipe.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the encoder
        try:
            self._proc = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log
            )
        except OSError as exc:
            self._log.close()
            raise self._failed(str(exc)) from None

    def _failed(self, detail: str) -> ExportError:
        return ExportError(
            QT_TRANSLATE_NOOP(CTX, "ffmpeg failed: {detail}")(detail=detail or "no details")
        )

    def _last_log_line(self) -> str:
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def add(self, frame: Image.Image) -> None:
        if self.stop.is_set():
            raise ExportCancelled
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            stdin.write(frame.tobytes())
        except (BrokenPipeError, ValueError):
            if self.stop.is_set():
                raise ExportCancelled from None
            self._proc.wait()
            raise self._failed(self._last_log_line()) from None

    def finish(self) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        with contextlib.suppress(BrokenPipeError):
            stdin.close()
        code = self._proc.wait()
        if self.stop.is_set():
            raise ExportCancelled
        if code != 0:
            detail = self._last_log_line()
            if "No space left" in detail:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            raise self._failed(detail or f"exit status {code}")

    def abort(self) -> None:
        super().abort()
        if self._proc.poll() is None:
            self._proc.kill()

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        if self._proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.close()
        self._log.close()


ENCODERS: dict[Format, type[Encoder]] = {
    "png": PngEncoder,
    "gif": GifEncoder,
    "apng": ApngEncoder,
    "mp4": Mp4Encoder,
}


def make_encoder(fmt: Format, path: Path, size: tuple[int, int], fps: int, count: int) -> Encoder:
    return ENCODERS[fmt](path, size, fps, count)


def check_encoder(fmt: Format, size: tuple[int, int], count: int) -> None:
    """Refuse up front what an encoder could not finish (no ffmpeg, APNG too big for memory)."""
    if fmt == "mp4":
        ffmpeg_exe()
    if fmt == "apng" and size[0] * size[1] * 3 * count > APNG_MEMORY_LIMIT:
        raise ExportError(
            QT_TRANSLATE_NOOP(
                CTX,
                "an APNG of {count} frames at {w}x{h} would not fit in memory while it is "
                "written; choose fewer frames, a smaller size, GIF or MP4",
            )(count=count, w=size[0], h=size[1])
        )
