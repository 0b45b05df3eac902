"""The script's own output, as it prints it: the tail, and how much of the front was let go."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from visualizer.scenes.script.child import ConsoleBuffer


class ConsolePane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setObjectName("scriptConsole")
        self.text.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        self.notice = QLabel()
        self.notice.setObjectName("consoleNotice")
        self.notice.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.text, 1)
        self._version = -1
        self.buffer: ConsoleBuffer | None = None

    def show_buffer(self, buffer: ConsoleBuffer) -> None:
        """Redraw when the buffer changed since the last look; cheap to call every tick."""
        if buffer is self.buffer and buffer.version == self._version:
            return
        self.buffer, self._version = buffer, buffer.version
        self.text.setPlainText(buffer.text)
        self.text.moveCursor(QTextCursor.MoveOperation.End)
        if buffer.dropped:
            self.notice.setText(
                self.tr("Output is long: the first {n:,} characters were dropped.").format(
                    n=buffer.dropped
                )
            )
        self.notice.setVisible(bool(buffer.dropped))
