"""Showing the picture to a class: zoom of its text, presentation mode, collapsible side panels.

A mixin of :class:`~visualizer.ui.main_window.MainWindow`. A projector's 1280x720 leaves the
picture a third of the screen beside the side panels: presentation mode (F5 or F11, Esc leaves)
gives it the whole screen with only the caption and the playback bar, Ctrl+1 and Ctrl+2 fold the
side panels away (remembered), and View → Zoom scales the picture's text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QWidget

from visualizer.ui.canvas import SceneCanvas
from visualizer.ui.settings_store import ZOOMS, SettingsStore

PANELS = ("left", "right")


class WindowPresentation(QMainWindow):
    """Zoom, presentation mode and side panels; the window builds the widgets it names."""

    store: SettingsStore | None
    canvas: SceneCanvas
    left_panel: QWidget
    right_panel: QWidget
    description: QLabel
    view_menu: QMenu
    actions_by_name: dict[str, QAction]
    update_remembered: Callable[[], None]

    def _build_presentation_actions(self) -> None:
        """The View menu's zoom, panel and presentation entries, with their shortcuts."""
        self.presenting = False
        self._was_maximized = False
        menu = self.view_menu
        self.zoom_menu = menu.addMenu("")

        def action(name: str, target: QMenu | None, keys: tuple[str, ...], slot: Any) -> QAction:
            act = QAction(self)
            act.setObjectName(name)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            if target is not None:
                target.addAction(act)
            self.addAction(act)
            self.actions_by_name[name] = act
            return act

        action("zoom_in", self.zoom_menu, ("Ctrl+=", "Ctrl++"), lambda: self.zoom_by(1))
        action("zoom_out", self.zoom_menu, ("Ctrl+-",), lambda: self.zoom_by(-1))
        action("zoom_reset", self.zoom_menu, ("Ctrl+0",), lambda: self.set_zoom(1.0))
        left = action("left_panel", menu, ("Ctrl+1",), lambda on: self.show_panel("left", on))
        right = action("right_panel", menu, ("Ctrl+2",), lambda on: self.show_panel("right", on))
        for act in (left, right):
            act.setCheckable(True)
            act.setChecked(True)
        action("presentation", menu, ("F5", "F11"), self.toggle_presentation)
        # Esc only while presenting: a window shortcut would take Esc from every widget.
        leave = action("leave_presentation", None, ("Esc",), self.leave_presentation)
        leave.setEnabled(False)
        menu.addSeparator()

    def _retranslate_presentation(self) -> None:
        self.zoom_menu.setTitle(self.tr("&Zoom"))
        texts = {
            "zoom_in": self.tr("Zoom in"),
            "zoom_out": self.tr("Zoom out"),
            "zoom_reset": self.tr("Actual size"),
            "left_panel": self.tr("Scenes and presets panel"),
            "right_panel": self.tr("Settings and code panel"),
            "presentation": self.tr("Presentation mode (Esc leaves)"),
            "leave_presentation": self.tr("Leave presentation mode"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)

    def _restore_presentation(self) -> None:
        if self.store is None:
            return
        self.set_zoom(self.store.zoom(), remember=False)
        for name in PANELS:
            self.show_panel(name, self.store.panel_shown(name), remember=False)

    # -- zoom --------------------------------------------------------------------------------
    def zoom_by(self, steps: int) -> None:
        """One zoom step in or out (the steps of :data:`ZOOMS`)."""
        nearest = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - self.canvas.zoom))
        self.set_zoom(ZOOMS[max(0, min(len(ZOOMS) - 1, nearest + steps))])

    def set_zoom(self, zoom: float, remember: bool = True) -> None:
        self.canvas.zoom = zoom
        self.canvas.update()
        self.actions_by_name["zoom_in"].setEnabled(zoom < ZOOMS[-1])
        self.actions_by_name["zoom_out"].setEnabled(zoom > ZOOMS[0])
        if remember and self.store is not None:
            self.store.set_zoom(zoom)
            self.update_remembered()

    # -- side panels -------------------------------------------------------------------------
    def show_panel(self, name: str, shown: bool, remember: bool = True) -> None:
        """Show or fold away a side panel (``left``: scenes and presets; ``right``: settings
        and code); in presentation mode only the choice is kept, for when it ends."""
        act = self.actions_by_name[f"{name}_panel"]
        act.setChecked(shown)
        if not self.presenting:
            self._panel(name).setVisible(shown)
        if remember and self.store is not None:
            self.store.set_panel_shown(name, shown)
            self.update_remembered()

    def _panel(self, name: str) -> QWidget:
        return self.left_panel if name == "left" else self.right_panel

    # -- presentation ------------------------------------------------------------------------
    def toggle_presentation(self) -> None:
        if self.presenting:
            self.leave_presentation()
        else:
            self.enter_presentation()

    def enter_presentation(self) -> None:
        """The picture, its caption and the playback bar on the whole screen."""
        if self.presenting:
            return
        self.presenting = True
        self._was_maximized = self.isMaximized()
        for name in PANELS:
            self._panel(name).hide()
        self.description.hide()
        self.menuBar().hide()
        self.statusBar().hide()
        self.actions_by_name["leave_presentation"].setEnabled(True)
        self.showFullScreen()

    def leave_presentation(self) -> None:
        if not self.presenting:
            return
        self.presenting = False
        self.actions_by_name["leave_presentation"].setEnabled(False)
        for name in PANELS:
            self._panel(name).setVisible(self.actions_by_name[f"{name}_panel"].isChecked())
        self.description.show()
        self.menuBar().show()
        self.statusBar().show()
        if self._was_maximized:
            self.showMaximized()
        else:
            self.showNormal()

    def reset_presentation(self) -> None:
        """Back to the defaults: normal window, both panels, text at its designed size."""
        self.leave_presentation()
        self.set_zoom(1.0, remember=False)
        for name in PANELS:
            self.show_panel(name, True, remember=False)

    def remembered_hint(self) -> list[str]:
        """What of the presentation differs from the defaults, for the remembered-settings note."""
        items = []
        if self.canvas.zoom != 1.0:
            items.append(self.tr("zoom {percent:.0f}%").format(percent=self.canvas.zoom * 100))
        for name in PANELS:
            if not self.actions_by_name[f"{name}_panel"].isChecked():
                items.append(
                    self.tr("scenes panel hidden")
                    if name == "left"
                    else self.tr("settings panel hidden")
                )
        return items
