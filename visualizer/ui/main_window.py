"""The main window: scene list, canvas, controls, playback bar, caption and code panel."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from visualizer import APP_NAME
from visualizer.core.contract import Frame, Scene, SettingError, Value
from visualizer.core.loop_accounting import HOST_WORK
from visualizer.core.loop_monitor import LagMonitor
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import SceneView
from visualizer.draw.theme import LIGHT, Theme
from visualizer.scenes.registry import (
    load_scene,
    preload,
    scene_names,
    scene_title,
    view_class_for,
)
from visualizer.session import SceneSession
from visualizer.ui import jobs
from visualizer.ui.canvas import SceneCanvas
from visualizer.ui.controls import ControlsPanel
from visualizer.ui.editor_panel import EditorPanel
from visualizer.ui.help_dialog import HelpDialog
from visualizer.ui.playback_bar import PlaybackBar
from visualizer.ui.presentation import WindowPresentation
from visualizer.ui.script_actions import ScriptActions
from visualizer.ui.settings_store import SettingsStore
from visualizer.ui.window_frames import WindowFrames, tick_ms
from visualizer.ui.window_preferences import (
    PANEL_SIZES,
    WindowPreferences,
    _default_size,
    usable_panel_sizes,
)

__all__ = ["PANEL_SIZES", "MainWindow", "tick_ms", "usable_panel_sizes"]

RESTART_DEBOUNCE_MS = 250


class MainWindow(WindowFrames, WindowPreferences, WindowPresentation):
    """Scene and preset lists, the picture with its playback bar and caption, settings and code.

    Frames, preferences and presentation are mixins of their own modules; this class builds
    the widgets and holds the user's actions on the scene.
    """

    closed = Signal()

    def __init__(
        self,
        scene: str | None = "event-loop",
        preset: str | None = None,
        overrides: Mapping[str, object] | None = None,
        theme: Theme = LIGHT,
        store: SettingsStore | None = None,
    ) -> None:
        super().__init__()
        self.theme = theme
        # Where preferences persist; None (as in most tests) keeps nothing between windows.
        self.store = store
        self.theme_choice = store.theme() if store is not None else theme.name
        self.help_dialog: HelpDialog | None = None
        self.session: SceneSession[Any] | None = None
        self.view: SceneView[Any] | None = None
        self._closing: set[asyncio.Task[None]] = set()
        self._lag_task: asyncio.Task[None] | None = None
        self._frame: Frame[Any] | None = None
        self._frame_key: tuple[object, ...] = ()
        self._painted_key: tuple[object, ...] | None = None  # what the canvas last showed
        self._last_tick = time.perf_counter()
        self._first_paint_sent = False
        self._loop_lag = (0.0, 0.0)
        self._lag_run: object = None
        self.setWindowTitle(APP_NAME)
        self.resize(_default_size())
        self._build()
        self._build_actions()
        self._restore_window()
        self._restore_presentation()
        self._pending: tuple[str | None, str | None, Mapping[str, object] | None] = (
            scene,
            preset,
            overrides,
        )

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.scene_list = QListWidget()
        self.scene_list.setObjectName("sceneList")
        self.scene_list.setWordWrap(True)
        self.scene_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for name in scene_names():
            item = QListWidgetItem(tr_msg(scene_title(name)))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.scene_list.addItem(item)
        self.preset_list = QListWidget()
        self.preset_list.setObjectName("presetList")
        self.preset_list.setWordWrap(True)
        self.preset_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scenes_label = QLabel()
        self.presets_label = QLabel()
        left = self.left_panel = QWidget()
        left.setObjectName("leftPanel")
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.scenes_label)
        left_layout.addWidget(self.scene_list, 2)
        left_layout.addWidget(self.presets_label)
        left_layout.addWidget(self.preset_list, 3)

        self.canvas = SceneCanvas()
        self.canvas.frame_source = self.current_frame
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
        center_layout.addStretch(0)  # takes what the 16:9 canvas leaves

        self.controls = ControlsPanel()
        controls_scroll = QScrollArea()
        controls_scroll.setWidgetResizable(True)
        controls_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        controls_scroll.setWidget(self.controls)
        self.metrics_label = QLabel()
        self.metrics_label.setObjectName("metrics")
        self.metrics_label.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapped, or a long line (longer still in Korean) widens the panel and shrinks the picture.
        self.metrics_label.setWordWrap(True)
        self.code_panel = EditorPanel()
        self.controls_label = QLabel()
        self.code_label = QLabel()
        right = self.right_panel = QWidget()
        right.setObjectName("rightPanel")
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
        splitter.setSizes(list(PANEL_SIZES))
        self.setCentralWidget(splitter)
        self.lag_label = QLabel()
        self.statusBar().addPermanentWidget(self.lag_label)
        self._build_remembered_hint()

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
        self._tick_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick_timer.setInterval(tick_ms(self.screen()))
        self._tick_timer.timeout.connect(self._measured_tick)
        self.retranslate()

    def _build_actions(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.playback_menu = self.menuBar().addMenu("")
        self.view_menu = self.menuBar().addMenu("")
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

        action("screenshot", self.file_menu, "Ctrl+S", self._open_screenshot_dialog)
        action("export", self.file_menu, "Ctrl+E", self._open_export_dialog)
        action("quit", self.file_menu, "Ctrl+Q", self.close)
        action("play", self.playback_menu, "Space", self.toggle_play)
        action("step", self.playback_menu, "Right", lambda: self.step(True))
        action("step_back", self.playback_menu, "Left", lambda: self.step(False))
        action("restart", self.playback_menu, "R", self.restart)
        action("live", self.playback_menu, "L", self.go_live)
        action("shortcuts", self.help_menu, "F1", self.show_help)
        action("about", self.help_menu, None, self._about)
        self._build_preference_actions()
        self._build_presentation_actions()
        self.script_actions = ScriptActions(self)
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
        self.metrics_label.setToolTip(
            self.tr(
                "Measured by the running code itself, from its own start: a little less than "
                "the t above the picture, which counts from the start of the recording"
            )
        )
        self.lag_label.setToolTip(
            self.tr(
                "How long the running code kept the app's event loop from doing anything "
                "else in this run (the app's own drawing not counted)"
            )
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
        self.script_actions.retranslate()
        self._retranslate_preferences()
        self._retranslate_presentation()
        self.update_remembered()

    # The exporters pull in Pillow and the encoders: load them on first use, not at start-up.
    def _open_screenshot_dialog(self) -> None:
        from visualizer.ui.export_dialog import open_screenshot_dialog

        if self.session is not None and self.view is not None:
            size = (self.canvas.width(), self.canvas.height())
            open_screenshot_dialog(self.session, self.view, self.theme, size, self, self._notify)

    def _open_export_dialog(self) -> None:
        from visualizer.ui.export_dialog import open_export_dialog

        if self.session is not None:
            open_export_dialog(self.session, self.theme, self, self._notify)

    def _preload_scenes(self) -> None:
        threading.Thread(target=preload, name="scene-preload", daemon=True).start()

    def _notify(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Open the first scene; needs the asyncio loop to be running (qasync)."""
        scene, preset, overrides = self._pending
        if scene is None:
            remembered = self.store.last_scene() if self.store is not None else None
            scene = remembered or scene_names()[0]
        self.open_scene(scene, preset, overrides)
        self._tick_timer.start()
        # The other scenes load in the background once the first frame is up: start-up stays
        # short, and the first switch to a scene does not stall the loop for its imports.
        self.first_painted.connect(self._preload_scenes)
        self.lag_monitor = LagMonitor(self._on_lag, 0.05, active=self._code_running)
        self._lag_task = asyncio.get_running_loop().create_task(
            self.lag_monitor.run(), name="window-lag-monitor"
        )

    def _code_running(self) -> bool:
        return self.session is not None and self.session.running

    def _on_lag(self, _lag: float) -> None:
        run = self.session.recorder if self.session is not None else None
        if run is not self._lag_run:  # the figure is per run, as the scene's own figure is
            self._lag_run = run
            self.lag_monitor.reset()
        self.set_loop_lag(self.lag_monitor.latest, self.lag_monitor.worst)

    # The app's own work on the loop's thread, reported so the lag monitors do not count it.
    def _measured_tick(self) -> None:
        with HOST_WORK.measure():
            self._tick()

    def event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.UpdateRequest:  # the window's repaint of its widgets
            return super().event(event)
        with HOST_WORK.measure():
            return super().event(event)

    def open_scene(
        self,
        name: str,
        preset: str | None = None,
        overrides: Mapping[str, object] | None = None,
    ) -> None:
        scene: Scene[Any] = load_scene(name)
        if self.store is not None:
            # What the user last had in this scene, under anything asked for explicitly.
            preset = preset or self.store.preset(scene)
            overrides = {**self.store.values(scene), **(overrides or {})}
            self.store.set_last_scene(name)
        self.open_scene_object(scene, preset, overrides)

    def open_scene_object(
        self,
        scene: Scene[Any],
        preset: str | None = None,
        overrides: Mapping[str, object] | None = None,
        run: bool = True,
    ) -> None:
        """Open a scene instance (a built-in one, or one made from a learner's file).

        ``run=False`` (a saved session) shows the scene without starting its code.
        """
        name = scene.name
        values = scene.values(overrides)
        self._retire_session()
        self.session = SceneSession(scene, preset, values)
        self.view = view_class_for(scene)(scene)
        self.script_actions.scene_opened(scene)
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
        if run:
            self.session.restart()
        self.update_remembered()

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
        self.controls.not_applicable = self.session.preset.hides
        self.controls.update_visibility(self.session.values)
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
        if self._lag_task is not None:
            self._lag_task.cancel()
            self._closing.add(self._lag_task)
            self._lag_task = None
        self._retire_session()
        await jobs.cancel_all()  # an export still encoding: its partial file goes, its thread ends
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick_timer.stop()
        self._restart_timer.stop()
        self._save_window()
        super().closeEvent(event)
        self.closed.emit()

    # -- user actions ------------------------------------------------------------------------
    def _on_scene_item(self, item: QListWidgetItem | None, _: Any = None) -> None:
        name = None if item is None else str(item.data(Qt.ItemDataRole.UserRole))
        if name is not None and name not in scene_names():  # "Your code"
            self.script_actions.chosen_in_list()
        elif name is not None:
            self.open_scene(name)

    def _on_preset_item(self, item: QListWidgetItem | None, _: Any = None) -> None:
        if item is None or self.session is None:
            return
        self.session.set_preset(str(item.data(Qt.ItemDataRole.UserRole)))
        if self.store is not None:
            self.store.set_preset(self.session.scene.name, self.session.preset.key)
            self.update_remembered()
        self._show_preset()
        self.restart()

    def _on_setting(self, key: str, value: Value) -> None:
        if self.session is None:
            return
        try:
            self.session.change(key, value)
        except SettingError as exc:  # a control outside its range: say so, keep the old value
            self.statusBar().showMessage(str(exc), 5000)
            return
        self.controls.update_visibility(self.session.values)
        if self.store is not None:
            self.store.set_value(self.session.scene.name, key, self.session.values[key])
            self.update_remembered()
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
            self.session.playback.go_live()
            self.playback_bar.set_speed(1.0)

    def set_speed(self, speed: float) -> None:
        if self.store is not None:
            self.store.set_speed(speed)
            self.update_remembered()
        if self.session is not None:
            self.session.playback.set_speed(speed)

    def scrub(self, fraction: float) -> None:
        if self.session is not None:
            self.session.seek_fraction(fraction)

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle(self.tr("About"))
        box.setText(
            self.tr(
                "Runs real concurrent Python code and animates what actually happens. "
                "Every number on screen is measured."
            )
        )
        box.open()

    def show_help(self) -> None:
        """The shortcut list (F1); not modal, so the keys it lists keep working."""
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.activateWindow()  # already open: bring it to the front
