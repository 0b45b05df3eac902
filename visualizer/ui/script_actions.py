"""The window's side of "Your code": open a script (menu, drag and drop, command line), the
bundled examples, Stop, the console pane, and the editor's text reaching the next run.

Kept out of :mod:`visualizer.ui.main_window`, which only builds this once, calls :meth:`tick`
each frame and :meth:`retranslate` when the language changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QListWidgetItem, QMenu

from visualizer.core.contract import SettingError
from visualizer.draw.i18n import tr_msg
from visualizer.scenes.registry import scene_from_file
from visualizer.scenes.script.scene import ScriptScene
from visualizer.scenes.script.session_file import looks_like_session
from visualizer.ui.console_pane import ConsolePane
from visualizer.ui.session_files import SessionFiles

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.py"))


class ScriptActions(QObject):
    def __init__(self, window: Any) -> None:
        """``window`` is the main window (not imported here: it imports this module)."""
        super().__init__(window)
        self.window = window
        self._connected = False
        menu = window.file_menu
        self.open_action = QAction(window)
        self.open_action.setObjectName("open_script")
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.choose_file)
        self.examples_menu = QMenu(window)
        for path in example_files():
            act = self.examples_menu.addAction(path.stem)
            act.triggered.connect(lambda _=False, p=path: self.open_file(p))
        self.stop_action = QAction(window)
        self.stop_action.setObjectName("stop_script")
        self.stop_action.setShortcut(QKeySequence("Ctrl+."))
        self.stop_action.triggered.connect(self.stop)
        first = menu.actions()[0]  # built after the window's own File actions
        menu.insertAction(first, self.open_action)
        menu.insertMenu(first, self.examples_menu)
        self.sessions = SessionFiles(window, first)
        menu.insertSeparator(first)
        window.playback_menu.addAction(self.stop_action)
        for act in (self.open_action, self.stop_action):
            window.addAction(act)
            window.actions_by_name[act.objectName()] = act
        self.console = ConsolePane()
        self.dock = QDockWidget(window)
        self.dock.setObjectName("consoleDock")
        self.dock.setWidget(self.console)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        # "Your code" in the scene list, after the built-in scenes
        self.scene_item = QListWidgetItem()
        self.scene_item.setData(Qt.ItemDataRole.UserRole, ScriptScene.name)
        window.scene_list.addItem(self.scene_item)
        self.last_path: Path | None = None
        self.retranslate()

    # -- opening ------------------------------------------------------------------------
    def choose_file(self) -> QFileDialog:
        """Ask for a script without blocking: the chooser is opened, never run modally.

        The static ``QFileDialog.getOpenFileName`` runs a nested event loop, like ``exec()``:
        the asyncio tasks run inside it, and the window could close and shut down meanwhile;
        the file chosen afterwards would then start a run on a window that has gone.
        """
        kinds = self.tr("Python files") + " (*.py);;" + self.tr("Session files") + " (*.json)"
        chooser = QFileDialog(self.window, self.tr("Open a Python script or a session"), "", kinds)
        chooser.setObjectName("openScript")
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.fileSelected.connect(self._chosen)
        chooser.open()
        return chooser

    def _chosen(self, path: str) -> None:
        if path and self.window.isVisible():  # a closed window starts no run any more
            self.open_file(Path(path))

    def chosen_in_list(self) -> None:
        """ "Your code" picked in the scene list: the last script again, else an example."""
        path = self.last_path or EXAMPLES / "preset_gather.py"
        if self.open_file(path) and self.last_path is None:
            self.window.statusBar().showMessage(
                self.tr("An example is open: File → Open script… opens your own."), 10_000
            )

    def open_file(self, path: Path) -> bool:
        """Open ``path`` as the "Your code" scene; a message in the window when it cannot.

        A session file (``.json``) shows its recorded run and runs nothing.
        """
        if looks_like_session(path):
            return self.sessions.open_session(path)
        try:
            scene = scene_from_file(path)
        except SettingError as exc:
            self.window.statusBar().showMessage(
                self.tr("Cannot open the script: {reason}").format(reason=exc), 10_000
            )
            return False
        self.window.open_scene_object(scene)
        if path.resolve().parent != EXAMPLES:
            self.last_path = path
        return True

    def stop(self) -> None:
        session = self.window.session
        if session is not None:
            session.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DragEnter:
            assert isinstance(event, QDragEnterEvent)
            if any(_openable(u.toLocalFile()) for u in event.mimeData().urls()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            files = [u.toLocalFile() for u in event.mimeData().urls()]
            scripts = [f for f in files if _openable(f)]
            if scripts:
                self.open_file(Path(scripts[0]))
                event.acceptProposedAction()
                return True
        return super().eventFilter(watched, event)

    # -- each frame ---------------------------------------------------------------------
    def scene_opened(self, scene: Any) -> None:
        """Editable code and a console for a script; the read-only panel for the rest."""
        is_script = isinstance(scene, ScriptScene)
        panel = self.window.code_panel
        panel.setReadOnly(not is_script)
        self.sessions.scene_opened(scene)
        self.dock.setVisible(is_script)
        if is_script and not self._connected:
            panel.textChanged.connect(self._edited)
        elif not is_script and self._connected:
            panel.textChanged.disconnect(self._edited)
        self._connected = is_script

    def _edited(self) -> None:
        session = self.window.session
        if session is not None and isinstance(session.scene, ScriptScene):
            session.scene.set_source(self.window.code_panel.toPlainText())

    def tick(self) -> None:
        session = self.window.session
        if session is None or not isinstance(session.scene, ScriptScene):
            return
        scene = session.scene
        self.console.show_buffer(scene.console)
        error = scene.outcome.syntax_error or scene.outcome.exception
        line = error.get("line") if error else None
        panel = self.window.code_panel
        if panel.error_line != line:
            panel.error_line = line
            panel.gutter.update()

    def retranslate(self) -> None:
        self.open_action.setText(self.tr("Open script…"))
        self.examples_menu.setTitle(self.tr("Examples"))
        self.stop_action.setText(self.tr("Stop the script"))
        self.dock.setWindowTitle(self.tr("Script output"))
        self.scene_item.setText(tr_msg(ScriptScene.title))
        self.sessions.retranslate()


def _openable(name: str) -> bool:
    return name.endswith(".py") or looks_like_session(name)
