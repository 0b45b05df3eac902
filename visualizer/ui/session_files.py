"""File → Save session and opening a saved one: the code, its settings and the recorded run.

A reopened session shows its recorded run at once (scrub, step and export work on it) and never
runs the code: only Run does (:meth:`MainWindow.restart`). The file format is
:mod:`visualizer.scenes.script.session_file`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from visualizer.core.contract import SettingError
from visualizer.core.timeline import Timeline
from visualizer.scenes.script import session_file
from visualizer.scenes.script.scene import ScriptScene


class SessionFiles(QObject):
    def __init__(self, window: Any, before: QAction) -> None:
        """Adds Save session to ``window``'s File menu, in front of ``before``."""
        super().__init__(window)
        self.window = window
        self.save_action = QAction(window)
        self.save_action.setObjectName("save_session")
        self.save_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_action.triggered.connect(self.choose_save)
        window.file_menu.insertAction(before, self.save_action)
        window.addAction(self.save_action)
        window.actions_by_name["save_session"] = self.save_action
        self.retranslate()

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10_000)

    def _script_session(self) -> Any:
        session = self.window.session
        if session is None or not isinstance(session.scene, ScriptScene):
            return None
        return session

    def scene_opened(self, scene: Any) -> None:
        self.save_action.setEnabled(isinstance(scene, ScriptScene))

    # -- saving -------------------------------------------------------------------------
    def choose_save(self) -> None:
        session = self._script_session()
        if session is None:
            self._message(self.tr("Only a script of your own can be saved as a session."))
            return
        start = str(session.scene.path.with_suffix(".session.json"))
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save session"), start, self.tr("Session files") + " (*.json)"
        )
        if path:
            self.save(Path(path))

    def save(self, path: Path) -> bool:
        """Write the session to ``path`` (whole or not at all); a message says how it went."""
        session = self._script_session()
        if session is None:
            self._message(self.tr("Only a script of your own can be saved as a session."))
            return False
        scene: ScriptScene = session.scene
        recorder = session.recorder
        document = session_file.encode(
            file=scene.filename,
            source=scene.source,
            ran_as=scene.files()[-1],
            settings=dict(session.values),
            console=scene.console.text,
            dropped=scene.console.dropped,
            end=recorder.newest_time(),
            events=recorder.snapshot(),
        )
        try:
            session_file.write(path, document)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._message(self.tr("Cannot save the session: {reason}").format(reason=reason))
            return False
        self._message(self.tr("Session saved to {path}").format(path=path))
        return True

    # -- opening ------------------------------------------------------------------------
    def open_session(self, path: Path) -> bool:
        """Show the run recorded in ``path`` without running its code."""
        try:
            saved = session_file.read(path)
            scene = ScriptScene(saved.file, saved.source)
            scene.running_file = saved.ran_as
            scene.values(saved.settings)
        except (session_file.SessionFileError, SettingError) as exc:
            self._message(self.tr("Cannot open the session: {reason}").format(reason=exc))
            return False
        self.window.open_scene_object(scene, None, saved.settings, run=False)
        session = self.window.session
        session.recorder = saved.recorder()
        session.timeline = Timeline(session.recorder, scene.reducer())
        scene.console.write(saved.console)
        scene.console.dropped = saved.dropped
        session.playback.seek(0.0, saved.end)  # plays the recording back from its start
        session.playback.play(saved.end)
        self._message(
            self.tr(
                "Recorded run of {file}: the code runs again only when you press Restart (R)."
            ).format(file=saved.file.name)
        )
        return True

    def retranslate(self) -> None:
        self.save_action.setText(self.tr("Save session…"))
