"""The F1 dialog: every keyboard shortcut of the window, read from its menus.

The list is built from the window's actions rather than written out, so a shortcut added to a menu
(and only those: a shortcut that is in no menu is hard to discover) shows up here by itself and the
dialog can never disagree with what the keys do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def menu_shortcuts(window: QMainWindow) -> list[tuple[str, str]]:
    """(action text, key) for every action with a shortcut, in menu order, keys as shown."""
    rows: list[tuple[str, str]] = []
    seen: set[int] = set()

    def walk(actions: list[QAction]) -> None:
        for action in actions:
            menu = action.menu()
            if isinstance(menu, QMenu):
                walk(menu.actions())
                continue
            if action.isSeparator() or id(action) in seen:
                continue
            keys = action.shortcuts()
            if not keys:
                continue
            seen.add(id(action))
            text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            rows.append((text, shown))

    walk(window.menuBar().actions())
    return rows


class HelpDialog(QDialog):
    """Lists the shortcuts; refreshes itself when the language changes or it is shown again."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.setObjectName("helpDialog")
        self._window = window
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("shortcutTable")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 420)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text again, including the action names now in the window's menus."""
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.intro.setText(
            self.tr("These keys work anywhere in the main window. Every one is also in a menu.")
        )
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Key")])
        rows = menu_shortcuts(self._window)
        self.table.setRowCount(len(rows))
        for row, (text, keys) in enumerate(rows):
            for column, value in enumerate((text, keys)):
                item = QTableWidgetItem(value)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)

    def showEvent(self, event: QShowEvent) -> None:
        self.retranslate()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
