"""Work the window started that outlives a dialog: exports still encoding when the app closes.

A closing window must not return while an export is still writing its temporary file or its
encoder thread is alive. Each export registers its task here; :func:`cancel_all` cancels them and
waits until they have unwound (the partial file deleted, the encoder thread joined).
"""

from __future__ import annotations

import asyncio
from typing import Any

_running: set[asyncio.Task[Any]] = set()


def track(task: asyncio.Task[Any]) -> None:
    _running.add(task)
    task.add_done_callback(_running.discard)


def running() -> list[asyncio.Task[Any]]:
    return [task for task in _running if not task.done()]


async def cancel_all() -> None:
    """Cancel every tracked task and wait for each to finish its clean-up."""
    tasks = running()
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
