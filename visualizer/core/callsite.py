"""The line a scene's shown code is on, read from the real call stack.

Recording the real caller's line is what lets the code panel highlight where each handler,
worker and caller actually is, instead of a line chosen by hand.
"""

from __future__ import annotations

import sys


def caller_line(depth: int, filename: str) -> int | None:
    """The line ``depth`` frames above the caller, if that frame runs ``filename``; else None."""
    frame = sys._getframe(depth + 1)
    return frame.f_lineno if frame.f_code.co_filename == filename else None
