"""The scene's real source, with the line each task is on highlighted in that task's colour.

Long lines wrap instead of running off the right edge: the panel's width is the window's to
give, and at 1280x720 every pixel it takes is one the picture loses, while a smaller font would
be unreadable on a projector. Wrapped, every character stays visible at any width; the line
number stands only on a line's first row, so a continuation reads as the same line.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCursor, QTextFormat, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from visualizer.core.contract import Highlight, SourceListing
from visualizer.draw.theme import Theme
from visualizer.ui.code_lines import instrumentation_rows, line_numbers


class CodePanel(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.listing: SourceListing | None = None
        self._shown: tuple[tuple[int, int], ...] = ()
        self._numbers: list[int | None] = []
        self.instrumented: frozenset[int] = frozenset()

    def show_listing(self, listing: SourceListing) -> None:
        self.listing = listing
        self._shown = ()
        # Before the text, so the highlighter already knows which rows to dim.
        self._numbers = line_numbers(listing)
        self.instrumented = instrumentation_rows(listing)
        self.setPlainText(listing.text)
        self.setExtraSelections([])

    def mapped(self) -> bool:
        """Whether the rows are still the listing's (an edit in the editor shifts them)."""
        return bool(self._numbers) and not self.document().isModified()

    def line_number(self, row: int) -> int | None:
        """The number shown beside display row ``row``: the file's line, as stack frames say."""
        if not self.mapped():
            return row + 1
        return self._numbers[row] if row < len(self._numbers) else None

    def is_instrumentation(self, row: int) -> bool:
        return self.mapped() and row in self.instrumented

    def highlight(self, highlights: list[Highlight], theme: Theme) -> None:
        """Colour each highlighted line; cheap to call every frame (no-op when unchanged)."""
        if self.listing is None:
            return
        rows: list[tuple[int, int]] = []
        for h in highlights:
            row = self.listing.row_of(h.filename, h.line)
            if row is not None:
                rows.append((row, h.index))
        key = tuple(sorted(set(rows)))
        if key == self._shown:
            return
        self._shown = key
        selections = []
        doc = self.document()
        for row, index in key:
            block = doc.findBlockByNumber(row)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            color = QColor(theme.actor(index))
            color.setAlpha(70)
            selection.format.setBackground(color)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(block)
            # The whole line, also the rows it wraps onto.
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)
