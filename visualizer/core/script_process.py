"""The parent side of a traced script: how the child is started and what its pipe says.

Both ``visualizer trace`` (blocking, on a thread) and the app's "Your code" scene (asyncio, on
the app's loop) start :mod:`visualizer.core.script_runner` in a child Python with
:func:`~visualizer.core.script_spawn.runner_command` and feed what it writes (lines of JSON,
batches of records in :mod:`marshal`'s format) to a :class:`TraceStream`.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from visualizer.core.recorder import Event
from visualizer.core.script_events import RawConverter, from_schema
from visualizer.core.trace_events import Frame


@dataclass
class TraceStream:
    """What the child reported so far, parsed line by line as it arrives."""

    on_events: Callable[[list[dict[str, Any]]], None] | None = None
    # each batch as JSON objects' text too (what ``visualizer trace --json`` writes)
    on_text: Callable[[list[str]], None] | None = None
    clock: float | None = None  # the child's monotonic clock at its start
    events: int = 0
    cut: dict[str, Any] | None = None
    syntax_error: dict[str, Any] | None = None
    exception: dict[str, Any] | None = None
    end: dict[str, Any] | None = None
    bad_lines: int = 0
    writer: RawConverter = field(default_factory=RawConverter)
    stacks: list[tuple[Frame, ...]] = field(default_factory=list)  # the child's stack table
    _buffer: bytearray = field(default_factory=bytearray, repr=False)
    _payload: int = field(default=0, repr=False)  # bytes of a marshal batch still to come

    def feed(self, data: bytes) -> None:
        """Take a chunk of the pipe (lines and payloads may be split across chunks)."""
        buffer = self._buffer
        buffer += data
        pos = 0
        while True:
            if self._payload:
                end = pos + self._payload
                if len(buffer) < end:
                    break
                self._payload = 0
                self._take_marshal(bytes(buffer[pos:end]))
                pos = end
                continue
            newline = buffer.find(b"\n", pos)
            if newline < 0:
                break
            if newline > pos:
                self.feed_line(bytes(buffer[pos:newline]))
            pos = newline + 1
        del buffer[:pos]

    def _take_marshal(self, payload: bytes) -> None:
        try:
            records = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            records = None
        if not isinstance(records, list):
            self.bad_lines += 1
            return
        self._deliver_records(records)

    def feed_line(self, line: bytes | str) -> None:
        try:
            msg = json.loads(line)
        except ValueError:
            self.bad_lines += 1
            return
        if not isinstance(msg, dict):
            self.bad_lines += 1
            return
        kind = msg.get("type")
        if kind == "raw":
            size = msg.get("size")
            if isinstance(size, int) and size > 0:
                self._payload = size  # the batch follows the line, in marshal's format
            else:
                self._deliver_records(msg.get("records") or [])
        elif kind == "stacks":
            self._add_stacks(int(msg.get("from", 0)), msg.get("stacks") or [])
        elif kind == "events":
            batch = msg.get("events") or []
            for event in batch:
                event["name"] = self.writer.names.get(str(event.get("task")))
            self._deliver(batch)
        elif kind == "hello":
            self.clock = float(msg.get("clock", 0.0))
        elif kind == "cut":
            self.cut = msg
        elif kind == "syntax_error":
            self.syntax_error = msg
        elif kind == "exception":
            self.exception = msg
        elif kind == "end":
            self.end = msg

    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        self.events += len(batch)
        if self.on_text is not None and batch:
            self.on_text([json.dumps(e, separators=(",", ":"), default=repr) for e in batch])
        if self.on_events is not None and batch:
            self.on_events(batch)

    def _deliver_records(self, records: Sequence[Any]) -> None:
        """Records decoded once, to text; objects only for a reader that wants them."""
        texts = self.writer.records_text(records, self.clock or 0.0, self.stacks)
        if not texts:
            return
        self.events += len(texts)
        if self.on_text is not None:
            self.on_text(texts)
        if self.on_events is not None:
            self.on_events(json.loads("[" + ",".join(texts) + "]"))

    def _add_stacks(self, start: int, stacks: Sequence[Any]) -> None:
        table = self.stacks
        del table[start:]
        table.extend(to_frames(stack) for stack in stacks)

    def decode_records(self, records: Sequence[Any]) -> list[dict[str, Any]]:
        """The child's flat record list as schema events, in time order."""
        return self.writer.records(records, self.clock or 0.0, self.stacks)

    @property
    def dropped(self) -> int:
        return int(self.end.get("dropped", 0)) if self.end else 0


def to_frames(stack: Sequence[Any]) -> tuple[Frame, ...]:
    return tuple((str(f[0]), str(f[1]), int(f[2])) for f in stack)


def to_events(batch: Sequence[dict[str, Any]], offset: float) -> list[Event]:
    """Schema objects as reducer events on the parent's time axis (``offset`` added)."""
    return [from_schema(obj, offset) for obj in batch]
