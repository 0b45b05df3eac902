"""What an export should produce, checked before any work starts.

Every check here runs before a scene is recorded or a file is opened, so bad input costs nothing
and leaves nothing behind. Errors carry a :class:`~visualizer.core.text.Msg` so the dialog can
show them translated, and render to one English line for the command line.

Limits (and why):
- fps: whole numbers from 1 to 60; GIF stops at 50 because GIF delays are whole hundredths of a
  second and viewers slow down delays under 2/100 s.
- duration (how long the command line records): 0.1 to 60 s, so an export is never a surprise
  gigabyte; frames = round(duration * fps), at least one.
- size: 16 to 3840 pixels a side; MP4 (yuv420p) needs even width and height.
- output: the folder must exist and accept a new file; the extension must agree with the format
  (.png, .gif, .apng or .png for APNG, .mp4), so a file never lies about what it holds.
"""

from __future__ import annotations

import errno
import math
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from visualizer.core.contract import Values
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, shorten

CTX = "Export"

Format = Literal["png", "gif", "apng", "mp4"]
FORMATS: tuple[Format, ...] = ("png", "gif", "apng", "mp4")
ANIMATED: tuple[Format, ...] = ("gif", "apng", "mp4")
EXTENSIONS: dict[Format, tuple[str, ...]] = {
    "png": (".png",),
    "gif": (".gif",),
    "apng": (".apng", ".png"),
    "mp4": (".mp4",),
}

MIN_FPS = 1
MAX_FPS = 60
MAX_GIF_FPS = 50
DEFAULT_FPS = 15
MIN_DURATION = 0.1
MAX_DURATION = 60.0
MIN_SIDE = 16
MAX_SIDE = 3840
DEFAULT_SIZE = (1280, 720)
NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows file systems

