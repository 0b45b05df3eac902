"""The main window: scene list, canvas, controls, playback bar, caption and code panel."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QScreen,
)
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
from visualizer.core.contract import Frame, Scene, SettingError, Value
from visualizer.core.loop_accounting import HOST_WORK
from visualizer.core.loop_monitor import LagMonitor
from visualizer.core.text import Msg, seconds
from visualizer.draw.i18n import ENDONYMS, LANGUAGES, current_choice, set_language, tr_msg
from visualizer.draw.i18n import SYSTEM as SYSTEM_LANGUAGE
from visualizer.draw.scene_view import SceneView
from visualizer.draw.theme import LIGHT, THEMES, Theme, apply_theme, palette_for, theme_for_scheme
from visualizer.draw.theme import SYSTEM as SYSTEM_THEME
from visualizer.scenes.registry import load_scene, scene_names, view_class_for
from visualizer.session import SceneSession
from visualizer.ui import jobs
from visualizer.ui.canvas import SceneCanvas
from visualizer.ui.controls import ControlsPanel
from visualizer.ui.editor_panel import EditorPanel
from visualizer.ui.help_dialog import HelpDialog
from visualizer.ui.playback_bar import PlaybackBar
from visualizer.ui.script_actions import ScriptActions
from visualizer.ui.settings_store import DEFAULT_SPEED, SettingsStore

RESTART_DEBOUNCE_MS = 250
TICK_MS = 16
TICK_MS_MIN = 4  # a 240 Hz screen; faster ones still get 240 frames a second at most
PANEL_SIZES = (170, 900, 370)  # lists, picture, settings and code


class MainWindow(QMainWindow):
    closed = Signal()
    first_painted = Signal()

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
            item = QListWidgetItem(tr_msg(load_scene(name).title))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.scene_list.addItem(item)
        self.preset_list = QListWidget()
        self.preset_list.setObjectName("presetList")
        self.preset_list.setWordWrap(True)
        self.preset_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scenes_label = QLabel()
        self.presets_label = QLabel()
        left = QWidget()
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
        controls_scroll.setWidget(self.controls)
        self.metrics_label = QLabel()
        self.metrics_label.setObjectName("metrics")
        self.metrics_label.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapped, or a long line (longer still in Korean) widens the panel and shrinks the picture.
        self.metrics_label.setWordWrap(True)
        self.code_panel = EditorPanel()
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
        splitter.setSizes(list(PANEL_SIZES))
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
        self.lag_monitor = LagMonitor(self._on_lag, 0.05)
        self._lag_task = asyncio.get_running_loop().create_task(
            self.lag_monitor.run(), name="window-lag-monitor"
        )

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
        if self.session is not None:
            self.session.playback.set_speed(speed)

    def scrub(self, fraction: float) -> None:
        if self.session is not None:
            self.session.seek_fraction(fraction)

    def set_loop_lag(self, latest: float, worst: float) -> None:
        self._loop_lag = (latest, worst)

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

    # -- per frame ---------------------------------------------------------------------------
    def current_frame(self) -> Frame[Any] | None:
        """The frame at the playback time, computed once per change, not once per consumer.

        The tick (caption, code panel, metrics) and the canvas's paint both need it within the
        same 16 ms; the timeline's state copy is the most expensive part of a frame.
        """
        session = self.session
        if session is None:
            return None
        key = (id(session), id(session.recorder), session.playback.t, len(session.timeline))
        if self._frame_key != key or self._frame is None:
            self._frame, self._frame_key = session.frame(), key
        end, finished = session.timeline.end_time(), session.recorder.finished
        if (self._frame.end, self._frame.finished) != (end, finished):  # the run's clock moved on
            self._frame = dataclasses.replace(self._frame, end=end, finished=finished)
        return self._frame

    def _tick(self) -> None:
        now = time.perf_counter()
        dt, self._last_tick = now - self._last_tick, now
        session = self.session
        if session is None:
            return
        session.tick(dt)
        frame = self.current_frame()
        assert frame is not None
        playback = session.playback
        # Repaint only when the picture changes: a paused or finished run costs no frames (its
        # picture stays as it is while paused, even if the code still runs), a live one at most
        # one per tick, and the tick follows the display's refresh.
        # Paused at t, events still arriving come after t: the state at t stays as it was.
        if playback.playing:
            picture: tuple[object, ...] = (self._frame_key, frame.end, frame.finished)
        else:
            picture = (self._frame_key[:3],)
        if picture != self._painted_key:
            self._painted_key = picture
            self.canvas.update()
        self.playback_bar.show_position(
            frame.t, frame.end, playback.playing, playback.live, session.kept_from
        )
        scene = session.scene
        self._set_text(self.caption, scene.caption(frame.state, frame.t))
        self.code_panel.highlight(scene.highlights(frame.state, frame.t), self.theme)
        self.script_actions.tick()
        metrics = "   ".join(  # lines break between metrics, never inside one
            f"{tr_msg(m.label)}: {m.value_text(QCoreApplication.translate)}".replace(" ", "\u00a0")
            for m in scene.metrics(frame.state, frame.t)
        )
        if self.metrics_label.text() != metrics:
            self.metrics_label.setText(metrics)
        latest, worst = self._loop_lag
        lag = self.tr("Loop blocked by the code: longest {worst} (now {now})").format(
            now=tr_msg(seconds(latest, 2)), worst=tr_msg(seconds(worst, 2))
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

    # -- language, theme, preferences ------------------------------------------------------
    def _build_preference_actions(self) -> None:
        """The View menu's language and theme choices, and the reset of everything remembered."""
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for choice in (SYSTEM_LANGUAGE, *LANGUAGES):
            act = self.language_menu.addAction("")
            act.setObjectName(f"language:{choice}")
            act.setCheckable(True)
            act.setChecked(choice == current_choice())
            act.setData(choice)
            act.triggered.connect(lambda _=False, c=choice: self.choose_language(c))
            self.language_group.addAction(act)
            self.language_actions[choice] = act
        self.theme_menu = self.view_menu.addMenu("")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for choice in (SYSTEM_THEME, *THEMES):
            act = self.theme_menu.addAction("")
            act.setObjectName(f"theme:{choice}")
            act.setCheckable(True)
            act.setChecked(choice == self.theme_choice)
            act.triggered.connect(lambda _=False, c=choice: self.choose_theme(c))
            self.theme_group.addAction(act)
            self.theme_actions[choice] = act
        self.view_menu.addSeparator()
        reset = self.view_menu.addAction("")
        reset.setObjectName("reset_defaults")
        reset.triggered.connect(self._confirm_reset)
        self.actions_by_name["reset_defaults"] = reset
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)

    def _retranslate_preferences(self) -> None:
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.theme_menu.setTitle(self.tr("&Theme"))
        self.actions_by_name["shortcuts"].setText(self.tr("Keyboard shortcuts"))
        self.actions_by_name["reset_defaults"].setText(self.tr("Reset to defaults…"))
        self.language_actions[SYSTEM_LANGUAGE].setText(self.tr("System language"))
        for code in LANGUAGES:
            self.language_actions[code].setText(ENDONYMS[code])
        self.theme_actions[SYSTEM_THEME].setText(self.tr("Follow the system"))
        self.theme_actions["light"].setText(self.tr("Light"))
        self.theme_actions["dark"].setText(self.tr("Dark"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._on_language_change()
        super().changeEvent(event)

    def _on_language_change(self) -> None:
        """Qt installed other translators: set every text again, lists and controls included."""
        self.canvas.update()  # the picture's text too
        self.retranslate()
        self._retranslate_actions()
        for row in range(len(scene_names())):  # "Your code" after them: script_actions'
            item = self.scene_list.item(row)
            item.setText(tr_msg(load_scene(str(item.data(Qt.ItemDataRole.UserRole))).title))
        session = self.session
        if session is None:
            return
        self.setWindowTitle(f"{APP_NAME} — {tr_msg(session.scene.title)}")
        presets = {p.key: p for p in session.scene.presets}
        for row in range(self.preset_list.count()):
            item = self.preset_list.item(row)
            preset = presets[str(item.data(Qt.ItemDataRole.UserRole))]
            item.setText(tr_msg(preset.title))
            item.setToolTip(tr_msg(preset.description))
        self.controls.build(session.scene.settings, session.values)
        self.description.setText(tr_msg(session.preset.description))

    def choose_language(self, choice: str) -> None:
        """Switch the language now; the LanguageChange events that follow redo every text."""
        set_language(choice)
        self.language_actions[current_choice()].setChecked(True)
        if self.store is not None:
            self.store.set_language(current_choice())

    def choose_theme(self, choice: str) -> None:
        """Use ``choice`` (``system``, ``light`` or ``dark``) from now on."""
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        self.theme_choice = choice if choice in self.theme_actions else SYSTEM_THEME
        self.theme_actions[self.theme_choice].setChecked(True)
        self._show_theme(apply_theme(app, self.theme_choice))
        if self.store is not None:
            self.store.set_theme(self.theme_choice)

    def _show_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.canvas.theme = theme
        self.code_panel.set_dark(theme.name == "dark")
        if self.code_panel.listing is not None:  # recolour the highlighted lines
            self.code_panel.show_listing(self.code_panel.listing)
        self.canvas.update()

    def _on_system_scheme(self, scheme: Qt.ColorScheme) -> None:
        """The system went light or dark: follow it unless the user chose a theme."""
        if self.theme_choice != SYSTEM_THEME:
            return
        theme = theme_for_scheme(scheme)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.setPalette(palette_for(theme))
        self._show_theme(theme)

    def _confirm_reset(self) -> None:
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("resetConfirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Reset to defaults"))
        box.setText(
            self.tr(
                "Forget the language, theme, speed, window size and every scene's preset and "
                "settings, and use the defaults again?"
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Reset | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def done(result: int) -> None:
            if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Reset:
                self.reset_to_defaults()

        box.finished.connect(done)
        box.open()

    def reset_to_defaults(self) -> None:
        """Forget every stored preference and show the defaults, keeping the current scene."""
        if self.store is not None:
            self.store.reset()
        central = self.centralWidget()
        if isinstance(central, QSplitter):  # else closing would save the old layout again
            central.setSizes(list(PANEL_SIZES))
        self.resize(_default_size())
        self.choose_language(SYSTEM_LANGUAGE)
        self.choose_theme(SYSTEM_THEME)
        self.playback_bar.set_speed(DEFAULT_SPEED)
        self.set_speed(DEFAULT_SPEED)
        if self.session is not None:
            self.open_scene(self.session.scene.name)

    def show_help(self) -> None:
        """The shortcut list (F1); not modal, so the keys it lists keep working."""
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.activateWindow()  # already open: bring it to the front

    def _restore_window(self) -> None:
        store = self.store
        if store is None:
            return
        self.playback_bar.set_speed(store.speed())
        geometry = store.geometry()
        if geometry is not None and not self.restoreGeometry(geometry):
            store.warn_unusable("window/geometry", "not a saved window geometry")
        splitter = store.window_state()
        central = self.centralWidget()
        if splitter is not None and isinstance(central, QSplitter):
            if not central.restoreState(splitter):
                store.warn_unusable("window/state", "not saved panel sizes")
            elif not usable_panel_sizes(central.sizes()):  # e.g. the picture at width 0
                store.warn_unusable(
                    "window/state", f"panel sizes {central.sizes()} hide the picture"
                )
                central.setSizes(list(PANEL_SIZES))
        if store.problem is not None:
            self.statusBar().showMessage(tr_msg(store.problem), 30_000)

    def _save_window(self) -> None:
        store = self.store
        if store is None:
            return
        store.set_geometry(self.saveGeometry())
        central = self.centralWidget()
        if isinstance(central, QSplitter):
            store.set_window_state(central.saveState())
        store.set_speed(self.playback_bar_speed())
        store.sync()


def tick_ms(screen: QScreen | None) -> int:
    """Milliseconds between ticks: one display refresh (60 Hz when the screen does not say)."""
    rate = screen.refreshRate() if screen is not None else 0.0
    return max(TICK_MS_MIN, round(1000 / rate)) if rate > 0 else TICK_MS


def usable_panel_sizes(sizes: list[int]) -> bool:
    """Whether restored panel widths still show the picture (side panels may be collapsed)."""
    return len(sizes) == len(PANEL_SIZES) and sizes[1] > 0


def _default_size() -> QSize:
    """A first window as large as the screen comfortably allows: the picture is drawn at a
    fixed design size and scaled, so every pixel of canvas makes its text easier to read."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1440, 900)
    available = screen.availableGeometry()
    width = max(1024, min(1920, int(available.width() * 0.92)))
    height = max(700, min(1200, int(available.height() * 0.92)))
    return QSize(min(width, available.width()), min(height, available.height()))
