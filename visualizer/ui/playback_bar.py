"""Play/pause, step, restart, speed and the scrubber over the recorded run."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QWidget,
)

SPEEDS = (0.25, 0.5, 1.0, 1.5, 2.0, 4.0)
SCRUB_STEPS = 1000


class PlaybackBar(QWidget):
    play_toggled = Signal()
    step_back = Signal()
    step_forward = Signal()
    restart = Signal()
    live = Signal()
    speed_changed = Signal(float)
    scrubbed = Signal(float)  # fraction 0..1 of the kept part of the recorded time

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self._playing = True

        def button(name: str) -> QToolButton:
            b = QToolButton(self)
            b.setObjectName(name)
            b.setAutoRaise(True)
            layout.addWidget(b)
            return b

        self.restart_button = button("restartButton")
        self.back_button = button("backButton")
        self.play_button = button("playButton")
        self.step_button = button("stepButton")
        self._paint_icons()
        self.live_button = QToolButton(self)
        self.live_button.setCheckable(True)
        layout.addWidget(self.live_button)

        self.scrubber = QSlider(Qt.Orientation.Horizontal, self)
        self.scrubber.setRange(0, SCRUB_STEPS)
        layout.addWidget(self.scrubber, 1)
        self.time_label = QLabel("0.00 / 0.00 s", self)
        self.time_label.setMinimumWidth(110)
        layout.addWidget(self.time_label)
        # A long live run keeps only its newest events: how far back the scrubber reaches.
        self.kept_label = QLabel(self)
        self.kept_label.setObjectName("keptRange")
        self.kept_label.hide()
        self._kept: tuple[float, float] = (0.0, 0.0)
        layout.addWidget(self.kept_label)
        self.speed_label = QLabel(self)
        layout.addWidget(self.speed_label)
        self.speed_box = QComboBox(self)
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}x", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        layout.addWidget(self.speed_box)
        self.retranslate()

        self.play_button.clicked.connect(self.play_toggled)
        self.back_button.clicked.connect(self.step_back)
        self.step_button.clicked.connect(self.step_forward)
        self.restart_button.clicked.connect(self.restart)
        self.live_button.clicked.connect(self.live)
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.speed_changed.emit(float(self.speed_box.itemData(i)))
        )
        self.scrubber.sliderMoved.connect(lambda v: self.scrubbed.emit(v / SCRUB_STEPS))
        self.scrubber.actionTriggered.connect(self._on_action)

    def retranslate(self) -> None:
        """Set every user-visible text; called again when the language changes."""
        self.restart_button.setToolTip(self.tr("Restart (R)"))
        self.back_button.setToolTip(self.tr("Step back (Left)"))
        self.play_button.setToolTip(self.tr("Play/pause (Space)"))
        self.step_button.setToolTip(self.tr("Step to the next event (Right)"))
        self.live_button.setText(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Follow the newest recorded time"))
        self.scrubber.setToolTip(self.tr("Drag to move through the recorded run"))
        self.time_label.setToolTip(
            self.tr(
                "Time shown / time recorded. t counts from the start of the recording; the "
                "elapsed times a scene measures count from when its code started, a little later"
            )
        )
        self.speed_label.setText(self.tr("Speed"))
        self.speed_box.setToolTip(
            self.tr("Playback speed; the code itself always runs in real time")
        )
        self._show_kept(*self._kept)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._paint_icons()  # the icons are drawn in the theme's text colour
        super().changeEvent(event)

    def _paint_icons(self) -> None:
        """Icons in the palette's button text colour: the style's stock media icons are dark
        grey whatever the theme, nearly invisible on the dark one."""
        ink = self.palette().color(QPalette.ColorRole.ButtonText)
        self.restart_button.setIcon(_icon("restart", ink))
        self.back_button.setIcon(_icon("back", ink))
        self.step_button.setIcon(_icon("step", ink))
        self.play_button.setIcon(_icon("pause" if self._playing else "play", ink))

    def _on_action(self, action: int) -> None:
        if action != QSlider.SliderAction.SliderMove.value:
            # A click on the groove or a key: Qt moves the value after this signal.
            self.scrubbed.emit(self.scrubber.sliderPosition() / SCRUB_STEPS)

    def show_position(
        self, t: float, end: float, playing: bool, live: bool, start: float = 0.0
    ) -> None:
        """Reflect the playback state without emitting signals back.

        ``start``: where the kept part of the recording begins; the scrubber spans it to ``end``.
        """
        if not self.scrubber.isSliderDown():
            span = end - start
            self.scrubber.blockSignals(True)
            self.scrubber.setValue(int(SCRUB_STEPS * ((t - start) / span)) if span > 0 else 0)
            self.scrubber.blockSignals(False)
        if start > 0 or self._kept[0] > 0:
            self._show_kept(start, end)
        text = self.tr("{t:.2f} / {end:.2f} s").format(t=t, end=end)
        if self.time_label.text() != text:
            self.time_label.setText(text)
        if playing != self._playing:
            self._playing = playing
            ink = self.palette().color(QPalette.ColorRole.ButtonText)
            self.play_button.setIcon(_icon("pause" if playing else "play", ink))
        self.live_button.setChecked(live)

    def _show_kept(self, start: float, end: float) -> None:
        self._kept = (start, end)
        self.kept_label.setVisible(start > 0)
        if start <= 0:
            return
        self.kept_label.setText(self.tr("last {span} kept").format(span=_clock(end - start)))
        self.kept_label.setToolTip(
            self.tr(
                "A long run keeps only its newest events so that memory stays bounded: the "
                "scrubber, stepping and exports reach back to {start:.2f} s."
            ).format(start=start)
        )

    def set_speed(self, speed: float) -> None:
        self.speed_box.blockSignals(True)
        closest = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
        self.speed_box.setCurrentIndex(closest)
        self.speed_box.blockSignals(False)


def _clock(seconds: float) -> str:
    """Minutes and seconds, as a clock shows them: 4:52 (0:08.5 under a minute)."""
    if seconds < 60:
        return f"0:{max(0.0, seconds):04.1f}"
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _icon(kind: str, ink: QColor, size: int = 32) -> QIcon:
    """A media icon (play, pause, back, step, restart) drawn in ``ink``."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ink)
        s = size / 32

        def triangle(x0: float, x1: float) -> None:
            path = QPainterPath(QPointF(x0 * s, 7 * s))
            path.lineTo(x1 * s, 16 * s)
            path.lineTo(x0 * s, 25 * s)
            path.closeSubpath()
            p.drawPath(path)

        if kind == "play":
            triangle(9, 25)
        elif kind == "pause":
            p.drawRect(QRectF(9 * s, 7 * s, 5 * s, 18 * s))
            p.drawRect(QRectF(18 * s, 7 * s, 5 * s, 18 * s))
        elif kind == "step":
            triangle(6, 18)
            triangle(16, 28)
        elif kind == "back":
            p.save()
            p.translate(size, 0)
            p.scale(-1, 1)
            triangle(6, 18)
            triangle(16, 28)
            p.restore()
        else:  # restart: an arc with its arrow head
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(ink, 3 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawArc(QRectF(7 * s, 7 * s, 18 * s, 18 * s), 90 * 16, 270 * 16)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(ink)
            head = QPainterPath(QPointF(16 * s, 2 * s))
            head.lineTo(23 * s, 7 * s)
            head.lineTo(16 * s, 12 * s)
            head.closeSubpath()
            p.drawPath(head)
    finally:
        p.end()
    return QIcon(pixmap)
