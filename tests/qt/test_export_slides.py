"""Exports for slides: the caption band, slide sizes, the folder shown, a still that records only
up to its moment, and the dialogs' status lines in Korean."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from tests.support.painting import RecordingPainter
from visualizer.cli import main
from visualizer.draw import i18n
from visualizer.draw.scene_view import any_view
from visualizer.draw.theme import DARK, LIGHT
from visualizer.export import headless
from visualizer.export.caption_band import band_layout, caption_text, paint_with_caption
from visualizer.export.recording import Recording, record
from visualizer.export.render import FrameRenderer
from visualizer.scenes.registry import load_scene, view_class_for
from visualizer.ui.export_dialog import ExportDialog, ScreenshotDialog
from visualizer.ui.main_window import MainWindow

_cache: dict[str, Recording] = {}


def short_run(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Recording:
    """A real run of the event-loop scene's gather preset (0.3 s), recorded once per session."""
    if "run" not in _cache:
        scene = load_scene("event-loop")
        values = scene.values({"tasks": 2, "delay1": 0.3, "delay2": 0.1})
        task = loop.create_task(record(scene, "gather", values, 2.0))
        qtbot.waitUntil(task.done, timeout=30_000)
        _cache["run"] = task.result()
    return _cache["run"]


def band_rows(image: Image.Image, band_top: int) -> Image.Image:
    return image.crop((0, band_top, image.width, image.height))


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_the_caption_band_draws_the_scenes_caption_under_the_picture(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, theme: Any
) -> None:
    recording = short_run(qtbot, qt_loop)
    frame = recording.frame(0.15)
    text = caption_text(recording.scene, frame)
    assert text  # the scene says something at that moment
    view = any_view(view_class_for(recording.scene)(recording.scene))
    image = QImage(1280, 720, QImage.Format.Format_RGB32)
    painter = RecordingPainter(image)
    paint_with_caption(painter, view, QRectF(0, 0, 1280, 720), frame, theme, text)
    painter.end()
    band = [op for op in painter.ops if op.op == "text" and op.text == text]
    assert len(band) == 1, [op.text for op in painter.ops if op.op == "text"][-5:]
    _, y, _, h = band[0].rect
    others = [op for op in painter.ops if op.op == "text" and op.text != text]
    picture_bottom = max(op.rect[1] + op.rect[3] for op in others)
    assert y >= picture_bottom - 1 and y + h <= 720 + 1  # under the picture, inside the file
    assert band[0].font_px >= 18  # readable from the back of a room
    assert band[0].pen == theme.text.name()
    # The pixels: the band holds text-coloured ink; without a caption it is plain background.
    with_caption = FrameRenderer(recording, (1280, 720), theme).image(0.15)
    without = FrameRenderer(recording, (1280, 720), theme, caption=False).image(0.15)
    top = round(y)
    ink = band_rows(with_caption, top).convert("RGB").getcolors(1 << 20) or []
    assert any(_near(colour, theme.text.getRgb()[:3]) for _, colour in ink)
    assert with_caption.size == without.size == (1280, 720)
    assert band_rows(with_caption, top).tobytes() != band_rows(without, top).tobytes()


def _near(a: tuple[int, ...], b: tuple[int, ...], slack: int = 40) -> bool:
    return all(abs(x - y) <= slack for x, y in zip(a, b, strict=True))


