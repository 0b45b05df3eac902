"""The main window: scene list, canvas, controls, playback bar, caption and code panel."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from visualizer import APP_NAME
from visualizer.core.text import Msg
from visualizer.scenes.base import Scene, SettingError, Value
from visualizer.scenes.registry import load_scene, load_view_class, scene_names
from visualizer.session import SceneSession
from visualizer.ui.canvas import SceneCanvas
from visualizer.ui.code_panel import CodePanel
from visualizer.ui.controls import ControlsPanel
from visualizer.ui.export_dialog import open_export_dialog, open_screenshot_dialog
from visualizer.ui.i18n import tr_msg
from visualizer.ui.playback_bar import PlaybackBar
from visualizer.ui.scene_view import SceneView
from visualizer.ui.theme import LIGHT, Theme

RESTART_DEBOUNCE_MS = 250
TICK_MS = 16


class MainWindow(QMainWindow):
    closed = Signal()
    first_painted = Signal()

    def __init__(
        self,
        scene: str = "event-loop",
        preset: str | None = None,
        overrides: Mapping[str, object] | None = None,
        theme: Theme = LIGHT,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.session: SceneSession[Any] | None = None
        self.view: SceneView[Any] | None = None
        self._closing: set[asyncio.Task[None]] = set()
        self._last_tick = time.perf_counter()
        self._first_paint_sent = False
        self._loop_lag = (0.0, 0.0)
        self.setWindowTitle(APP_NAME)
        self.resize(QSize(1440, 900))
        self._build()
        self._build_actions()
        self._pending: tuple[str, str | None, Mapping[str, object] | None] = (
            scene,
            preset,
            overrides,
        )

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.scene_list = QListWidget()
        self.scene_list.setObjectName("sceneList")
        for name in scene_names():
            item = QListWidgetItem(tr_msg(load_scene(name).title))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.scene_list.addItem(item)
        self.preset_list = QListWidget()
        self.preset_list.setObjectName("presetList")
        self.preset_list.setWordWrap(True)
        self.scenes_label = QLabel()
        self.presets_label = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.scenes_label)
        left_layout.addWidget(self.scene_list, 2)
        left_layout.addWidget(self.presets_label)
        left_layout.addWidget(self.preset_list, 3)

        self.canvas = SceneCanvas()
        self.canvas.frame_source = lambda: self.session.frame() if self.session else None
        self.canvas.theme = self.theme
        self.canvas.painted.connect(self._on_painted)
        self.playback_bar = PlaybackBar()
        self.caption = QLabel()
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setMinimumHeight(56)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        font = self.caption.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.caption.setFont(font)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("presetDescription")
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.addWidget(self.canvas, 1)
        center_layout.addWidget(self.playback_bar)
        center_layout.addWidget(self.caption)
        center_layout.addWidget(self.description)

        self.controls = ControlsPanel()
        controls_scroll = QScrollArea()
        controls_scroll.setWidgetResizable(True)
        controls_scroll.setWidget(self.controls)
        self.metrics_label = QLabel()
        self.metrics_label.setObjectName("metrics")
        self.metrics_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_panel = CodePanel()
        self.controls_label = QLabel()
        self.code_label = QLabel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.controls_label)
        right_layout.addWidget(controls_scroll, 2)
        right_layout.addWidget(self.metrics_label)
        right_layout.addWidget(self.code_label)
        right_layout.addWidget(self.code_panel, 3)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(center)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 860, 380])
        self.setCentralWidget(splitter)
        self.lag_label = QLabel()
        self.statusBar().addPermanentWidget(self.lag_label)

        self.scene_list.currentItemChanged.connect(self._on_scene_item)
        self.preset_list.currentItemChanged.connect(self._on_preset_item)
        self.controls.changed.connect(self._on_setting)
        bar = self.playback_bar
        bar.play_toggled.connect(self.toggle_play)
        bar.step_back.connect(lambda: self.step(False))
        bar.step_forward.connect(lambda: self.step(True))
        bar.restart.connect(self.restart)
        bar.live.connect(self.go_live)
        bar.speed_changed.connect(self.set_speed)
        bar.scrubbed.connect(self.scrub)

        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.setInterval(RESTART_DEBOUNCE_MS)
        self._restart_timer.timeout.connect(self.restart)
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(TICK_MS)
        self._tick_timer.timeout.connect(self._tick)
        self.retranslate()

    def _build_actions(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.playback_menu = self.menuBar().addMenu("")
        self.help_menu = self.menuBar().addMenu("")
        self.actions_by_name: dict[str, QAction] = {}

        def action(name: str, menu: Any, shortcut: str | None, slot: Any) -> QAction:
            act = QAction(self)
            act.setObjectName(name)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            menu.addAction(act)
            self.addAction(act)
            self.actions_by_name[name] = act
            return act

        action("screenshot", self.file_menu, "Ctrl+S", lambda: open_screenshot_dialog(self))
        action("export", self.file_menu, "Ctrl+E", lambda: open_export_dialog(self))
        action("quit", self.file_menu, "Ctrl+Q", self.close)
        action("play", self.playback_menu, "Space", self.toggle_play)
        action("step", self.playback_menu, "Right", lambda: self.step(True))
        action("step_back", self.playback_menu, "Left", lambda: self.step(False))
        action("restart", self.playback_menu, "R", self.restart)
        action("live", self.playback_menu, "L", self.go_live)
        action("about", self.help_menu, None, self._about)
        self._retranslate_actions()

    def retranslate(self) -> None:
        """Set every user-visible string; called again when the language changes."""
        self.scenes_label.setText(self.tr("Scenes"))
        self.presets_label.setText(self.tr("Presets"))
        self.controls_label.setText(self.tr("Settings"))
        self.code_label.setText(self.tr("The code that runs"))
        self.scene_list.setToolTip(self.tr("Each scene runs real concurrent code"))
        self.preset_list.setToolTip(self.tr("Variants of the scene's code"))
        self.code_panel.setToolTip(
            self.tr("Highlighted: the line each task is on, in the task's colour")
        )
        self.lag_label.setToolTip(
            self.tr("How late the app's own event loop wakes up; a blocked loop shows here")
        )

    def _retranslate_actions(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.playback_menu.setTitle(self.tr("&Playback"))
        self.help_menu.setTitle(self.tr("&Help"))
        texts = {
            "screenshot": self.tr("Save screenshot…"),
            "export": self.tr("Export animation…"),
            "quit": self.tr("Quit"),
            "play": self.tr("Play/Pause"),
            "step": self.tr("Step to next event"),
            "step_back": self.tr("Step back"),
            "restart": self.tr("Restart run"),
            "live": self.tr("Go live"),
            "about": self.tr("About"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Open the first scene; needs the asyncio loop to be running (qasync)."""
        scene, preset, overrides = self._pending
        self.open_scene(scene, preset, overrides)
        self._tick_timer.start()

    def open_scene(
        self,
        name: str,
        preset: str | None = None,
        overrides: Mapping[str, object] | None = None,
    ) -> None:
        scene: Scene[Any] = load_scene(name)
        values = scene.values(overrides)
        self._retire_session()
        self.session = SceneSession(scene, preset, values)
        self.view = load_view_class(name)(scene)
        self.canvas.view = self.view
        self.setWindowTitle(f"{APP_NAME} — {tr_msg(scene.title)}")
        self._select_scene_item(name)
        self.preset_list.blockSignals(True)
        self.preset_list.clear()
        for p in scene.presets:
            item = QListWidgetItem(tr_msg(p.title))
            item.setData(Qt.ItemDataRole.UserRole, p.key)
            item.setToolTip(tr_msg(p.description))
            self.preset_list.addItem(item)
            if p.key == self.session.preset.key:
                self.preset_list.setCurrentItem(item)
        self.preset_list.blockSignals(False)
        self.controls.build(scene.settings, values)
        self._show_preset()
        self.session.playback.set_speed(self.playback_bar_speed())
        self.session.restart()

    def playback_bar_speed(self) -> float:
        return float(self.playback_bar.speed_box.currentData())

    def _select_scene_item(self, name: str) -> None:
        self.scene_list.blockSignals(True)
        for row in range(self.scene_list.count()):
            item = self.scene_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.scene_list.setCurrentItem(item)
        self.scene_list.blockSignals(False)

    def _show_preset(self) -> None:
        assert self.session is not None
        self.code_panel.show_listing(self.session.preset.source())
        self.description.setText(tr_msg(self.session.preset.description))

    def _retire_session(self) -> None:
        if self.session is None:
            return
        old = self.session
        self.session = None
        task = asyncio.get_running_loop().create_task(old.aclose())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def shutdown(self) -> None:
        """Stop every run and wait for its tasks, so nothing is left pending at exit."""
        self._tick_timer.stop()
        self._restart_timer.stop()
        self._retire_session()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick_timer.stop()
        self._restart_timer.stop()
        super().closeEvent(event)
        self.closed.emit()

    # -- user actions ------------------------------------------------------------------------
    def _on_scene_item(self, item: QListWidgetItem | None, _: Any = None) -> None:
        if item is not None:
            self.open_scene(str(item.data(Qt.ItemDataRole.UserRole)))

    def _on_preset_item(self, item: QListWidgetItem | None, _: Any = None) -> None:
        if item is None or self.session is None:
            return
        self.session.set_preset(str(item.data(Qt.ItemDataRole.UserRole)))
        self._show_preset()
        self.restart()

    def _on_setting(self, key: str, value: Value) -> None:
        if self.session is None:
            return
        try:
            self.session.values.set(key, value)
        except SettingError as exc:  # a control outside its range: say so, keep the old value
            self.statusBar().showMessage(str(exc), 5000)
            return
        self.controls.update_visibility(self.session.values)
        if not self.session.values.setting(key).live:
            self._restart_timer.start()

    def restart(self) -> None:
        if self.session is not None:
            self.session.restart()

    def toggle_play(self) -> None:
        if self.session is not None:
            self.session.playback.toggle(self.session.timeline.end_time())

    def step(self, forward: bool) -> None:
        if self.session is not None:
            self.session.step(forward)

    def go_live(self) -> None:
        if self.session is not None:
            self.session.playback.set_speed(1.0)
            self.playback_bar.set_speed(1.0)
            self.session.playback.live = True
            self.session.playback.playing = True

    def set_speed(self, speed: float) -> None:
        if self.session is not None:
            self.session.playback.set_speed(speed)

    def scrub(self, fraction: float) -> None:
        if self.session is not None:
            self.session.seek(fraction * self.session.timeline.end_time())

    def set_loop_lag(self, latest: float, worst: float) -> None:
        self._loop_lag = (latest, worst)

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About"))
        box.setText(
            self.tr(
                "Runs real concurrent Python code and animates what actually happens. "
                "Every number on screen is measured."
            )
        )
        box.open()

    # -- per frame ---------------------------------------------------------------------------
    def _tick(self) -> None:
        now = time.perf_counter()
        dt, self._last_tick = now - self._last_tick, now
        session = self.session
        if session is None:
            return
        session.tick(dt)
        frame = session.frame()
        self.canvas.update()
        playback = session.playback
        self.playback_bar.show_position(frame.t, frame.end, playback.playing, playback.live)
        scene = session.scene
        self._set_text(self.caption, scene.caption(frame.state, frame.t))
        self.code_panel.highlight(scene.highlights(frame.state, frame.t), self.theme)
        metrics = "   ".join(
            f"{tr_msg(m.label)}: {m.value}" for m in scene.metrics(frame.state, frame.t)
        )
        if self.metrics_label.text() != metrics:
            self.metrics_label.setText(metrics)
        latest, worst = self._loop_lag
        lag = self.tr("Loop lag: {now:.0f} ms (worst {worst:.0f} ms)").format(
            now=latest * 1000, worst=worst * 1000
        )
        if self.lag_label.text() != lag:
            self.lag_label.setText(lag)

    @staticmethod
    def _set_text(label: QLabel, msg: Msg) -> None:
        text = tr_msg(msg)
        if label.text() != text:
            label.setText(text)

    def _on_painted(self) -> None:
        if not self._first_paint_sent:
            self._first_paint_sent = True
            self.first_painted.emit()
