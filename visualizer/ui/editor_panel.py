"""The code panel as an editor: Pygments' Python highlighting, line numbers, task lines marked.

Built-in scenes show their source read-only; the "Your code" scene makes it editable. The
highlighting is Pygments' own lexer and style (no highlighter of our own); the line each task
is on is marked in the task's colour by :class:`~visualizer.ui.code_panel.CodePanel`.
"""

from __future__ import annotations

from typing import Any

from pygments.lexers import PythonLexer
from pygments.styles import get_style_by_name
from pygments.token import Token
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from visualizer.ui.code_panel import CodePanel


class PygmentsHighlighter(QSyntaxHighlighter):
    """Colours each line with the formats Pygments' style gives its tokens."""

    def __init__(self, document: QTextDocument, style: str = "default") -> None:
        super().__init__(document)
        self._lexer = PythonLexer(stripnl=False, ensurenl=False)
        self._formats: dict[Any, QTextCharFormat] = {}
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
        self.highlighter = PygmentsHighlighter(self.document())
        self.gutter = _Gutter(self)
        self.error_line: int | None = None
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._scroll_gutter)
        self._update_margin()

    def set_dark(self, dark: bool) -> None:
        self.highlighter.set_style("monokai" if dark else "default")

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _update_margin(self, *_: object) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self.gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        height = self.fontMetrics().height()
        width = self.gutter.width() - 6
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible():
                number = block.blockNumber() + 1
                colour = QColor("#d03030") if number == self.error_line else palette.text().color()
                painter.setPen(colour)
                painter.drawText(
                    0, int(top), width, height, Qt.AlignmentFlag.AlignRight, str(number)
                )
            top += self.blockBoundingRect(block).height()
            block = block.next()
        painter.end()
