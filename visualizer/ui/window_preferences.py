"""The window's preferences: language, theme, what is remembered between runs, and its reset.

A mixin of :class:`~visualizer.ui.main_window.MainWindow`. Everything that reads or writes the
:class:`~visualizer.ui.settings_store.SettingsStore` lives here, so what the app remembers, and
the hint that says so, are in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolButton,
)

from visualizer import APP_NAME
from visualizer.core.loop_accounting import HOST_WORK
from visualizer.draw.i18n import ENDONYMS, LANGUAGES, current_choice, set_language, tr_msg
from visualizer.draw.i18n import SYSTEM as SYSTEM_LANGUAGE
from visualizer.draw.theme import SYSTEM as SYSTEM_THEME
from visualizer.draw.theme import THEMES, Theme, apply_theme, palette_for, theme_for_scheme
from visualizer.scenes.registry import scene_names, scene_title
from visualizer.session import SceneSession
from visualizer.ui.canvas import SceneCanvas
from visualizer.ui.controls import ControlsPanel
from visualizer.ui.editor_panel import EditorPanel
from visualizer.ui.playback_bar import PlaybackBar
from visualizer.ui.settings_store import DEFAULT_SPEED, SettingsStore

PANEL_SIZES = (170, 900, 370)  # lists, picture, settings and code


class WindowPreferences(QMainWindow):
    """Language, theme, reset and restore; the window builds the widgets it names."""

    store: SettingsStore | None
    theme: Theme
    theme_choice: str
    session: SceneSession[Any] | None
    canvas: SceneCanvas
    code_panel: EditorPanel
    controls: ControlsPanel
    playback_bar: PlaybackBar
    scene_list: QListWidget
    preset_list: QListWidget
    description: QLabel
    view_menu: QMenu
    actions_by_name: dict[str, QAction]
    retranslate: Callable[[], None]
    _retranslate_actions: Callable[[], None]
    open_scene: Callable[..., None]
    set_speed: Callable[[float], None]
    playback_bar_speed: Callable[[], float]
    remembered_hint: Callable[[], list[str]]
    reset_presentation: Callable[[], None]

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
            item.setText(tr_msg(scene_title(str(item.data(Qt.ItemDataRole.UserRole)))))
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
        """Switch the language now; the LanguageChange events that follow redo every text.

        Qt posts those events and the relayout they cause; they are delivered here, measured
        as the app's own work, so that a switch while the code runs is not its stall."""
        with HOST_WORK.measure():
            set_language(choice)
            self.language_actions[current_choice()].setChecked(True)
            if self.store is not None:
                self.store.set_language(current_choice())
            _deliver_restyling()

    def choose_theme(self, choice: str) -> None:
        """Use ``choice`` (``system``, ``light`` or ``dark``) from now on (restyling every
        widget is measured as the app's own work, as a language switch is)."""
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        with HOST_WORK.measure():
            self.theme_choice = choice if choice in self.theme_actions else SYSTEM_THEME
            self.theme_actions[self.theme_choice].setChecked(True)
            self._show_theme(apply_theme(app, self.theme_choice))
            if self.store is not None:
                self.store.set_theme(self.theme_choice)
                self.update_remembered()
            _deliver_restyling()

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
        self.reset_presentation()
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
        self.update_remembered()

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

    # -- what is remembered ------------------------------------------------------------------
    def _build_remembered_hint(self) -> None:
        """A status-bar note naming what differs from the defaults, with the reset beside it:
        remembered settings (a dark theme, 12 tasks) come back at the next start, and a
        learner at a shared machine should see why the app does not look as described."""
        self.remembered_label = QLabel()
        self.remembered_label.setObjectName("rememberedHint")
        self.reset_button = QToolButton()
        self.reset_button.setObjectName("resetDefaults")
        self.reset_button.clicked.connect(self.reset_to_defaults)
        self.statusBar().addPermanentWidget(self.remembered_label)
        self.statusBar().addPermanentWidget(self.reset_button)
        self.remembered_label.hide()
        self.reset_button.hide()

    def remembered_items(self) -> list[str]:
        """What differs from the defaults now, in words; empty when nothing is kept."""
        if self.store is None:
            return []
        items: list[str] = []
        if current_choice() != SYSTEM_LANGUAGE:
            items.append(ENDONYMS.get(current_choice(), current_choice()))
        if self.theme_choice == "dark":
            items.append(self.tr("dark theme"))
        elif self.theme_choice == "light":
            items.append(self.tr("light theme"))
        speed = self.playback_bar_speed()
        if speed != DEFAULT_SPEED:
            items.append(self.tr("speed {speed:g}x").format(speed=speed))
        session = self.session
        if session is not None:
            scene = session.scene
            if session.preset.key != scene.presets[0].key:
                items.append(tr_msg(session.preset.title))
            defaults = scene.values()
            for setting in scene.settings:
                value = session.values[setting.key]
                if value != defaults[setting.key]:
                    shown = f"{value:g}" if isinstance(value, float) else str(value)
                    items.append(f"{tr_msg(setting.label)} {shown}")
        return items + self.remembered_hint()

    def update_remembered(self) -> None:
        items = self.remembered_items()
        if not items:
            self.remembered_label.hide()
            self.reset_button.hide()
            return
        text = self.tr("Not the defaults: {items}").format(items=", ".join(items))
        self.remembered_label.setText(text)
        self.remembered_label.setToolTip(
            self.tr("Remembered from the last run; kept for the next one")
        )
        self.reset_button.setText(self.tr("Reset to defaults"))
        self.reset_button.setToolTip(
            self.tr("Forget every remembered setting and use the defaults again")
        )
        self.remembered_label.show()
        self.reset_button.show()


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


# What a language or theme switch posts to every widget: delivered at once by
# :func:`_deliver_restyling` instead of in a later turn of the loop that the code shares.
RESTYLING = (
    QEvent.Type.LanguageChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.ApplicationFontChange,
    QEvent.Type.ThemeChange,
    QEvent.Type.StyleChange,
    QEvent.Type.PaletteChange,
    QEvent.Type.FontChange,
    QEvent.Type.Polish,
    QEvent.Type.PolishRequest,
    QEvent.Type.LayoutRequest,
)


def _deliver_restyling() -> None:
    for kind in RESTYLING:
        QCoreApplication.sendPostedEvents(None, kind.value)
