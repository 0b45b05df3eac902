"""The scene's real source, with the line each task is on highlighted in that task's colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from visualizer.core.contract import Highlight, SourceListing
from visualizer.draw.theme import Theme


class CodePanel(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.listing: SourceListing | None = None
        self._shown: tuple[tuple[int, int], ...] = ()

    def show_listing(self, listing: SourceListing) -> None:
        self.listing = listing
        self._shown = ()
        self.setPlainText(listing.text)
        self.setExtraSelections([])

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
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)
