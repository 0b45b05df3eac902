"""A saved "Your code" session: the script's text, its settings and the recorded run, one file.

Opening one shows the recorded run at once and runs nothing: the events are played back as
recorded (a session file can come from someone else; its code runs only when Run is pressed).

The schema, version 1 (a JSON object)::

    {"format": "visualizer-session", "version": 1,
     "scene": "your-code",
     "file": "/abs/path/of/the/script.py",   # where it was opened from (need not exist now)
     "source": "import asyncio\\n...",        # the editor's text the run executed
     "ran_as": "/tmp/visualizer-x/script.py",  # the file name its frames carry (an edited
                                               # text runs from a copy)
     "settings": {"timeout": 30.0, "max_events": 20000},
     "console": {"text": "...", "dropped": 0}, # the script's output (its tail)
     "trace": {"end": 1.234,                   # seconds the run lasted
               "events": [{"t": 0.001, "kind": "created", "actor": "t1", "data": {...}}, ...]}}

``events`` are the recorder's own events (the reducer's form, times on the run's axis), so a
reopened session folds into exactly the frames it showed when it was saved. The file is written
to a temporary name beside the target and renamed over it: a failure leaves no half file.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from visualizer.core.recorder import Event, Recorder

FORMAT = "visualizer-session"
VERSION = 1
SUFFIX = ".json"
MAX_BYTES = 512 * 1024 * 1024  # a bigger file is not a session this app wrote


class SessionFileError(Exception):
    """The file is not a session this app can open; the message is one line for the user."""


@dataclass
class SavedSession:
    """What a session file holds, checked."""

    file: Path
    source: str
    ran_as: str
    settings: dict[str, Any]
    console: str
    dropped: int
    end: float
    events: list[Event]

    def recorder(self) -> Recorder:
        """A finished recorder holding the saved events, as the run left it."""
        now = [0.0]
        recorder = Recorder(clock=lambda: now[0])
        pending = [self.events]

        def feed() -> list[Event]:
            return pending.pop() if pending else []

        recorder.attach(feed)
        now[0] = self.end
        recorder.finish()
        recorder.detach(feed)
        return recorder


def looks_like_session(path: str | Path) -> bool:
    return str(path).lower().endswith(SUFFIX)


def encode(
    *,
    file: str,
    source: str,
    ran_as: str,
    settings: Mapping[str, Any],
    console: str,
    dropped: int,
    end: float,
    events: Sequence[Event],
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "scene": "your-code",
        "file": file,
        "source": source,
        "ran_as": ran_as,
        "settings": dict(settings),
        "console": {"text": console, "dropped": dropped},
        "trace": {
            "end": end,
            "events": [
                {"t": e.t, "kind": e.kind, "actor": e.actor, "data": dict(e.data)} for e in events
            ],
        },
    }


def write(path: str | Path, document: Mapping[str, Any]) -> None:
    """Write ``document`` to ``path`` whole or not at all (temporary file, then rename)."""
    target = Path(path)
    folder = target.resolve().parent
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, allow_nan=False, default=_plain)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _plain(value: Any) -> Any:
    """Values the reducer's events may carry that JSON has no word for."""
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def read(path: str | Path) -> SavedSession:
    """The session in ``path``; SessionFileError says in one line why it cannot be opened."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            raise SessionFileError(f"{file.name}: too big for a session file")
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SessionFileError(f"cannot read {file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SessionFileError(f"{file.name}: not a session file (not UTF-8 text)") from None
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise SessionFileError(f"{file.name}: damaged session file ({exc})") from None
    return parse(doc, file.name)


def parse(doc: Any, name: str = "session") -> SavedSession:
    """Check every field the app reads; the first wrong one is named."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionFileError(f"{name}: not a session file of this app")
    version = doc.get("version")
    if version != VERSION:
        raise SessionFileError(f"{name}: session file version {version!r} (this app reads 1)")

    def need(obj: Any, key: str, kind: type | tuple[type, ...], where: str = "") -> Any:
        value = obj.get(key) if isinstance(obj, dict) else None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise SessionFileError(f"{name}: damaged session file ({where}{key} missing or wrong)")
        return value

    source = need(doc, "source", str)
    file = need(doc, "file", str)
    ran_as = doc.get("ran_as", file)
    if not isinstance(ran_as, str):
        raise SessionFileError(f"{name}: damaged session file (ran_as wrong)")
    settings = need(doc, "settings", dict)
    console = doc.get("console", {})
    text = need(console, "text", str, "console.")
    dropped = need(console, "dropped", int, "console.")
    trace = need(doc, "trace", dict)
    end = float(need(trace, "end", (int, float), "trace."))
    raw = need(trace, "events", list, "trace.")
    events: list[Event] = []
    last = 0.0
    for index, item in enumerate(raw):
        where = f"trace.events[{index}]."
        t = float(need(item, "t", (int, float), where))
        kind = need(item, "kind", str, where)
        actor = need(item, "actor", str, where)
        data = need(item, "data", dict, where)
        if not math.isfinite(t) or t < last:
            raise SessionFileError(f"{name}: damaged session file ({where}t out of order)")
        last = t
        if "stack" in data:
            data["stack"] = _stack(data["stack"], name, where)
        events.append(Event(t, kind, actor, data))
    if not math.isfinite(end) or end < last:
        end = last
    return SavedSession(Path(file), source, ran_as, settings, text, dropped, end, events)


def _stack(stack: Any, name: str, where: str) -> tuple[tuple[str, str, int], ...]:
    try:
        return tuple((str(f), str(file), int(line)) for f, file, line in stack)
    except (TypeError, ValueError):
        raise SessionFileError(f"{name}: damaged session file ({where}data.stack)") from None
