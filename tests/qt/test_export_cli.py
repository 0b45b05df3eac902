"""Export without a display: every scene to PNG, GIF, APNG and MP4, and every bad input refused.

The per-scene matrix records each registered scene once on the test's qasync loop and renders it
in every format with the same code the command line uses; separate subprocess runs prove the
``visualizer export`` command itself, end to end, offscreen.
"""

from __future__ import annotations

import asyncio
import errno
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageSequence

from visualizer.cli import main
from visualizer.core.text import Msg
from visualizer.export.encoders import Encoder, GuardedFile, Mp4Encoder, make_encoder
from visualizer.export.options import (
    AnimationOptions,
    ExportError,
    ExportPlan,
    Format,
    animation_options,
    frame_times,
    gif_delays_ms,
)
from visualizer.export.recording import Recording, record
from visualizer.export.render import FrameRenderer, export_animation, save_frame_png
from visualizer.scenes.registry import load_scene, scene_names

SIZE = (320, 180)
SECONDS = 1.0
FPS = 5
FRAMES = round(SECONDS * FPS)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "visualizer", "export", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
        cwd=cwd,
    )


def frames_of(path: Path) -> list[Image.Image]:
    with Image.open(path) as image:
        return [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]


def assert_moves(frames: list[Image.Image]) -> None:
    """The first and last frames differ: the animation shows time passing."""
    assert ImageChops.difference(frames[0], frames[-1]).getbbox() is not None


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- every scene, every format ---------------------------------------------------------------
_recordings: dict[str, Recording] = {}


def recording_of(name: str, qtbot: Any, loop: asyncio.AbstractEventLoop) -> Recording:
    """One real run of ``name`` per test session, recorded on the app's kind of loop."""
    if name not in _recordings:
        scene = load_scene(name)
        task = loop.create_task(record(scene, None, scene.values(), SECONDS))
        qtbot.waitUntil(task.done, timeout=30_000)
        _recordings[name] = task.result()
    return _recordings[name]


def run(loop: asyncio.AbstractEventLoop, qtbot: Any, coro: Any) -> Any:
    task = loop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=60_000)
    return task.result()