_SIZE = re.compile(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*")
# Longer sides are surely out of range; and Python refuses to turn 4,300+ digits into an int.
_MAX_DIGITS = 9


class ExportError(ValueError):
    """Input an export cannot accept, or a failure while writing; one line for the user."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.render())
        self.msg = msg


def _err(template: Msg, **args: object) -> ExportError:
    return ExportError(template(**args))


def parse_format(text: str) -> Format:
    low = text.strip().lower()
    for fmt in FORMATS:
        if fmt == low:
            return fmt
    raise _err(
        QT_TRANSLATE_NOOP(CTX, "unknown format {got!r} (choose from {known})"),
        got=shorten(text),
        known=", ".join(FORMATS),
    )


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` -> (1280, 720), within the limits."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "size must look like WIDTHxHEIGHT, e.g. 1280x720 (got {got!r})"),
            got=shorten(text),
        )
    width, height = (match.group(k).lstrip("0") or "0" for k in (1, 2))
    if max(len(width), len(height)) > _MAX_DIGITS:  # surely too big; int() might even refuse
        raise _size_error(shorten(width, 30), shorten(height, 30))
    return check_size(int(width), int(height))


def _size_error(width: object, height: object) -> ExportError:
    return _err(
        QT_TRANSLATE_NOOP(CTX, "size must be from {lo} to {hi} pixels a side (got {w}x{h})"),
        lo=MIN_SIDE,
        hi=MAX_SIDE,
        w=width,
        h=height,
    )


def check_size(width: int, height: int, fmt: Format | None = None) -> tuple[int, int]:
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise _size_error(width, height)
    if fmt == "mp4" and (width % 2 or height % 2):
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "MP4 needs an even width and height (got {w}x{h})"),
            w=width,
            h=height,
        )
    return width, height


def max_fps(fmt: Format) -> int:
    return MAX_GIF_FPS if fmt == "gif" else MAX_FPS


def check_fps(fps: float, fmt: Format) -> int:
    top = max_fps(fmt)
    if not (math.isfinite(fps) and float(fps).is_integer() and MIN_FPS <= fps <= top):
        raise _err(
            QT_TRANSLATE_NOOP(
                CTX, "fps must be a whole number from {lo} to {hi} for {fmt} (got {got})"
            ),
            lo=MIN_FPS,
            hi=top,
            fmt=fmt,
            got=_num(fps),
        )
    return int(fps)


def check_duration(seconds: float) -> float:
    if not (math.isfinite(seconds) and MIN_DURATION <= seconds <= MAX_DURATION):
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "duration must be from {lo:g} to {hi:g} s (got {got})"),
            lo=MIN_DURATION,
            hi=MAX_DURATION,
            got=_num(seconds),
        )
    return float(seconds)


def check_range(
    start: float, end: float, available: float, earliest: float = 0.0
) -> tuple[float, float]:
    """A time range of a recorded run kept from ``earliest`` to ``available`` seconds."""
    if not (math.isfinite(start) and math.isfinite(end) and earliest <= start < end <= available):
        raise _err(
            QT_TRANSLATE_NOOP(
                CTX,
                "the time range must lie within the recorded {start:.2f} to {end:.2f} s and "
                "not be empty (got {a} to {b})",
            ),
            start=earliest,
            end=available,
            a=_num(start),
            b=_num(end),
        )
    if end - start > MAX_DURATION:
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "an animation can be at most {hi:g} s long"), hi=MAX_DURATION
        )
    return start, end


def check_at(at: float, duration: float) -> float:
    if not (math.isfinite(at) and 0.0 <= at <= duration):
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "--at must be from 0 to the duration {d:g} s (got {got})"),
            d=duration,
            got=_num(at),
        )
    return at


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, int | float) else repr(value)


def frame_count(seconds: float, fps: int) -> int:
    """How many frames an animation of ``seconds`` has: duration x fps, at least one."""
    return max(1, round(seconds * fps))


def frame_times(start: float, seconds: float, fps: int) -> list[float]:
    """Frame k shows the run at exactly ``start + k / fps``."""
    return [start + k / fps for k in range(frame_count(seconds, fps))]


def gif_delays_ms(count: int, fps: int) -> list[int]:
    """Per-frame GIF delays in whole hundredths whose running sum tracks k / fps.

    GIF stores delays in centiseconds, so 30 fps cannot be 33.3 ms per frame; alternating
    30 and 40 ms keeps every frame within 5 ms of its true time and the total exact.
    """
    edges = [round(k * 100 / fps) for k in range(count + 1)]
    return [(edges[k + 1] - edges[k]) * 10 for k in range(count)]


def check_output(path: str | os.PathLike[str], fmt: Format) -> Path:
    """The absolute output path, once the folder is known to accept a new file there."""
    try:
        return _check_output(Path(path).expanduser(), fmt)
    except OSError as exc:  # a name over 255 bytes, a path over 4 KB, a loop of symlinks
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "cannot use the output {path}: {reason}"),
            path=shorten(str(path)),
            reason=exc.strerror or str(exc),
        ) from None


def _check_output(out: Path, fmt: Format) -> Path:
    if not out.name or out.name in (".", ".."):
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "the output must be a file name, not a folder (got {got!r})"),
            got=shorten(str(out)),
        )
    suffix = out.suffix.lower()
    if suffix not in EXTENSIONS[fmt]:
        wanted = " or ".join(EXTENSIONS[fmt])
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "the output for {fmt} must end with {wanted} (got {got!r})"),
            fmt=fmt,
            wanted=wanted,
            got=shorten(out.name),
        )
    out = out.absolute()
    folder = out.parent
    if not folder.is_dir():
        missing = QT_TRANSLATE_NOOP(CTX, "the folder {folder} does not exist")
        raise _err(missing, folder=shorten(str(folder)))
    if out.is_dir():
        raise _err(QT_TRANSLATE_NOOP(CTX, "{path} is a folder, not a file"), path=shorten(str(out)))
    if len(os.fsencode(out.name)) > NAME_MAX:
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
    probe_writable(folder)
    return out


def probe_writable(folder: Path) -> None:
    """Create and delete a file in ``folder``: the only test that cannot be fooled.

    ``os.access`` says yes to root on a read-only mount and cannot see quotas; actually creating
    the temporary file the export will write anyway gives the true answer.
    """
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".visualizer-probe-")
    except OSError as exc:
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "cannot write to the folder {folder}: {reason}"),
            folder=shorten(str(folder)),
            reason=exc.strerror or str(exc),
        ) from None
    os.close(fd)
    os.unlink(name)


@dataclass(frozen=True)
class AnimationOptions:
    """An animation of ``[start, start + seconds)`` of a recording, checked."""

    fmt: Format
    path: Path
    size: tuple[int, int]
    fps: int
    start: float
    seconds: float
    caption: bool = True  # the scene's caption in a band under the picture, for slides

    @property
    def times(self) -> list[float]:
        return frame_times(self.start, self.seconds, self.fps)


def animation_options(
    fmt: Format,
    path: str | os.PathLike[str],
    size: tuple[int, int],
    fps: float,
    start: float,
    end: float,
    available: float,
    earliest: float = 0.0,
    caption: bool = True,
) -> AnimationOptions:
    """Validate what the dialog or the command line asked for, in the order a user reads it.

    ``earliest`` to ``available``: the part of the run that is recorded and kept.
    """
    if fmt not in ANIMATED:
        raise _err(
            QT_TRANSLATE_NOOP(CTX, "{fmt} is not an animation format (choose from gif, apng, mp4)"),
            fmt=fmt,
        )
    width, height = check_size(*size, fmt=fmt)
    rate = check_fps(fps, fmt)
    start, end = check_range(start, end, available, earliest)
    out = check_output(path, fmt)
    return AnimationOptions(fmt, out, (width, height), rate, start, end - start, caption)


@dataclass(frozen=True)
class ExportPlan:
    """A checked ``visualizer export`` request."""

    scene: str
    preset: str | None
    values: Values
    fmt: Format
    path: Path
    size: tuple[int, int]
    fps: int
    duration: float
    at: float
    lang: str | None
    theme: str
    caption: bool = True