def test_the_caption_follows_the_language(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    recording = short_run(qtbot, qt_loop)
    frame = recording.frame(0.15)
    english = caption_text(recording.scene, frame)
    if i18n.set_language("ko") != "ko":
        pytest.fail("the Korean translation is not built (run tools/update_translations.sh)")
    korean = caption_text(recording.scene, frame)
    assert korean != english and any("\uac00" <= ch <= "\ud7a3" for ch in korean)


def open_window(qtbot: Any) -> MainWindow:
    window = MainWindow("event-loop", "gather", {"tasks": 2, "delay1": 0.2, "delay2": 0.1})
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def test_ctrl_s_saves_slide_sizes_with_the_caption_and_shows_the_folder(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    window = open_window(qtbot)
    window.resize(1000, 640)  # the window's size must not decide the picture's
    qtbot.waitUntil(lambda: bool(window.session and window.session.recorder.finished))
    window.actions_by_name["screenshot"].trigger()
    dialog = window.findChild(ScreenshotDialog)
    assert isinstance(dialog, ScreenshotDialog)
    assert dialog.size_box.currentText() == "1280x720" and dialog.caption_box.isChecked()
    sizes = [dialog.size_box.itemText(i) for i in range(dialog.size_box.count())]
    assert "1920x1080" in sizes
    pictures = {}
    for index, with_caption in ((0, True), (0, False), (1, True)):
        dialog.size_box.setCurrentIndex(index)
        dialog.caption_box.setChecked(with_caption)
        path = tmp_path / f"shot-{index}-{with_caption}.png"
        dialog.path_row.edit.setText(str(path))
        assert dialog.path_row.folder_label.text().endswith(str(tmp_path))
        assert dialog.save(), dialog.status.text()
        with Image.open(path) as image:
            pictures[(index, with_caption)] = image.convert("RGB")
    assert pictures[(0, True)].size == pictures[(0, False)].size == (1280, 720)
    assert pictures[(1, True)].size == (1920, 1080)
    assert pictures[(0, True)].tobytes() != pictures[(0, False)].tobytes()
    close(window, qtbot, qt_loop)


def test_export_dialog_shows_the_folder_and_can_leave_the_caption_out(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    recording = short_run(qtbot, qt_loop)
    dialog = ExportDialog(recording, LIGHT)
    qtbot.addWidget(dialog)
    folder_text = dialog.path_row.folder_label.text()
    assert str(dialog.path_row.folder()) in folder_text  # the whole folder, not its tail
    dialog.set_format("apng")
    dialog.size_box.setCurrentText("320x180")
    dialog.fps_box.setValue(5)
    dialog.end_box.setValue(0.2)
    dialog.caption_box.setChecked(False)
    dialog.path_row.edit.setText(str(tmp_path / "plain.apng"))
    assert dialog.path_row.folder() == tmp_path
    dialog.show()
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.outcome == "saved", dialog.status.text()
    plain = FrameRenderer(recording, (320, 180), LIGHT, caption=False).image(0.0)
    with Image.open(tmp_path / "plain.apng") as image:
        assert image.convert("RGB").tobytes() == plain.tobytes()


def test_status_lines_after_an_export_are_korean_in_korean_mode(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path, ui_state: None
) -> None:
    assert i18n.set_language("ko") == "ko"
    window = open_window(qtbot)
    qtbot.waitUntil(lambda: bool(window.session and window.session.recorder.finished))
    window.actions_by_name["export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert isinstance(dialog, ExportDialog)
    dialog.size_box.setCurrentText("320x180")
    dialog.fps_box.setValue(5)
    dialog.path_row.edit.setText(str(tmp_path / "gather.gif"))
    assert "폴더" in dialog.path_row.folder_label.text()
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.outcome == "saved"
    for text in (dialog.status.text(), window.statusBar().currentMessage()):
        assert "gather.gif" in text
        words = text.replace(str(tmp_path / "gather.gif"), "")
        assert "Saved" not in words and any("\uac00" <= ch <= "\ud7a3" for ch in words), text
    close(window, qtbot, qt_loop)


def test_a_still_records_the_run_only_up_to_its_moment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    recorded: list[tuple[float, Recording]] = []
    real_record = headless.record

    async def spy(scene: Any, preset: Any, values: Any, duration: float) -> Recording:
        recording = await real_record(scene, preset, values, duration)
        recorded.append((duration, recording))
        return recording

    monkeypatch.setattr(headless, "record", spy)
    out = tmp_path / "still.png"
    status = main(["export", "--scene", "queue", "--format", "png", "--at", "1.5", "-o", str(out)])
    assert status == 0 and out.is_file()
    [(duration, recording)] = recorded
    assert duration <= 1.5 + 0.05
    assert recording.end <= 1.5 + 0.05
    assert max(e.t for e in recording.events) <= 1.5 + 0.05


def test_no_caption_on_the_command_line_leaves_the_band_out(tmp_path: Path) -> None:
    common = ["export", "--scene", "event-loop", "--format", "png", "--duration", "0.2"]
    with_band, without = tmp_path / "with.png", tmp_path / "without.png"
    assert main([*common, "--size", "640x360", "-o", str(with_band)]) == 0
    assert main([*common, "--size", "640x360", "--no-caption", "-o", str(without)]) == 0
    with Image.open(with_band) as a, Image.open(without) as b:
        assert a.size == b.size == (640, 360)
        bottom = (0, 320, 640, 360)
        assert a.convert("RGB").crop(bottom).tobytes() != b.convert("RGB").crop(bottom).tobytes()


def test_the_picture_does_not_jump_when_the_caption_grows_to_two_lines(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    recording = short_run(qtbot, qt_loop)
    view = any_view(view_class_for(recording.scene)(recording.scene))
    _, one, _ = band_layout(view, "main() awaits gather.", 1280, 720)
    _, two, _ = band_layout(view, "word " * 40, 1280, 720)  # two lines at 1280 px
    _, many, _ = band_layout(view, "word " * 400, 1280, 720)
    assert one == two > 0
    assert many > two  # a very long caption gets room (and a smaller font), not cut off
    assert band_layout(view, "", 1280, 720)[1] == 0