@pytest.mark.parametrize("name", scene_names())
def test_every_scene_exports_to_every_format(
    name: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    import imageio_ffmpeg

    recording = recording_of(name, qtbot, qt_loop)
    assert recording.events, "the scene's real code recorded nothing"
    still = save_frame_png(recording, SECONDS, SIZE, tmp_path / "still.png")
    with Image.open(still) as image:
        assert image.format == "PNG" and image.size == SIZE
        assert len(image.convert("RGB").getcolors(1 << 16) or ()) > 2  # a picture, not a fill

    for fmt, name_ in (("gif", "a.gif"), ("apng", "a.apng"), ("mp4", "a.mp4")):
        options = animation_options(fmt, tmp_path / name_, SIZE, FPS, 0.0, SECONDS, SECONDS)
        path = run(qt_loop, qtbot, export_animation(recording, options))
        if fmt == "mp4":
            count, _secs = imageio_ffmpeg.count_frames_and_secs(str(path))
            assert count == FRAMES
            continue
        with Image.open(path) as image:
            assert image.format == ("GIF" if fmt == "gif" else "PNG")
            assert image.size == SIZE
            assert image.n_frames == FRAMES
        frames = frames_of(path)
        assert len(frames) == FRAMES and all(f.size == SIZE for f in frames)
        assert_moves(frames)
    assert leftovers(tmp_path) == ["a.apng", "a.gif", "a.mp4", "still.png"]


def test_the_same_recording_gives_the_same_frames(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    recording = recording_of("event-loop", qtbot, qt_loop)
    times = frame_times(0.0, SECONDS, FPS)
    first = [FrameRenderer(recording, SIZE).image(t).tobytes() for t in times]
    second = [FrameRenderer(recording, SIZE).image(t).tobytes() for t in reversed(times)]
    assert first == list(reversed(second))  # order of rendering does not matter either
    assert len(set(first)) > 1
    for name in ("one.gif", "two.gif"):
        options = animation_options("gif", tmp_path / name, SIZE, FPS, 0.0, SECONDS, SECONDS)
        run(qt_loop, qtbot, export_animation(recording, options))
    assert (tmp_path / "one.gif").read_bytes() == (tmp_path / "two.gif").read_bytes()


def test_frames_after_the_code_ended_hold_its_final_state(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    scene = load_scene("event-loop")
    values = scene.values({"tasks": 1, "delay1": 0.2})
    task = qt_loop.create_task(record(scene, "gather", values, 2.0))
    qtbot.waitUntil(task.done, timeout=30_000)
    recording = task.result()
    assert recording.ended and recording.end < 1.0
    # The app only offers the recorded range; the command line animates the whole duration.
    options = AnimationOptions("gif", tmp_path / "held.gif", SIZE, FPS, 0.0, 2.0)
    run(qt_loop, qtbot, export_animation(recording, options))
    frames = frames_of(options.path)
    assert len(frames) == 2 * FPS
    assert_moves(frames[:3])
    assert all(ImageChops.difference(frames[-1], f).getbbox() is None for f in frames[6:])


# -- the command itself -----------------------------------------------------------------------
@pytest.mark.parametrize("name", scene_names())
def test_command_exports_each_scene_as_gif(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.gif"
    result = run_cli(
        "--scene", name, "--format", "gif", "--duration", "1", "--fps", "5",
        "--size", "320x180", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"wrote {out}" in result.stdout
    frames = frames_of(out)
    assert len(frames) == 5 and frames[0].size == (320, 180)
    assert_moves(frames)
    assert leftovers(tmp_path) == ["out.gif"]


@pytest.mark.parametrize(
    ("fmt", "name", "extra"),
    [
        ("png", "still.png", ["--at", "0.5"]),
        ("apng", "anim.apng", ["--theme", "dark"]),
        ("apng", "anim.png", []),
        ("mp4", "anim.mp4", ["--preset", "gather", "--set", "tasks=4"]),
    ],
)
def test_command_writes_png_apng_and_mp4(
    fmt: str, name: str, extra: list[str], tmp_path: Path
) -> None:
    import imageio_ffmpeg

    out = tmp_path / name
    result = run_cli(
        "--scene", "event-loop", "--format", fmt, "--duration", "0.6", "--fps", "10",
        "--size", "320x180", "-o", str(out), *extra,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    if fmt == "mp4":
        assert imageio_ffmpeg.count_frames_and_secs(str(out))[0] == 6
    else:
        with Image.open(out) as image:
            assert image.size == (320, 180)
            assert getattr(image, "n_frames", 1) == (1 if fmt == "png" else 6)
    assert leftovers(tmp_path) == [name]


def title_strip(path: Path) -> bytes:
    """The scene's title in the top-left corner: fixed text, whatever the run's timing."""
    with Image.open(path) as image:
        return image.convert("RGB").crop((0, 0, 200, 24)).tobytes()


def test_lang_ko_draws_the_korean_text(tmp_path: Path) -> None:
    from visualizer.draw.i18n import qm_path

    common = ["--scene", "event-loop", "--format", "png", "--duration", "0.2"]
    for name, lang in (("en1.png", "en"), ("en2.png", "en"), ("ko.png", "ko")):
        result = run_cli(*common, "--lang", lang, "--size", "640x360", "-o", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    assert title_strip(tmp_path / "en1.png") == title_strip(tmp_path / "en2.png")
    if qm_path("ko").is_file():
        assert title_strip(tmp_path / "ko.png") != title_strip(tmp_path / "en1.png")
    else:  # the translation is not built here: English, and a note saying so
        assert title_strip(tmp_path / "ko.png") == title_strip(tmp_path / "en1.png")


def test_list_shows_every_scene_preset_and_setting_with_its_range(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "--list"]) == 0
    out = capsys.readouterr().out
    blocks: dict[str, list[str]] = {}
    current: list[str] = []
    for line in out.splitlines():
        if line and not line.startswith(" "):  # "name: Title ..." opens a scene's block
            current = blocks.setdefault(line.split(":", 1)[0], [])
        current.append(line)
    for name in scene_names():
        scene = load_scene(name)
        block = blocks[name]  # settings are looked up in their own scene: keys repeat
        assert f"{name}: " in block[0]
        for preset in scene.presets:
            assert any(x.startswith(f"    {preset.key}") for x in block)
        for setting in scene.settings:
            line = next(x for x in block if x.strip().startswith(setting.key + " "))
            assert setting.describe_range() in line


# -- bad input ---------------------------------------------------------------------------------
def unwritable_folder(tmp_path: Path) -> Path:
    """A folder that refuses new files even to root (whose permission bits are ignored)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    for folder in (locked, Path("/sys")):
        try:
            fd, name = tempfile.mkstemp(dir=folder)
        except OSError:
            return folder
        os.close(fd)
        os.unlink(name)
    pytest.skip("no folder here refuses new files (root on a writable /sys)")


BAD: list[tuple[list[str], str]] = [
    (["--scene", "nope"], "unknown scene 'nope'"),
    (["--preset", "nope"], "unknown preset 'nope'"),
    (["--set", "colour=red"], "unknown setting 'colour'"),
    (["--set", "tasks=99"], "tasks must be an integer from 1 to 12"),
    (["--set", "delay1=-1"], "delay1 must be a number from 0 to 5"),
    (["--set", "tasks"], "--set takes KEY=VALUE"),
    (["--format", "bmp"], "unknown format 'bmp'"),
    (["--size", "big"], "size must look like WIDTHxHEIGHT"),
    (["--size", "1280x"], "size must look like WIDTHxHEIGHT"),
    (["--size", "8x8"], "size must be from 16 to 3840"),
    (["--fps", "0"], "fps must be a whole number from 1 to 50"),
    (["--fps", "51"], "fps must be a whole number from 1 to 50 for gif"),
    (["--fps", "abc"], "invalid float value"),
    (["--duration", "0"], "duration must be from 0.1 to 60"),
    (["--duration", "61"], "duration must be from 0.1 to 60"),
    (["--duration", "nan"], "duration must be from 0.1 to 60"),
    (["-o", "{tmp}/missing/out.gif"], "does not exist"),
    (["-o", "{tmp}/out.png"], "must end with .gif"),
    (["-o", "{tmp}/out"], "must end with .gif"),
    (["-o", "{tmp}"], "must end with .gif"),
    (["--at", "1"], "--at is only for --format png"),
    (["--format", "png", "-o", "{tmp}/a.png", "--at", "9"], "--at must be from 0"),
    (["--format", "mp4", "-o", "{tmp}/a.mp4", "--size", "321x180"], "MP4 needs an even"),
    (["--bogus"], "unrecognized arguments: --bogus"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD)
def test_bad_input_is_one_line_status_2_and_writes_nothing(
    args: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = {"--scene": "event-loop", "--format": "gif", "-o": str(tmp_path / "out.gif")}
    given = [a.replace("{tmp}", str(tmp_path)) for a in args]
    for flag, value in base.items():
        if flag not in given:
            given = [flag, value, *given]
    with pytest.raises(SystemExit) as exit_info:
        main(["export", *given])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("visualizer export: error: ") and fragment in err, err
    assert leftovers(tmp_path) == []


def test_a_folder_that_refuses_files_is_refused_up_front(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = unwritable_folder(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--scene", "event-loop", "--format", "gif", "-o", f"{folder}/x.gif"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write to the folder" in err, err
    assert not (folder / "x.gif").exists()


def test_missing_required_options_name_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--scene", "event-loop"])
    assert exit_info.value.code == 2
    assert "--format is required" in capsys.readouterr().err


def test_failure_while_writing_exits_1_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing_run(plan: ExportPlan) -> int:
        reason = os.strerror(errno.ENOSPC)
        raise ExportError(Msg("Export", "could not write {p}: {r}", {"p": plan.path, "r": reason}))

    import visualizer.export.headless as export_app

    monkeypatch.setattr(export_app, "run_export", failing_run)
    code = main(["export", "--scene", "event-loop", "--format", "gif", "-o", f"{tmp_path}/a.gif"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not write" in err


# -- failures mid-export leave nothing ---------------------------------------------------------
def enospc_after(limit: int) -> Callable[..., int]:
    written = [0]
    original = GuardedFile.write

    def write(self: GuardedFile, data: Any) -> int:
        written[0] += len(data)
        if written[0] > limit:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, data)

    return write


@pytest.mark.parametrize("fmt", ["gif", "apng"])
def test_disk_full_mid_export_removes_the_partial_file(
    fmt: Format,
    monkeypatch: pytest.MonkeyPatch,
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    tmp_path: Path,
) -> None:
    recording = recording_of("event-loop", qtbot, qt_loop)
    monkeypatch.setattr(GuardedFile, "write", enospc_after(2_000))
    options = animation_options(fmt, tmp_path / f"full.{fmt}", SIZE, FPS, 0.0, 1.0, 1.0)
    task = qt_loop.create_task(export_animation(recording, options))
    qtbot.waitUntil(task.done, timeout=30_000)
    error = task.exception()
    assert isinstance(error, ExportError), error
    assert "No space left on device" in str(error) and str(options.path) in str(error)
    assert leftovers(tmp_path) == []


def test_disk_full_on_a_still_removes_the_partial_file(
    monkeypatch: pytest.MonkeyPatch, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    recording = recording_of("event-loop", qtbot, qt_loop)
    monkeypatch.setattr(GuardedFile, "write", enospc_after(100))
    with pytest.raises(ExportError, match="No space left on device"):
        save_frame_png(recording, 0.5, SIZE, tmp_path / "still.png")
    assert leftovers(tmp_path) == []


def test_an_encoder_that_crashes_mid_export_leaves_no_file(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    recording = recording_of("event-loop", qtbot, qt_loop)
    made: list[Encoder] = []

    def crashing(fmt: Format, path: Path, size: tuple[int, int], fps: int, count: int) -> Encoder:
        encoder = make_encoder(fmt, path, size, fps, count)
        assert isinstance(encoder, Mp4Encoder)
        original = encoder.add
        frames = [0]

        def add(frame: Image.Image) -> None:
            frames[0] += 1
            if frames[0] == 3:
                encoder._proc.kill()  # ffmpeg dies half way, as a crash would
                encoder._proc.wait()
            original(frame)

        encoder.add = add  # type: ignore[method-assign]
        made.append(encoder)
        return encoder

    options = animation_options("mp4", tmp_path / "crash.mp4", SIZE, FPS, 0.0, 1.0, 1.0)
    task = qt_loop.create_task(export_animation(recording, options, encoder_factory=crashing))
    qtbot.waitUntil(task.done, timeout=30_000)
    error = task.exception()
    assert isinstance(error, ExportError) and "ffmpeg failed" in str(error), error
    assert made and leftovers(tmp_path) == []


# -- pure helpers ------------------------------------------------------------------------------
@pytest.mark.parametrize("fps", [1, 5, 12, 15, 24, 30, 50])
def test_gif_delays_keep_every_frame_on_its_time(fps: int) -> None:
    count = 3 * fps
    delays = gif_delays_ms(count, fps)
    assert len(delays) == count and all(d % 10 == 0 and d > 0 for d in delays)
    assert sum(delays) == 3000
    elapsed = 0
    for k, delay in enumerate(delays):
        assert abs(elapsed - k * 1000 / fps) <= 5
        elapsed += delay


def test_frame_k_is_at_k_over_fps() -> None:
    assert frame_times(0.5, 1.0, 4) == [0.5, 0.75, 1.0, 1.25]
    assert len(frame_times(0.0, 5.0, 30)) == 150
