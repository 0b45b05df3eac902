"""What each row of the code panel is: its line number in the real file, and whether it is the
visualizer's own instrumentation rather than the lesson's code.

Stack frames and highlights name file lines (``fetch:12``), and a listing shows a few functions
cut out of a file, so the panel numbers its rows with the file's line numbers, not 1, 2, 3.
Instrumentation (``@on_stack``, ``@thread_lane``, ``note_coroutine(...)``) is what lets the app
see the code run; it does not change what the code does, and a learner should be able to tell
it apart at a glance. Qt-free, so it can be checked without a widget.
"""

from __future__ import annotations

import re

from visualizer.core.contract import SourceListing

# Decorators and calls of the app's tracer and probes that the lesson's code carries.
INSTRUMENT_DECORATORS = ("on_stack", "thread_lane")
_DECORATOR = re.compile(r"^\s*@(?:[\w.]+\.)?(?:" + "|".join(INSTRUMENT_DECORATORS) + r")\b")
_CALL = re.compile(r"^\s*(?:note_\w+|[\w.]*recorder\.emit|\w+\.emit)\s*\(")


def line_numbers(listing: SourceListing) -> list[int | None]:
    """The file line number of every display row (None for the blank row between blocks)."""
    rows: list[int | None] = []
    for index, block in enumerate(listing.blocks):
        if index:
            rows.append(None)
        shown = "".join(block.lines).rstrip("\n").split("\n")
        rows.extend(block.first_line + k for k in range(len(shown)))
    return rows


def instrumentation_rows(listing: SourceListing) -> frozenset[int]:
    """Display rows that are instrumentation: its decorators and whole calls (every line of a
    call that spans several, until its brackets close)."""
    rows: set[int] = set()
    depth = 0
    for row, text in enumerate(listing.text.split("\n")):
        code = text.split("#", 1)[0]
        if depth > 0:
            rows.add(row)
            depth += code.count("(") - code.count(")")
            continue
        if _DECORATOR.match(code):
            rows.add(row)
        elif _CALL.match(code):
            rows.add(row)
            depth = max(0, code.count("(") - code.count(")"))
    return frozenset(rows)
