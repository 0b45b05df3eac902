"""The code panel: file line numbers beside the rows (as stack frames name them), the app's
instrumentation in grey with a sentence saying what it is, and long lines wrapped, not cut."""

from __future__ import annotations

import asyncio
import linecache
from typing import Any

import pytest

from tests.support.painting import RecordingPainter
from visualizer.core.contract import SourceBlock, SourceListing
from visualizer.draw import i18n
from visualizer.scenes.registry import load_scene
from visualizer.ui import editor_panel
from visualizer.ui.code_lines import instrumentation_rows
from visualizer.ui.editor_panel import DIM, EditorPanel
from visualizer.ui.main_window import MainWindow


def listing(scene: str, preset: str) -> SourceListing:
    return load_scene(scene).preset(preset).source()


def _owner(source: SourceListing, row: int) -> SourceBlock:
    """The function's block that display row ``row`` shows (blocks are one blank row apart)."""
    start = 0
    for block in source.blocks:
        count = len("".join(block.lines).rstrip("\n").split("\n"))
        if row < start + count:
            return block
        start += count + 1
    raise AssertionError(row)


def panel_with(qtbot: Any, source: SourceListing) -> EditorPanel:
    panel = EditorPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 600)
    panel.show_listing(source)
    panel.show()
    return panel


@pytest.mark.parametrize(
    ("scene", "preset"), [("sync-async", "sync"), ("event-loop", "coroutine-object")]
)
def test_each_row_is_numbered_with_its_line_in_the_real_file(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, scene: str, preset: str
) -> None:
    source = listing(scene, preset)
    panel = panel_with(qtbot, source)
    block = panel.document().firstBlock()
    numbered = 0
    while block.isValid():
        number = panel.line_number(block.blockNumber())
        if number is None:
            assert block.text() == ""  # the blank row between two functions
        else:
            filename = _owner(source, block.blockNumber()).filename
            assert block.text() == linecache.getline(filename, number).rstrip("\n")
            numbered += 1
        block = block.next()
    assert numbered > 5
    # The gutter really paints those numbers (not 1, 2, 3 …).
    painters: list[RecordingPainter] = []

    class Spy(RecordingPainter):
        def __init__(self, device: Any) -> None:
            super().__init__(device)
            painters.append(self)

    qtbot.waitExposed(panel)
    monkeypatch.setattr(editor_panel, "QPainter", Spy)
    panel.gutter.grab()  # paints it now, through its own paintEvent
    assert painters, "the gutter was not painted"
    drawn = [op.text for p in painters for op in p.ops if op.op == "text"]
    numbers = [panel.line_number(r) for r in range(panel.blockCount())]
    assert drawn and drawn == [str(n) for n in numbers if n is not None][: len(drawn)]
    assert drawn[0] == str(source.blocks[0].first_line) != "1"


def test_a_highlighted_frame_line_is_the_row_with_that_number(qtbot: Any) -> None:
    source = listing("event-loop", "coroutine-object")
    panel = panel_with(qtbot, source)
    block = source.blocks[0]
    line = block.first_line + 1  # what a stack frame "fetch:<line>" names
    row = source.row_of(block.filename, line)
    assert row is not None and panel.line_number(row) == line


def test_instrumentation_lines_are_grey_and_explained(qtbot: Any) -> None:
    source = listing("sync-async", "sync")
    panel = panel_with(qtbot, source)
    rows = instrumentation_rows(source)
    texts = source.text.split("\n")
    assert rows == {r for r, t in enumerate(texts) if t.strip() == "@on_stack"}
    doc = panel.document()
    for row, text in enumerate(texts):
        if not text.strip():
            continue
        formats = doc.findBlockByNumber(row).layout().formats()
        grey = [f for f in formats if f.format.foreground().color() == DIM]
        covered = sum(f.length for f in grey)
        if row in rows:
            assert covered == len(text) and all(f.format.fontItalic() for f in grey), text
        else:
            assert covered == 0, text
    assert panel.note.isVisible()
    assert "instrumentation" in panel.note.text()
    assert panel.viewportMargins().bottom() == panel.note.height() > 0


def test_a_listing_without_instrumentation_has_no_note(qtbot: Any) -> None:
    source = listing("event-loop", "gather")
    assert not instrumentation_rows(source)
    panel = panel_with(qtbot, source)
    assert not panel.note.isVisible() and panel.viewportMargins().bottom() == 0


def test_a_call_over_several_lines_is_grey_until_its_brackets_close() -> None:
    lines = (
        "def work(rec):\n",
        "    rec.emit(\n",
        '        "start", "w1",\n',
        "    )\n",
        "    return 1  # rec.emit( in a comment is not a call\n",
    )
    source = SourceListing((SourceBlock("x.py", 10, lines),))
    assert instrumentation_rows(source) == {1, 2, 3}


def test_the_note_is_korean_in_korean_mode(qtbot: Any, ui_state: None) -> None:
    assert i18n.set_language("ko") == "ko"
    panel = panel_with(qtbot, listing("event-loop", "to-thread"))
    assert panel.note.isVisible()
    assert "계측" in panel.note.text() and "instrumentation" not in panel.note.text()


def test_long_lines_wrap_at_1280x720_instead_of_being_cut(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("sync-async", "sync", {})
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.code_panel.listing is not None)
    panel = window.code_panel
    qtbot.waitUntil(lambda: panel.viewport().width() > 50)
    assert panel.horizontalScrollBar().maximum() == 0  # nothing runs off the right edge
    doc = panel.document()
    wrapped = [
        doc.findBlockByNumber(r).text()
        for r in range(doc.blockCount())
        if doc.findBlockByNumber(r).layout().lineCount() > 1
    ]
    assert wrapped  # the commented lines of this preset are longer than the panel is wide
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
