"""The code panel as an editor: Pygments' Python highlighting, line numbers, task lines marked.

Built-in scenes show their source read-only; the "Your code" scene makes it editable. The
highlighting is Pygments' own lexer and style (no highlighter of our own); the line each task
is on is marked in the task's colour by :class:`~visualizer.ui.code_panel.CodePanel`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pygments.lexers import PythonLexer
from pygments.styles import get_style_by_name
from pygments.token import Token
from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QLabel, QWidget

from visualizer.core.contract import SourceListing
from visualizer.ui.code_panel import CodePanel

# Instrumentation lines: a mid grey, readable on both themes (about 3.5:1 on white and 4.5:1 on
# monokai's background) yet clearly quieter than the lesson's code.
DIM = QColor("#8c8c8c")


class PygmentsHighlighter(QSyntaxHighlighter):
    """Colours each line with the formats Pygments' style gives its tokens.

    ``dimmed(row)`` says which rows are the app's instrumentation: those are drawn grey and
    italic instead, so they read as something apart from the lesson.
    """

    def __init__(
        self,
        document: QTextDocument,
        style: str = "default",
        dimmed: Callable[[int], bool] = lambda _row: False,
    ) -> None:
        super().__init__(document)
        self._lexer = PythonLexer(stripnl=False, ensurenl=False)
        self._formats: dict[Any, QTextCharFormat] = {}
        self.dimmed = dimmed
        self.dim = QTextCharFormat()
        self.dim.setForeground(DIM)
        self.dim.setFontItalic(True)
        self.set_style(style)

    def set_style(self, name: str) -> None:
        style = get_style_by_name(name)
        self._formats = {}
        for token, spec in style:
            fmt = QTextCharFormat()
            if spec["color"]:
                fmt.setForeground(QColor("#" + spec["color"]))
            if spec["bold"]:
                fmt.setFontWeight(QFont.Weight.Bold)
            if spec["italic"]:
                fmt.setFontItalic(True)
            self._formats[token] = fmt
        self.rehighlight()

    def _format(self, token: Any) -> QTextCharFormat | None:
        while token is not Token:
            fmt = self._formats.get(token)
            if fmt is not None and fmt.foreground().style() != Qt.BrushStyle.NoBrush:
                return fmt
            token = token.parent
        return None

    def highlightBlock(self, text: str) -> None:
        if self.dimmed(self.currentBlock().blockNumber()):
            self.setFormat(0, len(text), self.dim)
            return
        for index, token, value in self._lexer.get_tokens_unprocessed(text):
            fmt = self._format(token)
            if fmt is not None:
                self.setFormat(index, len(value), fmt)


class _Gutter(QWidget):
    def __init__(self, editor: EditorPanel) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_gutter(event)


class EditorPanel(CodePanel):
    """A :class:`CodePanel` with line numbers and Python highlighting, editable on demand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.highlighter = PygmentsHighlighter(self.document(), dimmed=self.is_instrumentation)
        self.gutter = _Gutter(self)
        # Under the code, in the panel itself: says in words what the grey lines are.
        self.note = QLabel(self)
        self.note.setObjectName("instrumentationNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setContentsMargins(6, 3, 6, 3)
        self.note.setFont(QGuiApplication.font())  # prose, not code: the app's font
        self.note.setAutoFillBackground(True)
        self.note.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.note.setStyleSheet(f"color: {DIM.name()}; font-style: italic;")
        self.note.hide()
        self.error_line: int | None = None
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._scroll_gutter)
        self._retranslate()
        self._update_margin()

    def _retranslate(self) -> None:
        self.note.setText(
            self.tr(
                "Grey lines are the visualizer's own instrumentation; "
                "they do not change what the code does."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._update_margin()
        super().changeEvent(event)

    def show_listing(self, listing: SourceListing) -> None:
        super().show_listing(listing)
        self._update_margin()

    def note_height(self) -> int:
        """Room the note takes under the code: none when nothing in the listing is grey."""
        if not self.instrumented:
            return 0
        bar = self.verticalScrollBar()
        room = self.contentsRect().width() - (bar.width() if bar.isVisible() else 0)
        return self.note.heightForWidth(max(1, room))

    def set_dark(self, dark: bool) -> None:
        self.highlighter.set_style("monokai" if dark else "default")

    def gutter_width(self) -> int:
        last = max((n for n in self._numbers if n is not None), default=0) if self.mapped() else 0
        digits = len(str(max(1, self.blockCount(), last)))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _update_margin(self, *_: object) -> None:
        note = self.note_height()
        self.setViewportMargins(self.gutter_width(), 0, 0, note)
        self.note.setVisible(note > 0)
        self._place_children()

    def _place_children(self) -> None:
        rect = self.contentsRect()
        note = self.note_height()
        width = self.gutter_width()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), width, rect.height() - note))
        bar = self.verticalScrollBar()
        room = rect.width() - (bar.width() if bar.isVisible() else 0)
        self.note.setGeometry(QRect(rect.left(), rect.bottom() + 1 - note, room, note))

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The note's wrapped height depends on the width.
        if self.viewportMargins().bottom() != self.note_height():
            self._update_margin()
        else:
            self._place_children()

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self.gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        height = self.fontMetrics().height()
        width = self.gutter.width() - 6
        while block.isValid() and top <= event.rect().bottom():
            number = self.line_number(block.blockNumber())
            if block.isVisible() and number is not None:
                colour = QColor("#d03030") if number == self.error_line else palette.text().color()
                if self.is_instrumentation(block.blockNumber()):
                    colour = DIM
                painter.setPen(colour)
                painter.drawText(
                    0, int(top), width, height, Qt.AlignmentFlag.AlignRight, str(number)
                )
            top += self.blockBoundingRect(block).height()
            block = block.next()
        painter.end()
