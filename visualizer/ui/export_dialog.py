"""Saving a screenshot (Ctrl+S) and exporting an animation (Ctrl+E) from the window.

Both dialogs freeze what they export when they open: the screenshot keeps the frame on screen at
that moment, the animation dialog keeps the events recorded so far. The run in the window goes on
meanwhile, and cannot change an export half way. The animation is rendered on the GUI thread one
frame at a time between turns of the event loop and encoded on a worker thread, so the window
stays responsive; Cancel stops it within a frame and deletes the partial file.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtGui import QCloseEvent, QImage
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from visualizer.draw.i18n import tr_msg
from visualizer.draw.theme import Theme
from visualizer.export.caption_band import caption_text
from visualizer.export.encoders import ExportCancelled, mp4_available
from visualizer.export.options import (
    ANIMATED,
    DEFAULT_FPS,
    EXTENSIONS,
    MAX_DURATION,
    MAX_FPS,
    MIN_FPS,
    ExportError,
    Format,
    animation_options,
    frame_count,
    max_fps,
    parse_size,
)
from visualizer.export.recording import Recording
from visualizer.export.render import export_animation, paint_frame, render_widget, save_png
from visualizer.ui import jobs

if TYPE_CHECKING:
    from visualizer.draw.scene_view import SceneView
    from visualizer.session import SceneSession

SIZES = ("640x360", "960x540", "1280x720", "1920x1080")
DEFAULT_EXPORT_SIZE = "1280x720"
# Slide sizes for a still of the picture: 16:9 like a projector, 1280x720 first because a
# screenshot should not depend on how big the window happens to be.
SLIDE_SIZES = ((1280, 720), (1920, 1080), (2560, 1440), (3840, 2160))
_last_folder: list[Path] = []  # where the user saved last, for this run of the app
# A dialog is kept (and its Qt object alive) while open or exporting, then deleted: each holds
# pictures or a recording, megabytes that would otherwise stay with the window until it closes.
_open_dialogs: set[QDialog] = set()


def default_folder() -> Path:
    if _last_folder and _last_folder[0].is_dir():
        return _last_folder[0]
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    if pictures and Path(pictures).is_dir():
        return Path(pictures)
    return Path.home()


def _remember(path: Path) -> None:
    _last_folder[:] = [path.parent]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "export"


class _PathRow(QWidget):
    """A file path with a Browse button, and the folder it goes to spelled out underneath.

    A long path in a line edit shows only its end (``…op-gather-1.27s.png``), which hides the
    one thing a user needs to find the file again: the folder. The label under it always shows
    the whole folder, wrapped if need be.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("exportPath")
        self.edit.setMinimumWidth(360)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("exportFolder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.folder_label)
        self.filter = ""
        self.browse.setText(self.tr("Browse…"))
        self.edit.textChanged.connect(self._show_folder)
        self._show_folder()

    def folder(self) -> Path:
        """The absolute folder the file goes to, as the export will resolve it."""
        text = self.path()
        return Path(text).expanduser().absolute().parent if text else Path.cwd()

    def _show_folder(self) -> None:
        self.folder_label.setText(self.tr("Folder: {folder}").format(folder=self.folder()))
        # The file's name is the end of the text: show it rather than the path's start.
        self.edit.setCursorPosition(len(self.edit.text()))

    def _browse(self) -> None:
        chooser = QFileDialog(self, self.tr("Save as"), self.edit.text())
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setNameFilter(self.filter)
        chooser.fileSelected.connect(self.edit.setText)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.open()  # never exec(): the asyncio loop must keep running

    def path(self) -> str:
        return self.edit.text().strip()


CanvasPicture = Callable[[tuple[int, int], bool], QImage]


class ScreenshotDialog(QDialog):
    """The picture at a slide size (with its caption), or the whole window at 1x or 2x, as PNG."""

    saved = Signal(str)

    def __init__(
        self,
        canvas_picture: CanvasPicture,
        window_picture: Callable[[float], QImage],
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screenshotDialog")
        # The window is grabbed now, so the file shows the moment Ctrl+S was pressed; the
        # picture is painted on demand from the frame frozen at that moment (same result).
        self.canvas_picture = canvas_picture
        self.pictures: dict[tuple[str, float], QImage] = {
            ("window", scale): window_picture(scale) for scale in (1.0, 2.0)
        }
        self.size_box = QComboBox(self)
        for width, height in SLIDE_SIZES:
            self.size_box.addItem(f"{width}x{height}", (width, height))
        self.caption_box = QCheckBox(self)
        self.caption_box.setObjectName("captionBox")
        self.caption_box.setChecked(True)
        self.canvas_button = QRadioButton(self)
        self.window_button = QRadioButton(self)
        self.canvas_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.canvas_button)
        group.addButton(self.window_button)
        self.canvas_button.toggled.connect(self._on_what)
        self.scale_box = QComboBox(self)
        self.scale_box.addItem("1x", 1.0)
        self.scale_box.addItem("2x", 2.0)
        self.path_row = _PathRow(self)
        self.path_row.filter = "PNG (*.png)"
        self.path_row.edit.setText(str(default_folder() / f"{_slug(name)}.png"))
        self.status = QLabel(self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.what_label = QLabel(self)
        self.scale_label = QLabel(self)
        self.file_label = QLabel(self)
        self.size_label = QLabel(self)
        form = QFormLayout()
        choice = QHBoxLayout()
        choice.addWidget(self.canvas_button)
        choice.addWidget(self.window_button)
        form.addRow(self.what_label, choice)
        form.addRow(self.size_label, self.size_box)
        form.addRow("", self.caption_box)
        form.addRow(self.scale_label, self.scale_box)
        form.addRow(self.file_label, self.path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Save screenshot"))
        self.canvas_button.setText(self.tr("The picture only"))
        self.window_button.setText(self.tr("The whole window"))
        self.what_label.setText(self.tr("Save"))
        self.scale_label.setText(self.tr("Window scale"))
        self.size_label.setText(self.tr("Picture size"))
        self.caption_box.setText(self.tr("Include the caption under the picture"))
        self.file_label.setText(self.tr("File"))
        self.scale_box.setToolTip(self.tr("2x doubles the pixels, for sharp slides and print"))
        self.size_box.setToolTip(self.tr("Slide sizes; the picture keeps 16:9 and is centred"))
        self._on_what()

    def _on_what(self) -> None:
        canvas = self.canvas_button.isChecked()
        self.size_box.setEnabled(canvas)
        self.caption_box.setEnabled(canvas)
        self.scale_box.setEnabled(not canvas)

    def picture(self) -> QImage:
        if self.canvas_button.isChecked():
            size: tuple[int, int] = self.size_box.currentData()
            return self.canvas_picture(size, self.caption_box.isChecked())
        return self.pictures[("window", float(self.scale_box.currentData()))]

    def save(self) -> bool:
        try:
            path = save_png(self.picture(), self.path_row.path())
        except ExportError as exc:
            self.status.setText(tr_msg(exc.msg))
            return False
        _remember(path)
        self.saved.emit(str(path))
        self.accept()
        return True


class ExportDialog(QDialog):
    """A time range of the recorded run as GIF, APNG or MP4, with progress and Cancel."""

    exported = Signal(str)

    def __init__(self, recording: Recording, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.recording = recording
        self.theme = theme
        self.task: asyncio.Task[Path] | None = None
        # An export stays running until its done callback has run, not only until its task is
        # done: closed in between, the dialog would be deleted before the callback touches it.
        self._unwinding = False
        self.outcome = ""  # "saved", "cancelled" or "failed" once an export has ended
        end = recording.end
        self.format_box = QComboBox(self)
        self._mp4 = mp4_available()
        for fmt in ANIMATED:
            self.format_box.addItem(fmt.upper(), fmt)
        self.start_box = QDoubleSpinBox(self)
        self.end_box = QDoubleSpinBox(self)
        for box in (self.start_box, self.end_box):
            box.setDecimals(2)
            box.setSingleStep(0.1)
            box.setRange(recording.start, end)  # a long run keeps only its newest part
            box.setSuffix(" s")
        self.start_box.setValue(recording.start)
        self.end_box.setValue(min(end, recording.start + MAX_DURATION))
        self.fps_box = QSpinBox(self)
        self.fps_box.setRange(MIN_FPS, MAX_FPS)
        self.fps_box.setValue(DEFAULT_FPS)
        self.size_box = QComboBox(self)
        self.size_box.setEditable(True)
        self.size_box.addItems(SIZES)
        self.size_box.setCurrentText(DEFAULT_EXPORT_SIZE)
        self.caption_box = QCheckBox(self)
        self.caption_box.setObjectName("captionBox")
        self.caption_box.setChecked(True)
        self.frames_label = QLabel(self)
        self.path_row = _PathRow(self)
        name = f"{recording.scene.name}-{recording.preset}"
        self.path_row.edit.setText(str(default_folder() / f"{_slug(name)}.gif"))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel(self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelButton")
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)
        self.format_box.currentIndexChanged.connect(self._on_format)
        for spin in (self.start_box, self.end_box):
            spin.valueChanged.connect(self._update_frames)
        self.fps_box.valueChanged.connect(self._update_frames)

        self.labels = [QLabel(self) for _ in range(5)]
        form = QFormLayout()
        span = QHBoxLayout()
        span.addWidget(self.start_box)
        self.to_label = QLabel(self)
        span.addWidget(self.to_label)
        span.addWidget(self.end_box)
        form.addRow(self.labels[0], self.format_box)
        form.addRow(self.labels[1], span)
        form.addRow(self.labels[2], self.fps_box)
        form.addRow(self.labels[3], self.size_box)
        form.addRow("", self.caption_box)
        form.addRow(self.labels[4], self.path_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.frames_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._retranslate()
        self._on_format()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export animation"))
        for label, text in zip(
            self.labels,
            (self.tr("Format"), self.tr("Time range"), self.tr("Frames per second"),
             self.tr("Size (pixels)"), self.tr("File")),
            strict=True,
        ):  # fmt: skip
            label.setText(text)
        self.to_label.setText(self.tr("to"))
        self.caption_box.setText(self.tr("Include the caption under the picture"))
        self.export_button.setText(self.tr("Export"))
        self.cancel_button.setText(self.tr("Close"))
        self.start_box.setToolTip(
            self.tr("Frames come from the run recorded so far: {start:.2f} to {end:.2f} s").format(
                start=self.recording.start, end=self.recording.end
            )
        )
        self.size_box.setToolTip(self.tr("Width x height; the picture keeps 16:9 and is centred"))
        if not self._mp4:
            index = self.format_box.findData("mp4")
            item_tip = self.tr("MP4 needs the ffmpeg package: {hint}").format(
                hint="pip install 'concurrency-visualizer[mp4]'"
            )
            self.format_box.setItemData(index, item_tip, Qt.ItemDataRole.ToolTipRole)
            model: Any = self.format_box.model()
            model.item(index).setEnabled(False)

    # -- options -----------------------------------------------------------------------------
    def fmt(self) -> Format:
        value: Format = self.format_box.currentData()
        return value

    def set_format(self, fmt: Format) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(fmt))

    def _on_format(self) -> None:
        fmt = self.fmt()
        self.fps_box.setMaximum(max_fps(fmt))
        self.path_row.filter = f"{fmt.upper()} (*{' *'.join(EXTENSIONS[fmt])})"
        text = self.path_row.path()
        path = Path(text)
        known = {ext for exts in EXTENSIONS.values() for ext in exts}
        if text and path.suffix.lower() in known and path.suffix.lower() not in EXTENSIONS[fmt]:
            self.path_row.edit.setText(str(path.with_suffix(EXTENSIONS[fmt][0])))
        self._update_frames()

    def _update_frames(self) -> None:
        seconds = max(0.0, self.end_box.value() - self.start_box.value())
        self.frames_label.setText(
            self.tr("{frames} frames, {seconds:.2f} s of the recorded {total:.2f} s").format(
                frames=frame_count(seconds, self.fps_box.value()) if seconds else 0,
                seconds=seconds,
                total=self.recording.end,
            )
        )

    # -- running -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._unwinding

    def start_export(self) -> bool:
        """Check the options and start exporting; False (with the reason shown) if they are bad."""
        if self.running:
            return False
        available = self.recording.end
        # The boxes show two decimals (Qt rounds their range too): at the top, mean the end.
        end = self.end_box.value()
        end = available if end >= self.end_box.maximum() else min(end, available)
        first = self.start_box.value()  # at the bottom, mean where the kept part starts
        first = self.recording.start if first <= self.start_box.minimum() else first
        try:
            options = animation_options(
                self.fmt(),
                self.path_row.path(),
                parse_size(self.size_box.currentText()),
                self.fps_box.value(),
                min(first, available),
                end,
                available,
                self.recording.start,
                caption=self.caption_box.isChecked(),
            )
        except ExportError as exc:
            self.status.setText(tr_msg(exc.msg))
            return False
        count = len(options.times)
        self.progress.setRange(0, count)
        self.progress.setValue(0)
        self.outcome = ""
        self.status.setText(self.tr("Rendering frames…"))
        self._set_busy(True)
        self._unwinding = True
        self.task = asyncio.get_running_loop().create_task(
            export_animation(self.recording, options, self.theme, self._on_progress),
            name="export-animation",
        )
        self.task.add_done_callback(self._on_done)
        jobs.track(self.task)
        return True

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)
        if done >= total:
            self.status.setText(self.tr("Writing the file…"))

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            self.format_box, self.start_box, self.end_box, self.fps_box, self.size_box,
            self.caption_box, self.path_row, self.export_button,
        ):  # fmt: skip
            widget.setEnabled(not busy)
        self.cancel_button.setText(self.tr("Cancel") if busy else self.tr("Close"))

    def _on_done(self, task: asyncio.Task[Path]) -> None:
        self._unwinding = False
        self._set_busy(False)
        if not self.isVisible():
            _forget(self)  # closed while exporting: now it can go
        if task.cancelled():
            self.outcome = "cancelled"
            self.progress.setValue(0)
            self.status.setText(self.tr("Cancelled; no file was written."))
            return
        error = task.exception()
        if isinstance(error, ExportCancelled):
            self.outcome = "cancelled"
            self.status.setText(self.tr("Cancelled; no file was written."))
        elif isinstance(error, ExportError):
            self.outcome = "failed"
            self.status.setText(tr_msg(error.msg))
        elif error is not None:
            self.outcome = "failed"
            self.status.setText(
                self.tr("Export failed: {error}").format(error=f"{type(error).__name__}: {error}")
            )
        else:
            path = task.result()
            _remember(path)
            self.outcome = "saved"
            self.status.setText(self.tr("Saved {path}").format(path=path))
            self.exported.emit(str(path))

    def cancel(self) -> None:
        """Stop a running export (its partial file is deleted), or close the dialog."""
        if self.running:
            assert self.task is not None
            self.task.cancel()  # a no-op once the task is done; its callback then ends it
        else:
            self.reject()

    def reject(self) -> None:
        if self.running:
            assert self.task is not None
            self.task.cancel()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            assert self.task is not None
            self.task.cancel()
        super().closeEvent(event)


def _saved_text(path: Path) -> str:
    return QCoreApplication.translate("MainWindow", "Saved {path}").format(path=path)


def open_screenshot_dialog(
    session: SceneSession[Any],
    view: SceneView[Any],
    theme: Theme,
    canvas_size: tuple[int, int],
    window: QWidget,
    notify: Callable[[str], None],
) -> ScreenshotDialog:
    """Ctrl+S: freeze the current frame and ``window`` as they are now, then ask where to save.

    ``notify`` shows one line to the user (the window's status bar); the dialog needs nothing
    else of the window than its picture. ``canvas_size`` is no longer the picture's size (a
    slide size is, whatever the window's), kept so the window's call stays as it was.
    """
    del canvas_size
    frame = session.frame()
    caption = caption_text(session.scene, frame)  # in the language of the moment, as shown

    def canvas_picture(size: tuple[int, int], with_caption: bool) -> QImage:
        return paint_frame(view, frame, size, theme, caption=caption if with_caption else "")

    def window_picture(scale: float) -> QImage:
        return render_widget(window, scale)

    name = f"{session.scene.name}-{session.preset.key}-{session.playback.t:.2f}s"
    dialog = ScreenshotDialog(canvas_picture, window_picture, name, window)
    dialog.saved.connect(lambda path: notify(_saved_text(path)))
    _keep_until_closed(dialog)
    dialog.open()
    return dialog


def open_export_dialog(
    session: SceneSession[Any], theme: Theme, parent: QWidget, notify: Callable[[str], None]
) -> ExportDialog | None:
    """Ctrl+E: export a time range of the run recorded so far (None: nothing recorded yet)."""
    recording = Recording.of_session(session)
    if recording.end <= 0:
        notify(QCoreApplication.translate("MainWindow", "Nothing has been recorded yet"))
        return None
    dialog = ExportDialog(recording, theme, parent)
    dialog.exported.connect(lambda path: notify(_saved_text(path)))
    _keep_until_closed(dialog)
    dialog.open()
    return dialog


def _keep_until_closed(dialog: QDialog) -> None:
    _open_dialogs.add(dialog)
    dialog.finished.connect(lambda _result: _forget(dialog))


def _forget(dialog: QDialog) -> None:
    """Delete a closed dialog, once any export it started has unwound (it asks again then)."""
    if isinstance(dialog, ExportDialog) and dialog.running:
        return
    if dialog in _open_dialogs:
        _open_dialogs.discard(dialog)
        dialog.deleteLater()
